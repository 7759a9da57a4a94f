"""The integrators' guide example: a DuckDB mirror loaded from an export, then fed by the feed, agrees."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from tests.consumers.support import Server
from tests.identification import procedure_flow as flow
from tests.identification.register_data import create, household, member

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "mirror_register.py"
REGION = "441882"


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


def _identify(ident, household_id: str) -> None:
    """Walk a candidate through identification: its status changes."""
    flow.record_income(ident, household_id, 2017, "3000.00")
    proc = flow.start(ident, household_id, "identification", date(2018, 3, 1), year=2017)
    dates = [date(2018, 3, 2), date(2018, 3, 3), date(2018, 3, 4), date(2018, 3, 11), date(2018, 3, 12)]
    flow.walk(ident, proc["id"], list(zip(flow.IDENTIFICATION_STEPS, dates, strict=True)))


def _rows(db) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in db.execute("SELECT * FROM households").fetchall()}


def test_the_mirror_loads_the_export_follows_the_feed_and_reconciles(ident, tmp_path):
    mirror = _example()
    before = [create(ident, household(members=[member(40 + i)]))["id"] for i in range(2)]
    to_identify = flow.create_household(ident, serial=61)["id"]
    http = TestClient(ident.app, headers={"Authorization": f"Bearer {ident.token()}"})
    db = mirror.open_mirror(str(tmp_path / "mirror.duckdb"))
    at = mirror.load_snapshot(http, db, REGION, tmp_path)
    assert (tmp_path / f"households-at-{at}.ndjson").exists()
    assert set(_rows(db)) == {*before, to_identify}
    assert mirror.reconcile(http, db, REGION) == {}

    after = [create(ident, household(members=[member(50 + i)]))["id"] for i in range(2)]
    _update(ident, before[0])
    _identify(ident, to_identify)
    identified = flow.household_status(ident, to_identify)["status"]
    assert identified != "candidate"
    # Behind until it follows: the reconciliation names each status whose counts differ.
    assert mirror.reconcile(http, db, REGION) == {"candidate": (3, 4), identified: (0, 1)}

    applied = mirror.follow_feed(http, db, batch=2)
    assert applied > 0 and mirror.position(db) > at
    assert mirror.reconcile(http, db, REGION) == {}
    rows = _rows(db)
    assert set(rows) == {*before, to_identify, *after}
    assert rows[before[0]][3] == "minimum_living_guarantee" and rows[to_identify][2] == identified
    for household_id, row in rows.items():  # every row is the household as the service has it now
        assert row[4] == flow.household_status(ident, household_id)["version"]
    assert mirror.follow_feed(http, db) == 0  # caught up: a second run applies nothing


def test_replaying_the_feed_over_the_mirror_changes_nothing(ident, tmp_path):
    mirror = _example()
    first = create(ident, household(members=[member(70)]))["id"]
    http = TestClient(ident.app, headers={"Authorization": f"Bearer {ident.token()}"})
    db = mirror.open_mirror(str(tmp_path / "mirror.duckdb"))
    at = mirror.load_snapshot(http, db, REGION, tmp_path)
    _update(ident, first)
    create(ident, household(members=[member(72)]))
    mirror.follow_feed(http, db)
    caught_up, rows = mirror.position(db), _rows(db)

    db.execute("UPDATE feed_position SET position = $at", {"at": at})  # as after a crash before the commit
    assert mirror.follow_feed(http, db, batch=1) > 0
    assert mirror.position(db) == caught_up and _rows(db) == rows
    assert mirror.reconcile(http, db, REGION) == {}


def test_an_empty_region_loads_an_empty_mirror(ident, tmp_path):
    mirror = _example()
    http = TestClient(ident.app, headers={"Authorization": f"Bearer {ident.token()}"})
    db = mirror.open_mirror(str(tmp_path / "mirror.duckdb"))
    assert mirror.load_snapshot(http, db, REGION, tmp_path) >= 0
    assert _rows(db) == {} and mirror.reconcile(http, db, REGION) == {}


def test_the_documented_command_against_a_running_service(ident, tmp_path):
    """The guide's command, as an integrator runs it: a first run loads, a second catches up."""
    create(ident, household(members=[member(80)]))
    url = ident.db.engine.url.render_as_string(hide_password=False)
    server = Server("identification", {"IDENTIFICATION_DATABASE_URL": url,
                                       "IDENTIFICATION_ENVIRONMENT": "test"}).start()
    command = [sys.executable, str(EXAMPLE), "--url", server.url, "--token", ident.token(),
               "--region", REGION, "--db", str(tmp_path / "mirror.duckdb")]
    try:
        first = subprocess.run(command, capture_output=True, text=True, timeout=120)
        create(ident, household(members=[member(82)]))
        second = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    assert first.returncode == 0, first.stderr
    at = re.fullmatch(r"snapshot at feed position (\d+)\n0 events applied; now at (\d+)\n"
                      r"reconciled: counts by status agree\n", first.stdout)
    assert at and at.group(1) == at.group(2)
    assert second.returncode == 0, second.stderr
    assert re.fullmatch(r"2 events applied; now at \d+\nreconciled: counts by status agree\n", second.stdout)
    assert (tmp_path / f"households-at-{at.group(1)}.ndjson").exists()
