"""Work teams and first secretaries: terms, hand-over from old to new without a gap (plan §18)."""

from __future__ import annotations

from tests.supervision.register import POOR_VILLAGES
from tests.supervision.support import ADMIN, official

VILLAGE = POOR_VILLAGES[0]


def _team(sup):
    r = sup.client.post(
        "/api/v1/work-teams",
        json={"village_code": VILLAGE, "sending_unit": "清远市财政局", "formed_on": "2018-04-01"},
        headers=sup.headers(**ADMIN),
    )
    assert r.status_code == 201, r.text
    return r.json(), r.headers["ETag"]


def _post(sup, team, etag, official_id, role="first_secretary", started_on="2018-04-01"):
    return sup.client.post(
        f"/api/v1/work-teams/{team['id']}/postings",
        json={"official_id": official_id, "role": role, "started_on": started_on},
        headers=sup.headers(**ADMIN, **{"If-Match": etag}),
    )


def test_hand_over_ends_the_old_term_and_starts_the_new_on_the_same_day(sup):
    team, etag = _team(sup)
    old = official(sup, "city", "441800000000", post="cadre", name="老书记")
    new = official(sup, "city", "441800000000", post="cadre", name="新书记")
    posted = _post(sup, team, etag, old["id"])
    assert posted.status_code == 201, posted.text
    outgoing = posted.json()["postings"][0]
    r = sup.client.post(
        f"/api/v1/work-teams/{team['id']}/handovers",
        json={
            "outgoing_posting_id": outgoing["id"],
            "incoming_official_id": new["id"],
            "handed_over_on": "2018-12-20",
            "note": "移交帮扶台账",
        },
        headers=sup.headers(**ADMIN, **{"If-Match": posted.headers["ETag"]}),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["first_secretary_id"] == new["id"]
    ended, started = body["postings"]
    assert (ended["ended_on"], started["started_on"], started["predecessor_id"], started["role"]) == (
        "2018-12-20",
        "2018-12-20",
        outgoing["id"],
        "first_secretary",
    )


def test_a_second_first_secretary_is_refused_while_one_serves(sup):
    team, etag = _team(sup)
    one = official(sup, "county", "441882000000", post="cadre", name="甲")
    two = official(sup, "county", "441882000000", post="cadre", name="乙")
    posted = _post(sup, team, etag, one["id"])
    r = _post(sup, team, posted.headers["ETag"], two["id"])
    assert (r.status_code, r.json()["code"]) == (409, "role_taken")


def test_a_hand_over_before_the_outgoing_term_began_is_refused_naming_the_day(sup):
    team, etag = _team(sup)
    old = official(sup, "county", "441882000000", post="cadre", name="甲")
    new = official(sup, "county", "441882000000", post="cadre", name="乙")
    posted = _post(sup, team, etag, old["id"], started_on="2018-06-01")
    r = sup.client.post(
        f"/api/v1/work-teams/{team['id']}/handovers",
        json={
            "outgoing_posting_id": posted.json()["postings"][0]["id"],
            "incoming_official_id": new["id"],
            "handed_over_on": "2018-05-01",
            "note": "交接",
        },
        headers=sup.headers(**ADMIN, **{"If-Match": posted.headers["ETag"]}),
    )
    assert (r.status_code, r.json()["errors"][0]["field"], r.json()["rule"]) == (
        422,
        "handed_over_on",
        "supervision.team.handover",
    )
    team_now = sup.client.get(f"/api/v1/work-teams/{team['id']}", headers=sup.headers(**ADMIN)).json()
    assert team_now["first_secretary_id"] == old["id"] and len(team_now["postings"]) == 1


def test_an_official_serves_in_one_team_at_a_time(sup):
    team, etag = _team(sup)
    cadre = official(sup, "county", "441882000000", post="cadre", name="甲")
    posted = _post(sup, team, etag, cadre["id"], role="member")
    r = _post(sup, team, posted.headers["ETag"], cadre["id"], role="leader")
    assert (r.status_code, r.json()["code"]) == (409, "official_posted")


def test_a_stale_etag_loses_to_the_change_it_missed(sup):
    team, etag = _team(sup)
    one = official(sup, "county", "441882000000", post="cadre", name="甲")
    two = official(sup, "county", "441882000000", post="cadre", name="乙")
    assert _post(sup, team, etag, one["id"], role="member").status_code == 201
    assert _post(sup, team, etag, two["id"], role="member").status_code == 412
