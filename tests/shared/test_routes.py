"""A step declared as a row states the same operation a hand-written route would."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel

from shared.concurrency import IfMatch, IfMatchRequired, VersionStale
from shared.routes import Step, add_steps, endpoint

Someone = Annotated[str, Depends(lambda: "someone")]


class Thing(BaseModel):
    """A thing with a version."""

    id: uuid.UUID
    version: int


class Close(BaseModel):
    """Why a thing is closed."""

    reason: str


def _document() -> dict:
    router = APIRouter(prefix="/things")
    add_steps(router, (
        Step("close", "close_thing", "Close a thing", "Close it for a reason.", Close,
             lambda s, c, thing_id, m, b: SimpleNamespace(id=thing_id, version=2),
             (IfMatchRequired, VersionStale)),
    ), id_name="thing_id", response_model=Thing, caller=Someone, if_match=IfMatch)
    app = FastAPI()
    app.include_router(router)
    return app.openapi()


def test_a_step_row_states_its_path_body_headers_and_refusals():
    operation = _document()["paths"]["/things/{thing_id}/close"]["post"]
    assert operation["operationId"] == "close_thing"
    assert operation["summary"] == "Close a thing" and operation["description"] == "Close it for a reason."
    parameters = [(p["name"], p["in"]) for p in operation["parameters"]]
    assert parameters == [("thing_id", "path"), ("If-Match", "header")]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Close"}
    assert "ETag" in operation["responses"]["200"]["headers"]
    assert {"428", "412"} <= set(operation["responses"])


def test_an_endpoint_takes_its_parameters_by_name():
    route = endpoint("add", "Add two numbers.", {"a": int, "b": (int, 1)}, lambda a, b: a + b)
    assert route(a=2, b=3) == 5
    assert route.__name__ == "add" and route.__doc__ == "Add two numbers."
    assert str(route.__signature__) == "(*, a: int, b: int = 1)"
