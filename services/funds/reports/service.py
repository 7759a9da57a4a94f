"""The funds report: a year's budget, allocated and disbursed money by county, source and project type.

A project counts in its own year (the annual plan it belongs to), whatever its state; allocated and
disbursed are the sums of its allocation and payment records, in integer fen, so every figure is
the sum of the records its links list.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from services.funds.paging import after_id, cut
from services.funds.reports import repository as repo
from services.funds.reports.repository import Cell
from services.funds.reports.schemas import (
    CountyReport,
    Figures,
    FundsReport,
    Links,
    ReportAllocation,
    ReportLine,
    ReportPayment,
    ReportProject,
    Subtotal,
)
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor
from shared.types import from_fen

BASE = "/api/v1/reports/funds"
NOWHERE = "-"  # a region no county code starts with: a caller asking outside its scope gets nothing


@dataclass
class Sums:
    """Figures being added up, in fen."""

    projects: int = 0
    budget: int = 0
    allocated: int = 0
    disbursed: int = 0
    payments: int = 0

    def add(self, other: Sums, projects: bool = True) -> None:
        """Add another's money (and its project count unless it counts them otherwise)."""
        self.projects += other.projects if projects else 0
        self.budget += other.budget
        self.allocated += other.allocated
        self.disbursed += other.disbursed
        self.payments += other.payments

    def figures(self) -> dict[str, object]:
        """Render as the report's fields, yuan."""
        return {
            "projects": self.projects,
            "budget": from_fen(self.budget),
            "allocated": from_fen(self.allocated),
            "disbursed": from_fen(self.disbursed),
            "payments": self.payments,
        }


def scope(caller: Caller, region: str | None) -> str:
    """The region prefix a caller's report covers."""
    return caller.narrow(region) or NOWHERE


def links(year: int, region: str, source: str | None = None, project_type: str | None = None) -> Links:
    """The drill-down addresses of a figure (every value is digits or a code: nothing to escape)."""
    pairs = (("year", year), ("region", region), ("source", source), ("project_type", project_type))
    query = "&".join(f"{k}={v}" for k, v in pairs if v is not None)
    return Links(
        projects=f"{BASE}/projects?{query}",
        allocations=f"{BASE}/allocations?{query}",
        payments=f"{BASE}/payments?{query}",
    )


def report(session: ServiceSession, caller: Caller, year: int, region: str | None) -> FundsReport:
    """Build the report of the counties in the caller's scope (narrowed to a region)."""
    prefix = scope(caller, region)
    cell = Cell(year, prefix)
    budgets, allocated, disbursed = (
        repo.budgets(session, cell),
        repo.allocated(session, cell),
        repo.disbursed(session, cell),
    )
    counts = repo.project_counts(session, cell)
    lines: dict[tuple[str, str, str], Sums] = {}
    for key in sorted(set(budgets) | set(allocated) | set(disbursed)):
        projects, budget = budgets.get(key, (0, 0))
        payments, paid = disbursed.get(key, (0, 0))
        lines[key] = Sums(projects, budget, allocated.get(key, 0), paid, payments)
    return assemble(session, year, prefix, lines, counts)


def assemble(
    session: ServiceSession,
    year: int,
    prefix: str,
    lines: dict[tuple[str, str, str], Sums],
    counts: dict[tuple[str, str], int],
) -> FundsReport:
    """Sum the lines up to counties, sources, types and the total, each figure with its links."""
    by_county: dict[str, list[tuple[str, str, Sums]]] = defaultdict(list)
    by_source: dict[str, Sums] = defaultdict(Sums)
    by_type: dict[str, Sums] = defaultdict(Sums)
    total = Sums()
    for (county, project_type, source), sums in lines.items():
        by_county[county].append((source, project_type, sums))
        by_source[source].add(sums)
        by_type[project_type].add(sums, projects=False)
        total.add(sums, projects=False)
    for (_, project_type), n in counts.items():
        by_type[project_type].projects += n
        total.projects += n
    names = repo.region_names(session, by_county)
    counties = []
    for county, rows in sorted(by_county.items()):
        sums = Sums(projects=sum(n for (c, _), n in counts.items() if c == county))
        for *_, line in rows:
            sums.add(line, projects=False)
        counties.append(
            CountyReport(
                county_code=county,
                county_name=names.get(county),
                links=links(year, county),
                **sums.figures(),
                lines=[
                    ReportLine(source=s, project_type=t, links=links(year, county, s, t), **line.figures())
                    for s, t, line in rows
                ],
            )
        )
    return FundsReport(
        year=year,
        region=prefix,
        counties=counties,
        total=Figures(**total.figures()),
        by_source=_subtotals(year, prefix, by_source, "source"),
        by_project_type=_subtotals(year, prefix, by_type, "project_type"),
    )


def _subtotals(year: int, prefix: str, sums: dict[str, Sums], kind: str) -> list[Subtotal]:
    return [
        Subtotal(key=key, links=links(year, prefix, **{kind: key}), **s.figures())
        for key, s in sorted(sums.items())
    ]


@dataclass(frozen=True)
class Figure:
    """A figure a drill-down lists the records behind (year, region, source, type) and the page asked."""

    year: int
    region: str | None
    source: str | None
    project_type: str | None
    cursor: str | None
    limit: int


def _cell(caller: Caller, figure: Figure) -> Cell:
    return Cell(figure.year, scope(caller, figure.region), figure.source, figure.project_type)


def project_page(
    session: ServiceSession, caller: Caller, figure: Figure
) -> tuple[list[ReportProject], str | None]:
    """A page of the budget lines behind a figure, with their ledger sums."""
    limit = figure.limit
    rows = repo.project_lines(session, _cell(caller, figure), _line_after(figure.cursor), limit)
    more = len(rows) > limit
    rows = rows[:limit]
    allocated, paid = repo.ledger_sums(session, [(p.id, f.source) for p, f in rows])
    items = [
        ReportProject(
            project_id=p.id,
            name=p.name,
            county_code=p.county_code,
            project_type=p.project_type,
            status=p.status,
            source=f.source,
            budget=from_fen(f.budget_fen),
            allocated=from_fen(allocated.get((p.id, f.source), 0)),
            disbursed=from_fen(paid.get((p.id, f.source), 0)),
        )
        for p, f in rows
    ]
    return items, encode_cursor([str(rows[-1][0].id), rows[-1][1].source]) if more else None


def _line_after(cursor: str | None) -> tuple[uuid.UUID, str] | None:
    values = decode_cursor(cursor, 2, (str, str))
    if values is None:
        return None
    try:
        return uuid.UUID(values[0]), values[1]
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def allocation_page(
    session: ServiceSession, caller: Caller, figure: Figure
) -> tuple[list[ReportAllocation], str | None]:
    """A page of the allocations behind a figure."""
    rows, next_cursor = cut(
        repo.allocations(session, _cell(caller, figure), after_id(figure.cursor), figure.limit),
        figure.limit,
        lambda a: a.id,
    )
    return [
        ReportAllocation(
            id=a.id,
            project_id=a.project_id,
            source=a.source,
            amount=from_fen(a.amount_fen),
            document_no=a.document_no,
            allocated_on=a.allocated_on,
        )
        for a in rows
    ], next_cursor


def payment_page(
    session: ServiceSession, caller: Caller, figure: Figure
) -> tuple[list[ReportPayment], str | None]:
    """A page of the payments behind a figure."""
    rows, next_cursor = cut(
        repo.payments(session, _cell(caller, figure), after_id(figure.cursor), figure.limit),
        figure.limit,
        lambda p: p.id,
    )
    return [
        ReportPayment(
            id=p.id,
            project_id=p.project_id,
            source=p.source,
            amount=from_fen(p.amount_fen),
            household_id=p.household_id,
            stage_no=p.stage_no,
            paid_on=p.paid_on,
        )
        for p in rows
    ], next_cursor


def flat_lines(report_: FundsReport) -> Iterable[tuple[CountyReport, ReportLine]]:
    """Every line of a report with its county, in order."""
    for county in report_.counties:
        for line in county.lines:
            yield county, line
