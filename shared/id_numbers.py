"""Resident ID numbers (公民身份号码, GB 11643): validation and what a number says about its holder."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError


class IdNumberFacts(NamedTuple):
    """What a valid resident ID number (GB 11643) says about its holder."""

    number: str
    birth_date: date
    sex: str


_CHECK_CHARS = frozenset("0123456789X")
_YEAR_LOADED = date.today().year  # any birth year before it is in the past


class IdNumberError(ValueError):
    """An ID number that fails GB 11643; `code` says how."""

    def __init__(self, code: str, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.code, self.message, self.message_zh = code, message, message_zh


def _area_known(number: str) -> bool:
    """Tell whether the first six digits name a county that existed at some time.

    python-stdnum also demands that the county existed in the birth year, but a number
    keeps the area code of where it was issued, often years after birth (连州市 441882
    exists since 1994 and its residents born earlier hold it), so only existence is checked.
    """
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(number[:6]) for k, v in props.items()}
    return "county" in info


def check_with_stdnum(raw: str) -> IdNumberFacts:
    """Validate an ID number through python-stdnum alone: the reference parse_id_number follows."""
    try:
        number = ric.validate(raw)
    except InvalidChecksum as exc:
        raise IdNumberError("id_number_checksum", "The ID number's check digit is wrong",
                            "身份证号码校验位错误") from exc
    except InvalidLength as exc:
        raise IdNumberError("id_number_length", "An ID number has 18 characters",
                            "身份证号码应为18位") from exc
    except InvalidComponent as exc:
        number = ric.compact(raw)
        try:
            ric.get_birth_date(number)
        except InvalidComponent:
            raise IdNumberError("id_number_birth_date", "The ID number holds no valid birth date",
                                "身份证号码中的出生日期无效") from exc
        if not _area_known(number):
            raise IdNumberError("id_number_area", "The ID number's area code is unknown",
                                "身份证号码中的地址码不存在") from exc
    except ValidationError as exc:
        raise IdNumberError("id_number_format", "The ID number is malformed",
                            "身份证号码格式错误") from exc
    birth = ric.get_birth_date(number)
    if birth > date.today():
        raise IdNumberError("id_number_birth_date", "The ID number's birth date is in the future",
                            "身份证号码中的出生日期晚于今天")
    if birth.year < 1900:
        raise IdNumberError("id_number_birth_date", "The ID number's birth date is before 1900",
                            "身份证号码中的出生日期早于1900年")
    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumberFacts(number=number, birth_date=birth, sex=sex)


@lru_cache(maxsize=65536)
def _area_verdict(area: str, year: int) -> IdNumberError | None:
    """Judge an area code for people born in `year`, as check_with_stdnum would.

    Once length, digits, check digit and birth date are right, the verdict depends only on
    the area code and the birth year, so one representative number answers for all of them.
    python-stdnum's area lookup costs ~100 µs, too much to pay 800,000 times per import.
    """
    body = f"{area}{year:04d}0101001"
    try:
        check_with_stdnum(body + ric.calc_check_digit(body + "0"))
    except IdNumberError as exc:
        return exc
    return None


_RECENT_LIMIT = 256
_recent: dict[str, IdNumberFacts] = {}  # a member's validators read the same number in a row


def parse_id_number(raw: str) -> IdNumberFacts:
    """Validate an 18-character ID number with its check digit and read birth date and sex.

    Gives check_with_stdnum's verdict (tests compare them), with the area lookup cached
    and the last few valid numbers remembered (a plain dict: ~10x cheaper than lru_cache).
    """
    facts = _recent.get(raw)
    if facts is None:
        facts = _parse_id_number(raw)
        if len(_recent) >= _RECENT_LIMIT:
            _recent.clear()
        _recent[raw] = facts
    return facts


def _parse_id_number(raw: str) -> IdNumberFacts:
    number = raw.upper()
    if len(number) != 18 or not number.isascii() or not number[:17].isdigit() \
            or number[17] not in _CHECK_CHARS:
        return check_with_stdnum(raw)  # rare shapes take the reference path for its exact verdict
    if ric.calc_check_digit(number) != number[17]:
        raise IdNumberError("id_number_checksum", "The ID number's check digit is wrong",
                            "身份证号码校验位错误")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdNumberError("id_number_birth_date", "The ID number holds no valid birth date",
                            "身份证号码中的出生日期无效") from exc
    verdict = _area_verdict(number[:6], birth.year)
    if verdict is not None:
        raise IdNumberError(verdict.code, verdict.message, verdict.message_zh)
    if birth.year >= _YEAR_LOADED and birth > date.today():  # asks the clock only when it may matter
        raise IdNumberError("id_number_birth_date", "The ID number's birth date is in the future",
                            "身份证号码中的出生日期晚于今天")
    return IdNumberFacts(number=number, birth_date=birth,
                         sex="male" if int(number[16]) % 2 == 1 else "female")
