"""Whether a step may be taken: order, the taker's level and region, dates, notice and objections."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from services.identification.codes import ProcedureKind, ProcedureState
from services.identification.procedures.definitions import (
    FAST_ENTRY_CAUSES,
    KIND_FIELD_NAMES,
    KIND_FIELDS,
    ProcedureDef,
    StepDef,
)
from services.identification.procedures.errors import (
    DateBeforePreviousStep,
    DocumentRequired,
    NoNoticePeriod,
    NoticePeriodRunning,
    ObjectionAlreadyResolved,
    OutsideNoticePeriod,
    ProcedureClosed,
    ProcedureSuspended,
    ReasonRequired,
    RejectionNotAllowed,
    ResolverLevelMismatch,
    StatusNotAllowed,
    StepLevelMismatch,
    StepOutOfOrder,
    StepRegionMismatch,
    StepUnknown,
)
from shared.auth import LEVEL_CODE_LENGTH, ROLE_LEVELS, Caller
from shared.errors import Forbidden, invalid

LEVEL_ZH = {"village": "村", "town": "乡镇", "county": "县"}


def acting_role(caller: Caller, step: StepDef, subject_region: str) -> str:
    """Return the caller's role that takes the step, or refuse a wrong level or region (403)."""
    if not caller.has(step.permission):
        raise Forbidden(f"This step needs the {step.permission} permission",
                        f"此步骤需要 {step.permission} 权限")
    roles = sorted(r for r in caller.roles if ROLE_LEVELS.get(r) == step.level)
    if not roles:
        held = ", ".join(sorted(caller.levels())) or "none"
        raise StepLevelMismatch(
            f"Step {step.code} is taken at {step.level} level; your roles act at: {held}",
            f"“{step.label_zh}”须由{LEVEL_ZH[step.level]}级办理，您的角色无权办理",
            extra={"required_level": step.level, "caller_levels": sorted(caller.levels())})
    own_region = subject_region[: LEVEL_CODE_LENGTH[step.level]]
    if caller.region != own_region:
        raise StepRegionMismatch(f"Step {step.code} is taken by the {step.level} of {own_region}; "
                                 f"your scope is {caller.region}",
                                 f"“{step.label_zh}”须由区划 {own_region} 的{LEVEL_ZH[step.level]}级办理",
                                 extra={"required_level": step.level, "required_region": own_region})
    return roles[0]


def check_open(state: str, open_objections: Sequence[str] = ()) -> None:
    """Refuse a step on a closed procedure, or on one an objection has suspended (409)."""
    if state == ProcedureState.SUSPENDED_BY_OBJECTION:
        raise ProcedureSuspended("An objection is open; resolve it before the next step",
                                 "公示期内有异议尚未处理，处理后方可办理下一步",
                                 extra={"open_objections": list(open_objections)})
    if state != ProcedureState.OPEN:
        raise ProcedureClosed(f"The procedure is {state}; no step can be taken",
                              "该程序已结束，不能再办理", extra={"state": state})


def check_order(definition: ProcedureDef, expected: str | None, requested: str) -> StepDef:
    """Return the requested step if it is the next one; refuse a skipped or repeated step."""
    step = definition.step(requested)
    if step is None:
        codes = ", ".join(s.code for s in definition.steps)
        raise StepUnknown.on("step", f"A {definition.kind} procedure has no step {requested}; its steps: "
                             f"{codes}", f"该程序没有步骤 {requested}")
    if requested != expected:
        nxt = definition.step(expected) if expected else None
        raise StepOutOfOrder(f"The next step is {expected}, not {requested}",
                             f"下一步应为“{nxt.label_zh if nxt else expected}”，不能办理“{step.label_zh}”",
                             extra={"expected_step": expected})
    return step


def check_effective_date(on: date, previous: date | None, today: date) -> None:
    """Refuse a date in the future (422) or before the previous step (409)."""
    if on > today:
        raise invalid("on", "date_in_future", "The date is in the future", "日期不能晚于今天")
    if previous is not None and on < previous:
        raise DateBeforePreviousStep.on(
            "on", f"The date is before the previous step's date {previous.isoformat()}",
            f"日期不能早于上一步骤的日期 {previous.isoformat()}")


def notice_last_day(posted_on: date, days: int) -> date:
    """Return the last day of a publicity period of `days` days starting the day it is posted."""
    return posted_on + timedelta(days=days - 1)


def waiting_days(notice_days: int, objection_days: int) -> int:
    """Return how long the step after a notice waits: until both notice and objection periods end."""
    return max(notice_days, objection_days)


def check_notice_elapsed(last_day: date | None, on: date) -> None:
    """Refuse the step after a notice until its publicity period has ended (409)."""
    if last_day is not None and on <= last_day:
        raise NoticePeriodRunning(f"The publicity period runs until {last_day.isoformat()} inclusive",
                                  f"公示期至 {last_day.isoformat()} 结束，期满后方可办理下一步",
                                  extra={"notice_ends_on": last_day.isoformat()})


def check_objection_window(posted_on: date | None, last_day: date | None, on: date) -> None:
    """Accept an objection only from the notice's posting to the objection period's last day (409)."""
    if posted_on is None or last_day is None:
        raise NoNoticePeriod("The procedure is not in a publicity period",
                             "该程序当前不在公示期内，不受理异议")
    if not posted_on <= on <= last_day:
        raise OutsideNoticePeriod(
            f"Objections are heard from {posted_on.isoformat()} to {last_day.isoformat()}",
            f"异议应在公示期 {posted_on.isoformat()} 至 {last_day.isoformat()} 内提出",
            extra={"notice_posted_on": posted_on.isoformat(), "objections_end_on": last_day.isoformat()})


def check_documents(step: StepDef, documents: Sequence[str]) -> None:
    """Refuse a step that must reference its record (minutes, notice, approval) without one."""
    if step.needs_document and not documents:
        raise DocumentRequired.on("documents", f"Step {step.code} must reference its document",
                                  f"“{step.label_zh}”须附相关文书编号")


def check_rejection(step: StepDef, comment: str | None) -> None:
    """Allow a decision against the subject only where deciding is the step, with its reason."""
    if not step.can_reject:
        raise RejectionNotAllowed.on("decision", f"Step {step.code} does not decide; it cannot reject",
                                     f"“{step.label_zh}”不能作出不予通过的决定")
    if not comment:
        raise ReasonRequired.on("comment", "A rejection needs its reason in comment",
                                "不予通过须在意见中说明理由")


def check_start(definition: ProcedureDef, status: str | None) -> None:
    """Refuse to start a procedure from a status it does not start from (409)."""
    if status not in definition.starts_from:
        allowed = ", ".join(sorted(definition.starts_from))
        raise StatusNotAllowed(f"A {definition.kind} procedure starts from {allowed}, not {status}",
                               f"当前状态不能启动“{definition.kind.label_zh}”程序",
                               extra={"household_status": status, "allowed": sorted(definition.starts_from)})


RESOLVING_LEVELS = ("town", "county")


def resolving_role(caller: Caller, subject_region: str) -> str:
    """Return the caller's town or county role that may resolve an objection here (403 otherwise)."""
    for role in sorted(caller.roles):
        level = ROLE_LEVELS.get(role)
        if level in RESOLVING_LEVELS and caller.region == subject_region[: LEVEL_CODE_LENGTH[level]]:
            return role
    raise ResolverLevelMismatch(
        "An objection is verified and resolved by the town or the county of the subject",
        "异议须由所在乡镇或县核实处理",
        extra={"required_levels": list(RESOLVING_LEVELS), "caller_levels": sorted(caller.levels())})


def check_objection_open(state: str) -> None:
    """Refuse to resolve an objection twice (409)."""
    if state != "open":
        raise ObjectionAlreadyResolved(f"The objection was already {state}",
                                       "该异议已处理", extra={"state": state})


def check_kind_fields(kind: str, given: dict[str, str | None]) -> None:
    """Require the kind's own field (exit pathway, removal reason, cause) and refuse the others (422)."""
    wanted = KIND_FIELDS.get(kind)
    for name in KIND_FIELD_NAMES:
        present = given.get(name) is not None
        if name == wanted and not present:
            raise invalid(name, "field_required_for_kind", f"A {kind} procedure needs {name}",
                          f"该程序必须填写 {name}")
        if name != wanted and present:
            raise invalid(name, "field_not_for_kind", f"{name} is not taken by a {kind} procedure",
                          f"该程序不接受字段 {name}")
    if kind == ProcedureKind.FAST_ENTRY and given["cause"] not in FAST_ENTRY_CAUSES:
        raise invalid("cause", "cause_not_sudden", "Fast entry is for disaster or illness",
                      "快速纳入仅适用于因灾或因病致贫")
