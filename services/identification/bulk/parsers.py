"""Read an uploaded file (CSV, XLSX, NDJSON) as a stream of households with their row numbers."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from services.identification.bulk.columns import (
    ENUMS,
    HOUSEHOLD_COLUMNS,
    REQUIRED_COLUMNS,
    cell_text,
    code_of,
    converter,
    header_map,
    unquote,
)

FORMATS = ("csv", "xlsx", "ndjson")
ENCODINGS = ("utf-8", "gbk")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RowError:
    """One reason a row was rejected, in English and Chinese; it never quotes the value."""

    row: int
    field: str
    code: str
    message: str
    message_zh: str
    household_no: str | None = None


@dataclass
class Group:
    """One household as read from the file: its fields, its members and where they came from."""

    row: int
    household_no: str | None
    household: dict[str, Any]
    members: list[dict[str, Any]] = field(default_factory=list)
    member_rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        """Count the file rows (member rows, or the one NDJSON line) of this household."""
        return max(len(set(self.member_rows)), 1)


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing of it is imported."""

    def __init__(self, code: str, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.code, self.message, self.message_zh = code, message, message_zh


def detect_format(filename: str, content: bytes) -> str:
    """Tell the format from the file name, or from the content when the name says nothing."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("csv", "xlsx", "ndjson"):
        return suffix
    if suffix in ("jsonl", "json"):
        return "ndjson"
    if content.startswith(XLSX_MAGIC):
        return "xlsx"
    return "ndjson" if content.lstrip()[:1] == b"{" else "csv"


def check_encoding(content: bytes, encoding: str) -> None:
    """Refuse text that is not in the declared encoding, naming GBK when it looks like GBK."""
    try:
        content.decode("gb18030" if encoding == "gbk" else "utf-8")
    except UnicodeDecodeError as exc:
        if encoding == "utf-8" and _decodes_as_gbk(content):
            raise ImportFileError(
                "encoding_not_utf8",
                "The file is not UTF-8; it looks like GBK. Save it as UTF-8, or send encoding=gbk",
                "文件不是 UTF-8 编码，疑似 GBK 编码；请另存为 UTF-8，或在请求中指定 encoding=gbk",
            ) from exc
        raise ImportFileError("encoding_invalid", f"The file is not valid {encoding} text",
                              f"文件不是有效的 {encoding} 编码文本") from exc


def _decodes_as_gbk(content: bytes) -> bool:
    try:
        content.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _text(content: bytes, encoding: str) -> io.TextIOWrapper:
    codec = "gb18030" if encoding == "gbk" else "utf-8-sig"
    return io.TextIOWrapper(io.BytesIO(content), encoding=codec, newline="")


def count_rows(content: bytes, file_format: str) -> int | None:
    """Estimate the data rows for progress (exact for files without line breaks in cells)."""
    if file_format == "xlsx":
        return None
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    return max(lines - (1 if file_format == "csv" else 0), 0)


def read_groups(content: bytes, file_format: str, encoding: str) -> Iterator[Group]:
    """Yield the households of a file in file order."""
    if not content.strip():
        raise ImportFileError("file_empty", "The file is empty", "文件为空")
    if file_format == "ndjson":
        check_encoding(content, encoding)
        yield from _ndjson_groups(_text(content, encoding))
    elif file_format == "csv":
        check_encoding(content, encoding)
        yield from _table_groups(enumerate(csv.reader(_text(content, encoding)), start=1))
    else:
        yield from _table_groups(_xlsx_rows(content))


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ImportFileError("file_malformed", "The file is not a readable XLSX workbook",
                              "文件不是可读取的 XLSX 工作簿") from exc
    try:
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, [cell_text(v) for v in values]
    finally:
        book.close()


def _table_groups(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[Group]:
    """Group consecutive member rows of one household number into households."""
    columns, width = _header(rows)
    plan = _plan(columns)
    current: Group | None = None
    for number, cells in rows:
        if not any(cells):
            continue
        group = _row_group(number, cells, plan, width)
        if current is not None and group.household_no and group.household_no == current.household_no:
            _merge(current, group)
            continue
        if current is not None:
            yield current
        current = group
    if current is not None:
        yield current


def _header(rows: Iterator[tuple[int, list[Any]]]) -> tuple[dict[int, str], int]:
    for _number, cells in rows:
        if any(cells):
            columns = header_map([c or "" for c in cells])
            missing = [c for c in REQUIRED_COLUMNS if c not in columns.values()]
            if missing:
                names = ", ".join(missing)
                raise ImportFileError("columns_missing", f"Required columns are missing: {names}",
                                      f"缺少必需的列：{names}")
            return columns, len(cells)
    raise ImportFileError("file_empty", "The file has no header row", "文件没有表头行")


def _plan(columns: dict[int, str]) -> list[tuple[int, str, bool, Callable[[str], Any]]]:
    """Decide once per file where each column goes and how its cells convert."""
    return [(position, "phone" if name == "member_phone" else name, name in HOUSEHOLD_COLUMNS,
             converter(name)) for position, name in columns.items()]


def _row_group(number: int, cells: list[Any], plan: list[tuple[int, str, bool, Any]],
               width: int) -> Group:
    household: dict[str, Any] = {}
    member: dict[str, Any] = {}
    size = len(cells)
    for position, name, of_household, convert in plan:
        text = cells[position] if position < size else None
        if not text or not (text := text.strip()):
            continue
        if text[0] == "'":
            text = unquote(text)
        (household if of_household else member)[name] = convert(text)
    number_text = household.get("household_no")
    group = Group(row=number, household_no=number_text, household=household, members=[member],
                  member_rows=[number])
    if size > width and any(cells[width:]):
        group.errors.append(RowError(number, "row", "row_too_long",
                                     f"The row has {size} cells but the header {width}",
                                     f"该行有 {size} 列，表头只有 {width} 列", number_text))
    return group


def _merge(current: Group, group: Group) -> None:
    """Add a member row to its household; household cells must repeat the first row's."""
    for name, value in group.household.items():
        if current.household.get(name, value) != value:
            current.errors.append(RowError(
                group.row, name, "household_fields_differ",
                f"{name} differs from the household's first row {current.row}",
                f"{name} 与本户第 {current.row} 行不一致", current.household_no))
        current.household.setdefault(name, value)
    current.members.extend(group.members)
    current.member_rows.extend(group.member_rows)
    current.errors.extend(group.errors)


def _ndjson_groups(lines: io.TextIOWrapper) -> Iterator[Group]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError:
            yield _bad_line(number, "json_invalid", "The line is not valid JSON", "该行不是有效的 JSON")
            continue
        if not isinstance(data, dict):
            yield _bad_line(number, "json_not_object", "The line is not a JSON object",
                            "该行不是 JSON 对象")
            continue
        yield _ndjson_group(number, data)


def _bad_line(number: int, code: str, message: str, message_zh: str) -> Group:
    return Group(row=number, household_no=None, household={},
                 errors=[RowError(number, "line", code, message, message_zh)])


def _codes(data: dict[str, Any]) -> dict[str, Any]:
    """Accept Chinese labels for enum values in JSON too."""
    out = {}
    for key, value in data.items():
        if key in ENUMS and isinstance(value, str):
            value = code_of(key, value)
        elif key in ENUMS and isinstance(value, list):
            value = [code_of(key, v) if isinstance(v, str) else v for v in value]
        out[key] = value
    return out


def _ndjson_group(number: int, data: dict[str, Any]) -> Group:
    members = data.pop("members", None)
    history = data.pop("history", None)
    household = _codes(data)
    if history is not None:
        household["history"] = [_codes(h) if isinstance(h, dict) else h for h in history] \
            if isinstance(history, list) else history
    number_text = household.get("household_no")
    group = Group(row=number, household_no=number_text if isinstance(number_text, str) else None,
                  household=household)
    if isinstance(members, list):
        group.members = [_codes(m) if isinstance(m, dict) else m for m in members]
        group.member_rows = [number] * len(members)
    elif members is not None:
        group.household["members"] = members  # let the schema reject it by name
    return group
