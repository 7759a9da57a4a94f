"""Typed errors of the project library: each declared once, raised by the rules and service."""

from shared.errors import Problem


class StepOutOfOrder(Problem):
    """The step does not follow from the project's current state."""

    STATUS, CODE = 409, "step_out_of_order"


class StepLevelMismatch(Problem):
    """The step is taken at another administrative level than the caller's roles act at."""

    STATUS, CODE = 403, "step_level_mismatch"


class StepRegionMismatch(Problem):
    """The step is taken by the project's own county (or its city or province), not the caller's."""

    STATUS, CODE = 403, "step_region_mismatch"


class RiskAssessmentMissing(Problem):
    """An industry or asset-income project needs its technical and market risk assessed first."""

    STATUS, CODE = 422, "risk_assessment_missing"


class BeneficiaryRefused(Problem):
    """A beneficiary household or village is unknown, removed or outside the project's county."""

    STATUS, CODE = 422, "beneficiary_refused"


class BudgetBelowAllocated(Problem):
    """An adjusted budget line would fall below what is already allocated."""

    STATUS, CODE = 409, "budget_below_allocated"


class ProjectClosed(Problem):
    """The project is cancelled or past the stage where this change is allowed."""

    STATUS, CODE = 409, "project_closed"
