"""The funds catalogue held to the code: every rule cited is listed with a source, nothing listed is dead."""

from __future__ import annotations

from services.funds.catalogue import CREDIT_FLAGS, RULES
from tests.rules_cited import citations


def test_every_rule_the_code_cites_is_listed_with_a_source():
    cited, literals = citations("funds")
    for code in set(cited) | literals:
        spec = RULES.get(code)
        assert spec is not None, code
        assert spec.sources and all(s.quote_zh for s in spec.sources), code


def test_nothing_in_the_catalogue_is_dead():
    cited, _ = citations("funds")
    assert {spec.code for spec in RULES} - set(cited) == set()


def test_a_loan_s_flags_name_their_rule_in_the_contract(funds):
    loan = funds.client.get("/openapi.json").json()["components"]["schemas"]["LoanRead"]
    assert CREDIT_FLAGS.code in loan["properties"]["flags"]["description"]
