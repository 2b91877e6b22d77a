"""The self-audit report as an .xlsx workbook (openpyxl): a summary sheet, every decision, the spot check.

Headers in Chinese, columns wide enough to read, the header row frozen: it opens as it is in Excel and WPS.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from storage.read.models.self_audit import SelfAuditReport

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DECISION_COLUMNS: tuple[tuple[str, int], ...] = (
    ("事项编号", 10), ("公文编号", 10), ("标题或申请内容", 44), ("发文字号", 22), ("类别", 24),
    ("自查时属性", 14), ("申请人数", 10), ("结论", 14), ("转为", 12), ("理由", 44),
    ("作出人", 12), ("作出日期", 14), ("列入抽查", 10),
)  # fmt: skip


def render_xlsx(report: SelfAuditReport) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    summary = book.active
    assert summary is not None, "a new workbook has its first sheet"
    summary.title = "自查情况"
    _summary(summary, report)
    _decisions(book.create_sheet("逐项结论"), report)
    _spot_check(book.create_sheet("抽查样本"), report)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(sheet: Worksheet, report: SelfAuditReport) -> None:
    sheet.append([f"{report.organisation}{report.year}年度政务公开自查情况"])
    sheet["A1"].font = Font(bold=True, size=14)
    rows: list[tuple[str, object]] = [
        ("状态", report.state_label), ("开始日期", report.opened_on), ("完成期限", report.due),
        ("完成日期", report.closed_on or "—"), ("自查事项", report.items),
        ("其中：不予公开信息", report.by_reason.get("withheld", 0)),
        ("其中：依申请公开信息", report.by_reason.get("on_request", 0)),
        ("其中：依申请公开较为集中的信息", report.by_reason.get("concentrated", 0)),
        ("已作结论", report.decided), ("尚未作结论", report.undecided), ("维持原属性", report.kept),
        ("转换公开属性", report.converted),
        *((f"其中：{c.from_label}转为{c.to_label}", c.count) for c in report.conversions),
        ("抽查样本数", report.spot_check.size), ("抽查随机种子", report.spot_check.seed if report.spot_check.seed
                                                  is not None else "尚未抽取"),
        ("抽查规则", report.spot_check.rule),
    ]  # fmt: skip
    sheet.append(["项目", "数值"])
    _header(sheet, 2)
    for name, value in rows:
        sheet.append([name, value])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60


def _decisions(sheet: Worksheet, report: SelfAuditReport) -> None:
    sheet.append([name for name, _ in DECISION_COLUMNS])
    _header(sheet, 1)
    for view in report.decisions:
        sheet.append([
            view.id, view.document, view.title or view.subject_key, view.doc_number, view.reason_label,
            view.attribute_label, view.applicants, view.decision_label or "尚未作结论", view.to_label,
            view.decision_reason, view.decided_by, view.decided_on, "是" if view.spot_checked else "",
        ])  # fmt: skip
    for index, (_, width) in enumerate(DECISION_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"


def _spot_check(sheet: Worksheet, report: SelfAuditReport) -> None:
    seed = report.spot_check.seed
    sheet.append([f"随机种子：{seed}" if seed is not None else "自查完成时抽取样本"])
    sheet.append(["事项编号", "公文编号", "标题或申请内容", "结论"])
    _header(sheet, 2)
    sampled = set(report.spot_check.items)
    for view in report.decisions:
        if view.id in sampled:
            sheet.append([view.id, view.document, view.title or view.subject_key, view.decision_label])
    for column, width in zip("ABCD", (10, 10, 44, 14), strict=True):
        sheet.column_dimensions[column].width = width


def _header(sheet: Worksheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
