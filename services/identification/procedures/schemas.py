"""Request and response bodies of procedures, steps and objections."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from services.identification.codes import (
    ExitPathway,
    ObjectionOutcome,
    PovertyCause,
    ProcedureKind,
    ProcedureState,
    RemovalReason,
    StepOutcome,
)
from shared.codes import Labeled
from shared.schemas import PastDate, StrictModel, relation, relations

DocumentRef = Annotated[str, Field(min_length=1, max_length=200, description="文书编号或文件标识")]
Documents = Annotated[list[DocumentRef], Field(default_factory=list, max_length=20,
                                               description="相关文书（会议记录、公示、批复）的编号")]
Comment = Annotated[str | None, Field(None, max_length=2000, description="意见")]
OnDate = Annotated[PastDate | None, Field(None, description="办理日期; today when omitted, never in the "
                                                                     "future")]
# What the first step checks between the kind and the fields only some kinds take (rules.check_kind_fields).
_KIND_FIELD = relations(relation("kind", "required by the kinds that take it, and only by them, per",
                                 "field_required_for_kind"),
                        relation("kind", "given only for a kind that takes it, per", "field_not_for_kind"))
_CAUSE = relations(_KIND_FIELD,
                   relation("kind", "disaster or illness when fast_entry is the", "cause_not_sudden"))



class Decision(Labeled):
    """A step's decision."""

    APPROVE = "approve", "通过"
    REJECT = "reject", "不予通过"


class ObjectionState(Labeled):
    """Where an objection stands."""

    OPEN = "open", "待核实"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class StepLevel(Labeled):
    """The administrative level that takes a step."""

    VILLAGE = "village", "村"
    TOWN = "town", "乡镇"
    COUNTY = "county", "县"


class SubjectType(Labeled):
    """What a procedure is about."""

    HOUSEHOLD = "household", "贫困户"
    VILLAGE = "village", "贫困村"

class ProcedureStart(StrictModel):
    """The first step of a procedure (申请、提名或提出), taken when it starts."""

    kind: ProcedureKind = Field(description="程序类型")
    on: OnDate = None
    year: int | None = Field(None, ge=2014, le=2100,
                             description="年度 of the standard and income; the year of `on` by default",
                             json_schema_extra=relation("on", "not after the year of", "year_after_date"))
    documents: Documents
    comment: Comment = None
    exit_pathway: ExitPathway | None = Field(None, description="脱贫路径 (exit only, required)",
                                             json_schema_extra=_KIND_FIELD)
    removal_reason: RemovalReason | None = Field(None, description="清退原因 (removal only, required)",
                                                 json_schema_extra=_KIND_FIELD)
    cause: PovertyCause | None = Field(None, description="致贫或返贫原因 (return, fast_entry: required)",
                                       json_schema_extra=_CAUSE)


class StepTake(StrictModel):
    """The next step of a procedure (办理下一步)."""

    step: str = Field(min_length=1, max_length=32, description="步骤代码")
    on: OnDate = None
    decision: Decision = Field(Decision.APPROVE,
                                                   description="决定: approve 通过, reject 不予通过")
    documents: Documents
    comment: Comment = None


class Cancellation(StrictModel):
    """Withdrawal of an open procedure (撤销)."""

    on: OnDate = None
    reason: str = Field(min_length=2, max_length=2000, description="撤销理由")


class ObjectionCreate(StrictModel):
    """An objection raised during the publicity period (公示期异议)."""

    on: OnDate = None
    content: str = Field(min_length=2, max_length=2000, description="异议内容")
    documents: Documents


class ObjectionResolve(StrictModel):
    """How an objection was resolved after verification (异议核实处理)."""

    outcome: ObjectionOutcome = Field(description="处理结果")
    on: OnDate = None
    resolution: str = Field(min_length=2, max_length=2000, description="核实情况与处理意见")


class StepRead(BaseModel):
    """One recorded step (办理记录)."""

    model_config = ConfigDict(from_attributes=True)

    seq: int = Field(description="序号")
    step: str = Field(description="步骤代码")
    label_zh: str = Field(description="步骤名称")
    outcome: StepOutcome = Field(description="结果")
    actor: str = Field(description="办理人")
    actor_role: str = Field(description="办理人角色")
    actor_region: str = Field(description="办理人区划")
    effective_on: date = Field(description="办理日期")
    at: datetime = Field(description="记录时间")
    documents: list[str] = Field(description="相关文书")
    comment: str | None = Field(description="意见")
    evaluation_id: uuid.UUID | None = Field(description="核验评估记录")
    detail: dict[str, object] | None = Field(description="未通过的条件等说明")


class ObjectionRead(BaseModel):
    """An objection and its resolution (异议)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    procedure_id: uuid.UUID
    state: ObjectionState = Field(description="状态")
    raised_on: date = Field(description="提出日期")
    recorded_by: str = Field(description="登记人")
    content: str = Field(description="异议内容")
    documents: list[str]
    resolved_on: date | None = Field(description="处理日期")
    resolved_by: str | None = Field(description="处理人")
    resolution: str | None = Field(description="处理意见")


class NextStep(BaseModel):
    """The step that comes next and who may take it."""

    step: str = Field(description="步骤代码")
    label_zh: str = Field(description="步骤名称")
    level: StepLevel = Field(description="办理层级")
    needs_document: bool = Field(description="须附文书")
    not_before: date | None = Field(description="公示期满后的最早办理日期")


class ProcedureRead(BaseModel):
    """A procedure with its step log and objections (程序)."""

    id: uuid.UUID
    kind: ProcedureKind = Field(description="程序类型")
    subject_type: SubjectType = Field(description="对象类型")
    household_id: uuid.UUID | None = Field(description="贫困户")
    region_code: str = Field(description="所在村区划代码")
    state: ProcedureState = Field(description="状态")
    year: int = Field(description="适用标准年度")
    next_step: NextStep | None = Field(description="下一步")
    notice_posted_on: date | None = Field(description="公示开始日期")
    notice_ends_on: date | None = Field(description="公示期与异议期的最后一天 (inclusive)")
    started_by: str = Field(description="发起人")
    started_on: date = Field(description="发起日期")
    closed_on: date | None = Field(description="办结日期")
    close_reason: str | None = Field(description="未通过或撤销理由")
    exit_pathway: ExitPathway | None = Field(description="脱贫路径")
    removal_reason: RemovalReason | None = Field(description="清退原因")
    cause: PovertyCause | None = Field(description="致贫或返贫原因")
    evaluation_id: uuid.UUID | None = Field(description="通过的核验评估记录")
    rules: list[str] = Field(description="程序所依据的规则 (GET /api/v1/policy/rules/{code}); its evaluation "
                                         "lines name their own", examples=[["identification.procedure.exit",
                                                                            "identification.procedure.publicity_periods"]])
    version: int
    steps: list[StepRead] = Field(description="办理记录")
    objections: list[ObjectionRead] = Field(description="异议")


class ProcedureSummary(BaseModel):
    """A procedure in a list."""

    id: uuid.UUID
    kind: ProcedureKind
    subject_type: SubjectType = Field(description="对象类型")
    household_id: uuid.UUID | None = Field(description="贫困户")
    region_code: str = Field(description="所在村区划代码")
    state: ProcedureState
    next_step: str | None = Field(description="下一步步骤代码")
    started_on: date
    closed_on: date | None
    version: int
