"""Request and response bodies of campaigns, verifications and cases."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from services.identification.campaigns.rules import result_problem
from services.identification.codes import (
    CampaignHouseholdState,
    CaseKind,
    CaseResolution,
    CaseSource,
    CaseState,
    CrossCheckKind,
    HouseholdCategory,
    HouseholdStatus,
    PovertyCause,
    SelectionMode,
    VerificationCondition,
    VerificationOutcome,
)
from shared.schemas import REGION_PREFIX_PATTERN, PastDate, RegionPrefix, StrictModel, relation, relations

# The rules between fields the validators below check, stated where the schema can carry them.
_SAMPLE_ONLY = relation("mode", "given only when sample is the", "sample_fields_unexpected")
_SAMPLE_SIZE = relations(relation("mode", "required when sample is the", "sample_size_required"),
                         _SAMPLE_ONLY)
_ONE_TARGET = relation("region_code", "given, or else", "assignment_target")
_FINDINGS = relations(
    relation("condition", "each condition once by", "finding_duplicate"),
    relation("outcome", "none failed when confirmed is the", "confirmed_with_failed_finding"),
    relation("outcome", "one failed at least when failed is the", "failed_without_finding"))
_CASE_KIND = relations(relation("outcome", "given only when failed is the", "case_kind_unexpected"),
                       relation("outcome", "required when failed is the", "case_kind_required"))
_REFERENCE = relation("resolution", "required when acted is the", "reference_required")


class Selection(StrictModel):
    """How a campaign chooses households (选取规则): filters, then all of them or a seeded sample."""

    mode: SelectionMode = Field(description="选取方式: rule 按条件 / sample 随机抽样")
    statuses: list[HouseholdStatus] = Field(
        default_factory=lambda: [HouseholdStatus.IDENTIFIED, HouseholdStatus.EXITED,
                                 HouseholdStatus.RETURNED],
        min_length=1, max_length=6, description="户状态")
    categories: list[HouseholdCategory] | None = Field(None, min_length=1, max_length=3,
                                                        description="贫困户属性")
    primary_causes: list[PovertyCause] | None = Field(None, min_length=1, max_length=11,
                                                       description="主要致贫原因")
    exited_in_year: int | None = Field(None, ge=2014, le=2100, description="脱贫年度")
    sample_size: int | None = Field(None, ge=1, le=100000, description="抽样户数",
                                    json_schema_extra=_SAMPLE_SIZE)
    seed: int | None = Field(None, ge=0, le=2**31 - 1, json_schema_extra=_SAMPLE_ONLY,
                             description="随机种子; drawn and kept when omitted, so the draw can be repeated")

    @model_validator(mode="after")
    def _sample_fields(self) -> Selection:
        if self.mode == SelectionMode.SAMPLE and self.sample_size is None:
            raise PydanticCustomError("sample_size_required", "A sample needs sample_size",
                                      {"zh": "随机抽样须填写抽样户数"})
        if self.mode == SelectionMode.RULE and (self.sample_size is not None or self.seed is not None):
            raise PydanticCustomError("sample_fields_unexpected",
                                      "sample_size and seed are only for mode sample",
                                      {"zh": "只有随机抽样才能填写抽样户数和随机种子"})
        return self


class CampaignCreate(StrictModel):
    """A re-verification campaign (回头看)."""

    name: str = Field(min_length=2, max_length=128, description="名称")
    year: int = Field(ge=2014, le=2100, description="年度")
    region_code: RegionPrefix
    selection: Selection = Field(description="选取规则")


class CampaignRead(BaseModel):
    """A campaign with its selection and progress (回头看)."""

    id: uuid.UUID = Field(description="标识")
    name: str = Field(description="名称")
    year: int = Field(description="年度")
    region_code: str = Field(description="区划代码前缀")
    selection: dict[str, Any] = Field(description="选取规则")
    seed: int | None = Field(description="随机种子")
    selected_count: int = Field(description="选取户数")
    created_by: str = Field(description="创建人")
    created_at: datetime = Field(description="创建时间")


class AssignmentCreate(StrictModel):
    """Assign campaign households to a cadre (分派核实任务): listed ones, or all unverified in a region."""

    cadre_subject: str = Field(min_length=1, max_length=128, description="核实人账号")
    cadre_name: str | None = Field(None, max_length=64, description="核实人姓名")
    household_ids: list[uuid.UUID] | None = Field(None, min_length=1, max_length=1000, description="户",
                                                  json_schema_extra=_ONE_TARGET)
    region_code: str | None = Field(None, pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")

    @model_validator(mode="after")
    def _one_target(self) -> AssignmentCreate:
        if (self.household_ids is None) == (self.region_code is None):
            raise PydanticCustomError("assignment_target", "Give household_ids or region_code, not both",
                                      {"zh": "须填写户列表或区划代码之一"})
        return self


class AssignmentResult(BaseModel):
    """How many households an assignment gave the cadre."""

    campaign_id: uuid.UUID = Field(description="回头看标识")
    cadre_subject: str = Field(description="核实人账号")
    assigned: int = Field(description="本次分派户数")


class Finding(StrictModel):
    """One condition checked during verification (核实项)."""

    condition: VerificationCondition = Field(description="核实内容")
    passed: bool = Field(description="是否符合")
    note: str | None = Field(None, max_length=500, description="核实情况")


class VerificationCreate(StrictModel):
    """A verification result (核实结果): confirmed, or failed with findings and the case it needs."""

    outcome: VerificationOutcome = Field(description="核实结论")
    verified_on: PastDate = Field(description="核实日期")
    findings: list[Finding] = Field(min_length=1, max_length=20, description="核实项",
                                    json_schema_extra=_FINDINGS)
    case_kind: CaseKind | None = Field(None, description="处理类型 (清退/信息更正), for a failed result",
                                       json_schema_extra=_CASE_KIND)
    note: str | None = Field(None, max_length=1000, description="备注")

    @model_validator(mode="after")
    def _consistent(self) -> VerificationCreate:
        conditions = [f.condition for f in self.findings]
        if len(set(conditions)) != len(conditions):
            raise PydanticCustomError("finding_duplicate", "A condition is listed twice",
                                      {"zh": "同一核实内容重复出现"})
        failed = [f.condition for f in self.findings if not f.passed]
        problem = result_problem(self.outcome, failed, self.case_kind)
        if problem is not None:
            raise PydanticCustomError(problem.code, problem.message, {"zh": problem.message_zh})
        return self


class VerificationRead(BaseModel):
    """A recorded verification result and the case it opened, if any."""

    id: uuid.UUID = Field(description="标识")
    campaign_id: uuid.UUID = Field(description="回头看标识")
    household_id: uuid.UUID = Field(description="贫困户标识")
    outcome: VerificationOutcome = Field(description="核实结论")
    findings: list[Finding] = Field(description="核实项")
    note: str | None = Field(description="备注")
    verified_on: date = Field(description="核实日期")
    recorded_by: str = Field(description="核实人")
    recorded_at: datetime = Field(description="登记时间")
    case_id: uuid.UUID | None = Field(description="由此生成的案件")


class CampaignHouseholdRead(BaseModel):
    """A household in a campaign with its assignment and state."""

    model_config = ConfigDict(from_attributes=True)

    campaign_id: uuid.UUID = Field(description="回头看标识")
    household_id: uuid.UUID = Field(description="贫困户标识")
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村区划代码")
    state: CampaignHouseholdState = Field(description="核实状态")
    cadre_subject: str | None = Field(description="核实人账号")
    cadre_name: str | None = Field(description="核实人姓名")
    assigned_at: datetime | None = Field(description="分派时间")


class CompletionRow(BaseModel):
    """Progress in one region (完成情况): every count from one GROUP BY."""

    code: str = Field(description="区划代码")
    name: str = Field(description="区划名称")
    selected: int = Field(description="选取户数")
    unassigned: int = Field(description="未分派")
    pending: int = Field(description="已分派待核实")
    confirmed: int = Field(description="核实无误")
    failed: int = Field(description="核实有问题")
    done: int = Field(description="已核实")


class CompletionRead(BaseModel):
    """A campaign's completion in the caller's region, by town and by village."""

    campaign_id: uuid.UUID = Field(description="回头看标识")
    total: CompletionRow = Field(description="合计")
    towns: list[CompletionRow] = Field(description="按乡镇")
    villages: list[CompletionRow] = Field(description="按行政村")


class CaseRead(BaseModel):
    """A case for a cadre to act on through a procedure (核查案件)."""

    id: uuid.UUID = Field(description="标识")
    kind: CaseKind = Field(description="处理类型")
    source: CaseSource = Field(description="来源")
    state: CaseState = Field(description="状态")
    household_id: uuid.UUID = Field(description="贫困户标识")
    household_no: str = Field(description="户编号")
    member_id: uuid.UUID | None = Field(description="成员标识")
    member_name: str | None = Field(description="涉及成员姓名")
    region_code: str = Field(description="所在村区划代码")
    verification_id: uuid.UUID | None = Field(description="核实结果")
    crosscheck_id: uuid.UUID | None = Field(description="比对批次")
    check_kind: CrossCheckKind | None = Field(description="比对类型")
    details: dict[str, Any] = Field(description="情况")
    opened_by: str = Field(description="立案人")
    opened_at: datetime = Field(description="立案时间")
    resolution: CaseResolution | None = Field(description="办理结果")
    resolution_note: str | None = Field(description="办理情况")
    reference: str | None = Field(description="办理程序编号")
    closed_by: str | None = Field(description="办结人")
    closed_at: datetime | None = Field(description="办结时间")
    version: int = Field(description="版本 (ETag)")


class CaseClose(StrictModel):
    """Close a case: acted on through a procedure (with its reference), or dismissed."""

    resolution: CaseResolution = Field(description="办理结果")
    note: str = Field(min_length=2, max_length=1000, description="办理情况")
    reference: str | None = Field(None, max_length=128, description="办理程序编号",
                                  json_schema_extra=_REFERENCE)

    @model_validator(mode="after")
    def _reference(self) -> CaseClose:
        if self.resolution == CaseResolution.ACTED and not self.reference:
            raise PydanticCustomError("reference_required",
                                      "A case acted on names the procedure that acted",
                                      {"zh": "已处理的案件须填写办理程序编号"})
        return self
