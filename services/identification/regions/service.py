"""Rules for changing regions: designations by the province, conditions by local officials."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from services.identification.models import NaturalVillage, Region
from services.identification.regions import repository as repo
from services.identification.regions.errors import NaturalVillageExists, RegionNotVillage
from services.identification.regions.schemas import NaturalVillageWrite
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import not_found
from shared.events.identification import RegionChanged

_FLAGS = ("relatively_poor", "old_revolutionary_base", "central_soviet_area", "ethnic_minority_area",
          "tidy_village")


def _flags(region: Region) -> dict[str, Any]:
    return {f: getattr(region, f) for f in _FLAGS}


def village_in_scope(session: Session, caller: Caller, code: str) -> Region:
    """Load a village the caller may change; other regions answer 404 or 422."""
    region = repo.with_natural_villages(session, code)
    if region is None or not caller.can_see(code):
        raise not_found("Region", "区划", code)
    if region.level != "village":
        raise RegionNotVillage.on("code", f"Region {code} is not a village", f"{code} 不是行政村")
    return region


def update_village(session: Session, caller: Caller, code: str, if_match: str | None,
                   changes: dict[str, Any]) -> Region:
    """Change a village's flags, refusing a stale version; audited and announced."""
    region = village_in_scope(session, caller, code)
    check_if_match(if_match, region.version)
    if not changes:
        return region
    before = _flags(region)
    for name, value in changes.items():
        setattr(region, name, value)
    session.flush()
    _record(session, caller, region, "region.update", before, sorted(changes))
    return region


def _record(session: ServiceSession, caller: Caller, region: Region, action: str, before: dict[str, Any],
            changed: list[str]) -> None:
    after = {**_flags(region), "natural_villages": [
        {"name": n.name, "households": n.households, "hardened_road": n.hardened_road}
        for n in region.natural_villages]}
    session.journal.record(RegionChanged(region_code=region.code, version=region.version, changed=changed),
                           actor=caller.subject, action=action, before=before, after=after)


def _bump(session: Session, region: Region) -> None:
    """A natural village is part of its village: bump the village's version with it."""
    flag_modified(region, "tidy_village")
    session.flush()


def add_natural_village(session: ServiceSession, caller: Caller, code: str, if_match: str | None,
                        data: NaturalVillageWrite) -> Region:
    """Add a natural village to a village."""
    region = village_in_scope(session, caller, code)
    check_if_match(if_match, region.version)
    before = _flags(region)
    region.natural_villages.append(NaturalVillage(village_code=code, **data.model_dump()))
    session.flush_unique(lambda: NaturalVillageExists.on("name", f"{data.name} already exists in {code}",
                                                         f"{code} 已有自然村 {data.name}"))
    _bump(session, region)
    _record(session, caller, region, "natural_village.add", before, ["natural_villages"])
    return region


def update_natural_village(session: Session, caller: Caller, code: str, natural_id: int,
                           if_match: str | None, data: NaturalVillageWrite) -> Region:
    """Replace a natural village's household count and road status."""
    region = village_in_scope(session, caller, code)
    check_if_match(if_match, region.version)
    target = next((n for n in region.natural_villages if n.id == natural_id), None)
    if target is None:
        raise not_found("Natural village", "自然村", natural_id)
    if data.name != target.name and any(n.name == data.name for n in region.natural_villages):
        raise NaturalVillageExists(f"{data.name} already exists in {code}",
                                   f"{code} 已有自然村 {data.name}")
    before = _flags(region)
    target.name, target.households, target.hardened_road = data.name, data.households, data.hardened_road
    _bump(session, region)
    _record(session, caller, region, "natural_village.update", before, ["natural_villages"])
    return region


def list_children(session: Session, parent: str | None, level: str | None) -> list[Region]:
    """List the regions directly under a parent (the province's when omitted), by code."""
    return repo.children(session, parent, level)


def read_region(session: Session, code: str) -> Region:
    """Load a region with its natural villages, or answer 404."""
    region = repo.with_natural_villages(session, code)
    if region is None:
        raise not_found("Region", "区划", code)
    return region
