"""The register's typed errors: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class PersonInOtherHousehold(Problem):
    """A person in the request is an active member of another household."""

    STATUS, CODE = 409, "person_in_other_household"


class PersonRegisteredElsewhere(Problem):
    """A person in the request is an active member of a household outside the caller's scope."""

    STATUS, CODE = 409, "person_registered_elsewhere"


class HouseholdNumberTaken(Problem):
    """The household number is already used."""

    STATUS, CODE = 409, "household_no_taken"


class HouseholdInactive(Problem):
    """The household is no longer in the register."""

    STATUS, CODE = 409, "household_inactive"


class HeadExists(Problem):
    """The household already has a head."""

    STATUS, CODE = 409, "head_exists"


class MemberAlreadyLeft(Problem):
    """The member has already left the household."""

    STATUS, CODE = 409, "member_already_left"


class HeadMustBeReplaced(Problem):
    """The head cannot leave while other members stay; name another head first."""

    STATUS, CODE = 409, "head_must_be_replaced"
