"""Every evaluation line names its rule; the households-still-poor condition is off unless switched on.

Stored evaluation lines and refused steps' unmet lines gain the code of the rule they applied (the
catalogue in services/identification/policy/catalogue.py; the mapping is frozen here). The village
condition "households still poor at most 2%" is not in the Guangdong plan: its column becomes
nullable (null: off) and a version that switches it on records its source. The preloaded versions
that set it are switched off: in place when no decision cites them, otherwise by a new version,
so a stored evaluation still reads against the version it cites; those cited keep the 2% with its
source written down. Versions an administrator issued keep the figure, with the same source.

Revision ID: 0007_rule_sources
Revises: 0006_merge
Create Date: 2026-12-03
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import shared.types

revision: str = "0007_rule_sources"
down_revision: str | Sequence[str] | None = "0006_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = {
    "income": "identification.household.exit_income",
    "safety_net": "identification.household.safety_net",
    "food_clothing": "identification.household.food_clothing",
    "compulsory_education": "identification.household.compulsory_education",
    "basic_medical": "identification.household.basic_medical",
    "housing_safe": "identification.household.safe_housing",
    "safe_water": "identification.household.safe_water",
    "income_line": "identification.household.identification_income",
    "village_income": "identification.village.exit_income",
    "roads": "identification.village.roads",
    "tidy_village": "identification.village.tidy",
    "remaining_poor_share": "identification.village.remaining_poor_share",
}
PRELOAD = "migration:0003_policy"
LEGACY_SOURCE = ("Set before rule sources were recorded (migration 0007): national practice for poor "
                 "villages, 《关于建立贫困退出机制的意见》（中共中央办公厅、国务院办公厅，2016年4月）, "
                 "not the Guangdong plan")
OFF_REASON = ("The households-still-poor condition is not in the Guangdong plan (part 一 names income at "
              "60%, hardened roads and the tidy-village standard); off unless a version switches it on "
              "with its source (migration 0007)")

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
SHARE, SOURCE = "village_remaining_poor_share_max", "village_remaining_poor_share_source"


def _with_rules(lines: list[dict[str, Any]], rules: dict[str, str]) -> list[dict[str, Any]]:
    return [{**line, "rule": rules[line["code"]]} if line["code"] in rules else line for line in lines]


def _label_lines(rules: dict[str, str], drop: bool) -> None:
    """Add (or, downgrading, remove) the rule code on stored lines and refused steps' unmet lines."""
    conn = op.get_bind()
    evaluations = sa.table("evaluations", sa.column("id", sa.Uuid()), sa.column("conditions", _JSON))
    for row in conn.execute(sa.select(evaluations.c.id, evaluations.c.conditions)).all():
        lines = ([{k: v for k, v in line.items() if k != "rule"} for line in row.conditions] if drop
                 else _with_rules(row.conditions, rules))
        conn.execute(evaluations.update().where(evaluations.c.id == row.id).values(conditions=lines))
    steps = sa.table("procedure_steps", sa.column("id", sa.Integer()), sa.column("detail", _JSON))
    for row in conn.execute(sa.select(steps.c.id, steps.c.detail).where(steps.c.detail.is_not(None))).all():
        if "unmet" not in row.detail:
            continue
        unmet = ([{k: v for k, v in line.items() if k != "rule"} for line in row.detail["unmet"]] if drop
                 else _with_rules(row.detail["unmet"], rules))
        conn.execute(steps.update().where(steps.c.id == row.id).values(detail={**row.detail, "unmet": unmet}))


def _standards() -> sa.TableClause:
    return sa.table(
        "policy_standards", *(sa.column(c, sa.Integer()) for c in (
            "id", "year", "version", "household_exit_ratio", "village_exit_ratio", "price_index", SHARE,
            "road_min_households", "notice_days", "objection_days", "announcement_days")),
        sa.column("region_prefix", sa.String()), sa.column("rural_income_per_head", sa.BigInteger()),
        sa.column("identification_line", sa.BigInteger()), sa.column("safe_water_required", sa.Boolean()),
        sa.column(SOURCE, sa.Text()), sa.column("reason", sa.Text()), sa.column("created_by", sa.String()),
        sa.column("created_at", shared.types.UTCDateTime()))


def _switch_off_preloads() -> None:
    """Switch the preloaded 2% off, keeping every version a decision cites as it was applied."""
    conn = op.get_bind()
    std = _standards()
    cited = {r[0] for r in conn.execute(sa.text(
        "SELECT DISTINCT standard_id FROM evaluations WHERE standard_id IS NOT NULL"))}
    newest = {(r.year, r.region_prefix): r.version for r in conn.execute(
        sa.select(std.c.year, std.c.region_prefix, sa.func.max(std.c.version).label("version"))
        .group_by(std.c.year, std.c.region_prefix))}
    rows = conn.execute(sa.select(std).where(std.c[SHARE].is_not(None), std.c.created_by == PRELOAD)).all()
    for row in rows:
        if row.id not in cited:
            conn.execute(std.update().where(std.c.id == row.id).values({SHARE: None}))
            continue
        if newest[(row.year, row.region_prefix)] == row.version:
            values = {k: v for k, v in row._mapping.items() if k != "id"}
            conn.execute(std.insert().values({
                **values, "version": row.version + 1, SHARE: None, SOURCE: None, "reason": OFF_REASON,
                "created_by": "migration:0007_rule_sources", "created_at": shared.types.utcnow()}))
    conn.execute(std.update().where(std.c[SHARE].is_not(None), std.c[SOURCE].is_(None))
                 .values({SOURCE: LEGACY_SOURCE}))


def _share_nullable(nullable: bool) -> None:
    """Change the share column's nullability; SQLite rebuilds the column, never the referenced table."""
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("policy_standards", SHARE, existing_type=sa.Integer(), nullable=nullable)
        return
    # A batch rebuild would drop policy_standards, which stored evaluations reference.
    null = "" if nullable else " NOT NULL DEFAULT 0"
    op.execute(f"ALTER TABLE policy_standards ADD COLUMN share_new INTEGER{null}")
    op.execute(f"UPDATE policy_standards SET share_new = {SHARE}")
    op.execute(f"ALTER TABLE policy_standards DROP COLUMN {SHARE}")
    op.execute(f"ALTER TABLE policy_standards RENAME COLUMN share_new TO {SHARE}")


def upgrade() -> None:
    op.add_column("policy_standards", sa.Column(SOURCE, sa.Text(), nullable=True))
    _share_nullable(True)
    _switch_off_preloads()
    _label_lines(RULES, drop=False)


def downgrade() -> None:
    _label_lines(RULES, drop=True)
    op.execute(f"UPDATE policy_standards SET {SHARE} = 200 WHERE {SHARE} IS NULL")
    _share_nullable(False)
    op.execute(f"ALTER TABLE policy_standards DROP COLUMN {SOURCE}")
