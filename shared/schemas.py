"""The strict request base and the value types every service's bodies are made of, each defined once."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    NaiveDatetime,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from shared.id_numbers import IdNumberError, parse_id_number
from shared.types import ascii_digits

# ASCII digits only: the validators' \d also takes full-width and other Unicode digits.
REGION_CODE_PATTERN = r"^[0-9]{12}$"
REGION_PREFIX_PATTERN = r"^[0-9]{2,12}$"


class StrictModel(BaseModel):
    """Base of every request body: unknown fields refused, text stripped, NUL refused by field."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # A field validator (not a check of the whole body) so the error names the field; bodies
    # that arrive as JSON are also checked before parsing, but imported files are not.
    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("string_nul", "Text cannot contain NUL characters",
                                      {"zh": "文本不能包含空字符"})
        return value

    # A value is of the JSON type the schema states: pydantic would also read a number as a date (seconds
    # since 1970), "24.5" as a number and 1 or "yes" as true, none of which the schema allows.
    @field_validator("*", mode="before")
    @classmethod
    def _json_types_as_stated(cls, value: object, info: ValidationInfo) -> object:
        if info.field_name is None:
            return value
        allowed = _json_types(cls.model_fields[info.field_name].annotation)
        kind = _json_type(value)
        if allowed is not None and kind is not None and kind not in allowed:
            raise PydanticCustomError("type_not_stated", "The value is not of the type the schema states",
                                      {"zh": "取值类型与接口定义不符"})
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """State what the validators add: text not blank, no null for a field that refuses it (not_null)."""
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        refused = {field for decorator in cls.__pydantic_decorators__.field_validators.values()
                   if getattr(decorator.func, "__func__", decorator.func) is refuse_null
                   for field in decorator.info.fields}
        for prop in target.get("properties", {}).values():
            for branch in _text_branches(prop):
                if branch.get("minLength", 0) >= 1 and "pattern" not in branch:
                    branch["pattern"] = _NOT_BLANK  # text is stripped before its length is checked
        for name in refused:
            prop = target.get("properties", {}).get(name, {})
            if "anyOf" in prop:
                prop["anyOf"] = [b for b in prop["anyOf"] if b.get("type") != "null"]
                if prop.get("default", ...) is None:
                    del prop["default"]
        return schema


def _text_branches(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The string schemas a property states: itself, its anyOf branches, and a list's items."""
    branches = [prop, *prop.get("anyOf", [])]
    items = [b["items"] for b in branches if b.get("type") == "array" and isinstance(b.get("items"), dict)]
    return [b for b in [*branches, *items] if b.get("type") == "string"]


# Holds a character that is not whitespace as pydantic strips it (Unicode White_Space, which is not quite
# ECMA's \s: it has \x85 and lacks \ufeff).
_NOT_BLANK = r"[^\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# The JSON types each Python type of a field is stated with; a type not listed takes any.
_STATED = {str: {"string"}, date: {"string"}, datetime: {"string"}, bool: {"boolean"},
           int: {"integer"}, float: {"integer", "number"}, Decimal: {"integer", "number", "string"},
           type(None): {"null"}, list: {"array"}, dict: {"object"}}


def _json_types(annotation: Any) -> set[str] | None:
    """The JSON types a field's annotation states, or None when it does not say (any is taken)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _json_types(get_args(annotation)[0])
    if origin in (Union, UnionType):
        found: set[str] = set()
        for arg in get_args(annotation):
            kinds = _json_types(arg)
            if kinds is None:
                return None
            found |= kinds
        return found
    if origin is not None:
        return _STATED.get(origin)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return {"object"}
        if annotation in (AwareDatetime, NaiveDatetime):
            return {"string"}
        if issubclass(annotation, Enum):
            return {"string"} if issubclass(annotation, str) else None
        return next((kinds for kind, kinds in _STATED.items() if annotation is kind), None)
    return None


def _json_type(value: object) -> str | None:
    """The JSON type of a parsed JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"  # JSON Schema: 2019.0 is an integer
    if isinstance(value, str):
        return "string"
    # Anything else was built in Python (a Decimal, a date), not read from JSON: its type is its own.
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else None


def refuse_null(value: object) -> object:
    """Refuse an explicit null for a field that may be left out but never cleared."""
    if value is None:  # only an explicit null reaches here: absent fields keep their default
        raise PydanticCustomError("null_not_allowed", "This field cannot be cleared",
                                  {"zh": "该字段不能清空"})
    return value


def not_null(*fields: str) -> Any:
    """The validator of fields a change may leave out but never set to null; the schema says so too."""
    return field_validator(*fields)(refuse_null)


def relation(other: str, rule: str, code: str) -> dict[str, Any]:
    """State a rule between two fields no JSON Schema keyword can (an end not before its start).

    The schema carries it as `x-relation` (a list: a field may be bound by several, see `relations`); the
    operation documents the 422 code it is refused with.
    """
    return {"x-relation": [{"field": other, "rule": rule, "code": code}]}


def relations(*stated: dict[str, Any]) -> dict[str, Any]:
    """State every rule binding one field, each as `relation(...)` states it."""
    return {"x-relation": [rule for one in stated for rule in one["x-relation"]]}


class _DecimalText(PlainSerializer):
    """A PlainSerializer whose JSON Schema states the text it writes: its pattern and an example."""

    def __get_pydantic_json_schema__(self, core_schema: Any,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        if handler.mode == "serialization" and schema.get("type") == "string":
            places = getattr(self, "_places", 2)
            schema.setdefault("pattern", rf"^-?[0-9]+\.[0-9]{{{places}}}$")
            schema.setdefault("examples", ["3000.00" if places == 2 else f"{0.45:.{places}f}"])
        return schema


def decimal_text(places: int) -> PlainSerializer:
    """Write a Decimal into JSON as text with a fixed number of places ("12.50"), never a float."""
    serializer = _DecimalText(lambda v: f"{v:.{places}f}", return_type=str, when_used="json")
    object.__setattr__(serializer, "_places", places)
    return serializer


# Yuan with at most two places (whole fen), as text or a JSON number: the schema states what the server takes.
MONEY_PATTERN = r"^[0-9]{1,8}(\.[0-9]{1,2})?$"
_MONEY_TEXT = re.compile(MONEY_PATTERN)


def _money_text(value: object) -> object:
    """Refuse money text the schema does not describe (`1e3`, ` 5`, `+5`): amounts are plain decimals."""
    if isinstance(value, str) and not _MONEY_TEXT.match(value):
        raise PydanticCustomError("decimal_parsing", "An amount is yuan, not negative, with at most two "
                                  "decimal places", {"zh": "金额应为不小于零、最多两位小数的元"})
    return value


MoneyStr = Annotated[
    Decimal,
    BeforeValidator(_money_text),
    Field(ge=0, le=Decimal("99999999.99"), decimal_places=2, max_digits=10),
    WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": MONEY_PATTERN},
        {"type": "number", "minimum": 0, "maximum": 99999999.99, "multipleOf": 0.01},
    ]}, mode="validation"),
    decimal_text(2),
]
SignedMoney = Annotated[Decimal, decimal_text(2)]


def decimal_schema(places: int, whole: int, signed: bool = False, positive: bool = False) -> WithJsonSchema:
    """State a decimal's request schema: text with at most `places` decimals, or a number on that grid.

    Pydantic's own leaves the text open and the number unbounded in places; a field with
    `decimal_places`/`max_digits` states them with this, so what the schema allows the server takes.
    """
    fraction = rf"(\.[0-9]{{1,{places}}})?"
    text = rf"^{'-?' if signed else ''}[0-9]{{1,{whole}}}{fraction}$"
    if positive:
        # Below one, the last decimal is not zero (0.05, 0.5): a subset of what the server takes.
        text = rf"^([1-9][0-9]{{0,{whole - 1}}}{fraction}|0\.[0-9]{{0,{places - 1}}}[1-9])$"
    bound = float(f"{'9' * whole}.{'9' * places}")
    number: dict[str, Any] = {"type": "number", "maximum": bound, "multipleOf": 10 ** -places}
    number.update({"minimum": -bound} if signed else {"exclusiveMinimum": 0} if positive else {"minimum": 0})
    return WithJsonSchema({"anyOf": [{"type": "string", "pattern": text}, number]}, mode="validation")
POSITIVE_MONEY_PATTERN = r"^([1-9][0-9]{0,7}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$"


def _above_zero(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("amount_not_positive", "The amount must be above zero",
                                  {"zh": "金额必须大于零"})
    return value


# An amount that must be above zero (a loan, an allocation, a subsidy): at least one fen.
PositiveMoney = Annotated[
    Decimal,
    BeforeValidator(_money_text),
    Field(ge=0, le=Decimal("99999999.99"), decimal_places=2, max_digits=10),
    AfterValidator(_above_zero),
    WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": POSITIVE_MONEY_PATTERN},
        {"type": "number", "exclusiveMinimum": 0, "maximum": 99999999.99, "multipleOf": 0.01},
    ]}, mode="validation"),
    decimal_text(2),
]


def _id_number(value: str) -> str:
    try:
        return parse_id_number(value).number
    except IdNumberError as exc:
        raise PydanticCustomError(exc.code, exc.message, {"zh": exc.message_zh}) from exc


def _phone(value: str) -> str:
    digits = value.replace("-", "").replace(" ", "")
    if not ascii_digits(digits) or not (7 <= len(digits) <= 12):
        raise PydanticCustomError("phone_invalid", "A phone number has 7 to 12 digits",
                                  {"zh": "电话号码应为7到12位数字"})
    # 11 digits are a mobile number (1…) or a landline with its area code (0…, e.g. 0763).
    if len(digits) == 11 and digits[0] not in "01":
        raise PydanticCustomError("phone_invalid", "A mobile number starts with 1",
                                  {"zh": "手机号码应以1开头"})
    return digits


def _bank_account(value: str) -> str:
    digits = value.replace(" ", "")
    if not ascii_digits(digits) or not (12 <= len(digits) <= 30):
        raise PydanticCustomError("bank_account_invalid", "A bank account has 12 to 30 digits",
                                  {"zh": "银行账号应为12到30位数字"})
    return digits


def _past_date(value: date) -> date:
    if value > date.today():
        raise PydanticCustomError("date_in_future", "The date is in the future",
                                  {"zh": "日期不能晚于今天"})
    if value.year < 1900:
        raise PydanticCustomError("date_too_early", "The date is before 1900",
                                  {"zh": "日期不能早于1900年"})
    return value


def _past_year(value: int) -> int:
    if value > date.today().year:
        raise PydanticCustomError("year_in_future", "The year is in the future", {"zh": "年度不能晚于今年"})
    return value


# A year that has come (`x-not-after: this year`): only the clock can say that bound; a field adds its others.
PastYear = Annotated[int, AfterValidator(_past_year), Field(json_schema_extra={"x-not-after": "this year"})]


# What each text type takes, as the schema states it; a check digit or a known area code is the part only
# a format can name (`gb11643`: 17 digits of area, birth date and sequence, then the check digit).
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9Xx]$"
PHONE_PATTERN = r"^[ -]*([01][ -]*([0-9][ -]*){10}|([0-9][ -]*){7,10}|([0-9][ -]*){12})$"
BANK_ACCOUNT_PATTERN = r"^ *([0-9] *){12,30}$"
IdNumber = Annotated[str, Field(min_length=15, max_length=20, description="公民身份号码 (GB 11643)",
                                examples=["441882197805123415"]),
                     WithJsonSchema({"type": "string", "pattern": ID_NUMBER_PATTERN, "format": "gb11643",
                                     "examples": ["441882197805123415"]}, mode="validation"),
                     AfterValidator(_id_number)]
Phone = Annotated[str, Field(max_length=20, pattern=PHONE_PATTERN, description="联系电话",
                             examples=["13800138000"]),
                  AfterValidator(_phone)]
BankAccount = Annotated[str, Field(max_length=40, pattern=BANK_ACCOUNT_PATTERN, description="一卡通账号",
                                   examples=["6217003320012345678"]),
                        AfterValidator(_bank_account)]
# Years 1900 to 2099, the date not after today (`x-not-after`): only the clock can say that part.
PAST_DATE_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
PastDate = Annotated[date, AfterValidator(_past_date),
                     WithJsonSchema({"type": "string", "format": "date", "pattern": PAST_DATE_PATTERN,
                                     "x-not-after": "today"}, mode="validation")]
RegionCode = Annotated[str, Field(pattern=REGION_CODE_PATTERN, description="村级12位统计用区划代码",
                                  examples=["441882100201"])]


def is_region_code(text: str) -> bool:
    """Tell whether text is a 12-digit region code, as RegionCode accepts it."""
    return len(text) == 12 and ascii_digits(text)
RegionPrefix = Annotated[str, Field(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀 (范围)",
                                    examples=["441882"])]
