"""supervision's rules catalogue over HTTP: every rule it registers, each with its source."""

from __future__ import annotations

from services.supervision.catalogue import RULES, VISIT_TARGETS

CATALOGUE = "/api/v1/policy/rules"


def test_the_catalogue_serves_every_rule_with_its_source(sup):
    r = sup.client.get(CATALOGUE, headers=sup.headers())
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [rule["code"] for rule in items] == [spec.code for spec in RULES]
    assert all(rule["code"].startswith("supervision.") and rule["sources"] and rule["checks_zh"]
               for rule in items)
    one = sup.client.get(f"{CATALOGUE}/{VISIT_TARGETS.code}", headers=sup.headers()).json()
    [source] = one["sources"]
    assert (source["in_plan"], source["item"], one["applies_to"]) == (True, 25, ["visits", "coverage"])


def test_the_catalogue_needs_supervision_read_and_names_unknown_codes(sup):
    bare = sup.client.get(CATALOGUE, headers=sup.headers("service", "44", scopes=["funds:read"]))
    assert (bare.status_code, bare.json()["code"]) == (403, "forbidden")
    missing = sup.client.get(f"{CATALOGUE}/supervision.visit.nothing", headers=sup.headers())
    assert (missing.status_code, missing.headers["content-type"]) == (404, "application/problem+json")
