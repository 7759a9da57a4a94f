"""Time the provincial funds report over N generated payments against a plain SQL GROUP BY of its figures.

A fresh PostgreSQL database is built by the funds migrations; counties (in the register replica),
projects of 2019 and 2018 with three budget lines each, one payment per row of generate_series spread
over the lines, and one allocation per line covering its payments are generated inside the database
with set-based INSERT … SELECT; the lines' counters are then set from the ledgers. In the same process,
each best of --repeat:
  report    reports.service.report() for the province (region 44), rendered to JSON as the API answers
  group by  three hand-written SQL GROUP BYs (budget lines, allocations, payments) by county, type, source
  page(50)  the first page of payments behind one county's figure (a county, a type, a source),
            and behind the provincial total
  xlsx      the workbook of the same report
The report's figures must equal the GROUP BY's, cell by cell, or the run fails.

    .venv/bin/python bench/bench_funds_report.py [--payments 1000000] [--repeat 3] [--keep | --reuse]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pgdb import create_database, database_url, drop_database
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.funds.reports import service
from services.funds.reports.workbook import workbook
from shared.auth import Caller

YEAR = 2019
COUNTIES = 120
PROJECTS = 24_000
PROVINCE = Caller(
    subject="bench",
    roles=frozenset({"province_official"}),
    region="44",
    permissions=frozenset({"funds:read"}),
)

GENERATE = [
    # 120 counties of the province, named in the register replica as the report names them
    """
    INSERT INTO replica_regions (code, name, level, parent_code, relatively_poor, synced_at)
    SELECT '44' || lpad((1 + c / 10)::text, 2, '0') || lpad((c % 10 + 1)::text, 2, '0') || '000000',
           'bench county ' || c, 'county', '44' || lpad((1 + c / 10)::text, 2, '0') || '00000000', false,
           now()
    FROM generate_series(0, :counties - 1) c
    """,
    # projects spread over the counties and the eleven types; one in ten of the year before
    """
    INSERT INTO projects (id, name, project_type, county_code, year, description, planned_start, planned_end,
        status, created_by, created_at, version)
    SELECT md5('p' || g)::uuid, 'bench project ' || g,
        (ARRAY['industry', 'asset_income', 'road', 'water', 'power', 'network', 'housing_renovation',
               'education', 'health', 'employment', 'ecological'])[1 + g % 11],
        r.codes[1 + g % r.n], CASE WHEN g % 10 = 0 THEN :year - 1 ELSE :year END, 'bench',
        date '2019-03-01', date '2019-12-31', 'implementing', 'bench', now(), 1
    FROM generate_series(0, :projects - 1) g,
         (SELECT array_agg(code ORDER BY code) AS codes, count(*)::int AS n FROM replica_regions
          WHERE level = 'county') r
    """,
    # three budget lines per project; the counters are set from the ledgers below
    """
    INSERT INTO project_funds (project_id, source, budget_fen, allocated_fen, disbursed_fen)
    SELECT md5('p' || g)::uuid, s, 0, 0, 0
    FROM generate_series(0, :projects - 1) g, unnest(ARRAY['central', 'provincial', 'county']) s
    """,
    # the payments, each on one budget line
    """
    INSERT INTO payments (id, project_id, source, amount_fen, payee, paid_on, request_key, recorded_by,
        recorded_at)
    SELECT md5('m' || g)::uuid, md5('p' || (g % :projects))::uuid,
        (ARRAY['central', 'provincial', 'county'])[1 + (g / :projects) % 3],
        100 + (g::bigint * 7919) % 5000000,
        'bench payee', date '2019-04-01' + g % 200, 'bench-' || g, 'bench', now()
    FROM generate_series(0, :payments - 1) g
    """,
    # one allocation per line, covering its payments with some left over
    """
    INSERT INTO allocations (id, project_id, source, amount_fen, document_no, allocated_on, recorded_by,
        recorded_at)
    SELECT md5('a' || f.project_id || f.source)::uuid, f.project_id, f.source,
        coalesce(m.paid, 0) + 1000000, 'bench', date '2019-03-15', 'bench', now()
    FROM project_funds f LEFT JOIN (SELECT project_id, source, sum(amount_fen) AS paid FROM payments
                                    GROUP BY project_id, source) m
         ON m.project_id = f.project_id AND m.source = f.source
    """,
    """
    UPDATE project_funds f SET allocated_fen = a.amount_fen, disbursed_fen = a.amount_fen - 1000000,
        budget_fen = a.amount_fen + 5000000
    FROM allocations a WHERE a.project_id = f.project_id AND a.source = f.source
    """,
]

GROUP_BY = {
    "budget": """
        SELECT p.county_code, p.project_type, f.source, count(*), sum(f.budget_fen)
        FROM project_funds f JOIN projects p ON p.id = f.project_id
        WHERE p.year = :year GROUP BY p.county_code, p.project_type, f.source""",
    "allocated": """
        SELECT p.county_code, p.project_type, a.source, sum(a.amount_fen)
        FROM allocations a JOIN projects p ON p.id = a.project_id
        WHERE p.year = :year GROUP BY p.county_code, p.project_type, a.source""",
    "disbursed": """
        SELECT p.county_code, p.project_type, m.source, count(*), sum(m.amount_fen)
        FROM payments m JOIN projects p ON p.id = m.project_id
        WHERE p.year = :year GROUP BY p.county_code, p.project_type, m.source""",
}


def generate(engine: Engine, payments: int) -> float:
    """Insert counties, projects, budget lines, payments and allocations; return the seconds taken."""
    started = time.perf_counter()
    with engine.begin() as conn:
        for statement in GENERATE:
            conn.execute(
                text(statement),
                {"counties": COUNTIES, "projects": PROJECTS, "payments": payments, "year": YEAR},
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def best_of(repeat: int, work: object) -> tuple[float, object]:
    """Run a callable `repeat` times; return the best seconds and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best, result


def group_by(session: Session) -> dict[tuple[str, str, str], list[int]]:
    """The same figures by plain SQL: [lines, budget, allocated, payments, disbursed] per cell, in fen."""
    cells: dict[tuple[str, str, str], list[int]] = {}
    for name, sql in GROUP_BY.items():
        for row in session.execute(text(sql), {"year": YEAR}):
            cell = cells.setdefault(tuple(row[:3]), [0, 0, 0, 0, 0])  # type: ignore[arg-type]
            if name == "budget":
                cell[0], cell[1] = row[3], int(row[4])
            elif name == "allocated":
                cell[2] = int(row[3])
            else:
                cell[3], cell[4] = row[3], int(row[4])
    return cells


def report_cells(report: object) -> dict[tuple[str, str, str], list[int]]:
    """The report's figures per cell, in fen."""
    return {
        (c.county_code, line.project_type, line.source): [
            line.projects,
            int(line.budget * 100),
            int(line.allocated * 100),
            line.payments,
            int(line.disbursed * 100),
        ]
        for c in report.counties
        for line in c.lines
    }  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default="bench_funds_report")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time a database kept by --keep")
    args = parser.parse_args()

    if args.reuse:
        engine, seconds = create_engine(database_url(args.database)), 0.0
    else:
        engine = create_engine(create_database(args.database, "funds"))
        seconds = generate(engine, args.payments)
    with Session(engine) as session:
        payments = session.execute(text("SELECT count(*) FROM payments")).scalar_one()
        t_report, report = best_of(args.repeat, lambda: service.report(session, PROVINCE, YEAR, "44"))
        t_json, _ = best_of(
            args.repeat, lambda: service.report(session, PROVINCE, YEAR, "44").model_dump_json()
        )
        t_sql, cells = best_of(args.repeat, lambda: group_by(session))
        first = report.counties[0].lines[0]  # type: ignore[attr-defined]
        t_page, page = best_of(
            args.repeat,
            lambda: service.payment_page(
                session,
                PROVINCE,
                service.Figure(
                    YEAR,
                    report.counties[0].county_code,
                    first.source,  # type: ignore[attr-defined]
                    first.project_type,
                    None,
                    50,
                ),
            ),
        )
        t_all, _ = best_of(
            args.repeat, lambda: service.payment_page(
                session, PROVINCE, service.Figure(YEAR, "44", None, None, None, 50)
            )
        )
        t_xlsx, size = best_of(args.repeat, lambda: sum(len(b) for b in workbook(report)))  # type: ignore[arg-type]
    engine.dispose()
    if not args.keep:
        drop_database(args.database)

    found = report_cells(report)
    if found != cells:
        wrong = sorted(k for k in set(found) | set(cells) if found.get(k) != cells.get(k))
        raise SystemExit(
            f"MISMATCH in {len(wrong)} cells, e.g. {wrong[:3]}: "
            f"report {[found.get(k) for k in wrong[:3]]}, SQL {[cells.get(k) for k in wrong[:3]]}"
        )
    total = report.total  # type: ignore[attr-defined]
    print(
        f"generated {payments:,} payments over {PROJECTS:,} projects in {COUNTIES} counties "
        f"in {seconds:.1f} s"
    )
    print(
        f"{YEAR}: {len(cells):,} cells; {total.payments:,} payments, budget {total.budget:,} yuan, "
        f"allocated {total.allocated:,}, disbursed {total.disbursed:,} — equal to the GROUP BY, cell by cell"
    )
    print(f"{'query':<16}{'best s':>9}{'vs GROUP BY':>13}")
    for name, t in (("report", t_report), ("report + JSON", t_json), ("group by", t_sql)):
        print(f"{name:<16}{t:>9.3f}{t / t_sql:>13.2f}")
    print(f"{'page(50)':<16}{t_page:>9.3f}   ({len(page[0])} payments behind one county's cell)")
    print(f"{'page(50) all':<16}{t_all:>9.3f}   (first page of every payment behind the provincial total)")
    print(f"{'xlsx':<16}{t_xlsx:>9.3f}   ({size:,} bytes, from the report already built)")


if __name__ == "__main__":
    main()
