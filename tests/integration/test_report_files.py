"""The report files opened back: xlsx with openpyxl, docx with python-docx, html and csv parsed; and the CLI's
refusals that come before any call to the web app (a binary format without --output, an unknown format)."""

from __future__ import annotations

import csv
import io
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest

from app.cli.main import main
from app.reports.docx import annual_docx
from app.reports.html import annual_html, cycle_html
from app.reports.text import cycle_csv, cycle_table
from app.reports.xlsx import annual_xlsx, cycle_xlsx
from storage.db import Database
from storage.read.models.reports import AnnualReport, CycleTimeReport
from storage.read.reports import annual_report, cycle_time_report
from storage.uow import UnitOfWork
from tests.integration.reports_fixture import CLOCK, TODAY, annual_fixture, cycle_fixture


@pytest.fixture
def sqlite(sqlite_template: Path, tmp_path: Path) -> Database:
    path = tmp_path / "gongkai.db"
    path.write_bytes(sqlite_template.read_bytes())
    return Database(f"sqlite:///{path}")


@pytest.fixture
def cycles(sqlite: Database) -> CycleTimeReport:
    cycle_fixture(sqlite)
    with UnitOfWork(sqlite, clock=CLOCK, readonly=True) as uow:
        return cycle_time_report(uow, 2026, today=TODAY)


@pytest.fixture
def annual(sqlite: Database) -> AnnualReport:
    annual_fixture(sqlite)
    with UnitOfWork(sqlite, clock=CLOCK, readonly=True) as uow:
        return annual_report(uow, 2026, today=date(2027, 1, 5))


def test_the_cycle_time_workbook_opens_with_its_figures(cycles: CycleTimeReport) -> None:
    book = openpyxl.load_workbook(io.BytesIO(cycle_xlsx(cycles)))
    assert book.sheetnames == ["汇总", "明细"]
    rows = list(book["汇总"].iter_rows(min_row=3, values_only=True))
    assert [row[:8] for row in rows] == [
        ("成文至公开", "合计", "全部", 4, 1, 1, 1, 1),
        ("公开至解读", "合计", "全部", 2, 1, 1, 0, 0),
        ("收到申请至答复", "合计", "全部", 5, 2, 1, 1, 1),
    ]
    assert rows[0][9:] == (12.5, 21)
    detail = list(book["明细"].iter_rows(min_row=3, values_only=True))
    assert ("成文至公开", "科室", "教育科", 1, 0, 0, 1, 0) in [row[:8] for row in detail]


def test_the_cycle_time_csv_and_table_carry_the_same_figures(cycles: CycleTimeReport) -> None:
    rows = list(csv.reader(io.StringIO(cycle_csv(cycles))))
    assert rows[0][:4] == ["环节", "分组", "名称", "件数"]
    assert ["公开至解读", "月份", "2026-03", "2", "1", "1", "0", "0", "50.0%", "3.0", "5"] in rows
    table = cycle_table(cycles)
    assert "2026年政务公开办理周期统计" in table and "政策法规科" in table and "12.5" in table


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.remote += [v for k, v in attrs if k in ("src", "href") and v and "://" in v and "w3.org" not in v]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_cycle_time_page_draws_its_charts_inline(cycles: CycleTimeReport) -> None:
    page = _Collector()
    page.feed(cycle_html(cycles))
    assert page.tags.count("svg") == 9  # by department, month and area for each of the three measures
    assert "script" not in page.tags and page.remote == []
    text = "".join(page.text)
    assert "成文至公开：各科室" in text and "按时率 50.0%" in text and "3月" in text and "03月" not in text


def test_the_annual_workbook_has_the_national_tables(annual: AnnualReport) -> None:
    book = openpyxl.load_workbook(io.BytesIO(annual_xlsx(annual)))
    assert book.sheetnames == ["正文", "表二", "表三", "表四"]
    table3 = {row[0]: row[1:] for row in book["表三"].iter_rows(min_row=3, values_only=True)}
    assert table3["一、本年新收政府信息公开申请数量"] == (2, 0, 1, 0, 1, 0, 4)
    assert table3["三、（三）不予公开 4.保护第三方合法权益"] == (0, 0, 0, 0, 1, 0, 1)
    assert table3["三、（七）总计"][-1] == 3 and table3["四、结转下年度继续办理"][-1] == 3
    table4 = list(book["表四"].iter_rows(min_row=2, values_only=True))
    assert table4[0][0] == "行政复议" and table4[1][:5] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert table4[2] == (1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1)
    table2 = {row[0]: row[1:] for row in book["表二"].iter_rows(min_row=3, values_only=True)}
    assert table2["行政规范性文件 现行有效件数"] == (2, "系统统计")
    assert table2["行政许可 本年处理决定数量"] == (None, "尚未填报")


def test_the_annual_docx_is_editable_headings_and_tables(annual: AnnualReport) -> None:
    document = docx.Document(io.BytesIO(annual_docx(annual)))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[:3] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert headings[3:] == [
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert len(document.tables) == 3
    table3 = document.tables[1]
    assert [c.text for c in table3.rows[0].cells] == ["项目", "自然人", "商业企业", "科研机构", "社会公益组织",
                                                      "法律服务机构", "其他", "总计"]  # fmt: skip
    assert [c.text for c in table3.rows[1].cells][1:] == ["2", "0", "1", "0", "1", "0", "4"]
    assert document.tables[2].rows[2].cells[0].text == "1"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "本年新收政府信息公开申请4件" in body and "（尚未填报）" in body
    first_run = next(p for p in document.paragraphs if "本年新收" in p.text).runs[0]
    assert first_run.font.name == "仿宋"


def test_the_annual_page_marks_what_is_missing(annual: AnnualReport) -> None:
    page = annual_html(annual)
    assert page.count("<table>") == 3 and 'class="missing">尚未填报' in page and "<script" not in page


BINARY = "{} 是二进制格式，请用 --output 指定要写入的文件"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["report", "cycle-times", "--as", "周督", "--format", "xlsx"],
            BINARY.format("xlsx"),
        ),
        (["report", "annual", "--as", "周督", "--format", "docx"], BINARY.format("docx")),
        (["report", "annual", "--as", "周督", "--format", "csv"], "未知格式 'csv'：可选 json、xlsx、html、docx"),
        (
            ["report", "cycle-times", "--as", "周督", "--format", "pdf"],
            "未知格式 'pdf'：可选 table、json、csv、xlsx、html",
        ),
    ],
)
def test_the_cli_refuses_a_format_in_one_line_before_calling_anyone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--home", str(tmp_path / "home"), *args])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.strip() == f"错误：{message}"
    assert not (tmp_path / "home" / "stack.json").exists()  # no stack was started
