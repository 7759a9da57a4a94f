"""Dependency aliases of the identification service."""

from typing import Annotated

from shared.auth import CONTACTS_READ, Caller, require
from shared.concurrency import IfMatch

Reader = Annotated[Caller, require("identification:read")]
Writer = Annotated[Caller, require("identification:write")]
PolicyAdmin = Annotated[Caller, require("policy:admin")]
ContactsReader = Annotated[Caller, require(CONTACTS_READ)]

__all__ = ["ContactsReader", "IfMatch", "PolicyAdmin", "Reader", "Writer"]
