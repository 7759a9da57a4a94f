"""Procedure defects found by a new user: the first step listed once, refusals move the ETag, no income."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from services.identification.models import ProcedureStep, StoredEvaluation
from shared.concurrency import version_of
from tests.identification.procedure_flow import (
    create_household,
    identify,
    read,
    record_income,
    start,
    take,
)


def test_a_new_procedure_lists_its_first_step_once(ident):
    household = create_household(ident)
    record_income(ident, household["id"], 2017, "6000.00")
    created = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    assert [(s["seq"], s["step"]) for s in created["steps"]] == [(1, "application")]
    assert created["steps"] == read(ident, created["id"])["steps"]


def test_a_refused_verification_moves_the_version_and_etag(ident):
    household = identify(ident)
    record_income(ident, household["id"], 2019, "3000.00")
    proc = start(ident, household["id"], "exit", date(2019, 12, 1), year=2019, exit_pathway="industry")
    before = read(ident, proc["id"])["version"]
    refused = take(ident, proc["id"], "verification", date(2019, 12, 2))
    assert refused.status_code == 409 and refused.json()["code"] == "exit_standard_unmet"
    after = ident.client.get(f"/api/v1/procedures/{proc['id']}", headers=ident.headers())
    assert after.json()["version"] == before + 1
    assert version_of(after.headers["etag"]) == version_of(refused.headers["etag"]) == before + 1
    assert [s["outcome"] for s in after.json()["steps"]] == ["done", "refused"]
    stale = take(ident, proc["id"], "verification", date(2019, 12, 3), version=before)
    assert stale.status_code == 412


def _trail(ident, procedure_id: str) -> tuple[int, int, int]:
    """Count step-log entries and stored evaluations, and read the procedure's version."""
    with ident.db.transaction() as s:
        counts = [s.execute(select(func.count()).select_from(m)).scalar_one()
                  for m in (ProcedureStep, StoredEvaluation)]
    return counts[0], counts[1], read(ident, procedure_id)["version"]


def test_identification_waits_for_the_years_income_record(ident):
    """§24 asks for precise identification: income is measured, never assumed to be under the line."""
    household = create_household(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    trail = _trail(ident, proc["id"])
    r = take(ident, proc["id"], "survey", date(2018, 3, 5))
    assert r.status_code == 409, r.text
    assert (r.json()["code"], r.json()["year"]) == ("income_not_recorded", 2017)
    assert _trail(ident, proc["id"]) == trail
    record_income(ident, household["id"], 2017, "3000.00")
    r = take(ident, proc["id"], "survey", date(2018, 3, 5))
    assert r.status_code == 200, r.text
    assert r.json()["next_step"]["step"] == "appraisal"
