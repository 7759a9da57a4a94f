"""The county spreadsheet layout: column headers (Chinese or English) and cell values."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from services.identification.codes import (
    Education,
    Employment,
    ExitPathway,
    HealthStatus,
    HouseholdCategory,
    HouseholdStatus,
    HousingGrade,
    Labeled,
    LabourCapacity,
    PovertyCause,
    Relation,
    RenovationState,
    Schooling,
    Sex,
)
from shared.types import ascii_digits

# API field name -> Chinese headers counties use for it (the English name is accepted too).
HOUSEHOLD_COLUMNS: dict[str, tuple[str, ...]] = {
    "household_no": ("户编号", "户码", "户号"),
    "region_code": ("区划代码", "所在村代码", "村代码", "行政区划代码", "所在村区划代码"),
    "address": ("住址", "家庭住址", "地址"),
    "category": ("贫困户属性", "户属性"),
    "primary_cause": ("主要致贫原因",),
    "other_causes": ("其他致贫原因",),
    "housing_grade": ("住房危房等级", "危房等级"),
    "renovation_state": ("危房改造状态",),
    "safe_drinking_water": ("饮水安全", "饮水是否安全"),
    "helper_name": ("帮扶责任人",),
    "helper_subject": ("帮扶责任人账号",),
    "phone": ("联系电话", "户联系电话"),
    "bank_name": ("开户银行",),
    "bank_account": ("一卡通账号", "银行账号"),
    "status": ("状态", "贫困户状态"),
    "identified_on": ("识别时间", "识别日期"),
    "exited_on": ("脱贫时间", "脱贫日期"),
    "exit_pathway": ("脱贫路径",),
}
MEMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "id_number": ("身份证号码", "证件号码", "身份证号"),
    "sex": ("性别",),
    "birth_date": ("出生日期",),
    "relation": ("与户主关系",),
    "education": ("文化程度",),
    "schooling": ("在校生状况",),
    "health_status": ("健康状况",),
    "illness": ("所患疾病",),
    "disability_grade": ("残疾等级",),
    "disability_card": ("残疾证号",),
    "labour_capacity": ("劳动能力",),
    "pension_insured": ("参加城乡居民基本养老保险", "养老保险"),
    "medical_insured": ("参加基本医疗保险", "医疗保险"),
    "critical_illness_insured": ("参加大病保险", "大病保险"),
    "employment": ("务工状况",),
    "member_phone": ("成员联系电话", "本人电话"),
}
REQUIRED_COLUMNS = ("household_no", "region_code", "name", "id_number")
HISTORY_FIELDS = ("status", "identified_on", "exited_on")

ENUMS: dict[str, type[Labeled]] = {
    "category": HouseholdCategory, "primary_cause": PovertyCause, "other_causes": PovertyCause,
    "housing_grade": HousingGrade, "renovation_state": RenovationState, "status": HouseholdStatus,
    "exit_pathway": ExitPathway, "sex": Sex, "relation": Relation, "education": Education,
    "schooling": Schooling, "health_status": HealthStatus, "labour_capacity": LabourCapacity,
    "employment": Employment, "to_status": HouseholdStatus,
}
# Spellings met in county files besides the code tables' labels.
_ALIASES: dict[type[Labeled], dict[str, str]] = {
    Relation: {"本人": "head", "本人或户主": "head", "妻": "spouse", "夫": "spouse", "儿子": "son",
               "女儿": "daughter", "孙子": "grandchild", "孙女": "grandchild"},
    HouseholdCategory: {"一般户": "general", "低保户": "minimum_living_guarantee",
                        "特困户": "extreme_poverty_support", "五保户": "extreme_poverty_support"},
    HousingGrade: {"A级": "grade_a", "B级": "grade_b", "C级": "grade_c", "D级": "grade_d"},
}
BOOLEAN_FIELDS = frozenset({"safe_drinking_water", "pension_insured", "medical_insured",
                            "critical_illness_insured"})
DATE_FIELDS = frozenset({"birth_date", "identified_on", "exited_on", "effective_on"})
_TRUE = {"是", "有", "true", "1", "y", "yes", "安全"}
_FALSE = {"否", "无", "false", "0", "n", "no", "不安全"}
_GRADES = {"一级": 1, "二级": 2, "三级": 3, "四级": 4}
_LIST_SPLIT = re.compile(r"[;；,，、/]")


def _lookup_tables() -> dict[str, dict[str, str]]:
    tables = {}
    for field_name, enum in ENUMS.items():
        table = {member.value: member.value for member in enum}
        table.update({member.label_zh: member.value for member in enum})  # type: ignore[attr-defined]
        table.update(_ALIASES.get(enum, {}))
        tables[field_name] = table
    return tables


_CODES = _lookup_tables()


def header_map(headers: list[str]) -> dict[int, str]:
    """Map column positions to API field names; unknown headers are left out."""
    known: dict[str, str] = {}
    for columns in (HOUSEHOLD_COLUMNS, MEMBER_COLUMNS):
        for field_name, labels in columns.items():
            known[field_name] = field_name
            known.update({label: field_name for label in labels})
    return {i: known[h] for i, h in enumerate(_clean_header(h) for h in headers) if h in known}


def _clean_header(header: Any) -> str:
    text = str(header or "").strip().lstrip("\ufeff")
    text = re.sub(r"[（(].*?[）)]|\*", "", text).strip()  # drop notes like 户编号(必填) and marks
    return text if not text.isascii() else text.lower()


def code_of(field_name: str, value: str) -> str:
    """Translate a Chinese label to its code; unknown values pass through for validation."""
    return _CODES[field_name].get(value.strip(), value.strip())


def cell_text(value: Any) -> str | None:
    """Turn a cell into text, or None when it is empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def converter(field_name: str) -> Callable[[str], Any]:
    """Return the function that turns a non-empty cell of a column into the API's value."""
    if field_name == "other_causes":
        table = _CODES[field_name]
        return lambda text: [table.get(p.strip(), p.strip()) for p in _LIST_SPLIT.split(text)
                             if p.strip()]
    if field_name in ENUMS:
        table = _CODES[field_name]
        return lambda text: table.get(text, text)
    if field_name in BOOLEAN_FIELDS:
        return _boolean
    if field_name in DATE_FIELDS:
        return _date_text
    if field_name == "disability_grade":
        return lambda text: _GRADES.get(text, text)
    return str


def _boolean(text: str) -> Any:
    lowered = text.lower()
    return True if lowered in _TRUE else False if lowered in _FALSE else text


def _date_text(text: str) -> str:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text  # already ISO; the schema checks it is a real date
    digits = re.sub(r"[年月/.]", "-", text.replace("日", "")).split(" ")[0]
    if re.fullmatch(r"[0-9]{8}", digits):
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    parts = digits.split("-")
    if len(parts) == 3 and all(ascii_digits(p) for p in parts):
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return text


# A spreadsheet runs a cell starting with one of these as a formula (CSV/formula injection).
_FORMULA_OR_QUOTE = frozenset("=+-@'")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@]")
_ADDED_QUOTE = re.compile(r"'+[=+\-@]")


def neutralise(value: Any) -> Any:
    """Prefix a quote to text a spreadsheet would run as a formula (exports).

    Text already starting with quotes before such a character gets one more, so that
    unquote() can always tell the quote export added from quotes that belong to the value.
    """
    if isinstance(value, str) and value[:1] in _FORMULA_OR_QUOTE and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """Drop the quote neutralise() added, so an export imports back unchanged (imports)."""
    return text[1:] if _ADDED_QUOTE.match(text) else text

