"""Dependency aliases of the funds service."""

from typing import Annotated

from fastapi import Header

from shared.auth import Caller, require

Reader = Annotated[Caller, require("funds:read")]
Writer = Annotated[Caller, require("funds:write")]
IfMatch = Annotated[str | None, Header(description="ETag you read (412 if stale, 428 if missing or *)")]
