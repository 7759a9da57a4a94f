"""Snapshot then feed: an export states the feed position it holds; the feed after it reconciles exactly."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from services.identification.bulk import export
from services.identification.filters import HouseholdFilter
from shared.personal import PersonalView
from tests.identification.register_data import create, household, member


def _feed_after(ident, position: int) -> list[dict]:
    reader = ident.headers("province_official", "44")
    events, after = [], position
    while True:
        page = ident.client.get(f"/api/v1/events?cursor={after}&limit=100", headers=reader).json()
        events += page["items"]
        if not page["items"]:
            return events
        after = int(page["items"][-1]["sequence"])


def _register(ident) -> dict[str, int]:
    """Read every household's current version through the API."""
    found, cursor = {}, None
    while True:
        query = "/api/v1/households?region=441882&limit=100" + (f"&cursor={cursor}" if cursor else "")
        page = ident.client.get(query, headers=ident.headers()).json()
        found.update({h["id"]: h["version"] for h in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return found


def _update(ident, household_id: str) -> None:
    etag = ident.client.get(f"/api/v1/households/{household_id}", headers=ident.headers()).headers["etag"]
    r = ident.client.patch(f"/api/v1/households/{household_id}", json={"safe_drinking_water": False},
                           headers={**ident.headers(), "If-Match": etag})
    assert r.status_code == 200, r.text


def test_an_export_then_the_feed_after_its_position_reconciles_exactly(ident, monkeypatch):
    monkeypatch.setattr(export, "PAGE", 4)  # many pages, so writers commit between them
    seeded = [create(ident, household(members=[member(100 + i)]))["id"] for i in range(16)]
    snapshot = export.open_snapshot(ident.db)
    pages = export.pages(snapshot, HouseholdFilter("441882"), PersonalView(ident.app.state.cipher, False))
    loaded = {h["id"]: h for h in next(pages)}  # the first page is read before any writer commits

    def write(n: int) -> None:
        if n % 2:
            create(ident, household(members=[member(300 + n)]))
        else:
            _update(ident, seeded[n])  # households on pages not read yet, and on the one read

    with ThreadPoolExecutor(max_workers=4) as writers:
        done = list(writers.map(write, range(16)))
        for page in pages:  # the rest is read after writers committed
            loaded.update({h["id"]: h for h in page})
    assert len(done) == 16

    # The export is the register as it stood at its position: none of the writes are in it.
    assert set(map(str, loaded)) == set(seeded)
    mirror = {str(i): h["version"] for i, h in loaded.items()}
    assert all(h["updated_at"] is not None for h in loaded.values())
    # Follow the feed from the stated position: every write is there once, nothing before it.
    for event in _feed_after(ident, snapshot.feed_position):
        data = event["data"]
        if event["type"] == "household.created":
            assert data["household_id"] not in mirror, "double count: created before the position"
            mirror[data["household_id"]] = 1
        elif event["type"] == "household.updated":
            assert data["household_id"] in mirror, "gap: updated a household the mirror never saw"
            assert data["version"] == mirror[data["household_id"]] + 1, "an update missed or applied twice"
            mirror[data["household_id"]] = data["version"]
    assert mirror == _register(ident)
    assert len(mirror) == 16 + 8


def test_the_export_states_its_feed_position_in_a_header_and_its_file_name(ident):
    create(ident)
    head = int(ident.client.get("/api/v1/events?limit=1", headers=ident.headers())
               .headers["X-Feed-Head-Position"])
    r = ident.client.get("/api/v1/households/export?format=ndjson&region=441882", headers=ident.headers())
    assert r.status_code == 200
    assert int(r.headers["X-Feed-Position"]) == head
    assert f'filename="households-at-{head}.ndjson"' in r.headers["content-disposition"]
    row = r.json()
    assert {"id", "version", "updated_at"} <= set(row) and row["version"] == 1
    assert {"id", "updated_at"} <= set(row["members"][0])
