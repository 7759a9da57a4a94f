"""Coverage by region against the 100% targets, and the people behind each gap."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from sqlalchemy.orm import Session

from services.employment.catalogue import COVERAGE_TARGETS
from services.employment.coverage import repository as repo
from services.employment.coverage.schemas import CoverageRow, GapPerson
from services.employment.jobs.queries import uuid_cursor
from services.employment.labour.rules import age_on
from shared.auth import LEVEL_CODE_LENGTH
from shared.pagination import encode_cursor

TARGET = COVERAGE_TARGETS.parameters[0].default or "1.0000"


def share(done: int, of: int) -> str:
    """A share with four places, rounded down so a gap never shows as reached; none wanted is 1."""
    if of == 0:
        return "1.0000"
    return str((Decimal(done) / Decimal(of)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN))


def coverage(session: Session, prefix: str, level: str, today: date) -> list[CoverageRow]:
    """Coverage per region at a level under a prefix."""
    digits = max(LEVEL_CODE_LENGTH[level], len(prefix))
    rows = {r.region: r for r in repo.by_region(session, today, prefix, digits)}
    unknown = repo.unregistered(session, today, prefix, digits)
    out = []
    for region in sorted(rows.keys() | unknown.keys()):
        r = rows.get(region)
        train, trained = (r.willing_to_train, r.trained) if r else (0, 0)
        work, served = (r.willing_to_work, r.served) if r else (0, 0)
        out.append(
            CoverageRow(
                region_code=region,
                unregistered=unknown.get(region, 0),
                willing_to_train=train,
                trained=trained,
                training_share=share(trained, train),
                training_gap=train - trained,
                willing_to_work=work,
                served=served,
                services_share=share(served, work),
                services_gap=work - served,
                target_share=TARGET,
            )
        )
    return out


def gaps(
    session: Session, prefix: str, kind: str, cursor: str | None, limit: int, today: date
) -> tuple[list[GapPerson], str | None]:
    """A page of the people behind a gap."""
    rows = repo.gap_page(session, today, prefix, kind, uuid_cursor(cursor), limit)
    items = [
        GapPerson(
            member_id=r.member_id,
            household_no=r.household_no,
            region_code=r.region_code,
            age=age_on(r.birth_date, today),
            has_counsellor=bool(r.has_counsellor),
            enrolled=bool(r.enrolled),
        )
        for r in rows
    ]
    return items, encode_cursor([str(rows[-1].member_id)]) if len(rows) == limit else None
