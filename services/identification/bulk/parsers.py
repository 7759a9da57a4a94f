"""Read an uploaded file (CSV, XLSX, NDJSON) as a stream of households with their row numbers."""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

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
from shared.jobs.control import JobFailure

FORMATS = ("csv", "xlsx", "ndjson")
ENCODINGS = ("utf-8", "gbk")
XLSX_MAGIC = b"PK\x03\x04"
MAX_LINE_CHARS = 1024 * 1024  # a county row is a few hundred characters; this bounds one line in memory
_BLOCK = 1024 * 1024


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


class ImportFileError(JobFailure):
    """The file as a whole cannot be read; nothing of it is imported."""


def detect_format(filename: str, start: bytes) -> str:
    """Tell the format from the file name, or from the file's first block when the name says nothing."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("csv", "xlsx", "ndjson"):
        return suffix
    if suffix in ("jsonl", "json"):
        return "ndjson"
    if start.startswith(XLSX_MAGIC):
        return "xlsx"
    return "ndjson" if start.lstrip()[:1] == b"{" else "csv"


def check_encoding(stream: BinaryIO, encoding: str) -> None:
    """Refuse text that is not in the declared encoding, naming GBK when it looks like GBK.

    The stream is decoded a block at a time and rewound, so the check holds one block in memory.
    """
    if not _decodes(stream, "gb18030" if encoding == "gbk" else "utf-8"):
        if encoding == "utf-8" and _decodes(stream, "gb18030"):
            raise ImportFileError(
                "encoding_not_utf8",
                "The file is not UTF-8; it looks like GBK. Save it as UTF-8, or send encoding=gbk",
                "文件不是 UTF-8 编码，疑似 GBK 编码；请另存为 UTF-8，或在请求中指定 encoding=gbk",
            )
        raise ImportFileError("encoding_invalid", f"The file is not valid {encoding} text",
                              f"文件不是有效的 {encoding} 编码文本")


def _decodes(stream: BinaryIO, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    stream.seek(0)
    try:
        while block := stream.read(_BLOCK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def contains_nul(stream: BinaryIO) -> bool:
    """Tell whether a stream holds a 0x00 byte; rewind it."""
    try:
        while block := stream.read(_BLOCK):
            if b"\x00" in block:
                return True
        return False
    finally:
        stream.seek(0)


def _blank(stream: BinaryIO) -> bool:
    """Tell whether a stream holds only whitespace; rewind it."""
    try:
        while block := stream.read(_BLOCK):
            if block.strip():
                return False
        return True
    finally:
        stream.seek(0)


def _lines(stream: BinaryIO, encoding: str) -> Iterator[str]:
    """Yield the text's lines, refusing one longer than MAX_LINE_CHARS (no line is held whole past it)."""
    codec = "gb18030" if encoding == "gbk" else "utf-8-sig"
    text = io.TextIOWrapper(stream, encoding=codec, newline="")
    try:
        while line := text.readline(MAX_LINE_CHARS + 1):
            if len(line) > MAX_LINE_CHARS:
                raise ImportFileError("line_too_long", f"A line is longer than {MAX_LINE_CHARS} characters",
                                      f"有一行超过 {MAX_LINE_CHARS} 个字符")
            yield line
    finally:
        if not stream.closed:
            text.detach()  # the caller's stream stays open for the caller to close


class RowCounter:
    """Estimates a file's data rows for progress as it streams by (exact without line breaks in cells)."""

    def __init__(self, file_format: str) -> None:
        self.file_format, self.newlines, self.last = file_format, 0, b""

    def feed(self, block: bytes) -> bytes:
        """Count a block's lines and hand the block on."""
        self.newlines += block.count(b"\n")
        self.last = block[-1:] or self.last
        return block

    def rows(self) -> int | None:
        """Return the estimate; None for a workbook, whose rows are not lines."""
        if self.file_format == "xlsx":
            return None
        lines = self.newlines + (0 if self.last in (b"\n", b"") else 1)
        return max(lines - (1 if self.file_format == "csv" else 0), 0)


def read_groups(stream: BinaryIO, file_format: str, encoding: str,
                tick: Callable[[], None] = lambda: None) -> Iterator[Group]:
    """Yield the households of a file in file order, reading it as a stream.

    `tick` is called between bounded pieces of work that yield no household (a workbook's size
    checks), so a job can be cancelled or timed out there too.
    """
    if _blank(stream):
        raise ImportFileError("file_empty", "The file is empty", "文件为空")
    if file_format == "ndjson":
        check_encoding(stream, encoding)
        yield from _ndjson_groups(_lines(stream, encoding))
    elif file_format == "csv":
        check_encoding(stream, encoding)
        try:
            yield from _table_groups(enumerate(csv.reader(_lines(stream, encoding)), start=1))
        except csv.Error as exc:  # e.g. a field beyond the csv module's size limit
            raise ImportFileError("file_malformed", "The CSV cannot be read", "CSV 文件格式无法读取") from exc
    else:
        yield from _table_groups(_xlsx_rows(stream, tick))


def _xlsx_rows(stream: BinaryIO, tick: Callable[[], None]) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from services.identification.bulk.xlsx_limits import MAX_COLUMNS, MAX_ROWS, check_workbook

    check_workbook(stream, tick)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ImportFileError("file_malformed", "The file is not a readable XLSX workbook",
                              "文件不是可读取的 XLSX 工作簿") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # rows are read as they are, never padded to a declared size
        rows = sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
        for number, values in enumerate(rows, start=1):
            yield number, [cell_text(v) for v in values]
    finally:
        book.close()


@dataclass(frozen=True)
class _Layout:
    """Where a table's columns go and how their cells convert, decided once per file."""

    household: list[tuple[int, str, Callable[[str], Any]]]
    member: list[tuple[int, str, Callable[[str], Any]]]
    number_at: int
    width: int


def _table_groups(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[Group]:
    """Group consecutive member rows of one household number into households."""
    layout = _layout(rows)
    current: Group | None = None
    first: _FirstRow | None = None
    for number, cells in rows:
        if not any(cells):
            continue
        household_no = _cell(cells, layout.number_at)
        if current is not None and first is not None and household_no \
                and household_no == current.household_no:
            _add_member_row(current, number, cells, layout, first)
            continue
        if current is not None:
            yield current
        current, first = _start_group(number, cells, layout, household_no)
    if current is not None:
        yield current


@dataclass
class _FirstRow:
    """A household's first row as read, which its further rows must repeat."""

    cells: list[Any]
    texts: dict[str, str]


def _layout(rows: Iterator[tuple[int, list[Any]]]) -> _Layout:
    """Read the header row and plan where each known column goes."""
    for _number, cells in rows:
        if any(cells):
            columns = header_map([c or "" for c in cells])
            missing = [c for c in REQUIRED_COLUMNS if c not in columns.values()]
            if missing:
                names = ", ".join(missing)
                raise ImportFileError("columns_missing", f"Required columns are missing: {names}",
                                      f"缺少必需的列：{names}")
            household = [(i, name, converter(name)) for i, name in columns.items()
                         if name in HOUSEHOLD_COLUMNS]
            member = [(i, "phone" if name == "member_phone" else name, converter(name))
                      for i, name in columns.items() if name not in HOUSEHOLD_COLUMNS]
            number_at = next(i for i, name in columns.items() if name == "household_no")
            return _Layout(household, member, number_at, len(cells))
    raise ImportFileError("file_empty", "The file has no header row", "文件没有表头行")


def _cell(cells: list[Any], position: int) -> str | None:
    """Return a cell's text without surrounding blanks or an export's quote; None when empty."""
    text = cells[position] if position < len(cells) else None
    if not text or not (text := text.strip()):
        return None
    return unquote(text) if text[0] == "'" else text


def _start_group(number: int, cells: list[Any], layout: _Layout,
                 household_no: str | None) -> tuple[Group, _FirstRow]:
    """Open a household at its first row."""
    texts = {name: text for position, name, _convert in layout.household
             if (text := _cell(cells, position)) is not None}
    household = {name: convert(texts[name]) for _position, name, convert in layout.household
                 if name in texts}
    group = Group(row=number, household_no=household_no, household=household,
                  members=[_member(cells, layout)], member_rows=[number])
    _check_width(group, number, cells, layout.width)
    return group, _FirstRow(cells, texts)


def _add_member_row(group: Group, number: int, cells: list[Any], layout: _Layout,
                    first: _FirstRow) -> None:
    """Add a further member row; its household cells must repeat the household's values."""
    size, first_size = len(cells), len(first.cells)
    for position, name, convert in layout.household:
        raw = cells[position] if position < size else None
        if raw == (first.cells[position] if position < first_size else None):
            continue  # the usual case: the cell repeats the first row's as it was typed
        text = _cell(cells, position)
        if text is None or text == first.texts.get(name):
            continue  # an empty or identical cell says nothing new
        value = convert(text)
        if name not in first.texts:
            first.texts[name], group.household[name] = text, value
        elif value != group.household[name]:
            group.errors.append(RowError(
                number, name, "household_fields_differ",
                f"{name} differs from the household's first row {group.row}",
                f"{name} 与本户第 {group.row} 行不一致", group.household_no))
    group.members.append(_member(cells, layout))
    group.member_rows.append(number)
    _check_width(group, number, cells, layout.width)


def _member(cells: list[Any], layout: _Layout) -> dict[str, Any]:
    # _cell's steps written out: this runs for every cell of every member row
    member, size = {}, len(cells)
    for position, name, convert in layout.member:
        text = cells[position] if position < size else None
        if text and (text := text.strip()):
            member[name] = convert(unquote(text) if text[0] == "'" else text)
    return member


def _check_width(group: Group, number: int, cells: list[Any], width: int) -> None:
    if len(cells) > width and any(cells[width:]):
        group.errors.append(RowError(number, "row", "row_too_long",
                                     f"The row has {len(cells)} cells but the header {width}",
                                     f"该行有 {len(cells)} 列，表头只有 {width} 列",
                                     group.household_no))


def _ndjson_groups(lines: Iterator[str]) -> Iterator[Group]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
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
