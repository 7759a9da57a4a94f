"""Reads replica rows from identification over HTTP with a token of the replicate scope."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

import httpx
from pydantic import ValidationError

from shared.consumers.core import TransientError
from shared.replica.contract import LOOKUP_MAX, ReplicaRows

LOOKUP_PATH = "/api/v1/replica/lookup"
REGIONS_PATH = "/api/v1/replica/regions"
HOUSEHOLDS_PATH = "/api/v1/replica/households"


class ReplicaSourceError(Exception):
    """Identification refused a replica read for a reason that retrying will not change."""


class RegisterSource:
    """identification's replica endpoints: lookups by id, and snapshot pages."""

    def __init__(self, client: httpx.Client, token: Callable[[], str]) -> None:
        self.client = client
        self.token = token

    def _call(self, method: str, path: str, **kwargs: object) -> ReplicaRows:
        try:
            response = self.client.request(method, path, headers={"Authorization": f"Bearer {self.token()}"},
                                           **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise TransientError(f"identification unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code in (401, 403, 429):
            raise TransientError(f"identification answered {response.status_code} on {path}")
        if response.status_code != 200:
            raise ReplicaSourceError(f"identification answered {response.status_code} on {path}")
        try:
            return ReplicaRows.model_validate_json(response.content)
        except ValidationError as exc:
            # A contract this replica does not read yet: wait for the upgrade, drop nothing.
            raise TransientError(f"identification answered {path} with rows it cannot read") from exc

    def lookup(self, household_ids: Iterable[uuid.UUID], region_codes: Iterable[str]) -> ReplicaRows:
        """Read households and regions as they are now, a thousand at a time."""
        ids, codes = sorted(set(household_ids)), sorted(set(region_codes))
        rows = ReplicaRows(feed_position=0, regions=[], households=[])
        for start in range(0, max(len(ids), len(codes)), LOOKUP_MAX):
            body = {"household_ids": [str(i) for i in ids[start:start + LOOKUP_MAX]],
                    "region_codes": codes[start:start + LOOKUP_MAX]}
            part = self._call("POST", LOOKUP_PATH, json=body)
            rows.regions.extend(part.regions)
            rows.households.extend(part.households)
            rows.feed_position = max(rows.feed_position, part.feed_position)
        return rows

    def regions(self) -> ReplicaRows:
        """Read every region."""
        return self._call("GET", REGIONS_PATH)

    def households_page(self, cursor: str | None, limit: int) -> ReplicaRows:
        """Read one snapshot page of households with their members, in id order."""
        params = {"limit": str(limit)} | ({"cursor": cursor} if cursor else {})
        return self._call("GET", HOUSEHOLDS_PATH, params=params)
