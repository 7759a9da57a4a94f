"""Routes declared as rows of a table, for operations of one shape that a router would write out again.

A router lists such operations (each with its own operation id, summary, description, body and
refusals) and adds them here, so the shape is written once; the OpenAPI document states each
operation as a hand-written function would.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from shared.concurrency import etag_for
from shared.contract import ETAG, answers
from shared.errors import Problem
from shared.session import SessionDep


def endpoint(name: str, doc: str, params: dict[str, Any], call: Callable[..., Any]) -> Callable[..., Any]:
    """Build a route function taking `params` (name: annotation, or (annotation, default)) by keyword."""

    def route(**values: Any) -> Any:
        return call(**values)

    route.__signature__ = inspect.Signature([_parameter(n, spec) for n, spec in params.items()])  # type: ignore[attr-defined]
    route.__name__ = route.__qualname__ = name
    route.__doc__ = doc
    return route


def _parameter(name: str, spec: Any) -> inspect.Parameter:
    annotation, default = spec if isinstance(spec, tuple) else (spec, inspect.Parameter.empty)
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


@dataclass(frozen=True)
class Step:
    """One versioned step on a thing: `POST .../{id}/<path>` with If-Match, answered with its new ETag.

    `run(session, caller, id, if_match, body)` takes the step and returns the thing (it has `version`);
    `errors` are the refusals in the order the document lists them; `caller` overrides the table's.
    """

    path: str
    operation_id: str
    summary: str
    description: str
    body: type[BaseModel]
    run: Callable[..., Any]
    errors: tuple[type[Problem], ...]
    caller: Any = None


Render = Callable[[Any, Any, Any], Any]


def add_steps(router: APIRouter, steps: Iterable[Step], *, id_name: str, response_model: type[BaseModel],
              caller: Any, if_match: Any, under: str = "", render: Render | None = None) -> None:
    """Add each step as `POST <under>/{id}/<path>` of `router`, in order; `render(session, caller, thing)`."""
    for step in steps:
        params = {id_name: uuid.UUID, "body": step.body, "session": SessionDep,
                  "caller": step.caller or caller, "response": Response, "if_match": (if_match, None)}
        route = endpoint(step.operation_id, step.description, params, _taking(step, id_name, render))
        router.post(f"{under}/{{{id_name}}}/{step.path}", operation_id=step.operation_id,
                    summary=step.summary, response_model=response_model,
                    **answers(200, *step.errors, headers=(ETAG,)))(route)


def _taking(step: Step, id_name: str, render: Render | None) -> Callable[..., Any]:
    """Return the call that takes one step and answers with the thing and its ETag."""

    def call(session: Any, caller: Any, response: Response, if_match: str | None, body: Any,
             **ids: Any) -> Any:
        thing = step.run(session, caller, ids[id_name], if_match, body)
        response.headers["ETag"] = etag_for(thing.version)
        return render(session, caller, thing) if render else thing

    return call
