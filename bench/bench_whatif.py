"""Time the policy what-if over N generated households against a plain SQL COUNT of the same rule.

A fresh PostgreSQL database is built by the real migrations; households (4 members each) and
their income records are generated inside the database with set-based INSERT … SELECT over
generate_series. Then, in the same process, three things are timed, each best of --repeat:
  what-if   whatif.run(): the draft and the current standard, tallied by village, rolled up
  count     one hand-written SQL COUNT of households passing the draft, same conditions
  count*    the same COUNT on a connection with the server's default settings
  page      the first page (50) of households behind the "fail" figure
The what-if's passing total must equal the COUNT, or the run fails.

    .venv/bin/python bench/bench_whatif.py [--households 200000] [--repeat 3] [--keep | --reuse]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from pgdb import create_database, database_url, drop_database
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.identification.demo import SYSTEM, load_demo_regions
from services.identification.policy import whatif
from services.identification.policy.schemas import WhatIfRequest
from services.identification.policy.service import current_standard, reference_date
from services.identification.policy.whatif_sql import years_before

YEAR = 2018
DRAFT_RATIO = Decimal("0.50")

GENERATE = [
    # households spread over the demo county's villages; 70% still in poverty
    """
    INSERT INTO households (id, household_no, region_code, county_code, address, status, category,
        primary_cause, other_causes, housing_grade, renovation_state, safe_drinking_water, created_at,
        updated_at, version)
    SELECT md5('h' || g)::uuid, v.codes[1 + g % v.n] || lpad(g::text, 7, '0'), v.codes[1 + g % v.n],
        left(v.codes[1 + g % v.n], 6), 'bench',
        CASE WHEN g % 10 < 6 THEN 'identified' WHEN g % 10 = 6 THEN 'returned' ELSE 'exited' END,
        CASE WHEN g % 7 = 0 THEN 'minimum_living_guarantee' WHEN g % 29 = 0 THEN 'extreme_poverty_support'
             ELSE 'general' END,
        'illness', '[]', CASE WHEN g % 23 = 0 THEN 'grade_d' ELSE 'grade_a' END,
        CASE WHEN g % 46 = 0 THEN 'completed' WHEN g % 23 = 0 THEN 'in_progress' ELSE 'not_needed' END,
        g % 31 <> 0, now(), now(), 1
    FROM generate_series(1, :n) g,
         (SELECT array_agg(code ORDER BY code) AS codes, count(*)::int AS n FROM regions
          WHERE level = 'village' AND code >= '441882' AND code < '441883') v
    """,
    # four members: two adults, an elder, a child of school age (some dropped out)
    """
    INSERT INTO members (id, household_id, seq, name, id_number_enc, id_number_hash, sex, birth_date,
        relation, education, schooling, health_status, labour_capacity, pension_insured, medical_insured,
        critical_illness_insured, employment, active, created_at, updated_at)
    SELECT md5('m' || h.g || '-' || k)::uuid, md5('h' || h.g)::uuid, k, 'bench', '\\x00'::bytea,
        md5('id' || h.g || '-' || k), 'male',
        CASE k WHEN 4 THEN date '2005-01-01' + (h.g % 4000) WHEN 3 THEN date '1945-01-01'
               ELSE date '1975-01-01' + (h.g % 3000) END,
        CASE k WHEN 1 THEN 'head' WHEN 2 THEN 'spouse' WHEN 3 THEN 'parent' ELSE 'son' END,
        'primary', CASE WHEN k = 4 AND h.g % 53 = 0 THEN 'dropped_out' WHEN k = 4 THEN 'enrolled'
                        ELSE 'not_school_age' END,
        'healthy',
        CASE WHEN k = 4 THEN 'none' WHEN k = 3 THEN 'lost' WHEN h.g % 9 = 0 THEN 'lost'
             WHEN h.g % 5 = 0 THEN 'weak' ELSE 'normal' END,
        true, (h.g + k) % 37 <> 0, true, 'not_applicable', true, now(), now()
    FROM generate_series(1, :n) AS h(g), generate_series(1, 4) AS k
    """,
    # the year's income for 95%, a second revision for 10%; per head spread around the lines
    """
    INSERT INTO income_records (household_id, year, revision, wages, production_business, property_income,
        transfer_income, production_costs, household_size, recorded_at, recorded_by)
    SELECT md5('h' || g)::uuid, :year, r, (g * 7919) % 4000000 + r * 100, 0, 0, 50000, 20000, 4, now(),
        'bench'
    FROM generate_series(1, :n) g, generate_series(1, 2) r
    WHERE g % 20 <> 0 AND (r = 1 OR g % 10 = 0)
    """,
]

COUNT_SQL = """
WITH latest AS (
    SELECT household_id, max(revision) AS revision FROM income_records WHERE year = :year
    GROUP BY household_id),
inc AS (
    SELECT r.household_id, r.wages + r.production_business + r.property_income + r.transfer_income
           - r.production_costs AS net, r.household_size AS size
    FROM income_records r JOIN latest l ON l.household_id = r.household_id AND l.revision = r.revision
    WHERE r.year = :year),
m AS (
    SELECT household_id, count(*) AS people,
           count(*) FILTER (WHERE labour_capacity IN ('normal', 'weak')) AS capable,
           count(*) FILTER (WHERE medical_insured) AS insured,
           count(*) FILTER (WHERE schooling = 'dropped_out' AND birth_date > :b16 AND birth_date <= :b6)
               AS dropped
    FROM members WHERE active GROUP BY household_id)
SELECT count(*) FROM households h
LEFT JOIN inc ON inc.household_id = h.id LEFT JOIN m ON m.household_id = h.id
WHERE h.status IN ('identified', 'returned')
  AND CASE WHEN coalesce(m.capable, 0) > 0 THEN inc.household_id IS NOT NULL
                AND 2 * inc.net >= inc.size * (2 * :exit_fen - 1)
           ELSE h.category IN ('minimum_living_guarantee', 'extreme_poverty_support') END
  AND (h.category IN ('minimum_living_guarantee', 'extreme_poverty_support')
       OR (inc.household_id IS NOT NULL AND 2 * inc.net >= inc.size * (2 * :line_fen - 1)))
  AND coalesce(m.dropped, 0) = 0 AND coalesce(m.insured, 0) >= coalesce(m.people, 0)
  AND (h.housing_grade NOT IN ('grade_c', 'grade_d') OR h.renovation_state = 'completed')
  AND h.safe_drinking_water
"""






def generate(engine: Engine, n: int) -> float:
    """Insert the regions, households, members and incomes; return the seconds taken."""
    with Session(engine) as session:
        load_demo_regions(session)
        session.commit()
    started = time.perf_counter()
    with engine.begin() as conn:
        for statement in GENERATE:
            conn.execute(text(statement), {"n": n, "year": YEAR})
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def best_of(repeat: int, work: object) -> tuple[float, object]:
    """Run a callable `repeat` times; return the best seconds and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default="bench_whatif")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time a database kept by --keep")
    args = parser.parse_args()

    if args.reuse:
        url = database_url(args.database)
        engine, seconds = create_engine(url), 0.0
    else:
        engine = create_engine(create_database(args.database))
        seconds = generate(engine, args.households)
    body = WhatIfRequest(year=YEAR, region="44", household_exit_ratio=DRAFT_RATIO)
    with Session(engine) as session:
        households = session.execute(text("SELECT count(*) FROM households")).scalar_one()
        in_poverty = session.execute(text("SELECT count(*) FROM households WHERE status IN "
                                          "('identified', 'returned')")).scalar_one()
        draft = replace(current_standard(session, YEAR, "44"), household_exit_ratio=DRAFT_RATIO)
        on = reference_date(YEAR)
        params = {"year": YEAR, "exit_fen": int(draft.household_exit_threshold() * 100),
                  "line_fen": int(draft.identification_threshold() * 100),
                  "b16": years_before(on, 16), "b6": years_before(on, 6)}
        t_whatif, result = best_of(args.repeat, lambda: whatif.run(session, SYSTEM, body))
        t_count, count = best_of(args.repeat, lambda: session.execute(text(COUNT_SQL), params).scalar_one())
        with engine.connect() as conn:  # server defaults: 4 MB work_mem, parallel workers
            t_default, _ = best_of(args.repeat, lambda: conn.execute(text(COUNT_SQL), params).scalar_one())
        t_page, _ = best_of(args.repeat, lambda: whatif.households(session, SYSTEM, body, "fail", None,
                                                                   None, 50))
    engine.dispose()
    if not args.keep:
        drop_database(args.database)

    total = result.total  # type: ignore[attr-defined]
    if total.pass_households != count:
        raise SystemExit(f"MISMATCH: what-if passes {total.pass_households}, SQL COUNT {count}")
    print(f"generated {households:,} households (+{4 * households:,} members) in {seconds:.1f} s; "
          f"{in_poverty:,} in poverty")
    print(f"draft {DRAFT_RATIO:.0%} line {draft.household_exit_threshold()}: pass {total.pass_households:,} "
          f"households / {total.pass_people:,} people, fail {total.fail_households:,}; "
          f"changed to fail {total.changed_to_fail:,}; {len(result.villages)} villages")  # type: ignore[attr-defined]
    print(f"{'query':<10}{'best s':>9}{'µs/household':>14}{'households/s':>15}{'vs COUNT':>10}")
    for name, t in (("what-if", t_whatif), ("count", t_count), ("count*", t_default)):
        print(f"{name:<10}{t:>9.3f}{t / in_poverty * 1e6:>14.2f}{in_poverty / t:>15,.0f}{t / t_count:>10.2f}")
    print(f"{'page(50)':<10}{t_page:>9.3f}   (first page of the households behind 'fail')")
    print("what-if, count and page run with the what-if's session settings (work_mem 64MB, no "
          "parallel workers); count* is the same COUNT with the server's defaults")


if __name__ == "__main__":
    main()
