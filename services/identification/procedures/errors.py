"""Typed errors of procedures: each declared once, raised by the rules and service, listed on routes."""

from shared.errors import Problem


class StepLevelMismatch(Problem):
    """The step is taken at another level than the caller's roles act at."""

    STATUS, CODE = 403, "step_level_mismatch"


class StepRegionMismatch(Problem):
    """The step is taken by the subject's own town, county or village, not the caller's."""

    STATUS, CODE = 403, "step_region_mismatch"


class ResolverLevelMismatch(Problem):
    """An objection is verified and resolved by the subject's town or county."""

    STATUS, CODE = 403, "resolver_level_mismatch"


class ProcedureSuspended(Problem):
    """An objection is open; it must be resolved before the next step."""

    STATUS, CODE = 409, "procedure_suspended"


class ProcedureClosed(Problem):
    """The procedure has ended; no step can be taken."""

    STATUS, CODE = 409, "procedure_closed"


class ProcedureAlreadyOpen(Problem):
    """Another procedure of the subject is still open."""

    STATUS, CODE = 409, "procedure_already_open"


class StepOutOfOrder(Problem):
    """The requested step is not the procedure's next one."""

    STATUS, CODE = 409, "step_out_of_order"


class DateBeforePreviousStep(Problem):
    """A step cannot be dated before the previous step."""

    STATUS, CODE = 409, "date_before_previous_step"


class NoticePeriodRunning(Problem):
    """The publicity period has not ended yet."""

    STATUS, CODE = 409, "notice_period_running"


class NoNoticePeriod(Problem):
    """The procedure is not in a publicity period, so it hears no objection."""

    STATUS, CODE = 409, "no_notice_period"


class OutsideNoticePeriod(Problem):
    """Objections are heard only within the publicity period."""

    STATUS, CODE = 409, "outside_notice_period"


class ObjectionAlreadyResolved(Problem):
    """The objection was already resolved."""

    STATUS, CODE = 409, "objection_already_resolved"


class StatusNotAllowed(Problem):
    """The household's status does not allow this kind of procedure."""

    STATUS, CODE = 409, "status_not_allowed"


class HouseholdStatusChanged(Problem):
    """The household's status changed since the procedure started."""

    STATUS, CODE = 409, "household_status_changed"


class VillageNotRelativelyPoor(Problem):
    """The village is not a relatively poor village."""

    STATUS, CODE = 409, "village_not_relatively_poor"


class VillageAlreadyExited(Problem):
    """The village has already exited."""

    STATUS, CODE = 409, "village_already_exited"


class ExitStandardUnmet(Problem):
    """The household does not meet the exit standard; the evaluation's lines say which."""

    STATUS, CODE = 409, "exit_standard_unmet"


class VillageExitStandardUnmet(Problem):
    """The village does not meet the exit standard; the evaluation's lines say which."""

    STATUS, CODE = 409, "village_exit_standard_unmet"


class IdentificationStandardUnmet(Problem):
    """The household does not meet the identification standard; the evaluation's lines say which."""

    STATUS, CODE = 409, "identification_standard_unmet"


class IncomeNotRecorded(Problem):
    """The household has no income record for the procedure's year: record it before the survey (§24)."""

    STATUS, CODE = 409, "income_not_recorded"


class KindForVillages(Problem):
    """A village exit is started on the village, not on a household."""

    STATUS, CODE = 422, "kind_for_villages"


class KindForHouseholds(Problem):
    """Only a village exit is started on a village; the other kinds are started on a household."""

    STATUS, CODE = 422, "kind_for_households"


class StepUnknown(Problem):
    """The procedure's kind has no step of that code; the message lists its steps."""

    STATUS, CODE = 422, "step_unknown"


class DocumentRequired(Problem):
    """The step must reference its document (minutes, notice, approval) in documents."""

    STATUS, CODE = 422, "document_required"


class RejectionNotAllowed(Problem):
    """The step does not decide, so it cannot reject."""

    STATUS, CODE = 422, "rejection_not_allowed"


class ReasonRequired(Problem):
    """A rejection gives its reason in comment."""

    STATUS, CODE = 422, "reason_required"
