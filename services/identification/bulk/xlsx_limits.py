"""Check an XLSX workbook's declared and real size before any spreadsheet library parses it."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, BinaryIO
from xml.etree.ElementTree import Element, ParseError, iterparse

from services.identification.bulk.parsers import ImportFileError

MAX_COLUMNS = 256  # the county layout has about 40; a sheet wider than this is not a register
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_CELL_CHARS = 32_767  # Excel's own limit of a cell's text
MAX_PARTS = 500
MAX_SHEET_BYTES = 256 * 1024 * 1024  # decompressed XML of one worksheet, read as a stream
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # decompressed; the library holds every string in memory
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
_READ = 1 << 20
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def check_workbook(stream: BinaryIO, tick: Callable[[], None] = lambda: None) -> None:
    """Refuse a workbook whose parts, sheet dimensions or cells exceed the limits; rewind the stream.

    `tick` is called before each read of decompressed bytes (at most _READ, 1 MiB), so a job
    checking a large workbook stops within one read of a cancel or of its time limit. The limits
    bound the whole check: at most MAX_TOTAL_BYTES decompressed, parsed as a stream.
    """
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise _too_large(f"the workbook has {len(parts)} parts", f"工作簿有 {len(parts)} 个部件")
            _check_declared_sizes(parts)
            for info in parts:
                with archive.open(info) as part:
                    _check_part(info.filename, _Counted(part, _limit(info.filename), tick))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ParseError) as exc:
        raise ImportFileError("file_malformed", "The file is not a readable XLSX workbook",
                              "文件不是可读取的 XLSX 工作簿") from exc
    stream.seek(0)


def _limit(name: str) -> int:
    if _is_sheet(name):
        return MAX_SHEET_BYTES
    return MAX_SHARED_STRINGS_BYTES if name == "xl/sharedStrings.xml" else MAX_OTHER_PART_BYTES


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _check_declared_sizes(parts: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in parts:
        if info.file_size > _limit(info.filename):
            raise _too_large(f"part {info.filename} declares {info.file_size} bytes",
                             f"部件 {info.filename} 声明解压后 {info.file_size} 字节")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _too_large(f"the parts declare {total} bytes in all", f"各部件声明解压后共 {total} 字节")


class _Counted:
    """A part's decompressed bytes, refused once they pass the part's limit (whatever it declared)."""

    def __init__(self, part: IO[bytes], limit: int, tick: Callable[[], None]) -> None:
        self.part, self.limit, self.tick, self.seen = part, limit, tick, 0

    def read(self, size: int = _READ) -> bytes:
        """Read decompressed bytes, counting them; the job may be stopped before each read."""
        self.tick()
        data = self.part.read(min(size, _READ) if size and size > 0 else _READ)
        self.seen += len(data)
        if self.seen > self.limit:
            raise _too_large(f"a part decompresses to more than {self.limit} bytes",
                             f"有部件解压后超过 {self.limit} 字节")
        return data


def _check_part(name: str, part: _Counted) -> None:
    if _is_sheet(name):
        _check_sheet(part)
    elif name == "xl/sharedStrings.xml":
        _check_strings(part)
    else:
        while part.read():
            pass


def _walk(part: _Counted) -> Iterator[tuple[str, str, Element]]:
    """Yield (event, local name, element), dropping each row and string once read (constant memory)."""
    holder: Element | None = None
    for event, element in iterparse(part, events=("start", "end")):  # type: ignore[arg-type]
        tag = element.tag.rpartition("}")[2]
        if event == "start" and tag in ("sheetData", "sst"):
            holder = element
        yield event, tag, element
        if event == "end" and tag in ("row", "si") and holder is not None:
            element.clear()
            holder.remove(element)


def _check_sheet(part: _Counted) -> None:
    rows = cells = 0
    for event, tag, element in _walk(part):
        if event == "start" and tag == "row":
            rows, cells = rows + 1, 0
            number = element.get("r") or str(rows)
            if not number.isascii() or not number.isdigit() or int(number) > MAX_ROWS or rows > MAX_ROWS:
                raise _too_large(f"the sheet has a row numbered {number[:12]}",
                                 f"工作表的行号 {number[:12]} 超出上限")
        elif event == "end" and tag == "dimension":
            for ref in element.get("ref", "").split(":"):
                _check_ref(ref, "declares")
        elif event == "end" and tag == "c":
            cells += 1
            if cells > MAX_COLUMNS:
                raise _too_large(f"a row has more than {MAX_COLUMNS} cells",
                                 f"有一行超过 {MAX_COLUMNS} 个单元格")
            _check_ref(element.get("r", ""), "has a cell at")
            for text in element.itertext():
                _check_cell(text)


def _check_strings(part: _Counted) -> None:
    for event, tag, element in _walk(part):
        if event == "end" and tag == "si":
            _check_cell("".join(element.itertext()))


def _check_ref(ref: str, what: str) -> None:
    if not ref:
        return
    match = _REF.fullmatch(ref)
    if match is None:
        raise _too_large(f"the sheet {what} an unreadable reference", "工作表含无法识别的单元格引用")
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    if column > MAX_COLUMNS or int(row) > MAX_ROWS:
        raise _too_large(f"the sheet {what} {ref}, beyond {MAX_COLUMNS} columns or {MAX_ROWS} rows",
                         f"工作表范围 {ref} 超过 {MAX_COLUMNS} 列或 {MAX_ROWS} 行")


def _check_cell(text: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise _too_large(f"a cell holds more than {MAX_CELL_CHARS} characters",
                         f"有单元格超过 {MAX_CELL_CHARS} 个字符")


def _too_large(what: str, what_zh: str) -> ImportFileError:
    return ImportFileError("xlsx_too_large", f"The workbook is refused: {what}", f"工作簿被拒绝：{what_zh}")
