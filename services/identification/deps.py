"""Dependency aliases of the identification service."""

from typing import Annotated

from fastapi import Header

from shared.auth import Caller, require

Reader = Annotated[Caller, require("identification:read")]
Writer = Annotated[Caller, require("identification:write")]
PolicyAdmin = Annotated[Caller, require("policy:admin")]
IfMatch = Annotated[str | None, Header(description="ETag you read (412 if stale, 428 if missing or *)")]
