"""The cycle-time report as a terminal table and as csv."""

from __future__ import annotations

import csv
import io
import unicodedata

from app.reports.grids import CYCLE_HEADER, Cell, cycle_rows, cycle_title
from storage.read.models.reports import CycleTimeReport


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Cell) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def cycle_table(report: CycleTimeReport) -> str:
    """The overall figures of each measure and its departments, as aligned columns (CJK counted double)."""
    rows = [list(CYCLE_HEADER)] + [
        [_cell(value) for value in row] for row in cycle_rows(report) if row[1] in ("合计", "科室")
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(CYCLE_HEADER))]
    lines = [cycle_title(report)]
    for row in rows:
        lines.append("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines)


def cycle_csv(report: CycleTimeReport) -> str:
    """Every measure overall and by department, area and month, as csv."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CYCLE_HEADER)
    writer.writerows([["" if value is None else value for value in row] for row in cycle_rows(report)])
    return out.getvalue()
