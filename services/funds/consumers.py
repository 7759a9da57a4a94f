"""The funds service's consumers: the register replica, from identification's feed."""

from services.funds.models import consumers, replica
from services.funds.settings import FundsSettings
from shared.consumers.core import Handler
from shared.replica.handler import register_replica

__all__ = ["consumers", "handlers"]


def handlers(settings: FundsSettings) -> list[Handler]:
    """Build the handlers this service's consumers run."""
    return [register_replica(settings, replica, settings.consumer_tokens())]
