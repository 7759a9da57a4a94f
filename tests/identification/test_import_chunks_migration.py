"""Migration 0011 moves a queued job's stored upload to a chunk per row, readable as before."""

from __future__ import annotations

import os
import uuid

from alembic import command
from sqlalchemy import create_engine, insert

from services.identification.bulk import repository as repo
from services.identification.main import create_app
from services.identification.models import ImportJob
from services.identification.settings import IdentificationSettings
from shared.crypto import FILE_CHUNK
from shared.migrations import alembic_config
from shared.types import utcnow
from tests.harness import database_url, drop_database

BEFORE = "0011_traceparent"


def _job(job_id: uuid.UUID, size: int) -> dict:
    return {"id": job_id, "state": "queued", "attempts": 0, "mode": "accept_valid", "file_format": "csv",
            "encoding": "utf-8", "filename": "old.csv", "file_size": size, "submitted_by": "someone",
            "region_scope": "441882", "groups_done": 0, "rows_done": 0, "rows_rejected": 0,
            "households_created": 0, "households_updated": 0, "households_unchanged": 0,
            "households_rejected": 0, "members_added": 0, "members_changed": 0, "errors_recorded": 0,
            "created_at": utcnow()}


def test_a_queued_upload_stored_whole_is_moved_to_chunks_and_back(tmp_path):
    url = database_url(f"identification_chunks_{os.getpid()}")
    config = alembic_config("identification", url)
    app = create_app(IdentificationSettings(database_url=url, environment="test",
                                            audit_checkpoint_dir=tmp_path))
    db = app.state.db
    try:
        command.upgrade(config, BEFORE)
        content = os.urandom(2 * FILE_CHUNK + 12345)
        job_id = uuid.uuid4()
        context = repo.file_context(job_id)
        pieces = [content[i:i + FILE_CHUNK] for i in range(0, len(content), FILE_CHUNK)]
        blob = b"".join(db.context.cipher.seal_file_chunk(p, context, i, i == len(pieces) - 1)
                        for i, p in enumerate(pieces))  # how the old table held it: chunks back to back
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(insert(ImportJob.__table__), [_job(job_id, len(content))])
            conn.exec_driver_sql("INSERT INTO import_files (job_id, content) VALUES (%s, %s)"
                                 if engine.dialect.name == "postgresql" else
                                 "INSERT INTO import_files (job_id, content) VALUES (?, ?)",
                                 (job_id if engine.dialect.name == "postgresql" else job_id.hex, blob))
        command.upgrade(config, "heads")
        with repo.job_file(db, job_id) as stream:
            assert stream.read() == content
        command.downgrade(config, BEFORE)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT content FROM import_files").scalar_one() == blob
        engine.dispose()
    finally:
        db.dispose()
        drop_database(url)
