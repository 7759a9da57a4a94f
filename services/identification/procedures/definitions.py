"""The step sequences of every procedure, as data (§24: 精准识别, 贫困退出, 清退, 返贫, 出列)."""

from __future__ import annotations

from dataclasses import dataclass

from services.identification.codes import HouseholdStatus, ProcedureKind

WRITE = "identification:write"


@dataclass(frozen=True)
class StepDef:
    """One step: who may take it, and what taking it does."""

    code: str
    label_zh: str
    level: str  # the administrative level of the role that takes it: village, town or county
    permission: str = WRITE
    opens_notice: bool = False  # starts the publicity period (公示) in which objections are heard
    evaluates: str | None = None  # the policy evaluation that must pass: household_exit, village_exit
    needs_document: bool = False  # a record of the step (minutes, notice, approval) must be referenced
    can_reject: bool = False  # the body taking it may decide against the subject


@dataclass(frozen=True)
class ProcedureDef:
    """A procedure kind: its subject, the statuses it starts from and the steps in order."""

    kind: ProcedureKind
    subject_type: str  # household or village
    steps: tuple[StepDef, ...]
    starts_from: frozenset[str]
    ends_in: str | None  # household status after the final step (None: a village procedure)
    rejected_status: str | None = None  # household status when the procedure is decided against

    def step(self, code: str) -> StepDef | None:
        """Return the step with this code, if the procedure has one."""
        return next((s for s in self.steps if s.code == code), None)

    def after(self, code: str) -> StepDef | None:
        """Return the step that follows a step, None after the last."""
        codes = [s.code for s in self.steps]
        index = codes.index(code) + 1
        return self.steps[index] if index < len(self.steps) else None


APPRAISAL = StepDef("appraisal", "村民主评议", "village", needs_document=True, can_reject=True)
NOTICE = StepDef("notice", "村公示", "village", opens_notice=True, needs_document=True)
TOWN_REVIEW = StepDef("town_review", "乡镇审核", "town", can_reject=True)
COUNTY_APPROVAL = StepDef("county_approval", "县审批并公告", "county", needs_document=True, can_reject=True)

_IN_HELP = frozenset({HouseholdStatus.IDENTIFIED, HouseholdStatus.RETURNED})

DEFINITIONS: dict[str, ProcedureDef] = {
    ProcedureKind.IDENTIFICATION: ProcedureDef(
        ProcedureKind.IDENTIFICATION, "household",
        (StepDef("application", "农户申请或村提名", "village"),
         StepDef("survey", "入户调查", "village", evaluates="identification", needs_document=True,
                 can_reject=True),
         APPRAISAL, NOTICE, TOWN_REVIEW, COUNTY_APPROVAL),
        frozenset({HouseholdStatus.CANDIDATE, HouseholdStatus.REJECTED}),
        HouseholdStatus.IDENTIFIED, HouseholdStatus.REJECTED),
    ProcedureKind.EXIT: ProcedureDef(
        ProcedureKind.EXIT, "household",
        (StepDef("nomination", "村委会和驻村工作队提名", "village"),
         StepDef("verification", "核实收入和两不愁三保障", "village", evaluates="household_exit"),
         APPRAISAL, NOTICE, TOWN_REVIEW, COUNTY_APPROVAL,
         StepDef("confirmation", "贫困户签字确认", "village", needs_document=True)),
        _IN_HELP, HouseholdStatus.EXITED),
    ProcedureKind.REMOVAL: ProcedureDef(
        ProcedureKind.REMOVAL, "household",
        (StepDef("proposal", "提出清退", "village", needs_document=True), NOTICE, TOWN_REVIEW,
         COUNTY_APPROVAL),
        frozenset({HouseholdStatus.IDENTIFIED, HouseholdStatus.EXITED, HouseholdStatus.RETURNED}),
        HouseholdStatus.REMOVED),
    ProcedureKind.FAST_ENTRY: ProcedureDef(
        ProcedureKind.FAST_ENTRY, "household",
        (StepDef("application", "因灾因病申请", "village"),
         StepDef("survey", "入户核实", "village", needs_document=True, can_reject=True),
         TOWN_REVIEW, COUNTY_APPROVAL),
        frozenset({HouseholdStatus.CANDIDATE, HouseholdStatus.REJECTED}),
        HouseholdStatus.IDENTIFIED, HouseholdStatus.REJECTED),
    ProcedureKind.RETURN: ProcedureDef(
        ProcedureKind.RETURN, "household",
        (StepDef("application", "返贫申请", "village"),
         StepDef("survey", "入户核实返贫原因", "village", needs_document=True, can_reject=True),
         TOWN_REVIEW, COUNTY_APPROVAL),
        frozenset({HouseholdStatus.EXITED}), HouseholdStatus.RETURNED),
    ProcedureKind.VILLAGE_EXIT: ProcedureDef(
        ProcedureKind.VILLAGE_EXIT, "village",
        (StepDef("application", "村申请出列", "village"),
         StepDef("verification", "乡镇核实出列指标", "town", evaluates="village_exit"),
         NOTICE, TOWN_REVIEW, COUNTY_APPROVAL),
        frozenset(), None),
}

# Fast entry exists for those made poor by a sudden blow (§24: 因灾因病新产生的贫困人口).
FAST_ENTRY_CAUSES = frozenset({"disaster", "illness"})

# The field each kind's first step must carry; other kinds must not carry it.
KIND_FIELDS = {
    ProcedureKind.EXIT: "exit_pathway",
    ProcedureKind.REMOVAL: "removal_reason",
    ProcedureKind.RETURN: "cause",
    ProcedureKind.FAST_ENTRY: "cause",
}
KIND_FIELD_NAMES = ("exit_pathway", "removal_reason", "cause")


def definition(kind: str) -> ProcedureDef:
    """Return the definition of a procedure kind."""
    return DEFINITIONS[kind]
