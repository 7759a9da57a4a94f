"""Misconduct leads (§31) and the credit blacklist (§13), asked by ID-number lookup hash only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.identification.demo import compose_id_number
from services.identification.models.register import MEMBER_ID_NUMBER
from services.identification.settings import IdentificationSettings
from services.supervision.models import BlacklistEntry
from shared.crypto import FieldCipher
from shared.personal import ID_NUMBER_LOOKUP
from tests.supervision.register import COUNTY
from tests.supervision.support import ADMIN

COUNTY_OFFICE = {"role": "county_official", "region": "441882"}
PERSON = compose_id_number("441882", date(1970, 5, 1), 11)


def _as_identification_hashes_it(id_number: str) -> str:
    """The lookup hash another service computes: identification's member field under its own settings."""
    settings = IdentificationSettings()
    return MEMBER_ID_NUMBER.hash(FieldCipher(settings.data_key, settings.hash_key), id_number)


def _entry(sup, **changes):
    body = {
        "id_number": PERSON,
        "reason": "false_claims",
        "region_code": COUNTY,
        "decision_reference": "连扶失信〔2019〕1号",
        "decided_on": "2019-09-01",
        "listed_until": "2021-08-31",
    }
    return sup.client.post("/api/v1/blacklist", json=body | changes, headers=sup.headers(**COUNTY_OFFICE))


def _act(sup, entry_id, action, body):
    etag = sup.client.get(f"/api/v1/blacklist/{entry_id}", headers=sup.headers(**ADMIN)).headers["ETag"]
    return sup.client.post(
        f"/api/v1/blacklist/{entry_id}/{action}",
        json=body,
        headers=sup.headers(**COUNTY_OFFICE, **{"If-Match": etag}),
    )


def _lookup(sup, key):
    service = sup.headers("service", "44", scopes=["supervision:read"])
    return sup.client.get(f"/api/v1/blacklist/lookups/{key}", headers=service).json()


def test_the_lookup_key_is_the_suites_id_number_hash():
    assert MEMBER_ID_NUMBER.lookup == ID_NUMBER_LOOKUP


def test_a_listed_person_is_found_by_the_hash_other_services_compute_and_never_by_number(sup):
    entry = _entry(sup)
    assert entry.status_code == 201, entry.text
    assert entry.json()["id_number"] != PERSON and PERSON[-4:] not in entry.json()["id_number"]
    key = _as_identification_hashes_it(PERSON)
    found = _lookup(sup, key)
    assert (found["listed"], [e["reason"] for e in found["entries"]]) == (True, ["false_claims"])
    assert (
        _lookup(sup, _as_identification_hashes_it(compose_id_number("441882", date(1970, 5, 1), 13)))[
            "listed"
        ]
        is False
    )
    with sup.db.transaction(write=False) as session:
        stored = session.execute(select(BlacklistEntry)).scalar_one()
    assert stored.id_number_hash == key and PERSON.encode() not in stored.id_number_enc
    feed = sup.client.get(
        "/api/v1/events", params={"limit": 500}, headers=sup.headers(**ADMIN)
    ).text
    assert PERSON not in feed and key in feed


def test_an_entry_without_a_decision_reference_is_refused_naming_it(sup):
    body = {
        "id_number": PERSON,
        "reason": "false_claims",
        "region_code": COUNTY,
        "decided_on": "2019-09-01",
        "listed_until": "2021-08-31",
    }
    r = sup.client.post("/api/v1/blacklist", json=body, headers=sup.headers(**COUNTY_OFFICE))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "decision_reference")
    blank = _entry(sup, decision_reference=" ")
    assert (blank.status_code, blank.json()["errors"][0]["field"]) == (422, "decision_reference")


def test_one_standing_entry_per_reason(sup):
    assert _entry(sup).status_code == 201
    again = _entry(sup, decision_reference="连扶失信〔2019〕9号")
    assert (again.status_code, again.json()["code"], again.json()["rule"]) == (
        409, "already_listed", "supervision.blacklist.decision")
    assert _entry(sup, reason="elder_support_refusal").status_code == 201


def test_lifted_only_after_the_term_or_by_an_upheld_appeal(sup):
    entry = _entry(sup).json()
    early = _act(sup, entry["id"], "lift", {"lifted_on": "2021-08-31"})
    assert (early.status_code, early.json()["code"], early.json()["rule"]) == (
        409, "term_not_over", "supervision.blacklist.removal")
    assert (
        _act(sup, entry["id"], "appeal", {"filed_on": "2019-09-20", "grounds": "已退回冒领资金"}).json()[
            "state"
        ]
        == "appealed"
    )
    refused = _act(
        sup,
        entry["id"],
        "appeal-decision",
        {"upheld": False, "decided_on": "2019-10-10", "reference": "连扶复〔2019〕2号"},
    )
    assert refused.json()["state"] == "listed"
    lifted = _act(sup, entry["id"], "lift", {"lifted_on": "2021-09-01"})
    assert (lifted.json()["state"], lifted.json()["lift_reason"]) == ("lifted", "term_ended")
    assert _lookup(sup, _as_identification_hashes_it(PERSON))["listed"] is False


def test_an_upheld_appeal_lifts_the_entry_at_once(sup):
    entry = _entry(sup).json()
    _act(sup, entry["id"], "appeal", {"filed_on": "2019-09-20", "grounds": "认定有误"})
    upheld = _act(
        sup,
        entry["id"],
        "appeal-decision",
        {"upheld": True, "decided_on": "2019-10-10", "reference": "连扶复〔2019〕3号"},
    )
    assert (upheld.json()["state"], upheld.json()["lift_reason"], upheld.json()["lifted_on"]) == (
        "lifted",
        "appeal_upheld",
        "2019-10-10",
    )
    feed = sup.client.get(
        "/api/v1/events", params={"limit": 500}, headers=sup.headers(**ADMIN)
    ).json()
    assert [e["type"] for e in feed["items"]].count("blacklist.entry_lifted") == 1


def test_a_lead_moves_through_its_handling_without_skipping(sup):
    body = {
        "kind": "false_claims",
        "source": "complaint",
        "region_code": "441882100201",
        "summary": "某户冒领危房改造补助",
        "received_on": "2019-08-01",
    }
    lead = sup.client.post("/api/v1/misconduct-leads", json=body, headers=sup.headers(**COUNTY_OFFICE))
    assert lead.status_code == 201, lead.text
    assert lead.json()["summary"] is None  # sealed without pii:read

    def step(state):
        etag = sup.client.get(f"/api/v1/misconduct-leads/{lead.json()['id']}", headers=sup.headers(**ADMIN))
        return sup.client.post(
            f"/api/v1/misconduct-leads/{lead.json()['id']}/steps",
            json={"state": state, "note": "办理"},
            headers=sup.headers(**COUNTY_OFFICE, **{"If-Match": etag.headers["ETag"]}),
        )

    skipped = step("substantiated")
    assert (skipped.status_code, skipped.json()["code"], skipped.json()["rule"]) == (
        409, "lead_step_refused", "supervision.misconduct.handling")
    assert step("investigating").json()["state"] == "investigating"
    assert step("transferred").json()["state"] == "transferred"
    assert step("investigating").status_code == 409
    clear = sup.client.get(
        "/api/v1/misconduct-leads", headers=sup.headers(**ADMIN, scopes=["pii:read"])
    ).json()
    assert clear["items"][0]["summary"] == "某户冒领危房改造补助"
