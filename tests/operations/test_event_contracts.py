"""Event contracts: published JSON Schemas match the classes, are served, linked from events, and hold."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest

from services import service_names
from shared.events.schemas import PUBLISHED, contracts, data_schema, published_file, render
from tests.identification.register_data import create, household, member

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("service", service_names())
def test_the_published_schemas_are_the_contracts(service):
    """Fails when a contract changed and `python -m services event-schemas` was not run."""
    expected = {published_file(service, c): render(data_schema(c)) for c in contracts(service)}
    published = set((PUBLISHED / service).glob("*.json"))
    assert published == set(expected), "run: python -m services event-schemas"
    for path, text in expected.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run the command above"


def test_every_event_in_the_feed_links_its_schema_and_holds_to_it(ident):
    created = create(ident, household(members=[member(11), member(12, relation="spouse", name="王小红")]))
    version = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers()).headers["etag"]
    r = ident.client.patch(f"/api/v1/households/{created['id']}", json={"safe_drinking_water": False},
                           headers={**ident.headers(), "If-Match": version})
    assert r.status_code == 200, r.text
    reader = ident.headers("province_official", "44")
    events = ident.client.get("/api/v1/events", headers=reader).json()["items"]
    assert {e["type"] for e in events} == {"household.created", "member.added", "household.updated"}
    for event in events:
        assert event["dataschema"] == f"/api/v1/event-schemas/{event['type']}/v{event['dataversion']}"
        served = ident.client.get(event["dataschema"], headers=reader)
        assert served.status_code == 200
        assert served.headers["content-type"].startswith("application/schema+json")
        jsonschema.validate(event["data"], served.json())


def test_a_schema_refuses_data_that_breaks_the_contract(ident):
    schema = ident.client.get("/api/v1/event-schemas/household.created/v1", headers=ident.headers()).json()
    jsonschema.validate({"household_id": "h", "household_no": "1", "region_code": "441882100201",
                         "status": "candidate", "category": "general", "member_count": 1}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"household_id": "h", "member_count": "one"}, schema)


def test_the_schema_list_names_every_contract_and_an_unknown_one_is_404(ident):
    listed = ident.client.get("/api/v1/event-schemas", headers=ident.headers()).json()["items"]
    assert [(s["type"], s["version"]) for s in listed] == [(c.TYPE, c.VERSION)
                                                           for c in contracts("identification")]
    assert all(s["description"] and s["dataschema"].endswith(f"/v{s['version']}") for s in listed)
    missing = ident.client.get("/api/v1/event-schemas/household.created/v9", headers=ident.headers())
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_the_dataschema_is_absolute_under_the_public_base_url(ident):
    settings = ident.app.state.settings
    ident.app.state.settings = settings.model_copy(update={"public_base_url": "https://fp.gd.gov.cn/identification/"})
    try:
        create(ident)
        event = ident.client.get("/api/v1/events?limit=1", headers=ident.headers()).json()["items"][0]
    finally:
        ident.app.state.settings = settings
    assert event["dataschema"] == "https://fp.gd.gov.cn/identification/api/v1/event-schemas/household.created/v1"


@pytest.mark.parametrize("service", service_names())
def test_the_readme_names_exactly_the_event_types_emitted(service):
    """Every contract is emitted by its service's code, and the README lists each one and no other."""
    published = {c.TYPE for c in contracts(service)}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(rf"<!-- event types: {service} -->(.*?)<!-- /event types: {service} -->", readme, re.S)
    if not published:
        assert listed is None
        return
    assert listed, f"README.md lists {service}'s event types between <!-- event types: {service} --> markers"
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "services" / service).rglob("*.py"))
    for contract in contracts(service):
        assert re.search(rf"\b{contract.__name__}\b", code), f"{contract.TYPE} is never emitted"
    assert set(re.findall(r"`([a-z_]+\.[a-z_.]+)`", listed.group(1))) == published


def test_the_integrators_guide_links_every_schema():
    guide = (ROOT / "docs" / "integrators.md").read_text(encoding="utf-8")
    for service in service_names():
        for contract in contracts(service):
            assert f"](events/{service}/{contract.TYPE}.v{contract.VERSION}.json)" in guide, contract.TYPE
