"""A first walk through the register."""

from datetime import date

from services.identification.demo import compose_id_number
from shared.concurrency import version_of


def test_create_and_read_household(ident):
    head = compose_id_number("441882", date(1970, 5, 1), 11)
    body = {"region_code": "441882100201", "address": "三古滩村1号", "category": "general",
            "primary_cause": "illness", "safe_drinking_water": True,
            "members": [{"name": "李大山", "id_number": head, "relation": "head",
                         "labour_capacity": "normal"}]}
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers())
    assert r.status_code == 201, r.text
    hid = r.json()["id"]
    assert r.json()["status"] == "candidate"
    assert r.json()["members"][0]["id_number"] == head[:2] + "*" * 16
    r = ident.client.get(f"/api/v1/households/{hid}", headers=ident.headers())
    assert r.status_code == 200
    assert version_of(r.headers["etag"]) == 1
