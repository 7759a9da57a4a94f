"""Holding the audit chain against someone with the database: keyed seals and checkpoints kept outside it.

Each entry carries a seal, an HMAC of its place and hash under the audit key. The key lives in
the service's secrets, never in the database, so whoever rewrites entries and recomputes the
SHA-256 chain cannot make the seals that go with it. Deleting the newest entries and rewinding
the chain head would leave only valid seals behind, so every commit also appends a signed
checkpoint of the head to a file outside the database, and the outbox relay publishes it to NATS
JetStream (jetstream.py); verification refuses a chain shorter than, or different from, what was published,
and remembers (signed, outside the database) how far it got, so the next run checks only what
is new.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.journal.jetstream import CheckpointStream, StreamHeads
from shared.types import utcnow


class AuditKey:
    """The key that seals a service's audit entries and signs its checkpoints."""

    def __init__(self, key_b64: str, service: str) -> None:
        self._key = base64.b64decode(key_b64)
        if len(self._key) < 32:
            raise ValueError("audit_key must be at least 32 bytes, base64-encoded")
        self.service = service

    def seal(self, seq: int, entry_hash: str) -> str:
        """Return the seal of the entry at a place in the chain with a hash."""
        message = f"entry|{self.service}|{seq}|{entry_hash}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def sign(self, body: dict[str, Any]) -> dict[str, Any]:
        """Return a record with its signature."""
        return {**body, "sig": self._signature(body)}

    def signed(self, record: dict[str, Any]) -> bool:
        """Tell whether a record carries this key's signature for this service."""
        body = {k: v for k, v in record.items() if k != "sig"}
        return (body.get("service") == self.service and isinstance(record.get("sig"), str)
                and hmac.compare_digest(record["sig"], self._signature(body)))

    def _signature(self, body: dict[str, Any]) -> str:
        message = b"checkpoint|" + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Verified:
    """How far verification got: its last entry, what it read of the file and stream, the newest anchor."""

    seq: int
    hash: str
    offset: int
    stream_seq: int = 0
    anchored: int = 0


@dataclass(frozen=True)
class Published:
    """Checkpoints read from an offset: seq -> hash, the offset reached, forgery, a place published twice."""

    heads: dict[int, str]
    offset: int
    forged: bool
    # The first place with two different heads published: the chain was rewound and written again.
    conflict: int | None = None


class CheckpointFile:
    """Signed checkpoints in files outside the database: heads appended at commit, the verified point."""

    def __init__(self, key: AuditKey, directory: Path) -> None:
        self.key = key
        self.directory = directory
        self.heads_path = directory / f"{key.service}.heads.jsonl"
        self.verified_path = directory / f"{key.service}.verified.json"
        self.lock_path = directory / f"{key.service}.lock"

    def checkpoint(self, first: int, seq: int, entry_hash: str) -> dict[str, Any]:
        """Return the signed checkpoint of a head, naming the first entry it newly covers."""
        return self.key.sign({"service": self.key.service, "seq": seq, "hash": entry_hash,
                              "at": utcnow().isoformat(), "first": first})

    def append(self, record: dict[str, Any]) -> None:
        """Append a signed checkpoint: one write per line, so appends of several processes never mix."""
        self.directory.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"
        fd = os.open(self.heads_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)

    def newest(self) -> int | None:
        """Return the seq of the last checkpoint in the file, None when none was appended."""
        try:
            with self.heads_path.open("rb") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(max(size - 4096, 0))  # a line is about 250 bytes
                lines = handle.read().splitlines()
        except FileNotFoundError:
            return None
        record = _record(lines[-1]) if lines else None
        return record.get("seq") if record is not None and self.key.signed(record) else None

    def published(self, offset: int) -> Published:
        """Read the checkpoints appended at or after an offset (a line still being written waits)."""
        try:
            with self.heads_path.open("rb") as handle:
                handle.seek(offset)
                data = handle.read()
        except FileNotFoundError:
            return Published({}, 0, False)
        end = data.rfind(b"\n") + 1
        heads: dict[int, str] = {}
        forged, conflicts = False, []
        for line in data[:end].splitlines():
            record = _record(line)
            if record is None or not self.key.signed(record):
                forged = True
                continue
            if heads.setdefault(record["seq"], record["hash"]) != record["hash"]:
                conflicts.append(record["seq"])
        return Published(heads, offset + end, forged, min(conflicts, default=None))

    def sealed_from(self) -> int | None:
        """Return the first seq that must carry a seal: the first entry of the first checkpoint published."""
        try:
            with self.heads_path.open("rb") as handle:
                record = _record(handle.readline())
        except FileNotFoundError:
            return None
        if record is None or not self.key.signed(record):
            return 1  # a forged first line: every entry must then be sealed
        return int(record["first"])

    def verified(self) -> Verified | None:
        """Return where the last successful verification ended, if its record is genuine."""
        try:
            record = _record(self.verified_path.read_bytes())
        except FileNotFoundError:
            return None
        if record is None or not self.key.signed(record):
            return None  # start again from the beginning
        return Verified(record["seq"], record["hash"], record["offset"], record.get("stream_seq", 0),
                        record.get("anchored", 0))

    def mark_verified(self, verified: Verified) -> None:
        """Record where a successful verification ended (written whole, then renamed into place)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        body = {"service": self.key.service, "seq": verified.seq, "hash": verified.hash,
                "offset": verified.offset, "stream_seq": verified.stream_seq,
                "anchored": verified.anchored, "at": utcnow().isoformat()}
        temporary = self.verified_path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.key.sign(body), sort_keys=True))
        os.replace(temporary, self.verified_path)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Let one verification run at a time across threads and processes; the next starts where it ended."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with self.lock_path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _record(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


@dataclass(frozen=True)
class AuditAnchor:
    """What holds a service's chain beyond its database: the key, the checkpoint file and stream.

    A commit appends its head to the file; the outbox relay publishes the head to the stream
    (and to the file when no commit did, e.g. its process died first): see `anchor_head`.
    """

    key: AuditKey
    checkpoints: CheckpointFile
    stream: CheckpointStream | None = None

    def publish(self, first_seq: int, seq: int, entry_hash: str) -> None:
        """Append the head a commit left to the file; the very first checkpoint says where sealing began."""
        self.checkpoints.append(self.checkpoints.checkpoint(first_seq, seq, entry_hash))

    async def anchor_head(self, seq: int, entry_hash: str) -> None:
        """Anchor a head read from the database: in the stream, and in the file if no commit put it there.

        Run by the outbox relay after each pass, so the entries of a commit whose process died
        before appending its checkpoint are anchored within a relay interval. The file is left to
        commits until one has written it, since its first line says where sealing began.
        """
        newest = self.checkpoints.newest()
        record = self.checkpoints.checkpoint((newest or 0) + 1, seq, entry_hash)
        if newest is not None and newest < seq:
            self.checkpoints.append(record)
        if self.stream is not None:
            await self.stream.publish_async(record)

    def stream_heads(self, after: int) -> StreamHeads:
        """Read the stream's checkpoints after a sequence (none when no stream is configured)."""
        return self.stream.read(after) if self.stream else StreamHeads([], after)
