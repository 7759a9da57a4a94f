"""Pydantic shapes of the consumers API (消费者状态与死信)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ConsumerStatus(BaseModel):
    """Where a consumer stands in its source's feed, and what it has done (消费者状态)."""

    name: str = Field(description="消费者名称", examples=["register"])
    source: str = Field(description="来源服务", examples=["identification"])
    transport: str = Field(description="last transport that delivered: http or nats (传输方式)",
                           examples=["http"])
    position: int = Field(description="last feed position applied (已处理位置)", examples=[5120])
    head_position: int = Field(description="newest position the source reported (来源最新位置)",
                               examples=[5120])
    lag_events: int = Field(description="events behind the source (滞后事件数)", examples=[0])
    lag_seconds: float | None = Field(description="event time behind the source (滞后秒数)", examples=[0.0])
    applied: int = Field(description="events applied (已应用)", examples=[5100])
    skipped: int = Field(description="events of unknown type or version, skipped (已跳过)", examples=[20])
    dead_lettered: int = Field(description="events dead-lettered (已转死信)", examples=[0])
    dead_letters_waiting: int = Field(description="dead letters not yet replayed (待重放死信)", examples=[0])
    failures: int = Field(description="failed attempts and transport errors (失败次数)", examples=[3])
    last_error: str | None = Field(description="最近错误", examples=["TransientError: feed answered 503"])
    last_error_at: datetime | None = Field(description="最近错误时间")
    stopped: str | None = Field(description="why the consumer stopped, if it did (停止原因)")
    bootstrapped_at: datetime | None = Field(description="when its snapshot was loaded (快照加载时间)")
    updated_at: datetime = Field(description="更新时间")


class ConsumerList(BaseModel):
    """Every consumer of this service (消费者列表)."""

    items: list[ConsumerStatus] = Field(description="消费者")


class DeadLetterRead(BaseModel):
    """An event a handler failed on too often, kept for replay (死信)."""

    id: int = Field(description="死信标识", examples=[1])
    consumer: str = Field(description="消费者名称", examples=["register"])
    event_id: str = Field(description="事件标识")
    position: int = Field(description="feed position of the event (事件位置)", examples=[4711])
    type: str = Field(description="事件类型", examples=["household.removed"])
    data_version: int = Field(description="数据契约版本", examples=[1])
    attempts: int = Field(description="尝试次数", examples=[5])
    error: str = Field(description="last error (最后错误)",
                       examples=["MissingRow: identification returned no row"])
    dead_at: datetime = Field(description="转入死信时间")
    replayed_at: datetime | None = Field(description="重放时间")
    replayed_by: str | None = Field(description="重放人")
    event: dict[str, Any] = Field(description="the CloudEvent as received (原始事件)")
