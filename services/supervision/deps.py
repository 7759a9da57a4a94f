"""Dependency aliases of the supervision service."""

from typing import Annotated

from shared.auth import Caller, require
from shared.concurrency import IfMatch

Reader = Annotated[Caller, require("supervision:read")]
Writer = Annotated[Caller, require("supervision:write")]
Visitor = Annotated[Caller, require("supervision:visit")]
Reporter = Annotated[Caller, require("supervision:report")]
PolicyAdmin = Annotated[Caller, require("policy:admin")]

__all__ = ["IfMatch", "PolicyAdmin", "Reader", "Reporter", "Visitor", "Writer"]
