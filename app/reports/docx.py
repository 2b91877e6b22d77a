"""The annual report as a .docx an office can edit: real headings, paragraphs and Word tables (python-docx),
黑体 for headings and 仿宋 for the text, as government documents are set."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from app.reports.grids import (
    TABLE2_HEADER,
    TABLE3_HEADER,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    Cell,
    annual_title,
    table2_grid,
    table3_grid,
    table4_row,
)
from storage.read.models.reports import AnnualReport

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"


def _font(run: Run, name: str, size: float | None = None) -> None:
    run.font.name = name
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = Pt(size)


def _heading(document: Document, text: str, level: int) -> None:
    heading = document.add_heading(level=level)
    _font(heading.add_run(text), HEADING_FONT)


def _paragraph(document: Document, text: str) -> None:
    _font(document.add_paragraph().add_run(text), BODY_FONT, 14)


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, 10.5)


def _table4(document: Document, report: AnnualReport) -> None:
    """Table 四: a row of merged group headings, a row of results, a row of counts."""
    width = len(TABLE4_RESULTS)
    table = document.add_table(rows=3, cols=width * len(TABLE4_GROUPS))
    table.style = "Table Grid"
    for index, group in enumerate(TABLE4_GROUPS):
        merged = table.cell(0, index * width).merge(table.cell(0, index * width + width - 1))
        _font(merged.paragraphs[0].add_run(group), HEADING_FONT, 10.5)
    for column, (result, count) in enumerate(zip(list(TABLE4_RESULTS) * len(TABLE4_GROUPS), table4_row(report),
                                                 strict=True)):  # fmt: skip
        _font(table.cell(1, column).paragraphs[0].add_run(result), HEADING_FONT, 9)
        _font(table.cell(2, column).paragraphs[0].add_run(str(count)), BODY_FONT, 10.5)


def annual_docx(report: AnnualReport) -> bytes:
    """Sections 一 to 六 with tables 二, 三 and 四 where the national format puts them."""
    document = new_document()
    _heading(document, annual_title(report), 0)
    for section in report.sections:
        _heading(document, section.heading, 1)
        if section.code == "table2":
            _table(document, TABLE2_HEADER, table2_grid(report))
        elif section.code == "table3":
            _table(document, TABLE3_HEADER, table3_grid(report))
        elif section.code == "table4":
            _table4(document, report)
        for paragraph in (section.text or ("（尚未填报）" if not section.code.startswith("table") else "")).split("\n"):
            if paragraph.strip():
                _paragraph(document, paragraph.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
