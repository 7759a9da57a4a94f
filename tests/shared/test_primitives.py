"""Small shared pieces: ETags, cursors, money, timestamps, field encryption, masks, settings."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from shared.concurrency import check_if_match, etag_for
from shared.crypto import FieldCipher, mask_bank_account, mask_id_number, mask_phone
from shared.errors import AppError
from shared.pagination import decode_cursor, encode_cursor, prefix_upper_bound
from shared.schemas import RegionCode, RegionPrefix, is_region_code
from shared.settings import DEV_AUDIT_KEY, DEV_DATA_KEY, DEV_HASH_KEY, ServiceSettings
from shared.types import Money, UTCDateTime, from_fen, to_fen

CIPHER = FieldCipher(DEV_DATA_KEY, DEV_HASH_KEY)


def test_if_match_accepts_the_current_version():
    check_if_match('"3"', 3)
    check_if_match('W/"3"', 3)
    check_if_match('"2", "3"', 3)


@pytest.mark.parametrize("header", ["*", '"3", *', ' * '])
def test_if_match_refuses_the_wildcard_with_428_naming_the_header(header):
    with pytest.raises(AppError) as caught:
        check_if_match(header, 3)
    assert (caught.value.status, caught.value.code) == (428, "if_match_wildcard")
    assert [e.field for e in caught.value.errors] == ["If-Match"]


def test_if_match_refuses_a_stale_version_with_412():
    with pytest.raises(AppError) as caught:
        check_if_match('"2"', 3)
    assert (caught.value.status, caught.value.code) == (412, "version_stale")
    assert caught.value.extra == {"current_etag": '"3"'}


def test_if_match_missing_is_428():
    for value in (None, ""):
        with pytest.raises(AppError) as caught:
            check_if_match(value, 1)
        assert caught.value.status == 428


def test_unquoted_etag_does_not_match():
    with pytest.raises(AppError):
        check_if_match("3", 3)
    assert etag_for(7) == '"7"'


def test_cursor_round_trip():
    cursor = encode_cursor(["441882100201-0003", 5])
    assert "=" not in cursor
    assert decode_cursor(cursor, 2) == ["441882100201-0003", 5]
    assert decode_cursor(None, 1) is None


@pytest.mark.parametrize("cursor", ["%%%", "bm90IGpzb24", encode_cursor([1, 2]), "e30", "w7w"])
def test_bad_cursor_is_a_field_error(cursor):
    with pytest.raises(AppError) as caught:
        decode_cursor(cursor, 1)
    assert caught.value.status == 422
    assert caught.value.errors[0].field == "cursor"


@given(st.text(alphabet="0123456789", min_size=1, max_size=12),
       st.text(alphabet="0123456789", max_size=12))
def test_prefix_upper_bound_bounds_exactly_the_prefixed_codes(prefix, tail):
    upper = prefix_upper_bound(prefix)
    code = prefix + tail
    assert prefix <= code < upper
    other = str(int(prefix) + 1).zfill(len(prefix)) if prefix[-1] != "9" else None
    if other is not None and len(other) == len(prefix):
        assert not (prefix <= other + tail < upper)


def test_money_is_exact_fen():
    assert to_fen(Decimal("1234.50")) == 123450
    assert to_fen(Decimal("0.01")) == 1
    assert from_fen(123450) == Decimal("1234.50")
    assert str(from_fen(5)) == "0.05"
    with pytest.raises(ValueError):
        to_fen(Decimal("1.005"))
    column = Money()
    assert column.process_bind_param(Decimal("0.10"), None) == 10  # type: ignore[arg-type]
    assert column.process_result_value(10, None) == Decimal("0.10")  # type: ignore[arg-type]


@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_money_round_trips(amount):
    assert from_fen(to_fen(amount)) == amount


class _Dialect:
    def __init__(self, name: str) -> None:
        self.name = name


def test_utc_datetime_refuses_naive_and_reads_aware():
    column = UTCDateTime()
    with pytest.raises(ValueError):
        column.process_bind_param(datetime(2020, 1, 1), _Dialect("sqlite"))  # type: ignore[arg-type]
    beijing = datetime(2020, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))
    stored = column.process_bind_param(beijing, _Dialect("sqlite"))  # type: ignore[arg-type]
    assert stored == datetime(2020, 1, 1, 0, 0)
    back = column.process_result_value(stored, _Dialect("sqlite"))  # type: ignore[arg-type]
    assert back == beijing and back.tzinfo == UTC


def test_cipher_round_trip_and_fresh_nonce():
    a = CIPHER.encrypt("441882197005010113", "member.id_number")
    b = CIPHER.encrypt("441882197005010113", "member.id_number")
    assert a != b
    assert b"441882197005010113" not in a
    assert CIPHER.decrypt(a, "member.id_number") == "441882197005010113"


def test_cipher_binds_the_context_and_detects_tampering():
    blob = CIPHER.encrypt("13800138000", "member.phone")
    with pytest.raises(ValueError):
        CIPHER.decrypt(blob, "household.phone")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(ValueError):
        CIPHER.decrypt(tampered, "member.phone")
    with pytest.raises(ValueError):
        CIPHER.decrypt(b"\x02" + blob[1:], "member.phone")
    other = FieldCipher(base64.b64encode(b"k" * 32).decode(), DEV_HASH_KEY)
    with pytest.raises(ValueError):
        other.decrypt(blob, "member.phone")


def test_lookup_hash_is_keyed_and_stable():
    h = CIPHER.lookup_hash("441882197005010113", "id_number")
    assert h == CIPHER.lookup_hash("441882197005010113", "id_number")
    assert "441882197005010113" not in h
    assert h != CIPHER.lookup_hash("441882197005010113", "bank_account")
    other = FieldCipher(DEV_DATA_KEY, base64.b64encode(b"h" * 32).decode())
    assert other.lookup_hash("441882197005010113", "id_number") != h


def test_cipher_refuses_short_keys():
    with pytest.raises(ValueError):
        FieldCipher(base64.b64encode(b"short").decode(), DEV_HASH_KEY)
    with pytest.raises(ValueError):
        FieldCipher(DEV_DATA_KEY, base64.b64encode(b"short").decode())


def test_masks():
    assert mask_id_number("44188219700501011X") == "44****************"
    assert mask_phone("13800138000") == "*******8000"
    assert mask_phone("07636612345") == "*********45"
    assert mask_bank_account("6228480402564890018") == "***************0018"
    assert mask_id_number("123") == "***"


def test_production_refuses_development_secrets_sqlite_and_local_tokens():
    good = {"data_key": base64.b64encode(b"d" * 32).decode(),
            "hash_key": base64.b64encode(b"h" * 32).decode(),
            "audit_key": base64.b64encode(b"a" * 32).decode(),
            "database_url": "postgresql+psycopg://db/x",
            "jwks_url": "https://idp.gd.gov.cn/jwks", "jwt_issuer": "https://idp.gd.gov.cn"}
    ServiceSettings(environment="production", **good).check_production_ready()
    ServiceSettings(environment="development").check_production_ready()
    for key, dev in (("jwks_url", ""), ("jwks_url", "http://idp.gd.gov.cn/jwks"),
                     ("jwt_issuer", "gd-poverty-suite"), ("token_url", "http://idp.gd.gov.cn/token"),
                     ("data_key", DEV_DATA_KEY),
                     ("hash_key", DEV_HASH_KEY), ("audit_key", DEV_AUDIT_KEY),
                     ("database_url", "sqlite:///x.db"),
                     ("database_url", "")):
        with pytest.raises(RuntimeError):
            ServiceSettings(environment="production", **{**good, key: dev}).check_production_ready()


def test_unknown_environment_is_refused():
    with pytest.raises(ValueError):
        ServiceSettings(environment="staging")


def test_settings_read_the_environment(monkeypatch):
    monkeypatch.setenv("SUITE_DATABASE_URL", "postgresql+psycopg://db/y")
    assert ServiceSettings().resolved_database_url() == "postgresql+psycopg://db/y"


@pytest.mark.parametrize("values", [[{"a": 1}], [123], [None], [[1]], [True], ["a\x00"]])
def test_cursor_of_the_wrong_kind_is_refused(values):
    with pytest.raises(AppError) as caught:
        decode_cursor(encode_cursor(values), 1, (str,))
    assert caught.value.errors[0].field == "cursor"
    assert decode_cursor(encode_cursor(["4418821002010001"]), 1, (str,)) == ["4418821002010001"]


@pytest.mark.parametrize("code", ["４４１８８２１００２０１", "44188210020²", "44188210020١", "44188210020",
                                  "441882100201\n", " 441882100201"])
def test_region_codes_are_ascii_digits_of_their_length(code):
    with pytest.raises(ValidationError):
        TypeAdapter(RegionCode).validate_python(code)
    assert not is_region_code(code)
    assert is_region_code("441882100201") and TypeAdapter(RegionCode).validate_python("441882100201")


@pytest.mark.parametrize("prefix", ["４４", "44１８", "441²", "4418\n"])
def test_region_prefixes_are_ascii_digits(prefix):
    with pytest.raises(ValidationError):
        TypeAdapter(RegionPrefix).validate_python(prefix)
