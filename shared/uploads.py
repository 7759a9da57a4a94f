"""Uploads never touch the disk in plaintext: multipart files spool into blocks sealed with a key in memory.

Starlette keeps each uploaded file part in a SpooledTemporaryFile that rolls over to a plaintext file in
TMPDIR past 1 MiB, so an import of 60,000 ID numbers would sit readable on disk while it is received.
`EncryptedSpool` takes its place: blocks are sealed with AES-256-GCM under a key generated per upload
and held only by the object, in an unlinked temporary file. A crash leaves ciphertext whose key died
with the process.
"""

from __future__ import annotations

import os
import struct
import tempfile
from typing import Any

import starlette.formparsers
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BLOCK = 64 * 1024
_LENGTH = struct.Struct(">I")


class EncryptedSpool:
    """A temporary file written once, then read once from the start, sealed block by block."""

    # UploadFile reads `_rolled` to decide whether to run file calls in a thread: sealing is work.
    _rolled = True

    def __init__(self, max_size: int = 0, mode: str = "w+b", **_: Any) -> None:
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (the spool owns it and closes it in close())
        self._pending = bytearray()
        self._plain = b""
        self._blocks_written = self._blocks_read = 0
        self._reading = False
        self.closed = False

    def write(self, data: bytes) -> int:
        """Take bytes; seal each full block as it fills."""
        if self._reading:
            raise ValueError("the spool is being read; it takes no more writes")
        self._pending += data
        while len(self._pending) >= BLOCK:
            self._seal(bytes(self._pending[:BLOCK]))
            del self._pending[:BLOCK]
        return len(data)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Rewind to the start to read: the only seek an upload needs."""
        if (offset, whence) != (0, os.SEEK_SET):
            raise ValueError("an encrypted spool is read from its start only")
        if not self._reading and self._pending:
            self._seal(bytes(self._pending))
            self._pending.clear()
        self._reading = True
        self._file.seek(0)
        self._plain, self._blocks_read = b"", 0
        return 0

    def read(self, size: int = -1) -> bytes:
        """Return up to `size` bytes (all when negative), opening blocks as they are needed."""
        if not self._reading:
            self.seek(0)
        wanted = size if size >= 0 else float("inf")
        parts: list[bytes] = []
        have = 0
        while have < wanted:
            if not self._plain:
                self._plain = self._open_next()
                if not self._plain:
                    break
            take = self._plain if wanted == float("inf") else self._plain[: int(wanted - have)]
            self._plain = self._plain[len(take):]
            parts.append(take)
            have += len(take)
        return b"".join(parts)

    def close(self) -> None:
        """Drop the file and the key."""
        self._file.close()
        self.closed = True

    def _seal(self, block: bytes) -> None:
        # The block's position is its nonce and its associated data: blocks cannot be reordered or reused.
        index = self._blocks_written.to_bytes(12, "big")
        sealed = self._aead.encrypt(index, block, index)
        self._file.write(_LENGTH.pack(len(sealed)) + sealed)
        self._blocks_written += 1

    def _open_next(self) -> bytes:
        header = self._file.read(_LENGTH.size)
        if not header:
            return b""
        sealed = self._file.read(_LENGTH.unpack(header)[0])
        index = self._blocks_read.to_bytes(12, "big")
        self._blocks_read += 1
        return self._aead.decrypt(index, sealed, index)


def seal_upload_spools() -> None:
    """Make Starlette's multipart parser spool every file part into an EncryptedSpool."""
    starlette.formparsers.SpooledTemporaryFile = EncryptedSpool  # type: ignore[misc, assignment]
