"""Event contracts: CloudEvents 1.0 envelopes and the versioned data of each event type."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from shared.journal import record_event


class EventData(BaseModel):
    """Base of every event's data; TYPE and VERSION name the contract."""

    model_config = ConfigDict(frozen=True)
    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1


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
    data: dict[str, Any] = Field(description="事件数据")


def emit(session: Session, event: EventData, *, subject: object, region_code: str | None) -> str:
    """Queue a typed event in the outbox of the current transaction."""
    return record_event(session, type=event.TYPE, subject=subject,
                        data=event, region_code=region_code,
                        version=event.VERSION)
