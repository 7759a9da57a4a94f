"""Answer a read with the model the service built, serialised once: no second check, no thread hop.

FastAPI validates what a route returns against its response_model and, for a sync route, does so in
the thread pool: a second pass over a model the service just built from the database, and a second
hop between the event loop and a worker thread on every read. A route returning `json_answer(...)`
keeps its `response_model` for the contract; the answer's bytes come from that model's serializer.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel
from starlette.responses import Response


def json_answer(model: BaseModel, headers: Mapping[str, str] | None = None, status: int = 200) -> Response:
    """Render a response model as the route's JSON answer, with its headers."""
    body = model.__pydantic_serializer__.to_json(model, by_alias=True)
    return Response(body, status_code=status, media_type="application/json", headers=headers)
