"""The supervision service's consumers: the register replica, from identification's feed."""

from services.supervision.models import consumers, replica
from services.supervision.settings import SupervisionSettings
from shared.consumers.core import Handler
from shared.replica.handler import register_replica

__all__ = ["consumers", "handlers"]


def handlers(settings: SupervisionSettings) -> list[Handler]:
    """Build the handlers this service's consumers run."""
    return [register_replica(settings, replica, settings.consumer_tokens())]
