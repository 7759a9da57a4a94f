"""supervision's rules catalogue: held to the code (cited rules listed, none dead)."""

from __future__ import annotations

from services.supervision.catalogue import RESERVE_RATIO, RULES, VISIT_TARGETS
from services.supervision.codes import FlagKind
from services.supervision.flags.rules import FLAG_RULES
from services.supervision.visits.rules import REFUSAL_RULES
from tests.rules_cited import citations

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


def test_every_rule_the_code_cites_is_listed_with_a_source():
    cited, literals = citations("supervision")
    for code in set(cited) | literals | set(FLAG_RULES.values()) | set(REFUSAL_RULES.values()):
        spec = RULES.get(code)
        assert spec is not None, code
        assert spec.sources and all(s.quote_zh for s in spec.sources), code


def test_nothing_in_the_catalogue_is_dead():
    cited, _ = citations("supervision")
    assert {spec.code for spec in RULES} - set(cited) == set()


def test_every_kind_of_red_flag_names_its_rule():
    assert set(FLAG_RULES) == set(FlagKind)
    assert {RULES.get(code).applies_to for code in FLAG_RULES.values()} == {("red_flags",)}


def test_the_reserve_report_names_its_rule_in_the_contract(sup):
    row = sup.client.get("/openapi.json").json()["components"]["schemas"]["ReserveRow"]
    assert RESERVE_RATIO.code in row["properties"]["meets"]["description"]
