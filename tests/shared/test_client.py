"""The typed inter-service client against a real service app."""

import asyncio

import httpx
import pytest

from shared.client import LocalServiceTokens, ServiceClient
from shared.errors import AppError


class _Fixed:
    """A token source for clients of hosts that never read the token."""

    def token(self) -> str:
        return "t"


def test_client_reads_and_turns_problems_into_app_errors(ident):
    tokens = LocalServiceTokens(ident.settings, audience=ident.settings.jwt_audience,
                                scopes=["identification:read"])
    client = ServiceClient("http://testserver", tokens, http=ident.client)
    codes = client.request("GET", "/api/v1/codes").json()
    assert codes["household_status"][0]["code"] == "candidate"
    with pytest.raises(AppError) as err:
        client.request("GET", "/api/v1/households/00000000-0000-0000-0000-000000000000")
    assert err.value.status == 404 and err.value.code == "not_found"


def test_client_retries_then_reports_an_unreachable_service():
    calls = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        raise httpx.ConnectError("refused", request=request)

    http = httpx.Client(base_url="http://other", transport=httpx.MockTransport(refuse))
    client = ServiceClient("http://other", _Fixed(), http=http, retries=2, backoff=0)
    with pytest.raises(AppError) as err:
        client.request("GET", "/api/v1/x")
    assert err.value.status == 503 and len(calls) == 3


def test_client_retries_a_503_and_returns_the_later_success():
    answers = iter([httpx.Response(503), httpx.Response(200, json={"ok": True})])
    http = httpx.Client(base_url="http://other", transport=httpx.MockTransport(lambda r: next(answers)))
    client = ServiceClient("http://other", _Fixed(), http=http, backoff=0)
    assert client.request("GET", "/x").json() == {"ok": True}


def test_client_refuses_to_block_an_event_loop():
    http = httpx.Client(base_url="http://other", transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    client = ServiceClient("http://other", _Fixed(), http=http)

    async def from_async_code() -> None:
        client.request("GET", "/api/v1/x")

    with pytest.raises(RuntimeError, match="blocks"):
        asyncio.run(from_async_code())
    assert client.request("GET", "/api/v1/x").status_code == 200
