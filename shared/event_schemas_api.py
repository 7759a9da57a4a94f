"""The event data schemas a service publishes, over HTTP: the list, and each contract's JSON Schema."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shared.auth import Caller, require
from shared.errors import PROBLEM_JSON, not_found
from shared.events import SCHEMA_PATH, dataschema
from shared.events.schemas import contracts, data_schema

router = APIRouter(prefix=SCHEMA_PATH, tags=["events"])
_NEEDS = "Needs the events:read permission, as reading the feed does."
_TYPE = r"^[a-z_]+(\.[a-z_]+)+$"
SCHEMA_JSON = "application/schema+json"
_EXAMPLE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "/api/v1/event-schemas/household.created/v1", "title": "household.created v1",
    "type": "object", "required": ["household_id", "region_code"],
    "properties": {"household_id": {"type": "string", "format": "uuid"},
                   "region_code": {"type": "string", "pattern": "^[0-9]{12}$"}},
}


class SchemaResponse(JSONResponse):
    """A JSON Schema document, as its own media type."""

    media_type = SCHEMA_JSON


class EventSchemaRead(BaseModel):
    """One event contract this service publishes (事件数据契约)."""

    type: str = Field(description="CloudEvents type (事件类型)", examples=["household.created"])
    version: int = Field(description="the events' dataversion (数据契约版本)", examples=[1])
    description: str = Field(description="what the event says happened (事件含义)")
    subject: str = Field(description="the data field the envelope's subject repeats (事件对象字段)",
                         examples=["household_id"])
    dataschema: str = Field(description="the schema's URI, as events carry it (数据模式地址)",
                            examples=["/api/v1/event-schemas/household.created/v1"])


class EventSchemaList(BaseModel):
    """Every event contract this service publishes, in one answer (事件目录)."""

    items: list[EventSchemaRead] = Field(description="事件数据契约")


@router.get("", operation_id="list_event_schemas", response_model=EventSchemaList, description=_NEEDS,
            summary="List the event types this service emits, each with its data schema (事件目录)")
def list_event_schemas(request: Request,
                       caller: Annotated[Caller, require("events:read")]) -> EventSchemaList:
    """Return every contract in one page, by type and version."""
    service, base = request.app.state.service_name, request.app.state.settings.public_base_url
    items = [EventSchemaRead(type=c.TYPE, version=c.VERSION, description=(c.__doc__ or "").strip(),
                             subject=c.SUBJECT, dataschema=dataschema(base, c.TYPE, c.VERSION))
             for c in contracts(service)]
    return EventSchemaList(items=items)


@router.get("/{event_type}/v{version}", operation_id="get_event_schema", description=_NEEDS,
            summary="Read the JSON Schema of one event type's data (事件数据模式)",
            response_class=SchemaResponse,
            responses={200: {"content": {SCHEMA_JSON: {"schema": {"type": "object"}, "example": _EXAMPLE}},
                             "description": "JSON Schema 2020-12 of the event's `data`"},
                       404: {"description": "no such event type or version",
                             "content": {PROBLEM_JSON: {}}}})
def get_event_schema(
    request: Request, caller: Annotated[Caller, require("events:read")],
    event_type: Annotated[str, Path(max_length=96, pattern=_TYPE, description="事件类型")],
    version: Annotated[int, Path(ge=1, le=999, description="数据契约版本")],
) -> JSONResponse:
    """Return the schema the published file holds for this type and version."""
    service = request.app.state.service_name
    found = next((c for c in contracts(service) if (event_type, version) == (c.TYPE, c.VERSION)), None)
    if found is None:
        raise not_found("Event schema", "事件数据模式", f"{event_type} v{version}")
    body: dict[str, Any] = data_schema(found)
    return SchemaResponse(body)
