"""A labourer's contact details read from identification over HTTP, for a counsellor and a purpose.

Employment never stores them: they pass through to the counsellor. Its token carries only
`contacts:read`, and names the counsellor (`On-Behalf-Of`) and the purpose, which identification audits.
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ValidationError

from services.employment.codes import ContactPurpose
from services.employment.counselling.errors import (
    ContactRefused,
    IdentificationUnavailable,
    MemberNotInRegister,
)
from shared.auth import CONTACTS_READ, ON_BEHALF_OF
from shared.client import ServiceClient, service_tokens
from shared.consumers.settings import ConsumerSettings
from shared.errors import AppError
from shared.settings import ServiceSettings

# A counsellor waits for the answer while the request holds its unit of work: fail soon, retry once.
_TIMEOUT_SECONDS, _RETRIES = 3.0, 1


class RegisterContact(BaseModel):
    """What identification answers (its contract `read_member_contact`, read as JSON, not imported)."""

    member_id: uuid.UUID
    name: str
    phone: str | None
    household_phone: str | None
    address: str


class RegisterContacts:
    """Reads one member's contact from identification with employment's own contacts:read token."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    @classmethod
    def connect(cls, settings: ServiceSettings) -> RegisterContacts:
        """Build the reader of a service's settings: identification's URL and audience, its own tokens."""
        assert isinstance(settings, ConsumerSettings)
        tokens = service_tokens(settings, audience=settings.identification_audience, scopes=[CONTACTS_READ])
        return cls(ServiceClient(settings.identification_url, tokens, timeout=_TIMEOUT_SECONDS,
                                 retries=_RETRIES))

    def read(self, member_id: uuid.UUID, counsellor: str, purpose: ContactPurpose) -> RegisterContact:
        """Read a member's contact for a counsellor; identification's failures become employment's own."""
        try:
            headers = {ON_BEHALF_OF: counsellor, "Access-Purpose": purpose.value}
            response = self.client.request("GET", f"/api/v1/members/{member_id}/contact", headers=headers)
            return RegisterContact.model_validate(response.json())
        except AppError as exc:
            raise _failure(exc) from exc
        except (ValueError, ValidationError) as exc:
            raise IdentificationUnavailable("Identification answered with something that is not a contact",
                                            "精准识别服务返回的不是联系方式") from exc


def _failure(exc: AppError) -> AppError:
    """Say what identification's refusal means to the counsellor, without its internal detail."""
    if exc.status == 404:
        return MemberNotInRegister.on("member_id", "The register holds no current member by this id "
                                      "(unknown, left the household, or removed)",
                                      "建档立卡名单中无此在册成员（不存在、已减员或已清退）")
    if exc.status in (401, 403):
        return ContactRefused("Identification refused the contact read", "精准识别服务拒绝了联系方式查询")
    return IdentificationUnavailable("Identification cannot be reached now", "暂时无法访问精准识别服务")
