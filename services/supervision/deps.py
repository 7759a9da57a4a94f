"""Dependency aliases of the supervision service."""

from typing import Annotated

from fastapi import Header

from shared.auth import Caller, require

Reader = Annotated[Caller, require("supervision:read")]
Writer = Annotated[Caller, require("supervision:write")]
Visitor = Annotated[Caller, require("supervision:visit")]
IfMatch = Annotated[str | None, Header(description="ETag you read (412 if stale, 428 if missing or *)")]
