"""The supervisor's dashboard: overdue and soon-due request replies, the year's cycle times at a glance, and the
reports to download."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from app.home.runtime import Runtime
from storage.uow import UnitOfWork
from tests.flows.pages_client import PageClient, page_app
from tests.flows.test_pages import UNMARKED, upload
from tests.flows.test_request_pages import register


@pytest.fixture
def client(tmp_path: Path, template_db: Path) -> Iterator[PageClient]:
    with page_app(tmp_path, template_db) as fresh:
        yield fresh


def _published(client: PageClient) -> int:
    document_id = upload(client, "甲拟", UNMARKED, attribute="proactive")
    client.post(f"/review/{document_id}", f"/review/{document_id}/approve", "李审")
    client.post(f"/documents/{document_id}", f"/documents/{document_id}/sign", "张签")
    client.post(f"/documents/{document_id}", f"/documents/{document_id}/publish", "李审")
    return document_id


def test_the_dashboard_charts_the_years_cycle_times_by_department_and_month(client: PageClient) -> None:
    _published(client)
    page = client.get("/dashboard", "周督").text
    assert "年办理时限（工作日）" in page
    assert page.count("<svg") >= 2 and "各科室" in page and "各月" in page
    assert "共 1 件" in page and "100.0%" in page  # one publication, on time
    assert "<script" not in page


def _dashboard_on(client: PageClient, today: date) -> str:
    runtime: Runtime = client.app.state.runtime
    client.app.state.runtime = Runtime(settings=replace(runtime.settings, today=today))
    client.browsers.pop("周督", None)  # a session of another day has expired: sign in again
    return client.get("/dashboard", "周督").text


def test_the_dashboard_lists_unanswered_requests_due_this_week_then_overdue_by_working_days(
    client: PageClient,
) -> None:
    waiting, answered = register(client), register(client, applicant="李四", contact="13800000000")
    page = f"/requests/{answered}"
    reply = {"result": "disclosed"}
    assert client.post(page, f"{page}/reply", "李审", reply).status_code == 303
    with UnitOfWork(client.database, readonly=True) as uow:
        due = uow.deadlines.active_for("request", waiting)[0].due
    listed = re.compile(rf'<a href="/requests/{waiting}">')

    soon = _dashboard_on(client, due - timedelta(days=1))
    assert "本周到期的申请答复（1 件）" in soon and listed.search(soon) and "逾期未答复的申请（0 件）" in soon
    assert "还有 1 个工作日" in soon

    # received 9月1日: due 9月29日; by 10月13日 the 国庆 days off are not counted, 10月10日 (调休上班) is
    assert due == date(2026, 9, 29)
    late = _dashboard_on(client, date(2026, 10, 13))
    assert "逾期未答复的申请（1 件）" in late and listed.search(late) and "本周到期的申请答复（0 件）" in late
    assert "2026年9月29日<br>" in late and "已逾期 6 个工作日" in late  # 9月30日, 10月8、9、10、12、13日
    assert f'href="/requests/{answered}"' not in late  # replied: nothing owed
    assert "13900000000" not in late and "13800000000" not in late  # the applicant's contact is never shown
    assert "&lt;script&gt;" in late and "<script>x" not in late


def test_the_reports_download_as_files_that_open(client: PageClient) -> None:
    _published(client)
    workbook = load_workbook(io.BytesIO(client.get("/reports/cycle-times.xlsx", "周督").content))
    assert workbook.sheetnames
    csv = client.get("/reports/cycle-times.csv", "周督")
    assert csv.headers["content-type"].startswith("text/csv") and "attachment" in csv.headers["content-disposition"]
    annual = client.get("/reports/annual.docx", "周督")
    paragraphs = WordDocument(io.BytesIO(annual.content)).paragraphs
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert any("收到和处理政府信息公开申请情况" in heading for heading in headings)
    assert client.get("/reports/annual.pdf", "周督").status_code == 404


def test_the_dashboard_names_its_downloads_and_refuses_a_bad_year_or_format_in_chinese(client: PageClient) -> None:
    page = client.get("/dashboard", "周督").text
    assert "Excel 表格（.xlsx）" in page and "Word 文档（.docx）" in page and ">xlsx<" not in page
    assert 'href="/dashboard?year=2025"' in page  # 上一年
    for path in ("/dashboard?year=abc", "/dashboard?year=1999", "/reports/cycle-times.xlsx?year=二〇二六"):
        refused = client.get(path, "周督")
        assert refused.status_code == 400 and "年份应为 2008–2100 年之间的四位数字" in refused.text, path
        assert "Input should" not in refused.text and "query.year" not in refused.text, path
    unknown = client.get("/reports/annual.pdf", "周督")
    assert unknown.status_code == 404 and "没有 .pdf 格式的报表" in unknown.text
    assert "Word 文档（.docx）" in unknown.text  # and which formats there are


def test_a_drafter_cannot_download_the_reports(client: PageClient) -> None:
    assert client.get("/reports/annual.docx", "甲拟").status_code == 403
    assert client.get("/reports/cycle-times.csv", "甲拟").status_code == 403
