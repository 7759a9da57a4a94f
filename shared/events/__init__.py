"""Event contracts: CloudEvents 1.0 envelopes and the versioned data of each event type."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

SCHEMA_PATH = "/api/v1/event-schemas"


def dataschema(base_url: str, event_type: str, version: int) -> str:
    """Link one contract's JSON Schema: absolute under the service's public base URL, else its path."""
    return f"{base_url.rstrip('/')}{SCHEMA_PATH}/{event_type}/v{version}"


class EventData(BaseModel):
    """Base of every event's data; a contract names itself in its class keywords.

    `class HouseholdCreated(EventData, type="household.created", subject="household_id",
    entity="household")`: TYPE and VERSION name the contract, SUBJECT the field holding what
    the event is about (the envelope's subject, the audit entry's entity id), ENTITY that
    thing's kind in the audit trail, and REGION the field holding the region the event belongs
    to (who may read it in the feed). A contract whose data carries no region derives from
    EnvelopeRegionData instead.
    """

    model_config = ConfigDict(frozen=True)
    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1
    SUBJECT: ClassVar[str]
    ENTITY: ClassVar[str]
    REGION: ClassVar[str] = "region_code"

    def __init_subclass__(cls, *, type: str | None = None, subject: str | None = None,
                          entity: str | None = None, region: str | None = None, version: int | None = None,
                          **kwargs: Any) -> None:
        """Take the contract's names from its class keywords."""
        super().__init_subclass__(**kwargs)
        named = {"TYPE": type, "SUBJECT": subject, "ENTITY": entity, "REGION": region, "VERSION": version}
        for attribute, value in named.items():
            if value is not None:
                setattr(cls, attribute, value)

    @property
    def subject(self) -> str:
        """Return the id of what the event is about."""
        return str(getattr(self, self.SUBJECT))

    @property
    def region(self) -> str | None:
        """Return the region the event belongs to; none when it is the whole province's."""
        return getattr(self, self.REGION) or None


class EnvelopeRegionData(EventData):
    """Event data whose region goes to the envelope (who may read it), never into the data."""

    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class CloudEvent(BaseModel):
    """A change-feed entry as CloudEvents 1.0 JSON."""

    specversion: str = Field("1.0", description="CloudEvents 版本")
    id: str = Field(description="事件标识")
    source: str = Field(description="来源服务")
    type: str = Field(description="事件类型")
    subject: str = Field(description="事件对象标识")
    time: datetime = Field(description="发生时间")
    datacontenttype: str = Field("application/json", description="数据格式")
    dataversion: int = Field(1, description="version of the data contract (数据契约版本)")
    sequence: str = Field(description="position in the service's change feed (变更序号)")
    dataschema: str | None = Field(
        None, description="JSON Schema of `data` for this type and dataversion; absolute under the "
        "service's public base URL when one is configured, else its path on the service (数据模式)")
    traceparent: str | None = Field(
        None, description="W3C Trace Context of the request that made the change (CloudEvents distributed "
        "tracing extension; absent for changes made outside a request) (追踪上下文)")
    data: dict[str, Any] = Field(description="事件数据")

    @model_serializer(mode="wrap")
    def _without_absent_extensions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # An optional attribute without a value is left out, as CloudEvents JSON asks, not sent as null.
        body = handler(self)
        for optional in ("dataschema", "traceparent"):
            if body.get(optional) is None:
                body.pop(optional, None)
        return body

    @classmethod
    def from_outbox(cls, row: Mapping[str, Any], schema_base: str = "") -> CloudEvent:
        """Build the envelope of an outbox row: the feed and the NATS messages are this one JSON."""
        schema = dataschema(schema_base, row["type"], row["data_version"])
        return cls(id=row["event_id"], source=f"/{row['source']}", type=row["type"], subject=row["subject"],
                   time=row["time"], dataversion=row["data_version"], sequence=str(row["position"]),
                   dataschema=schema, traceparent=row.get("traceparent"), data=row["data"])

