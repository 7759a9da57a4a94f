"""Dependency aliases of the employment service."""

import threading
from typing import Annotated

from fastapi import Depends, Header, Request

from services.employment.counselling.register_contacts import RegisterContacts
from shared.auth import Caller, require

Reader = Annotated[Caller, require("employment:read")]
Writer = Annotated[Caller, require("employment:write")]
IfMatch = Annotated[str | None, Header(description="ETag you read (412 if stale, 428 if missing or *)")]

_connecting = threading.Lock()


def register_contacts(request: Request) -> RegisterContacts:
    """The app's one reader of identification's contacts, made at first use (its token comes then too)."""
    with _connecting:
        state = request.app.state
        reader = getattr(state, "register_contacts", None)
        if reader is None:
            reader = state.register_contacts = RegisterContacts.connect(state.settings)
    return reader


RegisterContactsDep = Annotated[RegisterContacts, Depends(register_contacts)]
