"""The employment catalogue held to the code: every rule cited is listed with a source, none is dead."""

from __future__ import annotations

from services.employment.catalogue import MATCH_ORDER, RULES
from tests.rules_cited import citations


def test_every_rule_the_code_cites_is_listed_with_a_source():
    cited, literals = citations("employment")
    for code in set(cited) | literals:
        spec = RULES.get(code)
        assert spec is not None, code
        assert spec.sources and all(s.quote_zh for s in spec.sources), code


def test_nothing_in_the_catalogue_is_dead():
    cited, _ = citations("employment")
    assert {spec.code for spec in RULES} - set(cited) == set()


def test_a_ranking_names_its_order_s_rule_in_the_contract(emp):
    jobs = emp.client.get("/openapi.json").json()["components"]["schemas"]["JobMatches"]
    assert MATCH_ORDER.code in jobs["properties"]["order"]["description"]
