"""The month columns of the cycle-time charts: months written as Chinese does (9月), and the tallest column's
count kept clear of the chart's title."""

from __future__ import annotations

import re

from app.reports.html import month_columns
from storage.read.models.reports import CycleFigures

TITLE_BASELINE = 16
LABEL_SIZE = 11


def _figures(count: int) -> CycleFigures:
    return CycleFigures(count=count, on_time=count, late=0, open_overdue=0, open=0, on_time_rate=1.0,
                        median_working_days=3.0, p90_working_days=5)  # fmt: skip


def test_months_read_9月_and_10月_without_a_leading_zero() -> None:
    chart = month_columns("成文至公开：各月", {"2026-09": _figures(1), "2026-10": _figures(3)})
    labels = re.findall(r">(\d+月)</text>", chart)
    assert labels == ["9月", "10月"]
    assert "2026年9月 按时 1 件" in chart and "2026-09" not in chart


def test_the_tallest_columns_count_stays_clear_of_the_title() -> None:
    chart = month_columns("成文至公开：各月", {"2026-09": _figures(3), "2026-10": _figures(1)})
    counts = [float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)" font-size="11"[^>]*>\d+</text>', chart)]
    assert len(counts) == 2
    assert min(counts) - LABEL_SIZE >= TITLE_BASELINE + 8  # the count's top, at least 8 px below the title line
    svg_height = re.search(r'<svg [^>]*height="(\d+)"', chart)
    assert svg_height is not None  # and the month labels below the columns still inside the picture:
    assert max(float(y) for y in re.findall(r' y="([\d.]+)"', chart)) <= int(svg_height.group(1)) - 4
