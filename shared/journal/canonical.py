"""Canonical JSON of the journal: payloads captured at record time and the audit entries' hashes.

The bytes hashed here are the chain's contract: an entry hashes the same when it is sealed,
when it is verified years later, and whichever encoder wrote it.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

import orjson
from pydantic_core import to_json, to_jsonable_python

GENESIS_HASH = "0" * 64
_AUDIT_FIELDS = ("seq", "at", "actor", "action", "entity_type", "entity_id", "region_code",
                 "before", "after", "request_id")


class Payload(NamedTuple):
    """A payload as recorded: its JSON values, or, for a plain one, only its sorted JSON text."""

    value: Any
    text: bytes | None
    floats: bool

    def values(self) -> Any:
        """Return the JSON values (parsed from the text when only that was made)."""
        if self.text is None:
            return self.value
        try:
            return orjson.loads(self.text)
        except orjson.JSONDecodeError:  # event data with NaN, which only json reads back
            return json.loads(self.text)


def payload(value: Any) -> Payload | None:
    """Make an audit payload JSON now, so later changes to the caller's dict cannot reach it.

    A plain payload (strings, integers, booleans, null) is written once, by orjson with
    sorted keys: that text is both its part of the hashed body and its JSONB. Anything
    else takes pydantic's conversion, whose Decimals, dates and UUIDs hash the same after a
    round trip through the database.
    """
    if value is None:
        return None
    if _is_plain(value):
        try:
            return Payload(None, orjson.dumps(value, option=orjson.OPT_SORT_KEYS), False)
        except TypeError:  # an integer beyond 64 bits
            pass
    plain = to_jsonable_python(value)
    # Checking is ~5x cheaper than rebuilding, and most payloads hold no float at all.
    if _has_float(plain):
        return Payload(_big_floats_as_ints(plain), None, True)
    return Payload(plain, None, False)


def _is_plain(value: Any) -> bool:
    """Tell whether a value is made only of dicts with str keys, lists, str, int, bool and None.

    A str subclass (a code's StrEnum member) counts as str: orjson and json.dumps both
    write its text, and it reads back as that text. (The leaf test is written out in both
    loops: this runs for every value of every audited payload.)
    """
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            kind = type(item)
            if type(key) is not str:
                return False
            if not (kind is str or kind is int or kind is bool or item is None
                    or _is_plain(item) or isinstance(item, str)):
                return False
        return True
    if kind is list:
        for item in value:
            kind = type(item)
            if not (kind is str or kind is int or kind is bool or item is None
                    or _is_plain(item) or isinstance(item, str)):
                return False
        return True
    return False


def _has_float(value: Any) -> bool:
    """Tell whether a JSON value holds a float anywhere."""
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return isinstance(value, float)
    for item in value:
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue  # the common leaves, decided without a call
        if _has_float(item):
            return True
    return False


def _big_floats_as_ints(value: Any) -> Any:
    # JSONB gives a float from 1e16 up back as an integer (1e+20 -> 100000000000000000000),
    # which would change the entry's hash; store the integer JSONB will return.
    if isinstance(value, float) and abs(value) >= 1e16 and math.isfinite(value):
        return int(Decimal(repr(value)))
    if isinstance(value, dict):
        return {k: _big_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_big_floats_as_ints(v) for v in value]
    return value


_ORJSON_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                   | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


def canonical_json(body: dict[str, Any], may_hold_floats: bool = True) -> bytes:
    """Serialise a hashed body: sorted keys, no spaces, UTF-8, other values as str().

    orjson writes a body without floats byte for byte as the standard library does, ~8x
    faster; floats (whose exponents it spells differently) and anything it would write in
    its own way take the standard library, so the bytes never depend on the encoder.
    """
    if not may_hold_floats:
        try:
            return orjson.dumps(body, default=_not_plain, option=_ORJSON_OPTIONS)
        except TypeError:  # an integer beyond 64 bits, a key that is no string, a str subclass
            pass
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


def _not_plain(value: Any) -> Any:
    raise TypeError(type(value).__name__)


def _hashed_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """Take the hashed fields of an entry; its traceparent only when it has one (entries before v3 do not)."""
    body = {k: entry[k] for k in _AUDIT_FIELDS}
    if entry.get("traceparent") is not None:
        body["traceparent"] = entry["traceparent"]
    return body


def _canonical(entry: dict[str, Any]) -> bytes:
    body = _hashed_fields(entry)
    at = body["at"]
    body["at"] = at.isoformat() if isinstance(at, datetime) else at
    return canonical_json(body)


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """Hash an audit entry (as stored) together with the hash of the one before it."""
    return hashlib.sha256(prev_hash.encode() + _canonical(entry)).hexdigest()


def sealed_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """Hash an entry being sealed, as entry_hash will hash it once stored.

    Plain payloads enter the body as the sorted text they were recorded as; a body
    with any other payload is rebuilt from values and serialised as entry_hash does.
    """
    payloads: list[Payload | None] = [row["before"], row["after"]]
    body = _hashed_fields(row)
    body["at"] = body["at"].isoformat()
    if all(p is None or p.text is not None for p in payloads):
        body["before"], body["after"] = (None if p is None else orjson.Fragment(p.text)
                                         for p in payloads)
        try:
            canonical = orjson.dumps(body, default=_not_plain, option=_ORJSON_OPTIONS)
            return hashlib.sha256(prev_hash.encode() + canonical).hexdigest()
        except TypeError:  # a str subclass among the entry's own fields
            pass
    body["before"], body["after"] = (None if p is None else p.values() for p in payloads)
    floats = any(p is not None and p.floats for p in payloads)
    return hashlib.sha256(prev_hash.encode() + canonical_json(body, floats)).hexdigest()


def json_text(value: Any) -> bytes:
    """Serialise a value (a pydantic model too) in Rust, ~4x json.dumps; NaN fails as it did."""
    return to_json(value, inf_nan_mode="constants")
