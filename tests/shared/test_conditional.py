"""Conditional reads and compression: 304 only for the exact bytes held, gzip when asked and worth it."""

from __future__ import annotations

import re

from shared.app import GZIP_MIN_BYTES
from shared.concurrency import version_of
from shared.conditional import if_none_match_holds, representation_etag
from tests.identification.register_data import create, household, member

PII = ["pii:read"]
REPRESENTATION_ETAG = re.compile(r'^"\d+\.[0-9a-f]{16}"$')


def _read(ident, household_id, scopes=None, **headers):
    url = f"/api/v1/households/{household_id}"
    return ident.client.get(url, headers=ident.headers(scopes=scopes, **headers))


def test_the_etag_validates_the_bytes_and_a_matching_if_none_match_gets_304(ident):
    created = create(ident, household())
    first = _read(ident, created["id"])
    etag = first.headers["etag"]
    assert REPRESENTATION_ETAG.match(etag) and version_of(etag) == 1
    assert etag == representation_etag(1, first.content)
    assert first.headers["cache-control"] == "private, no-cache"
    again = _read(ident, created["id"], **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == "private, no-cache"
    assert "content-type" not in again.headers
    for form in (f"W/{etag}", f'"other", {etag}', "*"):
        assert _read(ident, created["id"], **{"If-None-Match": form}).status_code == 304, form


def test_a_copy_of_another_rendering_or_version_is_answered_in_full(ident):
    created = create(ident, household())
    masked = _read(ident, created["id"]).headers["etag"]
    unmasked = _read(ident, created["id"], scopes=PII, **{"If-None-Match": masked})
    # Same version, other bytes: the caller with pii:read must not be told its masked copy is current.
    assert unmasked.status_code == 200 and unmasked.headers["etag"] != masked
    assert version_of(unmasked.headers["etag"]) == version_of(masked) == 1
    changed = ident.client.patch(f"/api/v1/households/{created['id']}", json={"address": "新址2号"},
                                 headers=ident.headers(**{"If-Match": masked}))
    assert changed.status_code == 200 and version_of(changed.headers["etag"]) == 2
    after = _read(ident, created["id"], **{"If-None-Match": masked})
    assert after.status_code == 200 and after.json()["address"] == "新址2号"
    assert _read(ident, created["id"], **{"If-None-Match": '"1"'}).status_code == 200


def test_if_match_takes_the_representation_etag_or_the_bare_version(ident):
    created = create(ident, household())
    url = f"/api/v1/households/{created['id']}"
    etag = _read(ident, created["id"]).headers["etag"]
    assert ident.client.patch(url, json={"address": "新址甲号"}, headers=ident.headers(**{"If-Match": etag})
                              ).status_code == 200
    stale = ident.client.patch(url, json={"address": "新址乙号"}, headers=ident.headers(**{"If-Match": etag}))
    assert stale.status_code == 412 and stale.json()["current_etag"] == '"2"'
    assert ident.client.patch(url, json={"address": "新址乙号"}, headers=ident.headers(**{"If-Match": '"2"'})
                              ).status_code == 200
    forged = etag.replace('"1.', '"7.')
    assert ident.client.patch(url, json={"address": "新址丙号"}, headers=ident.headers(**{"If-Match": forged})
                              ).status_code == 412


def test_a_write_is_never_answered_304(ident):
    created = create(ident, household())
    etag = _read(ident, created["id"]).headers["etag"]
    r = ident.client.patch(f"/api/v1/households/{created['id']}", json={"address": "新址甲号"},
                           headers=ident.headers(**{"If-Match": etag, "If-None-Match": "*"}))
    assert r.status_code == 200 and r.json()["address"] == "新址甲号"


def test_large_answers_are_gzipped_when_asked_and_small_ones_are_not(ident):
    for n in range(8):
        create(ident, household(members=[member(10 + n)]))
    url = "/api/v1/households?limit=50"
    plain = ident.client.get(url, headers=ident.headers(**{"Accept-Encoding": "identity"}))
    assert len(plain.content) > GZIP_MIN_BYTES and "content-encoding" not in plain.headers
    packed = ident.client.get(url, headers=ident.headers(**{"Accept-Encoding": "gzip"}))
    assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"]
    assert packed.json() == plain.json()
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    small = ident.client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert len(small.content) < GZIP_MIN_BYTES and "content-encoding" not in small.headers


def test_if_none_match_follows_the_rfc_comparison():
    tag = '"4.0123456789abcdef"'
    assert if_none_match_holds(tag, tag) and if_none_match_holds(f"W/{tag}", tag)
    assert if_none_match_holds('"x", ' + tag, tag) and if_none_match_holds("*", tag)
    assert not if_none_match_holds('"4"', tag) and not if_none_match_holds("garbage", tag)
