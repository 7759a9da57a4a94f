"""Statistics by region and year: every figure agrees with a direct count of the register."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from services.identification.models import (
    Household,
    HouseholdStatusChange,
    Member,
    Procedure,
    Region,
    VillageExit,
)
from tests.identification.campaign_factory import Person, make_household

V1, V2, V3 = "441882100201", "441882100202", "441882101201"
ADMIN = {"role": "admin", "region": "44"}


def _register(ident) -> None:
    db = ident.db
    make_household(db, V1, people=[Person(), Person(relation="spouse")], cause="illness")
    make_household(db, V1, status="exited", exited_on=date(2019, 12, 20), pathway="industry",
                   category="minimum_living_guarantee", cause="disability")
    make_household(db, V1, status="exited", exited_on=date(2020, 6, 1), pathway="employment",
                   people=[Person(), Person(relation="son"), Person(relation="daughter")])
    make_household(db, V2, status="returned", people=[Person(), Person(relation="spouse")], cause="disaster")
    make_household(db, V2, status="removed")
    make_household(db, V3, status="candidate")
    make_household(db, V3, status="exited", exited_on=date(2018, 12, 1), pathway="industry",
                   category="extreme_poverty_support", cause="lack_of_labour")
    leaver = make_household(db, V3, people=[Person(), Person(relation="son")], cause="schooling")
    with db.transaction() as s:
        son = s.execute(select(Member).where(Member.household_id == leaver,
                                             Member.relation == "son")).scalar_one()
        son.active, son.left_on, son.left_reason = False, date(2020, 3, 1), "moved_out"


def _direct(ident, region: str, as_of: date) -> dict[str, Counter]:
    """Count the register household by household, the way a clerk would."""
    counts: dict[str, Counter] = {k: Counter() for k in ("status", "cause", "category", "pathway")}
    with ident.db.transaction() as s:
        households = s.execute(select(Household).options(selectinload(Household.members))).scalars().all()
        changes = s.execute(select(HouseholdStatusChange).order_by(HouseholdStatusChange.id)).scalars().all()
    for h in households:
        if not h.region_code.startswith(region):
            continue
        effective = [c.to_status for c in changes if c.household_id == h.id and c.effective_on <= as_of]
        if not effective:
            continue
        status = effective[-1]
        people = sum(1 for m in h.members if m.left_on is None or m.left_on > as_of)
        groups = [("status", status)]
        if status in ("identified", "exited", "returned"):
            groups += [("cause", h.primary_cause), ("category", h.category)]
        if status == "exited":
            groups.append(("pathway", h.exit_pathway))
        for name, code in groups:
            counts[name][(code, "households")] += 1
            counts[name][(code, "people")] += people
    return counts


def _as_counter(rows) -> Counter:
    out: Counter = Counter()
    for row in rows:
        out[(row["code"], "households")] += row["households"]
        out[(row["code"], "people")] += row["people"]
    return out


def _stats(ident, query: str, **headers):
    r = ident.client.get(f"/api/v1/statistics?{query}", headers=ident.headers(**headers))
    assert r.status_code == 200, r.text
    return r.json()


def _check_against_direct(ident, region: str, year: int) -> dict:
    stats = _stats(ident, f"region={region}&year={year}")
    direct = _direct(ident, region, date(year, 12, 31))
    assert _as_counter(stats["by_status"]) == direct["status"]
    assert _as_counter(stats["by_cause"]) == direct["cause"]
    assert _as_counter(stats["by_category"]) == direct["category"]
    assert _as_counter(stats["by_exit_pathway"]) == direct["pathway"]
    poor = {kind: sum(n for (code, k), n in direct["status"].items() if k == kind
                      and code in ("identified", "returned")) for kind in ("households", "people")}
    assert stats["incidence"]["poor_households"] == poor["households"]
    assert stats["incidence"]["poor_people"] == poor["people"]
    return stats


def test_statistics_agree_with_a_direct_count_for_every_year_and_region(ident):
    _register(ident)
    for region in ("441882", "441882100", "441882101", V2):
        for year in (2018, 2019, 2020, date.today().year):
            _check_against_direct(ident, region, year)


def test_statistics_have_exact_figures(ident):
    _register(ident)
    y2019 = _stats(ident, "region=441882&year=2019")
    status_2019 = {r["code"]: (r["households"], r["people"]) for r in y2019["by_status"]}
    # 2019-12-31: identified = the couple, the family exiting in 2020 (3), the family whose son left in
    # 2020 (2); exited = two single people, the couple that returned in 2020 and the one removed in 2020
    # all exited on 2019-12-20, and the 2018 exit; the candidate entered the register only this year.
    assert status_2019 == {"identified": (3, 7), "exited": (4, 5)}
    assert {r["code"]: r["households"] for r in y2019["by_exit_pathway"]} == {"industry": 4}
    y2020 = _stats(ident, "region=441882&year=2020")
    status_2020 = {r["code"]: (r["households"], r["people"]) for r in y2020["by_status"]}
    assert status_2020 == {"identified": (2, 3), "exited": (3, 5), "returned": (1, 2), "removed": (1, 1)}
    assert {r["code"]: r["label_zh"] for r in y2020["by_status"]}["returned"] == "返贫"
    assert {r["code"]: r["households"] for r in y2020["by_exit_pathway"]} == {"employment": 1, "industry": 2}
    now = _stats(ident, "region=441882")
    assert {r["code"]: r["households"] for r in now["by_status"]}["candidate"] == 1
    assert y2020["incidence"] == {"poor_households": 3, "poor_people": 5, "rural_population": None,
                                  "incidence_percent": None}


def test_current_statistics_agree_with_the_register_status(ident):
    _register(ident)
    now = _stats(ident, "region=441882")
    with ident.db.transaction() as s:
        statuses = Counter(s.execute(select(Household.status)).scalars())
    assert {r["code"]: r["households"] for r in now["by_status"]} == dict(statuses)


def test_incidence_uses_the_recorded_rural_population(ident):
    _register(ident)
    r = ident.client.put("/api/v1/rural-populations/441882000000/2020", json={"population": 1500,
                         "source": "2020年统计年鉴"}, headers=ident.headers(**ADMIN))
    assert r.status_code == 200, r.text
    inc = _stats(ident, "region=441882&year=2020")["incidence"]
    assert inc == {"poor_households": 3, "poor_people": 5, "rural_population": 1500,
                   "incidence_percent": "0.33"}
    ident.client.put("/api/v1/rural-populations/441882000000/2020", json={"population": 1000},
                     headers=ident.headers(**ADMIN))
    assert _stats(ident, "region=441882&year=2020")["incidence"]["incidence_percent"] == "0.50"
    assert _stats(ident, "region=441882&year=2019")["incidence"]["rural_population"] is None
    r = ident.client.put("/api/v1/rural-populations/441882000000/2020", json={"population": 10},
                         headers=ident.headers())
    assert r.status_code == 403
    infra = ident.app.state.infra
    with ident.db.transaction() as s:
        sets = s.execute(select(infra.audit.c.before, infra.audit.c.after)
                         .where(infra.audit.c.action == "region.rural_population")
                         .order_by(infra.audit.c.seq)).all()
        events = s.execute(select(func.count()).where(
            infra.outbox.c.type == "region.rural_population_set")).scalar_one()
    assert [(b and b["population"], a["population"]) for b, a in sets] == [(None, 1500), (1500, 1000)]
    assert events == 2
    listed = ident.client.get("/api/v1/rural-populations", headers=ident.headers()).json()["items"]
    assert [(p["region_code"], p["year"], p["population"]) for p in listed] == [("441882000000", 2020, 1000)]


def test_relatively_poor_villages_and_their_exits(ident):
    with ident.db.transaction() as s:
        poor = s.execute(select(Region.code).where(
            Region.level == "village", Region.relatively_poor.is_(True),
            Region.code.startswith("441882"))).scalars().all()
        procedure = Procedure(id=uuid.uuid4(), kind="village_exit", subject_type="village", subject_key=V1,
                              region_code=V1, state="completed", year=2019, started_by="t",
                              started_on=date(2019, 10, 1), closed_on=date(2019, 12, 25))
        s.add(procedure)
        s.flush()
        s.add(VillageExit(village_code=V1, exited_on=date(2019, 12, 25), year=2019,
                          procedure_id=procedure.id))
    assert len(poor) == 24
    assert _stats(ident, "region=441882&year=2018")["villages"] == {"relatively_poor": 24, "exited": 0,
                                                                   "remaining": 24}
    assert _stats(ident, "region=441882&year=2019")["villages"] == {"relatively_poor": 24, "exited": 1,
                                                                   "remaining": 23}
    town = _stats(ident, "region=441882100&year=2019")["villages"]
    assert town == {"relatively_poor": sum(1 for c in poor if c.startswith("441882100")), "exited": 1,
                    "remaining": sum(1 for c in poor if c.startswith("441882100")) - 1}


def test_statistics_stay_inside_the_callers_region(ident):
    _register(ident)
    town = ident.headers("town_official", "441882101")
    r = ident.client.get("/api/v1/statistics?region=441882100&year=2020", headers=town)
    refused = (r.status_code, r.json()["code"], r.json()["errors"][0]["field"])
    assert refused == (403, "region_out_of_scope", "region")
    mine = ident.client.get("/api/v1/statistics?year=2020", headers=town).json()
    assert mine["region_code"] == "441882101"
    assert sum(row["households"] for row in mine["by_status"]) == 2
    r = ident.client.get("/api/v1/statistics?region=4418821", headers=ident.headers())
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region"
    assert Decimal(_stats(ident, "region=441882&year=2020")["incidence"]["poor_people"]) == 5


def test_regions_one_level_down_agree_with_a_direct_count(ident):
    _register(ident)
    for region, year in (("441882", 2019), ("441882", 2020), ("441882100", 2020), (V1, 2020)):
        stats = _stats(ident, f"region={region}&year={year}")
        length = {6: 9, 9: 12, 12: 12}[len(region)]
        expected = {}
        with ident.db.transaction() as s:
            villages = {h.region_code for h in s.execute(select(Household)).scalars()}
        for code in sorted({v[:length] for v in villages if v.startswith(region)}):
            direct = _direct(ident, code, date(year, 12, 31))["status"]
            groups = (("poor", ("identified", "returned")), ("exited", ("exited",)))
            row = {f"{kind}_{unit}": sum(n for (status, u), n in direct.items()
                                         if u == unit and status in group)
                   for kind, group in groups for unit in ("households", "people")}
            if any(row.values()):
                expected[code.ljust(12, "0")] = row
        got = {r["code"]: {k: r[k] for k in ("poor_households", "poor_people", "exited_households",
                                            "exited_people")} for r in stats["by_region"]}
        assert got == expected, (region, year)
    towns = _stats(ident, "region=441882&year=2020")["by_region"]
    assert [(t["code"], t["name"]) for t in towns] == [("441882100000", "连州镇"), ("441882101000", "星子镇")]
