"""Helpers of the supervision tests: officials and their tokens."""

from __future__ import annotations

from typing import Any

ADMIN = {"role": "admin", "region": "44"}


def official(
    sup: Any,
    level: str,
    region_code: str,
    post: str = "party_secretary",
    name: str = "李明",
    subject: str | None = None,
    appointed_on: str = "2018-01-15",
) -> dict[str, Any]:
    """Register an official through the API as the province administrator."""
    body = {
        "name": name,
        "level": level,
        "post": post,
        "region_code": region_code,
        "appointed_on": appointed_on,
        "subject": subject,
    }
    r = sup.client.post("/api/v1/officials", json=body, headers=sup.headers(**ADMIN))
    assert r.status_code == 201, r.text
    return r.json()


def headers_of(sup: Any, subject: str, role: str, region: str, **extra: str) -> dict[str, str]:
    """Headers of an official signing in with their own account."""
    return {"Authorization": f"Bearer {sup.token(role, region, subject=subject)}", **extra}
