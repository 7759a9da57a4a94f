"""Dependency aliases of the employment service."""

from typing import Annotated

from fastapi import Header

from shared.auth import Caller, require

Reader = Annotated[Caller, require("employment:read")]
Writer = Annotated[Caller, require("employment:write")]
IfMatch = Annotated[str | None, Header(description="ETag you read (412 if stale, 428 if missing or *)")]
