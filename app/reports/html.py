"""The reports as one self-contained HTML page each: Chinese headings, tables, and charts as inline SVG — no
network, no script — that a supervisor reads at a glance (bars by department and by month, on-time rates)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

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
    measure_stats,
    rate,
    table2_grid,
    table3_grid,
    table4_row,
)
from policies.cycle_times import Measure
from storage.read.models.reports import AnnualReport, CycleFigures, CycleTimeReport

STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{border-left:6px solid #b22;padding-left:.5em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}td,th{border:1px solid #999;padding:.3em .6em}
th{background:#f3f0e8}td.n{text-align:right}.cards{display:flex;gap:1em;flex-wrap:wrap}
.card{border:1px solid #ccc;border-radius:6px;padding:.8em 1.2em;min-width:12em}.card b{font-size:1.6em}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:1em;height:1em;
vertical-align:middle;margin-right:.3em}.hand{color:#a60}.missing{color:#b22}svg{display:block;margin:.8em 0}
"""
PARTS = (("on_time", "按时", "#2e7d32"), ("late", "逾期办结", "#ef6c00"), ("open_overdue", "未办结已逾期", "#c62828"),
         ("open", "未办结", "#9e9e9e"))  # fmt: skip


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = ""
    for row in rows:
        cells = "".join(
            f'<td class="n">{"—" if v is None else v}</td>' if not isinstance(v, str) else f"<td>{escape(v)}</td>"
            for v in row
        )
        body += f"<tr>{cells}</tr>"
    return f"<table><tr>{head}</tr>{body}</table>"


def _legend() -> str:
    items = "".join(f'<span><i style="background:{color}"></i>{label}</span>' for _, label, color in PARTS)
    return f'<p class="legend">{items}</p>'


COLUMNS_TOP = 44
"""Where the tallest month column starts: its count (11 px, 4 px above it) stays clear of the title (baseline 16)."""


def stacked_bars(title: str, groups: Mapping[str, CycleFigures]) -> str:
    """Horizontal bars, one per group, split into on time, late, open and overdue, open; the on-time rate beside."""
    if not groups:
        return f"<p>{escape(title)}：无数据</p>"
    top = max(figures.count for figures in groups.values()) or 1
    label_width, bar_width, row_height = 170, 460, 26
    height = 30 + row_height * len(groups)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + bar_width + 150}" '
             f'height="{height}"><title>{escape(title)}</title>'
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']  # fmt: skip
    for index, (name, figures) in enumerate(groups.items()):
        y = 26 + index * row_height
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(name)}</text>')
        x = float(label_width)
        for attribute, label, color in PARTS:
            value = getattr(figures, attribute)
            if value:
                width = bar_width * value / top
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{row_height - 6}" '
                             f'fill="{color}"><title>{escape(name)} {label} {value}</title></rect>')  # fmt: skip
                x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{figures.count} 件，按时率 '
                     f"{rate(figures.on_time_rate)}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def month_columns(title: str, months: Mapping[str, CycleFigures]) -> str:
    """Vertical columns by month (YYYY-MM, labelled 9月): items split as in stacked_bars, the count above each
    column, room left between the title and the tallest column's count."""
    if not months:
        return ""
    top = max(figures.count for figures in months.values()) or 1
    column, gap, chart = 34, 12, 180
    base = COLUMNS_TOP + chart
    width = max(320, 40 + (column + gap) * len(months))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{base + 30}">'
             f'<title>{escape(title)}</title><text x="0" y="16" font-size="14" font-weight="bold">'
             f"{escape(title)}</text>"]  # fmt: skip
    for index, (month, figures) in enumerate(months.items()):
        x, y = 20 + index * (column + gap), float(base)
        year, number = month[:4], int(month[5:7])
        for attribute, label, color in PARTS:
            value = getattr(figures, attribute)
            if value:
                height = chart * value / top
                y -= height
                parts.append(f'<rect x="{x}" y="{y:.1f}" width="{column}" height="{height:.1f}" fill="{color}">'
                             f"<title>{year}年{number}月 {label} {value} 件</title></rect>")  # fmt: skip
        parts.append(f'<text x="{x + column / 2}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">'
                     f"{figures.count}</text>")  # fmt: skip
        parts.append(f'<text x="{x + column / 2}" y="{base + 16}" font-size="11" text-anchor="middle">'
                     f"{number}月</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def _card(measure: Measure, figures: CycleFigures) -> str:
    median = "—" if figures.median_working_days is None else f"{figures.median_working_days:g}"
    return (
        f'<div class="card">{measure.label}<br><b>{rate(figures.on_time_rate)}</b> 按时<br>'
        f"共 {figures.count} 件，逾期办结 {figures.late}，未办结已逾期 {figures.open_overdue}<br>"
        f"中位数 {median} 个工作日</div>"
    )


def cycle_html(report: CycleTimeReport) -> str:
    """The cycle-time report: a card per measure, bars by department and month, the full table."""
    cards = "".join(_card(measure, measure_stats(report, measure)) for measure in Measure)
    body = f'<div class="cards">{cards}</div>{_legend()}'
    for measure in Measure:
        stats = measure_stats(report, measure)
        body += f"<h2>{measure.label}（工作日）</h2>"
        body += stacked_bars(f"{measure.label}：各科室", stats.by_department)
        body += month_columns(f"{measure.label}：各月", stats.by_month)
        body += stacked_bars(f"{measure.label}：各主题分类", stats.by_area)
    body += "<h2>明细</h2>" + _table(CYCLE_HEADER, cycle_rows(report))
    return _page(cycle_title(report), body)


def _table4() -> str:
    groups = "".join(f'<th colspan="{len(TABLE4_RESULTS)}">{escape(g)}</th>' for g in TABLE4_GROUPS)
    results = "".join(f"<th>{escape(r)}</th>" for r in TABLE4_RESULTS) * len(TABLE4_GROUPS)
    return f"<tr>{groups}</tr><tr>{results}</tr>"


def annual_html(report: AnnualReport) -> str:
    """The annual report: sections 一 to 六, tables 二, 三 and 四 where the national format puts them."""
    body = ""
    for section in report.sections:
        body += f"<h2>{escape(section.heading)}</h2>"
        if section.code == "table2":
            rows = table2_grid(report)
            body += (
                _table(TABLE2_HEADER, rows)
                .replace("<td>手工填报", '<td class="hand">手工填报')
                .replace("<td>尚未填报", '<td class="missing">尚未填报')
            )
        elif section.code == "table3":
            check = "" if report.table3.balanced else '<p class="missing">表三不平衡：请核查</p>'
            body += _table(TABLE3_HEADER, table3_grid(report)) + check
        elif section.code == "table4":
            cells = "".join(f'<td class="n">{n}</td>' for n in table4_row(report))
            body += f"<table>{_table4()}<tr>{cells}</tr></table>"
        for paragraph in section.text.split("\n"):
            if paragraph.strip():
                body += f"<p>{escape(paragraph.strip())}</p>"
        if not section.text and not section.code.startswith("table"):
            body += '<p class="missing">（尚未填报）</p>'
    return _page(annual_title(report), body)
