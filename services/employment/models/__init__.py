"""ORM classes of the employment service, one module per sub-domain, and its shared tables."""

from services.employment.models.base import Base, consumers, infra, replica
from services.employment.models.jobs import Employer, Position
from services.employment.models.labour import Labourer

__all__ = ["Base", "Employer", "Labourer", "Position", "consumers", "infra", "replica"]
