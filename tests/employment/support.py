"""Helpers of the employment tests: identified households in identification, replicated into employment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.employment.models import consumers, replica
from services.identification.demo import compose_id_number
from shared.replica.handler import RegisterReplica
from shared.replica.source import RegisterSource
from tests.consumers.support import catch_up, service_token
from tests.identification.bulk_support import run_import

VILLAGE = "441882100201"  # 三古滩村, town 441882100 (连州镇)
OTHER_TOWN_VILLAGE = "441882101201"  # 星子村, town 441882101 (星子镇)
TODAY = date.today()


def born(age: int, before_birthday_days: int = 30) -> date:
    """A birth date giving this age today (the birthday a month ago, so the age holds for a while)."""
    day = date.fromordinal(TODAY.toordinal() - before_birthday_days)
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February
        return day.replace(year=day.year - age, day=28)


@dataclass
class Someone:
    """A member to put into the register: age, labour capacity, health, relation."""

    age: int = 35
    labour_capacity: str = "normal"
    health_status: str = "healthy"
    relation: str = "head"
    birth: date | None = None
    phone: str | None = None


_serial = iter(range(11, 990, 2))


def _member(person: Someone) -> dict[str, Any]:
    serial = next(_serial)
    birth = person.birth or born(person.age)
    return {"name": f"劳动者{serial}", "id_number": compose_id_number("441882", birth, serial),
            "relation": person.relation, "labour_capacity": person.labour_capacity,
            "health_status": person.health_status, "medical_insured": True,
            **({"phone": person.phone} if person.phone else {})}


def import_households(ident: Any, households: list[list[Someone]], region: str = VILLAGE,
                      status: str = "identified") -> list[dict[str, Any]]:
    """Import households into identification's register (NDJSON, as a county loads its files)."""
    start = next(_serial)
    lines = []
    for n, people in enumerate(households):
        body = {"household_no": f"{region[-6:]}{start:04d}{n:03d}", "region_code": region,
                "address": "三古滩村1号", "category": "general", "primary_cause": "lack_of_skills",
                "safe_drinking_water": True, "status": status, "identified_on": "2016-06-30",
                "members": [_member(p) for p in people]}
        if status == "exited":
            body |= {"exited_on": "2018-12-01", "exit_pathway": "employment"}
        lines.append(json.dumps(body, ensure_ascii=False))
    job = run_import(ident, ("\n".join(lines) + "\n").encode(), "households.ndjson")
    assert job["state"] == "succeeded" and job["households_rejected"] == 0, job
    numbers = [json.loads(line)["household_no"] for line in lines]
    return [_household(ident, no) for no in numbers]


def _household(ident: Any, household_no: str) -> dict[str, Any]:
    page = ident.client.get("/api/v1/households", params={"region": "441882", "limit": 500},
                            headers=ident.headers()).json()
    [found] = [h for h in page["items"] if h["household_no"] == household_no]
    return ident.client.get(f"/api/v1/households/{found['id']}", headers=ident.headers()).json()


def sync(emp: Any, ident: Any) -> None:
    """Bring employment's replica up to identification's feed, as its consumer does in production."""
    handler = RegisterReplica(replica, RegisterSource(ident.client, service_token(ident)))
    catch_up(emp.db, consumers, handler, ident.client, service_token(ident))


def labour_force(emp: Any, **params: Any) -> list[dict[str, Any]]:
    """Every line of the labour force list as the county sees it."""
    items, cursor = [], None
    while True:
        r = emp.client.get("/api/v1/labour-force", params={**params, "limit": 2, "cursor": cursor},
                           headers=emp.headers())
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return items


def register(emp: Any, member_id: str, expect: int = 201, **fields: Any) -> dict[str, Any]:
    """Register a labourer (defaults: wants work and training, any place); return the JSON."""
    body = {"member_id": member_id, "wants_work": True, "wants_training": True, "places": ["anywhere"],
            **fields}
    r = emp.client.post("/api/v1/labourers", json=body, headers=emp.headers())
    assert r.status_code == expect, r.text
    return r.json()


# A valid unified social credit code (GB 32100) and two more made from it by check character.
def credit_code(stem: str = "91441882MA4W1XQ32") -> str:
    """Complete a 17-character stem with its check character."""
    from stdnum.cn import uscc

    return stem + uscc.calc_check_digit(stem)


def employer(emp: Any, stem: str = "91441882MA4W1XQ32", region: str = "441882",
             **extra: Any) -> dict[str, Any]:
    """Register an employer; return its JSON."""
    body = {"credit_code": credit_code(stem), "name": "连州市扶贫车间有限公司", "kind": "enterprise",
            "region_code": region, **extra}
    r = emp.client.post("/api/v1/employers", json=body, headers=emp.headers(role="province_official",
                                                                             region="44"))
    assert r.status_code == 201, r.text
    return r.json()


def position(emp: Any, employer_id: str, expect: int = 201, **extra: Any) -> dict[str, Any]:
    """Post a position (defaults: an ordinary job in the county, 3,000 a month, 2 openings)."""
    body = {"employer_id": employer_id, "title": "普工", "kind": "ordinary", "region_code": "441882",
            "monthly_wage": "3000.00", "openings": 2, "starts_on": "2019-03-01", **extra}
    r = emp.client.post("/api/v1/positions", json=body, headers=emp.headers(role="province_official",
                                                                             region="44"))
    assert r.status_code == expect, r.text
    return r.json()


def step(emp: Any, placement: dict[str, Any], action: str, expect: int = 200, **body: Any) -> dict[str, Any]:
    """Take a placement step with If-Match of the version given; return the JSON."""
    r = emp.client.post(f"/api/v1/placements/{placement['id']}/{action}", json=body,
                        headers=emp.headers(**{"If-Match": f'"{placement["version"]}"'}))
    assert r.status_code == expect, r.text
    return r.json()


def recommend(emp: Any, member_id: str, position_id: str, expect: int = 201,
              on: str = "2019-03-01") -> dict[str, Any]:
    """Recommend a labourer for a position; return the JSON."""
    r = emp.client.post("/api/v1/placements", json={"member_id": member_id, "position_id": position_id,
                                                    "on": on}, headers=emp.headers())
    assert r.status_code == expect, r.text
    return r.json()
