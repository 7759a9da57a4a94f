"""Migration 0007 on a database that already holds decisions: lines gain their rule, the 2% goes off."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command

from shared.migrations import alembic_config
from shared.types import UTCDateTime
from tests.harness import database_url, drop_database

JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
NOW = datetime(2020, 12, 1, tzinfo=UTC)


def _line(code: str, passed: bool) -> dict[str, object]:
    return {"code": code, "label_en": code, "label_zh": code, "value": "", "threshold": "", "passed": passed,
            "explanation_en": f"{code} (2020 standard v1): met", "explanation_zh": f"{code}：达标"}


def _seed_decisions(conn: sa.Connection) -> tuple[int, int]:
    """Store a village evaluation citing the preloaded 2020 standard and a step refused by it."""
    standards = sa.table("policy_standards", sa.column("id"), sa.column("year"), sa.column("region_prefix"))
    ids = {r.year: r.id for r in conn.execute(sa.select(standards.c.id, standards.c.year)
                                              .where(standards.c.region_prefix == "44"))}
    evaluations = sa.table("evaluations", sa.column("id", sa.Uuid()), *(sa.column(c) for c in (
        "kind", "subject_type", "subject_id", "region_code", "year", "standard_id", "standard_year",
        "standard_region", "standard_version", "verdict", "summary_en", "summary_zh", "evaluated_by")),
        sa.column("conditions", JSON), sa.column("facts", JSON), sa.column("evaluated_at", UTCDateTime()))
    lines = [_line("village_income", True), _line("roads", True), _line("tidy_village", True),
             _line("remaining_poor_share", False)]
    conn.execute(evaluations.insert().values(
        id=uuid.uuid4(), kind="village_exit", subject_type="village", subject_id="441882100201",
        region_code="441882100201", year=2020, standard_id=ids[2020], standard_year=2020,
        standard_region="44", standard_version=1, verdict=False, summary_en="refused",
        summary_zh="不予出列", conditions=lines, facts={}, evaluated_by="town", evaluated_at=NOW))
    procedures = sa.table("procedures", sa.column("id", sa.Uuid()), *(sa.column(c) for c in (
        "kind", "subject_type", "subject_key", "region_code", "state", "year", "started_by", "version")),
        sa.column("started_on", sa.Date()), sa.column("created_at", UTCDateTime()),
        sa.column("updated_at", UTCDateTime()))
    pid = uuid.uuid4()
    conn.execute(procedures.insert().values(
        id=pid, kind="village_exit", subject_type="village", subject_key="441882000000",
        region_code="441882000000", state="open", year=2020, started_by="cadre", started_on=date(2020, 12, 1),
        created_at=NOW, updated_at=NOW, version=1))
    steps = sa.table("procedure_steps", sa.column("procedure_id", sa.Uuid()), *(sa.column(c) for c in (
        "seq", "step", "outcome", "actor", "actor_role", "actor_region")),
        sa.column("effective_on", sa.Date()), sa.column("at", UTCDateTime()),
        sa.column("documents", JSON), sa.column("detail", JSON))
    conn.execute(steps.insert().values(
        procedure_id=pid, seq=1, step="verification", outcome="refused", actor="town",
        actor_role="town_official", actor_region="441882100", effective_on=date(2020, 12, 2), at=NOW,
        documents=[],
        detail={"summary": "refused", "unmet": [_line("remaining_poor_share", False)]}))
    return ids[2019], ids[2020]


def test_stored_lines_gain_their_rule_and_the_preloaded_share_goes_off():
    url = database_url("identification_migration_0007")
    config = alembic_config("identification", url)
    engine = sa.create_engine(url)
    try:
        command.upgrade(config, "0006_merge")
        with engine.begin() as conn:
            uncited, cited = _seed_decisions(conn)
        command.upgrade(config, "0007_rule_sources")
        with engine.connect() as conn:
            [conditions] = conn.execute(sa.text("SELECT conditions FROM evaluations")).scalars()
            [detail] = conn.execute(sa.text("SELECT detail FROM procedure_steps")).scalars()
            rows = conn.execute(sa.text(
                "SELECT id, year, version, village_remaining_poor_share_max, "
                "village_remaining_poor_share_source, created_by FROM policy_standards "
                "WHERE region_prefix = '44' AND year IN (2019, 2020) ORDER BY year, version")).all()
    finally:
        engine.dispose()
        drop_database(url)
    conditions = conditions if isinstance(conditions, list) else json.loads(conditions)
    detail = detail if isinstance(detail, dict) else json.loads(detail)
    assert [c["rule"] for c in conditions] == [
        "identification.village.exit_income", "identification.village.roads", "identification.village.tidy",
        "identification.village.remaining_poor_share"]
    assert conditions[0]["explanation_en"] == "village_income (2020 standard v1): met"
    assert [c["rule"] for c in detail["unmet"]] == ["identification.village.remaining_poor_share"]
    # 2019 v1 was never applied: corrected in place. 2020 v1 is cited: it keeps its 2% with the source
    # written down, and a new version switches the condition off.
    assert [(r.id, r.year, r.version, r.village_remaining_poor_share_max, r.created_by) for r in rows] == [
        (uncited, 2019, 1, None, "migration:0003_policy"), (cited, 2020, 1, 200, "migration:0003_policy"),
        (rows[2].id, 2020, 2, None, "migration:0007_rule_sources")]
    assert "《关于建立贫困退出机制的意见》" in rows[1].village_remaining_poor_share_source
    assert rows[0].village_remaining_poor_share_source is None
