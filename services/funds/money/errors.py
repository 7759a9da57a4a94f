"""Typed errors of money: allocations, payment plans, progress and payments."""

from shared.errors import Problem


class OverBudget(Problem):
    """The allocation would take a source's allocated money above its budget."""

    STATUS, CODE = 409, "over_budget"


class OverAllocated(Problem):
    """The payment would take a source's disbursed money above what is allocated."""

    STATUS, CODE = 409, "over_allocated"


class MoneyNotOpen(Problem):
    """The project's state does not let money be allocated or paid now."""

    STATUS, CODE = 409, "money_not_open"


class SourceNotBudgeted(Problem):
    """The project has no budget line for this funding source."""

    STATUS, CODE = 422, "source_not_budgeted"


class PlanFrozen(Problem):
    """Progress is recorded against the payment plan; it can no longer be replaced."""

    STATUS, CODE = 409, "plan_frozen"


class NotABeneficiary(Problem):
    """The household is not a beneficiary of the project."""

    STATUS, CODE = 422, "not_a_beneficiary"


class StageUnknown(Problem):
    """The project's payment plan has no such stage."""

    STATUS, CODE = 422, "stage_unknown"


class ProgressExists(Problem):
    """Progress for this household and stage is already recorded."""

    STATUS, CODE = 409, "progress_exists"


class VerifierIsRecorder(Problem):
    """Progress is verified by another official than the one who recorded it."""

    STATUS, CODE = 403, "verifier_is_recorder"


class ProgressAlreadyVerified(Problem):
    """The progress record is verified already."""

    STATUS, CODE = 409, "progress_already_verified"


class ProgressNotVerified(Problem):
    """The stage is paid only after its progress is recorded and verified."""

    STATUS, CODE = 409, "progress_not_verified"


class StageAlreadyPaid(Problem):
    """This household's stage is paid already; a stage is paid once."""

    STATUS, CODE = 409, "stage_already_paid"


class HouseholdRemoved(Problem):
    """The register replica shows the household removed: nothing is paid to it."""

    STATUS, CODE = 409, "household_removed"


class AccountMissing(Problem):
    """The household has no subsidy or one-card account recorded for this project."""

    STATUS, CODE = 409, "account_missing"


class IdempotencyKeyRequired(Problem):
    """A payment needs an Idempotency-Key, so a retried request never pays twice."""

    STATUS, CODE = 428, "idempotency_key_required"


class PaymentKeyReused(Problem):
    """Another payment of this project was made under the same Idempotency-Key."""

    STATUS, CODE = 409, "payment_key_reused"


class SubsidyFrozen(Problem):
    """A stage of this household's subsidy is paid; its subsidy and account no longer change."""

    STATUS, CODE = 409, "subsidy_frozen"


class StagesOver100(Problem):
    """The stages' shares add up to more than 100% (a sum no schema can state); `errors` names them."""

    STATUS, CODE = 422, "stages_over_100"
