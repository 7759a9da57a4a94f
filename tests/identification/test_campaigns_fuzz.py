"""Fuzzing campaigns, cross-checks and monitoring: no input causes a 500 or a partial write."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from services.identification.models import CrossCheckImport, VerificationCampaign, VerificationCase
from tests.identification.campaign_factory import Person, make_household

_SETTINGS = settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)
_CAMPAIGN = {"name": "2019年回头看", "year": 2019, "region_code": "441882",
             "selection": {"mode": "sample", "sample_size": 2, "seed": 7}}
_PERSON = Person()
_CROSSCHECK = {"department": "民政局", "kind": "death",
               "rows": [{"id_number": _PERSON.id_number, "details": {"death_date": "2019-01-01"}}]}


def _counts(ident) -> tuple[int, int, int]:
    with ident.db.transaction() as s:
        return tuple(s.execute(select(func.count()).select_from(m)).scalar_one()
                     for m in (VerificationCampaign, CrossCheckImport, VerificationCase))


@st.composite
def _mutated(draw, valid: dict) -> dict:
    body = {**valid}
    for name in draw(st.lists(st.sampled_from(sorted(valid)), max_size=2)):
        body[name] = draw(_json)
    if isinstance(body.get("selection"), dict):
        body["selection"] = {**body["selection"]}
        for name in draw(st.lists(st.sampled_from(["mode", "sample_size", "seed", "statuses"]), max_size=2)):
            body["selection"][name] = draw(_json)
    return body


@_SETTINGS
@given(body=_mutated(_CAMPAIGN))
def test_campaign_bodies_never_500_nor_partial(ident, body):
    make_household(ident.db)
    before = _counts(ident)
    r = ident.client.post("/api/v1/campaigns", json=body, headers=ident.headers())
    assert r.status_code in (201, 403, 422), r.text
    if r.status_code != 201:
        assert _counts(ident) == before
    ident.reset()


@_SETTINGS
@given(body=_mutated(_CROSSCHECK))
def test_crosscheck_bodies_never_500_nor_partial(ident, body):
    before = _counts(ident)
    r = ident.client.post("/api/v1/crosschecks", json=body, headers=ident.headers())
    assert r.status_code in (201, 422), r.text
    if r.status_code != 201:
        assert _counts(ident) == before
    assert _PERSON.id_number not in r.text
    ident.reset()


@_SETTINGS
@given(raw=st.binary(max_size=300))
def test_csv_bytes_never_500(ident, raw):
    r = ident.client.post("/api/v1/crosschecks/csv?department=民政局&kind=death", content=raw,
                          headers=ident.headers(**{"Content-Type": "text/csv"}))
    assert r.status_code in (201, 413, 422), r.text
    ident.reset()


@_SETTINGS
@given(year=st.text(max_size=6), margin=st.text(max_size=8), region=st.text(max_size=14),
       cursor=st.text(max_size=20))
def test_monitoring_parameters_never_500(ident, year, margin, region, cursor):
    params = {"year": year, "margin": margin, "region": region, "cursor": cursor}
    r = ident.client.get("/api/v1/monitoring/at-risk", params=params, headers=ident.headers())
    assert r.status_code in (200, 404, 422), r.text
    stats_params = {"year": year, "region": region}
    r = ident.client.get("/api/v1/statistics", params=stats_params, headers=ident.headers())
    assert r.status_code in (200, 404, 422), r.text
    for url in ("/api/v1/cases", "/api/v1/campaigns", "/api/v1/crosschecks", "/api/v1/rural-populations",
                "/api/v1/campaign-assignments/mine"):
        r = ident.client.get(url, params={"cursor": cursor}, headers=ident.headers())
        assert r.status_code in (200, 422), r.text
