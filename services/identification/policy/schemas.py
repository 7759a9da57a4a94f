"""Request and response bodies of policy standards, evaluations and village incomes."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from shared.codes import Labeled
from shared.schemas import (
    REGION_PREFIX_PATTERN,
    MoneyStr,
    PastYear,
    StrictModel,
    decimal_schema,
    decimal_text,
    relation,
    relations,
)

# Each figure's request schema states its places and bounds (decimal_schema), so what it allows is taken.
Yuan = Annotated[
    Decimal,
    Field(gt=0, le=Decimal("9999999.99"), decimal_places=2, max_digits=9),
    decimal_schema(2, 7, positive=True),
    decimal_text(2),
]
RatioStr = Annotated[
    Decimal,
    Field(ge=0, le=1, decimal_places=4, max_digits=5),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^(1(\.0{1,4})?|0(\.[0-9]{1,4})?)$"},
                              {"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.0001}]},
                   mode="validation"),
    decimal_text(4),
]
IndexStr = Annotated[
    Decimal,
    Field(gt=0, le=10, decimal_places=4, max_digits=6),
    decimal_schema(4, 1, positive=True),  # up to 9.9999: the server also takes 10
    decimal_text(4),
]
Days = Annotated[int, Field(ge=1, le=90)]
PREFIX_LENGTHS = (2, 4, 6, 9, 12)


def _region_prefix(value: str) -> str:
    if len(value) not in PREFIX_LENGTHS or not value.startswith("44"):
        raise PydanticCustomError("region_prefix_invalid",
                                  "A region prefix is a Guangdong code of 2, 4, 6, 9 or 12 digits",
                                  {"zh": "区划前缀应为广东省2、4、6、9或12位区划代码"})
    return value


def _positive_ratio(value: Decimal | None) -> Decimal | None:
    if value is not None and value <= 0:
        raise PydanticCustomError("ratio_not_positive", "An exit ratio must be above zero",
                                  {"zh": "退出比例必须大于0"})
    return value


# A Guangdong prefix of a level's length: the schema states it whole, the validator refuses in its own words.
GUANGDONG_PREFIX_PATTERN = r"^44([0-9]{2}|[0-9]{4}|[0-9]{7}|[0-9]{10})?$"
RegionPrefix = Annotated[str, Field(pattern=REGION_PREFIX_PATTERN),
                         WithJsonSchema({"type": "string", "pattern": GUANGDONG_PREFIX_PATTERN,
                                         "description": "适用区划代码前缀 (44 = 全省)"}, mode="validation"),
                         AfterValidator(_region_prefix)]
# Above zero and at most one, as text or a number: the schema states the bound the validator adds.
ExitRatio = Annotated[RatioStr, AfterValidator(_positive_ratio), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^(1(\.0{1,4})?|0\.[0-9]{0,3}[1-9])$"},
    {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "multipleOf": 0.0001}]}, mode="validation")]
PolicyYear = Annotated[int, Field(ge=2014, le=2100, description="年度")]


class StandardValues(StrictModel):
    """Standard figures; an omitted figure is taken from the version it replaces (or the current one)."""

    rural_income_per_head: Yuan | None = Field(None, description="全省农村居民人均可支配收入 (元)")
    household_exit_ratio: ExitRatio | None = Field(
        None, description="有劳动能力贫困户退出比例 (0.4500 = 45%)")
    village_exit_ratio: ExitRatio | None = Field(None, description="相对贫困村出列比例 (0.6000 = 60%)")
    identification_line: Yuan | None = Field(None, description="识别标准：人均可支配收入 (2014年不变价, 元)")
    price_index: IndexStr | None = Field(None, description="相对2014年的价格指数 (识别标准折算)")
    village_remaining_poor_share_max: RatioStr | None = Field(
        None, description="出列村未脱贫户占比上限 (0.0200 = 2%). Not in the Guangdong plan: the condition is "
                          "off until a version sets it with village_remaining_poor_share_source; an explicit "
                          "null switches it off again")
    village_remaining_poor_share_source: str | None = Field(
        None, min_length=4, max_length=500,
        description="启用未脱贫户占比条件的依据 (document, issuer, date); required with the share, "
                    "e.g. 《关于建立贫困退出机制的意见》（中共中央办公厅、国务院办公厅，2016年4月）")
    road_min_households: int | None = Field(None, ge=1, le=1000,
                                            description="须路面硬化的自然村最少户数 (20户以上)")
    safe_water_required: bool | None = Field(None, description="饮水安全为退出条件")
    notice_days: Days | None = Field(None, description="村公示天数")
    objection_days: Days | None = Field(None, description="异议期天数")
    announcement_days: Days | None = Field(None, description="县公告天数")


def _share_switch(schema: dict[str, Any], _model: type) -> None:
    """State what issuing checks between the share and its source (a draft to try checks neither)."""
    schema["properties"]["village_remaining_poor_share_source"].update(relations(
        relation("village_remaining_poor_share_max", "required when setting", "rule_source_required"),
        relation("village_remaining_poor_share_max", "given only with", "rule_source_without_condition")))


class StandardCreate(StandardValues):
    """A new version of a year's standard for a region prefix (标准新版本); versions are never edited."""

    model_config = ConfigDict(json_schema_extra=_share_switch)

    year: PolicyYear
    region_prefix: RegionPrefix = "44"
    reason: str = Field(min_length=2, max_length=1000, description="修订原因")


class StandardRead(BaseModel):
    """One version of a year's policy standard (政策标准)."""

    id: int
    year: int = Field(description="年度")
    region_prefix: str = Field(description="适用区划代码前缀")
    version: int = Field(description="版本")
    rural_income_per_head: Yuan = Field(description="全省农村居民人均可支配收入")
    household_exit_ratio: RatioStr = Field(description="贫困户退出比例")
    village_exit_ratio: RatioStr = Field(description="贫困村出列比例")
    identification_line: Yuan = Field(description="识别标准 (2014年不变价)")
    price_index: IndexStr = Field(description="价格指数")
    village_remaining_poor_share_max: RatioStr | None = Field(
        description="未脱贫户占比上限; null: the condition is off (not in the Guangdong plan)")
    village_remaining_poor_share_source: str | None = Field(
        description="启用未脱贫户占比条件的依据; null while the condition is off")
    road_min_households: int = Field(description="须硬化道路的自然村户数下限")
    safe_water_required: bool = Field(description="饮水安全为退出条件")
    notice_days: int = Field(description="公示天数")
    objection_days: int = Field(description="异议期天数")
    announcement_days: int = Field(description="公告天数")
    household_exit_threshold: MoneyStr = Field(description="贫困户退出收入线 = 比例 × 全省人均收入")
    village_exit_threshold: MoneyStr = Field(description="贫困村出列收入线")
    identification_threshold: MoneyStr = Field(description="当年识别收入线 = 识别标准 × 价格指数")
    reason: str = Field(description="修订原因")
    created_by: str = Field(description="发布人")
    created_at: datetime


class ConditionRead(BaseModel):
    """One checked condition with its figures (判定条件)."""

    code: str = Field(description="条件代码")
    label_en: str
    label_zh: str = Field(description="条件名称")
    value: str = Field(description="实际值")
    threshold: str = Field(description="标准值")
    passed: bool = Field(description="是否达标")
    explanation_en: str
    explanation_zh: str = Field(description="判定说明")
    rule: str = Field(description="所依据规则的代码; its source: GET /api/v1/policy/rules/{rule}",
                      examples=["identification.household.exit_income"])


class EvaluationRead(BaseModel):
    """A rule evaluation with one line per condition (判定结果); id is null when not stored."""

    id: uuid.UUID | None = Field(None, description="评估记录ID; null for an evaluation not stored")
    kind: str = Field(description="household_exit 脱贫退出 | identification 识别 | village_exit 村出列")
    subject_type: str = Field(description="household | village")
    subject_id: str
    region_code: str = Field(description="区划代码")
    year: int = Field(description="年度")
    standard_year: int
    standard_region: str = Field(description="标准适用区划前缀")
    standard_version: int = Field(description="标准版本")
    verdict: bool = Field(description="结论 (exit/village: 达标; identification: 符合识别标准)")
    summary_en: str
    summary_zh: str = Field(description="结论说明")
    conditions: list[ConditionRead]
    facts: dict[str, Any] = Field(description="判定所依据的事实")
    evaluated_by: str | None = None
    evaluated_at: datetime | None = None


class VillageIncomeCreate(StrictModel):
    """A village's disposable income per head for a year (村人均可支配收入); a new revision each time."""

    year: PastYear = Field(ge=2014, le=2100, description="年度")
    income_per_head: MoneyStr = Field(description="村人均可支配收入 (元)")
    source: str | None = Field(None, max_length=500, description="数据来源")


class VillageIncomeRead(BaseModel):
    """A recorded village income revision."""

    model_config = ConfigDict(from_attributes=True)

    village_code: str = Field(description="行政村代码")
    year: int
    revision: int = Field(description="修订号")
    income_per_head: MoneyStr = Field(description="村人均可支配收入")
    source: str | None
    recorded_by: str
    recorded_at: datetime


class HouseholdRule(Labeled):
    """Which household rule to evaluate."""

    EXIT = "exit", "脱贫退出标准"
    IDENTIFICATION = "identification", "识别标准"


class WhatIfOutcome(Labeled):
    """Which households behind a what-if figure to list."""

    PASS = "pass", "达标"
    FAIL = "fail", "未达标"
    CHANGED_TO_FAIL = "changed_to_fail", "由达标变为未达标"
    CHANGED_TO_PASS = "changed_to_pass", "由未达标变为达标"
    ALL = "all", "全部"


class WhatIfRequest(StandardValues):
    """A draft standard (草案) to dry-run over the register; omitted figures are those in force."""

    year: PolicyYear
    region: str | None = Field(None, pattern=REGION_PREFIX_PATTERN,
                               description="区划代码前缀; the draft is tried as if issued there "
                                           "(defaults to the caller's scope)")


class DraftRead(BaseModel):
    """The draft as tried, with the thresholds it implies."""

    region_prefix: str = Field(description="草案适用区划前缀")
    based_on_version: int = Field(description="草案所依据的现行标准版本")
    based_on_region: str = Field(description="现行标准的区划前缀")
    rural_income_per_head: Yuan
    household_exit_ratio: RatioStr
    identification_line: Yuan
    price_index: IndexStr
    safe_water_required: bool
    household_exit_threshold: MoneyStr = Field(description="草案退出收入线")
    current_household_exit_threshold: MoneyStr = Field(description="现行退出收入线")
    identification_threshold: MoneyStr


class RegionTally(BaseModel):
    """Households and people in poverty in a region that would pass or fail the draft (分区统计)."""

    region_code: str = Field(description="区划代码")
    name: str = Field(description="区划名称")
    households: int = Field(description="在册未脱贫户数")
    people: int = Field(description="人数")
    pass_households: int = Field(description="按草案达标户数")
    pass_people: int = Field(description="按草案达标人数")
    fail_households: int = Field(description="按草案未达标户数")
    fail_people: int = Field(description="按草案未达标人数")
    current_pass_households: int = Field(description="按现行标准达标户数")
    current_pass_people: int = Field(description="按现行标准达标人数")
    changed_to_fail: int = Field(description="现行达标而草案未达标户数")
    changed_to_pass: int = Field(description="现行未达标而草案达标户数")


class WhatIfResult(BaseModel):
    """A dry run of a draft standard over the register; nothing is changed (政策模拟)."""

    year: int
    region: str = Field(description="模拟范围区划前缀")
    draft: DraftRead
    kept_own_standard: list[str] = Field(description="有更具体现行标准、草案不影响的区划前缀")
    total: RegionTally
    counties: list[RegionTally] = Field(description="按县统计")
    towns: list[RegionTally] = Field(description="按镇统计")
    villages: list[RegionTally] = Field(description="按村统计")
    households_link: str = Field(description="列出每个数字背后的贫困户: POST this path with the same "
                                             "body, ?outcome=pass|fail|changed_to_fail|changed_to_pass"
                                             "&within=<region code>")


class WhatIfHousehold(BaseModel):
    """A household behind a what-if figure."""

    id: uuid.UUID
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村")
    people: int = Field(description="人数")
    income_per_head: str | None = Field(description="人均可支配收入; null without an income record")
    draft_passed: bool = Field(description="按草案是否达标")
    current_passed: bool = Field(description="按现行标准是否达标")
    draft_failed: list[str] = Field(description="按草案未达标的条件")
