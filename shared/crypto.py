"""Personal data at rest: AES-GCM encryption, keyed lookup hashes and masking."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_KEY_VERSION = b"\x01"
FILE_CHUNK = 1 << 20  # plaintext bytes per sealed chunk of a file
SEALED_FILE_CHUNK = FILE_CHUNK + 1 + 12 + 16  # with its key version, nonce and tag


class FieldCipher:
    """Encrypts one field value at a time, bound to the field it belongs to."""

    def __init__(self, data_key_b64: str, hash_key_b64: str) -> None:
        data_key = base64.b64decode(data_key_b64)
        if len(data_key) != 32:
            raise ValueError("data_key must be 32 bytes (AES-256), base64-encoded")
        self._aead = AESGCM(data_key)
        self._hash_key = base64.b64decode(hash_key_b64)
        if len(self._hash_key) < 32:
            raise ValueError("hash_key must be at least 32 bytes, base64-encoded")

    def encrypt(self, plaintext: str, context: str) -> bytes:
        """Encrypt a value; the context (e.g. 'member.id_number') is authenticated too."""
        nonce = os.urandom(12)
        return _KEY_VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def encrypt_many(self, plaintexts: list[str], context: str) -> list[bytes]:
        """Encrypt many values of one field; one call for all nonces (bulk imports)."""
        nonces = os.urandom(12 * len(plaintexts))
        return [_KEY_VERSION + nonces[i * 12:i * 12 + 12]
                + self._aead.encrypt(nonces[i * 12:i * 12 + 12], value.encode(), context.encode())
                for i, value in enumerate(plaintexts)]

    def decrypt(self, blob: bytes, context: str) -> str:
        """Decrypt a value written by encrypt for the same context."""
        if blob[:1] != _KEY_VERSION:
            raise ValueError("unknown key version")
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], context.encode()).decode()
        except InvalidTag as exc:
            raise ValueError("ciphertext was altered or the key is wrong") from exc

    def seal_file_chunk(self, chunk: bytes, context: str, index: int, last: bool) -> bytes:
        """Encrypt one chunk of a file (FILE_CHUNK bytes, the last one shorter), bound to its place.

        A chunk moved, swapped or cut off fails to decrypt, and a chunk can be read on its own.
        """
        nonce = os.urandom(12)
        return _KEY_VERSION + nonce + self._aead.encrypt(nonce, chunk, f"{context}|{index}|{last}".encode())

    def open_file_chunk(self, blob: bytes, context: str, index: int, last: bool) -> bytes:
        """Decrypt one sealed chunk of a file: its place in the file and whether it is the last."""
        if blob[:1] != _KEY_VERSION:
            raise ValueError("unknown key version")
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], f"{context}|{index}|{last}".encode())
        except InvalidTag as exc:
            raise ValueError("a file chunk was altered, moved or cut off, or the key is wrong") from exc

    def lookup_hash(self, value: str, context: str) -> str:
        """Return a keyed hash that finds equal values without storing them."""
        message = f"{context}\x00{value}".encode()
        return hmac.new(self._hash_key, message, hashlib.sha256).hexdigest()


# Masks show what cannot give the value back, whatever stands beside it. An ID number's digits are
# its area, birth date, a sequence whose parity is the sex, and a check digit; beside a household's
# region, a member's age and sex, any kept sequence or check digit narrows the number to a few
# dozen. So only the province is kept (no narrower than the region beside it). Mobiles and bank
# accounts keep their last four (seven or more unknown digits remain), landlines their last two.


def mask_id_number(value: str) -> str:
    """Mask an ID number as 44****************, keeping only the province."""
    return value[:2] + "*" * (len(value) - 2) if len(value) > 7 else "*" * len(value)


def mask_phone(value: str) -> str:
    """Mask a mobile number as *******1234 and a landline (whose area the region gives) as *******45."""
    keep = 4 if len(value) == 11 and value.isdigit() and value[0] == "1" else 2
    return "*" * (len(value) - keep) + value[-keep:] if len(value) > 6 else "*" * len(value)


def mask_bank_account(value: str) -> str:
    """Mask a bank account, keeping its last four digits."""
    return "*" * (len(value) - 4) + value[-4:] if len(value) > 11 else "*" * len(value)


def mask_name(value: str) -> str:
    """Mask a name as public notices post it: 张*明, 张*, 欧**华 (first and last character kept)."""
    if len(value) <= 1:
        return "*"
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


_NUMBER = re.compile(r"\d{6,}[\dXx]?")


def mask_numbers(text: str) -> str:
    """Mask every run of six or more digits in free text as the field it looks like would be masked.

    A department's row arrives as free text: an ID number, a mobile, a bank account or any other
    long number in it is masked as the register masks them, and shorter numbers (dates, plates) stay.
    """
    def _mask(match: re.Match[str]) -> str:
        number = match.group()
        if len(number) == 18:
            return mask_id_number(number)
        if len(number) == 11 and number[0] == "1":
            return mask_phone(number)
        if len(number) > 11 and number.isdigit():
            return mask_bank_account(number)
        return "*" * len(number)

    return _NUMBER.sub(_mask, text)
