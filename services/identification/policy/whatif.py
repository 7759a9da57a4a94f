"""Policy what-if: a draft standard dry-run over the register, set-based, nothing changed (§24, §26).

The exit rule runs as one SQL aggregate per request (whatif_sql), never a loop per household, so
a province's register is evaluated in seconds; the result is totals by county, town and village
with the households behind each figure listed through a second, paged query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from services.identification.policy import repository as repo
from services.identification.policy import whatif_sql as sql
from services.identification.policy.rules import Standard
from services.identification.policy.schemas import (
    DraftRead,
    RegionTally,
    StandardValues,
    WhatIfHousehold,
    WhatIfRequest,
    WhatIfResult,
)
from services.identification.policy.service import current_standard, reference_date
from shared.auth import Caller
from shared.errors import RegionOutOfScope
from shared.pagination import encode_cursor

HOUSEHOLDS_LINK = "/api/v1/policy/what-if/households"
_COUNTS = ("households", "people", "pass_households", "pass_people", "current_pass_households",
           "current_pass_people", "changed_to_fail", "changed_to_pass")


@dataclass(frozen=True)
class Plan:
    """A what-if run: its scope, the standards compared and their SQL conditions."""

    year: int
    prefix: str
    current: list[Standard]
    draft: list[Standard]
    src: sql.Sources
    draft_conditions: dict[str, Any]
    draft_pass: Any
    current_pass: Any


def scope(caller: Caller, region: str | None) -> str:
    """Intersect the requested region with the caller's scope; outside it answers 403."""
    prefix = caller.narrow(region)
    if prefix is None:
        raise RegionOutOfScope("region", region or "")
    return prefix


def in_force(session: Session, year: int, prefix: str) -> list[Standard]:
    """Return the standards in force inside a prefix, most specific first; the last covers it all."""
    covering = current_standard(session, year, prefix)
    inner = [s for s in repo.newest_within(session, year, prefix) if len(s.region_prefix) > len(prefix)]
    return [*sorted(inner, key=lambda s: -len(s.region_prefix)), covering]


def plan(session: Session, caller: Caller, body: WhatIfRequest, within: str | None = None) -> Plan:
    """Build the draft as if issued at the scope prefix and both rules as SQL over `within` it."""
    prefix = scope(caller, body.region)
    current = in_force(session, body.year, prefix)
    overrides = body.model_dump(include=set(StandardValues.model_fields), exclude_none=True)
    draft_std = replace(current[-1], **overrides, region_prefix=prefix)
    draft = [*current[:-1], draft_std]
    sql.tune_for_aggregates(session)
    src = sql.sources(body.year, reference_date(body.year), within or prefix)
    draft_conditions = sql.conditions(src, draft)
    return Plan(body.year, prefix, current, draft, src, draft_conditions, sql.all_of(draft_conditions),
                sql.all_of(sql.conditions(src, current)))


def _tally(code: str, name: str, counts: dict[str, int]) -> RegionTally:
    return RegionTally(region_code=code, name=name,
                       fail_households=counts["households"] - counts["pass_households"],
                       fail_people=counts["people"] - counts["pass_people"], **counts)


def _roll_up(rows: list[Any]) -> dict[str, dict[str, dict[str, int]]]:
    """Add village counts up to towns, counties and the total."""
    levels: dict[str, dict[str, dict[str, int]]] = {lvl: defaultdict(lambda: dict.fromkeys(_COUNTS, 0))
                                                    for lvl in ("villages", "towns", "counties", "total")}
    for row in rows:
        code = row.region_code
        keys = {"villages": code, "towns": code[:9].ljust(12, "0"), "counties": code[:6].ljust(12, "0"),
                "total": "total"}
        for level, key in keys.items():
            for field in _COUNTS:
                levels[level][key][field] += int(getattr(row, field) or 0)
    return levels


def _draft_read(p: Plan) -> DraftRead:
    d, c = p.draft[-1], p.current[-1]
    return DraftRead(region_prefix=p.prefix, based_on_version=c.version, based_on_region=c.region_prefix,
                     rural_income_per_head=d.rural_income_per_head,
                     household_exit_ratio=d.household_exit_ratio,
                     identification_line=d.identification_line, price_index=d.price_index,
                     safe_water_required=d.safe_water_required,
                     household_exit_threshold=d.household_exit_threshold(),
                     current_household_exit_threshold=c.household_exit_threshold(),
                     identification_threshold=d.identification_threshold())


def run(session: Session, caller: Caller, body: WhatIfRequest) -> WhatIfResult:
    """Dry-run a draft over the households in poverty in scope: totals by county, town and village."""
    p = plan(session, caller, body)
    levels = _roll_up(sql.tally_by_village(session, p.src, p.prefix, p.draft_pass, p.current_pass))
    names = repo.region_names(session, [c for lvl in ("villages", "towns", "counties") for c in levels[lvl]])

    def tallies(level: str) -> list[RegionTally]:
        return [_tally(code, names.get(code, ""), counts) for code, counts in sorted(levels[level].items())]

    total = levels["total"].get("total", dict.fromkeys(_COUNTS, 0))
    return WhatIfResult(year=body.year, region=p.prefix, draft=_draft_read(p),
                        kept_own_standard=[s.region_prefix for s in p.current[:-1]],
                        total=_tally(p.prefix, names.get(p.prefix.ljust(12, "0"), ""), total),
                        counties=tallies("counties"), towns=tallies("towns"), villages=tallies("villages"),
                        households_link=HOUSEHOLDS_LINK)


def _per_head(net: int | None, size: int | None) -> str | None:
    if net is None or not size:
        return None
    return f"{(Decimal(net) / 100 / size).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def households(session: Session, caller: Caller, body: WhatIfRequest, outcome: str, within: str | None,
               after_no: str | None, limit: int) -> tuple[list[WhatIfHousehold], str | None]:
    """List the households behind one figure of a what-if, in household-number order."""
    prefix = scope(caller, body.region)
    narrowed = prefix if within is None else (within if within.startswith(prefix) else None)
    if narrowed is None:
        return [], None
    p = plan(session, caller, body, narrowed)
    rows = sql.households_behind(session, p.src, narrowed, p.draft_conditions, p.draft_pass, p.current_pass,
                                 outcome, after_no, limit)
    items = [WhatIfHousehold(
        id=r.id, household_no=r.household_no, region_code=r.region_code, people=r.people,
        income_per_head=_per_head(r.net, r.size), draft_passed=bool(r.draft_passed),
        current_passed=bool(r.current_passed),
        draft_failed=[code for code in p.draft_conditions if not getattr(r, f"ok_{code}")]) for r in rows]
    next_cursor = encode_cursor([rows[-1].household_no]) if len(rows) == limit else None
    return items, next_cursor
