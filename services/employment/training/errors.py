"""Training's typed errors."""

from shared.errors import Problem


class NotWillingToTrain(Problem):
    """The labourer has not said they want training."""

    STATUS, CODE = 409, "not_willing_to_train"


class ProgrammeFull(Problem):
    """Every place of the programme is taken."""

    STATUS, CODE = 409, "programme_full"


class AlreadyEnrolled(Problem):
    """The labourer is already enrolled in this programme."""

    STATUS, CODE = 409, "already_enrolled"


class TrainingStepNotAllowed(Problem):
    """The enrolment's state does not allow this (attendance after completion, appraisal before it …)."""

    STATUS, CODE = 409, "training_step_not_allowed"


class AttendanceShort(Problem):
    """The trainee attended fewer sessions than completion needs."""

    STATUS, CODE = 409, "attendance_short"


class SubsidyAlreadyGranted(Problem):
    """This subsidy was already granted for the enrolment; it is paid once."""

    STATUS, CODE = 409, "subsidy_already_granted"


class SubsidyNotEarned(Problem):
    """The subsidy's condition is not met: training not completed, or appraisal not passed."""

    STATUS, CODE = 409, "subsidy_not_earned"
