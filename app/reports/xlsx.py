"""The reports as .xlsx workbooks (openpyxl): plain cells, bold headers, merged title rows, so that Excel and WPS
open them alike and an office can go on editing."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.grids import (
    CYCLE_HEADER,
    TABLE2_HEADER,
    TABLE3_HEADER,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    Cell,
    annual_title,
    cycle_rows,
    cycle_title,
    table2_grid,
    table3_grid,
    table4_row,
)
from storage.read.models.reports import AnnualReport, CycleTimeReport

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _sheet(sheet: Worksheet, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    sheet.append([title])
    sheet.cell(row=1, column=1).font = TITLE
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(header), 1))
    sheet.append(list(header))
    for cell in sheet[2]:
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "A3"


def _bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def cycle_xlsx(report: CycleTimeReport) -> bytes:
    """A 汇总 sheet (each measure overall) and a 明细 sheet (by department, area and month)."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "汇总"
    _sheet(summary, cycle_title(report), CYCLE_HEADER, cycle_rows(report, breakdowns=False))
    _sheet(workbook.create_sheet("明细"), cycle_title(report), CYCLE_HEADER, cycle_rows(report))
    return _bytes(workbook)


def annual_xlsx(report: AnnualReport) -> bytes:
    """Sheets 正文 (sections), 表二, 表三 and 表四 in the national format."""
    workbook = Workbook()
    text = workbook.active
    assert text is not None
    text.title = "正文"
    _sheet(text, annual_title(report), ("部分", "内容"), [(s.heading, s.text) for s in report.sections])
    text.column_dimensions["B"].width = 100
    _sheet(workbook.create_sheet("表二"), "二、主动公开政府信息情况", TABLE2_HEADER, table2_grid(report))
    _sheet(workbook.create_sheet("表三"), "三、收到和处理政府信息公开申请情况", TABLE3_HEADER, table3_grid(report))
    table4 = workbook.create_sheet("表四")
    table4.append(["四、政府信息公开行政复议、行政诉讼情况"])
    table4.cell(row=1, column=1).font = TITLE
    groups: list[Cell] = []
    for group in TABLE4_GROUPS:
        groups += [group] + [None] * (len(TABLE4_RESULTS) - 1)
    table4.append(groups)
    for index in range(len(TABLE4_GROUPS)):
        first = 1 + index * len(TABLE4_RESULTS)
        table4.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + len(TABLE4_RESULTS) - 1)
    table4.append(list(TABLE4_RESULTS) * len(TABLE4_GROUPS))
    table4.append(table4_row(report))
    for row in (2, 3):
        for cell in table4[row]:
            cell.font = BOLD
            cell.alignment = Alignment(horizontal="center")
    return _bytes(workbook)
