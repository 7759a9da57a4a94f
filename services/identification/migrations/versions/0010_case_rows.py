"""Cases keep a department's row encrypted, and in the clear only with its numbers masked.

Existing cross-check cases are rewritten with the service's keys (IDENTIFICATION_DATA_KEY and
IDENTIFICATION_HASH_KEY, as the service reads them): the row moves into department_row_enc, its
numbers are masked in details, and the dedup key becomes the keyed hash new cases use.

Revision ID: 0010_case_rows
Revises: 0009_audit_seal
Create Date: 2026-12-03
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.identification.crosschecks.rules import match_key
from services.identification.settings import IdentificationSettings
from shared.crypto import FieldCipher, mask_numbers

revision: str = "0010_case_rows"
down_revision: str | Sequence[str] | None = "0009_audit_seal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CASES = sa.table("verification_cases", sa.column("id", sa.Uuid()), sa.column("source", sa.String()),
                  sa.column("member_id", sa.Uuid()), sa.column("check_kind", sa.String()),
                  sa.column("details", sa.JSON()), sa.column("dedup_key", sa.String()),
                  sa.column("department_row_enc", sa.LargeBinary()))


def upgrade() -> None:
    with op.batch_alter_table("verification_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_row_enc", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_CASES.c.id, _CASES.c.member_id, _CASES.c.check_kind, _CASES.c.details)
                              .where(_CASES.c.source == "crosscheck")).all()
    if not rows:
        return
    settings = IdentificationSettings()
    cipher = FieldCipher(settings.data_key, settings.hash_key)
    for case_id, member_id, kind, details in rows:
        row = (details or {}).get("row", {})
        key = cipher.lookup_hash(match_key(kind, member_id, row), "crosscheck")
        connection.execute(sa.update(_CASES).where(_CASES.c.id == case_id).values(
            details={**details, "row": {mask_numbers(k): mask_numbers(v) for k, v in row.items()}},
            department_row_enc=cipher.encrypt(json.dumps(row, ensure_ascii=False, sort_keys=True),
                                              "case.department_row"),
            dedup_key=f"crosscheck:{key}"))


def downgrade() -> None:
    with op.batch_alter_table("verification_cases", schema=None) as batch_op:
        batch_op.drop_column("department_row_enc")
