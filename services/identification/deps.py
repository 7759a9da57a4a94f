"""Dependency aliases of the identification service."""

from typing import Annotated

from shared.auth import Caller, require
from shared.concurrency import IfMatch

Reader = Annotated[Caller, require("identification:read")]
Writer = Annotated[Caller, require("identification:write")]
PolicyAdmin = Annotated[Caller, require("policy:admin")]

__all__ = ["IfMatch", "PolicyAdmin", "Reader", "Writer"]
