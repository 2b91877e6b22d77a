"""The reports' aggregates on SQLite and PostgreSQL: exact figures on fixture data, and the report's own records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policies.annual_report import FigureItem
from storage.db import Database
from storage.read.reports import annual_report, cycle_time_report
from storage.reports import ReportRepository
from storage.uow import UnitOfWork
from tests.integration.reports_fixture import CLOCK, TODAY, annual_fixture, cycle_fixture

RESULT_KEYS = {"count", "on_time", "late", "open_overdue", "median_working_days", "p90_working_days",
               "by_department", "by_area", "by_month"}  # fmt: skip


def test_cycle_times_on_fixture_data(database: Database) -> None:
    cycle_fixture(database)
    with UnitOfWork(database, clock=CLOCK, readonly=True) as uow:
        report = cycle_time_report(uow, 2026, today=TODAY).model_dump()
    publication, interpretation, reply = report["publication"], report["interpretation"], report["reply"]
    assert set(publication) >= RESULT_KEYS
    assert (publication["count"], publication["on_time"], publication["late"]) == (4, 1, 1)
    assert (publication["open_overdue"], publication["open"]) == (1, 1)
    assert (publication["median_working_days"], publication["p90_working_days"]) == (12.5, 21)
    assert {name: s["count"] for name, s in publication["by_department"].items()} == {
        "政策法规科": 2, "教育科": 1, "未分配科室": 1,
    }  # fmt: skip
    assert publication["by_department"]["政策法规科"]["on_time_rate"] == 0.5
    assert {month: s["count"] for month, s in publication["by_month"].items()} == {"2026-03": 3, "2026-05": 1}
    assert {area: s["count"] for area, s in publication["by_area"].items()} == {"教育": 2, "其他": 1, "基本医疗卫生": 1}
    assert (interpretation["count"], interpretation["on_time"], interpretation["late"]) == (2, 1, 1)
    assert (interpretation["median_working_days"], interpretation["p90_working_days"]) == (3.0, 5)
    assert (reply["count"], reply["on_time"], reply["late"], reply["open_overdue"], reply["open"]) == (5, 2, 1, 1, 1)
    assert (reply["median_working_days"], reply["p90_working_days"]) == (17.0, 41)
    assert reply["by_department"]["政策法规科"]["count"] == 1
    assert reply["by_department"]["未分配科室"]["count"] == 4


def test_a_window_within_the_year_counts_only_its_days(database: Database) -> None:
    cycle_fixture(database)
    with UnitOfWork(database, clock=CLOCK, readonly=True) as uow:
        report = cycle_time_report(uow, 2026, today=TODAY, start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert report.publication.count == 1
    assert report.reply.count == 1
    assert report.interpretation.count == 0
    assert report.interpretation.median_working_days is None


def test_annual_tables_on_fixture_data(database: Database) -> None:
    annual_fixture(database)
    with UnitOfWork(database, clock=CLOCK, readonly=True) as uow:
        report = annual_report(uow, 2026, today=date(2027, 1, 5))
    t3 = report.table3
    assert t3.new == {"natural": 2, "business": 0, "research": 1, "nonprofit": 0, "legal": 1, "other": 0, "total": 4}
    assert t3.carried_in["natural"] == 2 and t3.carried_in["total"] == 2
    assert t3.results["disclosed"]["natural"] == 1
    assert t3.results["withheld.4"]["legal"] == 1
    assert t3.results["other.1"]["natural"] == 1
    assert sum(row["total"] for row in t3.results.values()) == 3 == t3.results_total["total"]
    assert (t3.carried_out["natural"], t3.carried_out["research"], t3.carried_out["total"]) == (2, 1, 3)
    assert t3.balanced
    assert report.table4["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert report.table4["litigation_direct"]["pending"] == 1
    assert report.table4["litigation_after_review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0,
                                                         "total": 1}  # fmt: skip
    figures = {row.item: row for row in report.table2}
    assert (figures["normative_issued"].value, figures["normative_repealed"].value) == (1, 1)
    assert figures["normative_in_force"].value == 2
    assert figures["licensing"].value is None and figures["licensing"].source == "尚未填报"
    overview = report.sections[0]
    assert overview.generated and "主动公开政府信息2件" in overview.text and "发布政策解读1件" in overview.text
    assert "本年新收政府信息公开申请4件" in overview.text and "被申请行政复议2件" in overview.text


def test_hand_entered_figures_and_sections_show_as_entered(database: Database) -> None:
    annual_fixture(database)
    with UnitOfWork(database, clock=CLOCK) as uow:
        reports = ReportRepository(uow.session)
        reports.set_figure(2026, FigureItem.FEES, Decimal("1.5"), by="李审", on=date(2027, 1, 4))
        reports.set_figure(2026, FigureItem.FEES, Decimal("12.35"), by="李审", on=date(2027, 1, 5))
        reports.set_section(2026, "overview", "本机关总体情况。", by="李审", on=date(2027, 1, 5))
        uow.commit()
    with UnitOfWork(database, clock=CLOCK, readonly=True) as uow:
        report = annual_report(uow, 2026, today=date(2027, 1, 5))
    fees = next(row for row in report.table2 if row.item == "fees")
    assert (fees.value, fees.source, fees.entered_by, fees.entered_on) == (12.35, "手工填报", "李审", "2027-01-05")
    assert report.sections[0].text == "本机关总体情况。" and not report.sections[0].generated
