"""Every employment operation: generated valid and invalid requests answer 4xx problem+json, never 500."""

from __future__ import annotations

import schemathesis

from tests.employment.support import Someone, employer, import_households, position, recommend, register, sync
from tests.employment.test_training import _enrol, _programme
from tests.services.test_fuzz_all import _run

_SKIP = {"/healthz", "/readyz", "/metrics"}


def _real_ids(ident, emp) -> dict[str, str]:
    """Ids of rows that exist, so generated requests reach the rules instead of a 404."""
    [family] = import_households(ident, [[Someone(35)]])
    sync(emp, ident)
    member = family["members"][0]["id"]
    register(emp, member)
    owner = employer(emp)["id"]
    job = position(emp, owner)
    placement = recommend(emp, member, job["id"])
    enrolment = _enrol(emp, _programme(emp), member)
    step = emp.client.post(
        f"/api/v1/labourers/{member}/plan/steps",
        headers=emp.headers(),
        json={"kind": "guidance", "action": "职业指导", "due_on": "2019-03-05"},
    ).json()
    return {
        "member_id": member,
        "employer_id": owner,
        "position_id": job["id"],
        "placement_id": placement["id"],
        "enrolment_id": enrolment["id"],
        "programme_id": enrolment["programme_id"],
        "step_id": step["id"],
    }


def test_every_operation_never_500(ident, emp):
    schema = schemathesis.openapi.from_asgi("/openapi.json", emp.app)
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.path not in _SKIP]
    assert len(operations) >= 35
    real = _real_ids(ident, emp)
    callers = [
        emp.headers("admin", "44", ["pii:read"], **{"If-Match": '"1"'}),
        emp.headers("county_official", "441882", **{"If-Match": '"1"'}),
    ]
    found: list[str] = []
    for operation in operations:
        for headers in callers:
            for mode in schemathesis.GenerationMode:
                _run(operation, mode, headers, real, found, 8)
    assert not found, "\n".join(found[:40])
