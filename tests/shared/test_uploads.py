"""Uploaded files spool sealed: no plaintext on disk while a multipart request is received."""

from __future__ import annotations

import os

import pytest
import starlette.formparsers
from cryptography.exceptions import InvalidTag

from shared.uploads import BLOCK, EncryptedSpool
from tests.identification.bulk_support import csv_bytes, csv_row, person, run_import

MARKER = b"441882197003010015"


def _disk_bytes(spool: EncryptedSpool) -> bytes:
    spool._file.seek(0)
    return spool._file.read()


def test_a_spool_gives_back_what_was_written_in_any_read_sizes_and_keeps_no_plaintext():
    pieces = [os.urandom(1000) + MARKER, MARKER * 9000, os.urandom(3 * BLOCK + 17), MARKER]
    spool = EncryptedSpool(max_size=1024 * 1024)
    for piece in pieces:
        spool.write(piece)
    spool.seek(0)
    whole = b"".join(pieces)
    assert MARKER not in _disk_bytes(spool) and len(_disk_bytes(spool)) > len(whole)
    spool.seek(0)
    read, size = [], 1
    while block := spool.read(size):
        read.append(block)
        size = size * 3 + 1
    assert b"".join(read) == whole
    spool.seek(0)
    assert spool.read() == whole and spool.read() == b""
    spool.close()
    assert spool.closed


def test_a_spool_refuses_altered_or_reordered_blocks_and_late_writes():
    spool = EncryptedSpool()
    spool.write(b"a" * (2 * BLOCK))
    spool.seek(0)
    with pytest.raises(ValueError):
        spool.write(b"more")
    raw = bytearray(_disk_bytes(spool))
    raw[10] ^= 1
    spool._file.seek(0)
    spool._file.write(raw)
    spool.seek(0)
    with pytest.raises(InvalidTag):
        spool.read()


def test_the_multipart_parser_spools_into_sealed_files_and_a_large_import_arrives_whole(ident):
    assert starlette.formparsers.SpooledTemporaryFile is EncryptedSpool
    # ID serials run to 999, so the birth year changes every 400 people.
    rows = [csv_row(f"44188210020100{n:04d}", "张三", person(2 * (n % 400) + 1, 1950 + n // 400),
                    住址="三古滩村" + "长" * 190) for n in range(3000)]
    content = csv_bytes(rows)
    assert len(content) > 2 * 1024 * 1024  # past Starlette's 1 MiB in-memory spool
    job = run_import(ident, content)
    assert job["state"] == "succeeded" and job["households_created"] == 3000, job
