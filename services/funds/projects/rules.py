"""The project library's rules as pure functions: step order, who takes a step, risk, beneficiaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.funds.catalogue import PROJECT_LIFECYCLE, RISK_ASSESSMENT
from services.funds.codes import ProjectStatus, ProjectStep, ProjectType
from services.funds.projects.errors import (
    RiskAssessmentMissing,
    StepLevelMismatch,
    StepOutOfOrder,
    StepRegionMismatch,
)
from shared.auth import LEVEL_CODE_LENGTH, ROLE_LEVELS, Caller
from shared.errors import FieldError, Forbidden

S = ProjectStatus
LEVEL_ZH = {"province": "省", "city": "市", "county": "县", "town": "乡镇"}
# Before work starts the library may still drop a project; once money may flow it stays on record.
OPEN_FOR_CHANGE = (S.PROPOSED, S.APPRAISED, S.IN_LIBRARY, S.IN_ANNUAL_PLAN, S.IMPLEMENTING)
# §32: industry projects (asset-income ones too) face technical and market risk.
RISK_ASSESSED_TYPES = frozenset({ProjectType.INDUSTRY, ProjectType.ASSET_INCOME})


@dataclass(frozen=True)
class StepDef:
    """A lifecycle step: the states it starts from, the state it leads to, the levels that take it."""

    code: ProjectStep
    starts_from: tuple[ProjectStatus, ...]
    leads_to: ProjectStatus | None  # None: the state stays (an adjustment)
    levels: tuple[str, ...]


STEPS: dict[str, StepDef] = {s.code: s for s in (
    StepDef(ProjectStep.APPRAISE, (S.PROPOSED,), S.APPRAISED, ("county",)),
    StepDef(ProjectStep.ADMIT, (S.APPRAISED,), S.IN_LIBRARY, ("county",)),
    StepDef(ProjectStep.PLAN, (S.IN_LIBRARY,), S.IN_ANNUAL_PLAN, ("county",)),
    StepDef(ProjectStep.START, (S.IN_ANNUAL_PLAN,), S.IMPLEMENTING, ("county",)),
    StepDef(ProjectStep.COMPLETE, (S.IMPLEMENTING,), S.COMPLETED, ("county",)),
    StepDef(ProjectStep.ACCEPT, (S.COMPLETED,), S.ACCEPTED, ("county",)),
    # Performance evaluation is the superior level's judgement of the county's work.
    StepDef(ProjectStep.EVALUATE, (S.ACCEPTED,), S.EVALUATED, ("city", "province")),
    StepDef(ProjectStep.ADJUST, OPEN_FOR_CHANGE, None, ("county",)),
    StepDef(ProjectStep.CANCEL, OPEN_FOR_CHANGE, S.CANCELLED, ("county",)),
)}
PROPOSE_LEVELS = ("county",)


def check_taker(caller: Caller, levels: Sequence[str], region_code: str, label_zh: str) -> str:
    """Return the level the caller acts at on a region's matter (its county's, town's …), or refuse (403)."""
    if not caller.has("funds:write"):
        raise Forbidden("This needs the funds:write permission", "此操作需要 funds:write 权限")
    held = [ROLE_LEVELS[r] for r in sorted(caller.roles) if ROLE_LEVELS.get(r) in levels]
    if not held:
        raise StepLevelMismatch(
            f"This is done at {' or '.join(levels)} level; your roles act at: "
            f"{', '.join(sorted(caller.levels())) or 'none'}",
            f"“{label_zh}”须由{'或'.join(LEVEL_ZH[v] for v in levels)}级办理，您的角色无权办理",
            extra={"required_levels": list(levels), "rule": PROJECT_LIFECYCLE.code})
    for level in held:
        if caller.region == region_code[: LEVEL_CODE_LENGTH[level]]:
            return level
    own = region_code[: LEVEL_CODE_LENGTH[held[0]]]
    raise StepRegionMismatch(f"This is done by the {held[0]} of {own}; your scope is {caller.region}",
                             f"“{label_zh}”须由区划 {own} 的{LEVEL_ZH[held[0]]}级办理",
                             extra={"required_region": own, "rule": PROJECT_LIFECYCLE.code})


def next_status(status: str, step: StepDef) -> ProjectStatus:
    """Return the state a step leads to from the current one, or refuse it as out of order (409)."""
    if status not in step.starts_from:
        allowed = [s.code for s in STEPS.values() if status in s.starts_from]
        raise StepOutOfOrder(
            f"A {status} project cannot take the step {step.code}; "
            f"possible steps: {', '.join(allowed) or 'none'}",
            f"项目当前为“{ProjectStatus(status).label_zh}”，不能办理“{step.code.label_zh}”",
            extra={"status": status, "possible_steps": allowed,
                   "rule": PROJECT_LIFECYCLE.code})
    return step.leads_to or ProjectStatus(status)


def check_risk_assessed(project_type: str, technical: str | None, market: str | None,
                        measures: str | None) -> None:
    """Refuse to appraise an industry project whose technical and market risks are not assessed (§32)."""
    if project_type not in RISK_ASSESSED_TYPES:
        return
    missing = [name for name, value in (("risk.technical", technical), ("risk.market", market),
                                        ("risk.measures", measures)) if not value]
    if missing:
        raise RiskAssessmentMissing(
            "An industry project is appraised only with its technical and market risks assessed and "
            "measures against them", "产业项目须先完成技术和市场风险评估并制定防范措施，方可论证",
            errors=[FieldError(m, RiskAssessmentMissing.CODE, "required before appraisal", "论证前必填")
                    for m in missing], extra={"rule": RISK_ASSESSMENT.code})


@dataclass(frozen=True)
class RegisteredHousehold:
    """What the register replica says about a household."""

    status: str
    region_code: str


REFUSED_STATUSES = {
    "removed": ("household_removed", "the household was removed from the register", "该户已被清退"),
    "candidate": ("household_not_registered", "the household is a candidate, not yet registered",
                  "该户尚未识别为建档立卡户"),
    "rejected": ("household_not_registered", "the household was not identified as poor",
                 "该户未通过识别"),
}


def beneficiary_problems(field_prefix: str, county_code: str, household_ids: Sequence[object],
                         known: Mapping[object, RegisteredHousehold]) -> list[FieldError]:
    """Name each household the register does not know, has removed, or places outside the county."""
    county = county_code[:6]
    problems = []
    for i, household_id in enumerate(household_ids):
        where = f"{field_prefix}[{i}].household_id"
        found = known.get(household_id)
        if found is None:
            problems.append(FieldError(where, "household_unknown", "the register has no such household",
                                       "建档立卡信息中没有该户"))
        elif found.status in REFUSED_STATUSES:
            code, message, message_zh = REFUSED_STATUSES[found.status]
            problems.append(FieldError(where, code, message, message_zh))
        elif not found.region_code.startswith(county):
            problems.append(FieldError(where, "household_out_of_region",
                                       f"the household lives outside county {county}",
                                       f"该户不在本县（{county}）"))
    return problems


def village_problems(field_prefix: str, county_code: str, codes: Sequence[str],
                     levels: Mapping[str, str]) -> list[FieldError]:
    """Name each village code the register does not know as a village of the county."""
    problems = []
    for i, code in enumerate(codes):
        where = f"{field_prefix}[{i}]"
        if levels.get(code) != "village":
            problems.append(FieldError(where, "village_unknown", "the register has no such village",
                                       "区划中没有该行政村"))
        elif not code.startswith(county_code[:6]):
            problems.append(FieldError(where, "village_out_of_region",
                                       f"the village lies outside county {county_code[:6]}",
                                       f"该村不在本县（{county_code[:6]}）"))
    return problems
