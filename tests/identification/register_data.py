"""Valid register bodies and small HTTP helpers for the register tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.identification.demo import compose_id_number

VILLAGE = "441882100201"  # 三古滩村, town 441882100000 (连州镇)
OTHER_VILLAGE = "441882100202"  # 昆陂村, same town
TOWN = "441882100000"


def id_number(serial: int, birth: date = date(1970, 5, 1), area: str = "441882") -> str:
    """Return a valid ID number; odd serial is a man, even a woman."""
    return compose_id_number(area, birth, serial)


def member(serial: int = 11, relation: str = "head", name: str = "李大山",
           birth: date = date(1970, 5, 1), **extra: Any) -> dict[str, Any]:
    """Return a valid member body."""
    return {"name": name, "id_number": id_number(serial, birth), "relation": relation,
            "labour_capacity": "normal", **extra}


def household(members: list[dict[str, Any]] | None = None, region: str = VILLAGE,
              **extra: Any) -> dict[str, Any]:
    """Return a valid household body (one head unless members are given)."""
    return {"region_code": region, "address": "三古滩村1号", "category": "general",
            "primary_cause": "illness", "safe_drinking_water": True,
            "members": members if members is not None else [member()], **extra}


def create(ident: Any, body: dict[str, Any] | None = None, **headers: Any) -> dict[str, Any]:
    """Create a household through the API and return its JSON (asserting 201)."""
    r = ident.client.post("/api/v1/households", json=body or household(), headers=ident.headers(**headers))
    assert r.status_code == 201, r.text
    return r.json()


def fields(problem: dict[str, Any]) -> list[str]:
    """Return the field names a problem+json body names."""
    return [e["field"] for e in problem["errors"]]
