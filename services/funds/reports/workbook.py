"""The funds report as an XLSX workbook, written in write-only mode and streamed from a temporary file."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal

from services.funds.codes import FundingSource, ProjectType
from services.funds.reports.schemas import Figures, FundsReport
from services.funds.reports.service import flat_lines

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINE_HEADER = [
    "县级区划代码",
    "县名",
    "资金来源",
    "项目类型",
    "项目数",
    "预算（元）",
    "已下达（元）",
    "已拨付（元）",
    "拨付笔数",
]
TOTAL_HEADER = ["分组", "项目", "项目数", "预算（元）", "已下达（元）", "已拨付（元）", "拨付笔数"]
YUAN = "#,##0.00"


def _money(figures: Figures) -> list[Decimal]:
    return [figures.budget, figures.allocated, figures.disbursed]


def workbook(report: FundsReport) -> Iterator[bytes]:
    """Yield the workbook's bytes: a sheet of lines by county, source and type, and a sheet of totals."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    lines = book.create_sheet("各县分项")

    def row(sheet: object, values: list[object]) -> list[object]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value)  # type: ignore[arg-type]
            if isinstance(value, Decimal):
                cell.number_format = YUAN
            cells.append(cell)
        return cells

    lines.append(LINE_HEADER)
    for county, line in flat_lines(report):
        lines.append(
            row(
                lines,
                [
                    county.county_code,
                    county.county_name or "",
                    FundingSource(line.source).label_zh,
                    ProjectType(line.project_type).label_zh,
                    line.projects,
                    *_money(line),
                    line.payments,
                ],
            )
        )
    totals = book.create_sheet("合计")
    totals.append([f"{report.year}年度扶贫资金报表（区划 {report.region}）"])
    totals.append(TOTAL_HEADER)
    for s in report.by_source:
        totals.append(
            row(totals, ["资金来源", FundingSource(s.key).label_zh, s.projects, *_money(s), s.payments])
        )
    for t in report.by_project_type:
        totals.append(
            row(totals, ["项目类型", ProjectType(t.key).label_zh, t.projects, *_money(t), t.payments])
        )
    for c in report.counties:
        totals.append(row(totals, ["县", c.county_name or c.county_code, c.projects, *_money(c), c.payments]))
    total = report.total
    totals.append(row(totals, ["合计", "", total.projects, *_money(total), total.payments]))
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        while block := handle.read(1 << 20):
            yield block
