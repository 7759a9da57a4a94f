"""The employment catalogue held to the code: every rule cited is listed with a source, none is dead."""

from __future__ import annotations

from services.employment.catalogue import MATCH_ORDER, RULES
from tests.rules_cited import assert_cited_rules_listed, assert_nothing_dead


def test_every_rule_the_code_cites_is_listed_with_a_source():
    assert_cited_rules_listed("employment", RULES)


def test_nothing_in_the_catalogue_is_dead():
    assert_nothing_dead("employment", RULES)


def test_a_ranking_names_its_order_s_rule_in_the_contract(emp):
    jobs = emp.client.get("/openapi.json").json()["components"]["schemas"]["JobMatches"]
    assert MATCH_ORDER.code in jobs["properties"]["order"]["description"]
