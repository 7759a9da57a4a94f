"""The rules catalogue over HTTP: one router per service, built from its `RuleCatalogue`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from shared.auth import Caller, require
from shared.contract import answers
from shared.errors import not_found
from shared.rules import Parameter, RuleCatalogue, RuleSpec, Source

RULE_CODE = r"^[a-z]+(\.[a-z_]+)+$"


class SourceRead(BaseModel):
    """Where a rule comes from (依据): the plan's part and item, or another named document."""

    in_plan: bool = Field(description="是否出自广东省三年行动方案")
    citation_en: str = Field(examples=["Guangdong plan 2018–2020, part 四, item 10"])
    citation_zh: str = Field(description="出处",
                             examples=["《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》第四部分第10条"])
    document_en: str
    document_zh: str = Field(description="文件名称")
    issuer_en: str
    issuer_zh: str = Field(description="发文机关")
    part: str | None = Field(description="方案部分 (一 … 八); null outside the plan", examples=["四"])
    item: int | None = Field(description="方案条目 (1–32); null for part 一 or outside the plan",
                             examples=[10])
    quote_zh: str = Field(description="原文", examples=["积极推进相对贫困户危房改造"])


class ParameterRead(BaseModel):
    """A figure the rule takes from the policy standard in force (参数)."""

    name: str = Field(description="政策标准中的字段", examples=["household_exit_ratio"])
    description_en: str
    description_zh: str = Field(description="参数说明")
    default: str | None = Field(description="预置值; null: none preloaded (set per year, or off)",
                                examples=["0.4500"])


class RuleRead(BaseModel):
    """One rule the service applies, with what it checks and its sources (规则)."""

    code: str = Field(description="规则代码, as evaluation lines carry it in `rule`",
                      examples=["identification.household.exit_income"])
    title_en: str
    title_zh: str = Field(description="规则名称")
    checks_en: str
    checks_zh: str = Field(description="检查内容")
    applies_to: list[str] = Field(description="适用的判定或程序", examples=[["household_exit"]])
    in_plan: bool = Field(description="出自广东省三年行动方案")
    on_by_default: bool = Field(description="默认适用; false: only where a standard version switches it on")
    switch: str | None = Field(description="启用该规则的标准字段; null for a rule that always applies")
    switch_source: str | None = Field(description="标准中记录启用依据的字段")
    neutral_en: str | None = Field(description="why a rule outside the plan may apply by default")
    neutral_zh: str | None = Field(description="不在方案中但默认适用的理由")
    effective_from: date | None = Field(
        description="适用起始日期; null: from the standard version that switches it on")
    effective_en: str
    effective_zh: str = Field(description="适用时间说明")
    parameters: list[ParameterRead] = Field(description="参数")
    sources: list[SourceRead] = Field(description="依据")


class RuleList(BaseModel):
    """The whole rules catalogue, in registration order (规则目录); it is small, so it is not paged."""

    items: list[RuleRead] = Field(description="规则")


def _source(s: Source) -> SourceRead:
    return SourceRead(in_plan=s.in_plan, citation_en=s.citation_en(), citation_zh=s.citation_zh(),
                      document_en=s.document_en, document_zh=s.document_zh, issuer_en=s.issuer_en,
                      issuer_zh=s.issuer_zh, part=s.part, item=s.item, quote_zh=s.quote_zh)


def _parameter(p: Parameter) -> ParameterRead:
    return ParameterRead(name=p.name, description_en=p.description_en, description_zh=p.description_zh,
                         default=p.default)


def rule_read(spec: RuleSpec) -> RuleRead:
    """Render a rule with its parameters and sources."""
    return RuleRead(
        code=spec.code, title_en=spec.title_en, title_zh=spec.title_zh, checks_en=spec.checks_en,
        checks_zh=spec.checks_zh, applies_to=list(spec.applies_to), in_plan=spec.in_plan,
        on_by_default=spec.on_by_default, switch=spec.switch, switch_source=spec.switch_source,
        neutral_en=spec.neutral_en, neutral_zh=spec.neutral_zh, effective_from=spec.effective_from,
        effective_en=spec.effective_en, effective_zh=spec.effective_zh,
        parameters=[_parameter(p) for p in spec.parameters], sources=[_source(s) for s in spec.sources])


def select_rules(catalogue: RuleCatalogue, applies_to: str | None, in_plan: bool | None) -> list[RuleSpec]:
    """List the catalogue's rules in registration order, filtered by where they apply and their origin."""
    return [r for r in catalogue if (applies_to is None or applies_to in r.applies_to)
            and (in_plan is None or r.in_plan == in_plan)]


def find_rule(catalogue: RuleCatalogue, code: str) -> RuleSpec:
    """Return a rule by code; an unknown code answers 404."""
    spec = catalogue.get(code)
    if spec is None:
        raise not_found("Rule", "规则", code)
    return spec


def catalogue_router(catalogue: RuleCatalogue, permission: str, prefix: str = "/api/v1/policy") -> APIRouter:
    """Build the routes that serve a service's rules catalogue to callers holding `permission`."""
    router = APIRouter(prefix=prefix, tags=["rules"])
    sample = rule_read(next(iter(catalogue))).model_dump(mode="json") if len(catalogue) else {}

    @router.get("/rules", operation_id="list_rules", response_model=RuleList,
                summary="List every rule the service applies, with its source (规则目录)",
                **answers(200, example={"items": [sample]}))
    def list_rules(
        caller: Caller = require(permission),
        applies_to: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z_:]+$",
                                                description="only rules applied here (e.g. village_exit)")]
        = None,
        in_plan: Annotated[bool | None, Query(description="true: rules from the plan; false: from other "
                                                          "documents")] = None,
    ) -> RuleList:
        """Return the whole catalogue at once (it is a few dozen rules): code, checks, parameters, sources."""
        return RuleList(items=[rule_read(r) for r in select_rules(catalogue, applies_to, in_plan)])

    @router.get("/rules/{code}", operation_id="get_rule", response_model=RuleRead,
                summary="Read one rule and its source, by the code an evaluation line carries",
                **answers(200, example=sample))
    def get_rule(code: Annotated[str, Path(max_length=128, pattern=RULE_CODE, description="规则代码")],
                 caller: Caller = require(permission)) -> RuleRead:
        """Return one rule with its parameters and sources."""
        return rule_read(find_rule(catalogue, code))

    return router
