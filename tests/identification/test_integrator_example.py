"""The integrators' guide example: a mirror loaded from an export, then fed by the feed, agrees."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi.testclient import TestClient

from tests.identification.register_data import create, household, member

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "mirror_register.py"


def _example():
    spec = importlib.util.spec_from_file_location("mirror_register", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _update(ident, household_id: str) -> None:
    etag = ident.client.get(f"/api/v1/households/{household_id}", headers=ident.headers()).headers["etag"]
    r = ident.client.patch(f"/api/v1/households/{household_id}",
                           json={"category": "minimum_living_guarantee"},
                           headers={**ident.headers(), "If-Match": etag})
    assert r.status_code == 200, r.text


def test_the_mirror_loads_the_export_follows_the_feed_and_reconciles(ident, tmp_path):
    mirror = _example()
    before = [create(ident, household(members=[member(40 + i)]))["id"] for i in range(3)]
    http = TestClient(ident.app, headers={"Authorization": f"Bearer {ident.token()}"})
    db = mirror.open_mirror(str(tmp_path / "mirror.sqlite"))
    at = mirror.load_snapshot(http, db, "441882")
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == 3

    after = [create(ident, household(members=[member(50 + i)]))["id"] for i in range(2)]
    _update(ident, before[0])
    assert mirror.reconcile(http, db, "441882") == {"candidate": (3, 5)}  # behind until it follows
    applied = mirror.follow_feed(http, db, batch=2)
    assert applied > 0 and mirror.position(db) > at
    assert mirror.reconcile(http, db, "441882") == {}
    rows = dict(db.execute("SELECT id, category FROM households").fetchall())
    assert set(rows) == {*before, *after} and rows[before[0]] == "minimum_living_guarantee"
    assert mirror.follow_feed(http, db) == 0  # caught up: a second run applies nothing
