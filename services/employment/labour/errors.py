"""The labour force's typed errors: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class NotInLabourForce(Problem):
    """The person is not in the labour force (household not in the register, left, no capacity, age)."""

    STATUS, CODE = 422, "not_in_labour_force"


class LabourerAlreadyRegistered(Problem):
    """The person is already registered with the employment service."""

    STATUS, CODE = 409, "labourer_already_registered"
