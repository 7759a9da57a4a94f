"""Personal data bound to its column: encryption context, masking rule and lookup hash declared once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import MappedColumn, mapped_column

from shared.crypto import FieldCipher

# The ID number's lookup context, one for the whole suite: every service holding the suite's hash key
# finds a person by the same HMAC-SHA256 of "id_number\0<the 18-character number>" (identification's
# members, the register replica's id_number_hash, supervision's credit blacklist).
ID_NUMBER_LOOKUP = "id_number"


@dataclass(frozen=True)
class PersonalField:
    """A personal-data field: the context its ciphertext is bound to, its mask, its lookup hash.

    The context is authenticated with the ciphertext, so a value copied into another field's
    column never decrypts. A field without a mask is withheld entirely from callers without
    pii:read (health data); a field with a lookup context has a keyed hash column beside it.
    """

    context: str
    mask: Callable[[str], str] | None
    lookup: str | None = None

    def column(self) -> MappedColumn[Any]:
        """Declare the column holding this field's ciphertext."""
        return mapped_column(LargeBinary, info={"personal": self})

    def hash_column(self) -> MappedColumn[Any]:
        """Declare the indexed column holding this field's lookup hash."""
        return mapped_column(String(64), index=True, info={"lookup_of": self})

    def seal(self, cipher: FieldCipher, value: str | None) -> bytes | None:
        """Encrypt a value for this field's column; an empty value is stored as none."""
        return cipher.encrypt(value, self.context) if value else None

    def seal_many(self, cipher: FieldCipher, values: list[str]) -> list[bytes]:
        """Encrypt many values of this field at once (bulk imports)."""
        return cipher.encrypt_many(values, self.context)

    def open(self, cipher: FieldCipher, blob: bytes | None) -> str | None:
        """Decrypt this field's ciphertext."""
        return None if blob is None else cipher.decrypt(blob, self.context)

    def masked(self, value: str | None) -> str | None:
        """Show a plaintext as a caller without pii:read sees it."""
        return self.mask(value) if value and self.mask else None

    def hash(self, cipher: FieldCipher, value: str | None) -> str | None:
        """Return the keyed lookup hash that finds equal values without storing them."""
        if self.lookup is None:
            raise ValueError(f"{self.context} has no lookup hash")
        return cipher.lookup_hash(value, self.lookup) if value else None


def is_personal(column: Any) -> bool:
    """Tell whether a table column holds a personal field's ciphertext or lookup hash."""
    return "personal" in column.info or "lookup_of" in column.info


Sealed = Mapping[tuple[str, bytes], str]  # (context, ciphertext) -> plaintext a unit of work sealed


class PersonalView:
    """Personal data as one caller may see it: in clear with pii:read, masked or withheld without.

    `sealed` holds what the unit of work encrypted itself: rendering what a request just
    wrote takes the plaintext it had instead of decrypting the ciphertext it made.
    """

    def __init__(self, cipher: FieldCipher, unmasked: bool, sealed: Sealed | None = None) -> None:
        self.cipher = cipher
        self.unmasked = unmasked
        self.sealed = sealed

    def show(self, field: PersonalField, blob: bytes | None) -> str | None:
        """Return a stored field as the caller may see it (a withheld one is never decrypted)."""
        if blob is None or not (self.unmasked or field.mask):
            return None
        value = self.sealed.get((field.context, blob)) if self.sealed else None
        if value is None:
            value = self.cipher.decrypt(blob, field.context)
        # Written out (not through masked()): an export shows millions of fields through here.
        return value if self.unmasked else field.mask(value)  # type: ignore[misc]
