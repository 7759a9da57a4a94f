"""The funds catalogue held to the code: every rule cited is listed with a source, nothing listed is dead."""

from __future__ import annotations

from services.funds.catalogue import CREDIT_FLAGS, RULES
from tests.rules_cited import assert_cited_rules_listed, assert_nothing_dead


def test_every_rule_the_code_cites_is_listed_with_a_source():
    assert_cited_rules_listed("funds", RULES)


def test_nothing_in_the_catalogue_is_dead():
    assert_nothing_dead("funds", RULES)


def test_a_loan_s_flags_name_their_rule_in_the_contract(funds):
    loan = funds.client.get("/openapi.json").json()["components"]["schemas"]["LoanRead"]
    assert CREDIT_FLAGS.code in loan["properties"]["flags"]["description"]
