"""The supervisor's dashboard: the year's cycle times at a glance, and the reports to download."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from tests.flows.pages_client import PageClient, page_app
from tests.flows.test_pages import UNMARKED, upload


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
