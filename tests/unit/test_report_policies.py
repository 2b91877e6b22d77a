"""The report rules: cycle-time figures from aggregated rows, table 三 and 四 by hand-worked examples, the figures
entered by hand, who may read and who may enter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policies.annual_report import (
    CaseFact,
    CaseKind,
    CaseResult,
    FigureItem,
    RequestFact,
    Section,
    check_case_decision,
    check_case_filing,
    check_may_edit,
    check_may_read,
    parse_figure,
    table3,
    table4,
)
from policies.calendar import china_calendar
from policies.cycle_times import (
    CycleRow,
    CycleStats,
    Outcome,
    cycle_stats,
    group_of,
    reply_paused_working_days,
    report_window,
    working_day_ordinals,
)
from policies.deadlines import reply_due
from policies.errors import BadInput, PolicyRefusal
from policies.roles import Role

CALENDAR = china_calendar()
D = date


def row(start: date, end: date | None, due: date | None, count: int = 1, dept: str = "甲科") -> CycleRow:
    return CycleRow(dept, "教育", start, end, due, count)


def stats_of(rows: list[CycleRow]) -> CycleStats:
    return cycle_stats([group_of(r, CALENDAR, D(2026, 6, 1)) for r in rows])


def test_ordinals_difference_is_the_working_days_between() -> None:
    ordinals = dict(working_day_ordinals(CALENDAR, D(2026, 9, 1), D(2026, 12, 31)))
    for start, end in (
        (D(2026, 9, 30), D(2026, 10, 10)),
        (D(2026, 9, 1), D(2026, 12, 31)),
        (D(2026, 10, 3), D(2026, 10, 4)),
    ):
        assert ordinals[end] - ordinals[start] == CALENDAR.working_days_between(start, end)


def test_a_group_carries_the_month_of_the_start() -> None:
    group = group_of(row(D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 3), count=4), CALENDAR, D(2026, 6, 1))
    assert (group.month, group.working_days, group.outcome, group.count) == ("2026-03", 1, Outcome.ON_TIME, 4)


@pytest.mark.parametrize(
    ("end", "due", "today", "outcome"),
    [
        (D(2026, 3, 5), D(2026, 3, 5), D(2026, 6, 1), Outcome.ON_TIME),  # on the due day is on time
        (D(2026, 3, 6), D(2026, 3, 5), D(2026, 6, 1), Outcome.LATE),
        (None, D(2026, 3, 5), D(2026, 3, 5), Outcome.OPEN),  # not overdue on the due day itself
        (None, D(2026, 3, 5), D(2026, 3, 6), Outcome.OPEN_OVERDUE),
        (None, None, D(2026, 6, 1), Outcome.OPEN),  # no deadline runs: awaiting correction
    ],
)
def test_an_item_stands_against_its_deadline(end: date | None, due: date | None, today: date, outcome: Outcome) -> None:
    assert row(D(2026, 3, 2), end, due).outcome(today) is outcome


def test_working_days_skip_the_holiday_and_count_the_makeup_day() -> None:
    # 2026-09-30 → 2026-10-10: 国庆节 1–7 October off (5 weekdays), 10 October (Saturday) a make-up working day
    assert row(D(2026, 9, 30), D(2026, 10, 10), None).working_days(CALENDAR) == 3  # 8, 9, 10 October


def test_counts_weight_the_median_and_percentile() -> None:
    rows = [
        row(D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 30), count=9),  # 1 working day, nine times
        row(D(2026, 3, 2), D(2026, 3, 31), D(2026, 3, 30), count=1, dept="乙科"),
    ]  # fmt: skip  21 days, late
    stats = stats_of(rows)
    assert (stats.count, stats.on_time, stats.late, stats.on_time_rate) == (10, 9, 1, 0.9)
    assert (stats.median_working_days, stats.p90_working_days) == (1.0, 1)
    assert stats.by_department["乙科"].p90_working_days == 21
    assert list(stats.by_month) == ["2026-03"]


def test_an_even_count_takes_the_mean_of_the_middle_two() -> None:
    rows = [row(D(2026, 3, 2), D(2026, 3, 3), None), row(D(2026, 3, 2), D(2026, 3, 6), None)]
    assert stats_of(rows).median_working_days == 2.5


def test_nothing_done_has_no_median_and_no_rate() -> None:
    stats = stats_of([row(D(2026, 3, 2), None, D(2026, 3, 30))])
    assert (stats.median_working_days, stats.p90_working_days, stats.on_time_rate) == (None, None, None)
    assert stats.open_overdue == 1


@pytest.mark.parametrize(("paused", "extended"), [(0, False), (7, False), (3, True)])
def test_the_paused_days_are_read_back_from_the_reply_deadline(paused: int, extended: bool) -> None:
    due = reply_due(D(2026, 3, 2), CALENDAR, paused_working_days=paused, extended=extended).due
    assert reply_paused_working_days(D(2026, 3, 2), due, extended=extended, calendar=CALENDAR) == paused


@pytest.mark.parametrize(
    ("start", "end"), [(D(2025, 12, 31), None), (None, D(2027, 1, 1)), (D(2026, 5, 1), D(2026, 4, 1))]
)
def test_a_window_outside_the_year_or_reversed_is_refused(start: date | None, end: date | None) -> None:
    with pytest.raises(BadInput):
        report_window(2026, start, end)


def test_table3_counts_each_request_where_the_format_says() -> None:
    facts = [
        RequestFact("natural", D(2025, 12, 30), D(2026, 1, 4), "withheld:trade_secret"),  # carried in, row withheld.4
        RequestFact("natural", D(2025, 12, 1), D(2025, 12, 31), "disclosed"),  # concluded last year: not counted
        RequestFact("nonprofit", D(2026, 12, 31), None, None, count=3),  # new and carried out
        RequestFact("legal", D(2026, 6, 1), D(2026, 6, 2), "withheld:other_law"),
        RequestFact("other", D(2027, 1, 1), None, None),  # next year's
    ]
    t = table3(facts, 2026)
    assert t.carried_in == {"natural": 1, "business": 0, "research": 0, "nonprofit": 0, "legal": 0, "other": 0,
                            "total": 1}  # fmt: skip
    assert t.new["nonprofit"] == 3 and t.new["legal"] == 1 and t.new["total"] == 4
    assert t.results["withheld.4"]["natural"] == 1
    assert t.results["withheld.2"]["legal"] == 1  # other laws count with those prohibiting disclosure
    assert t.results_total["total"] == 2 and t.carried_out["total"] == 3 and t.balanced


def test_a_concluded_request_without_a_result_is_refused() -> None:
    with pytest.raises(BadInput):
        table3([RequestFact("natural", D(2026, 1, 5), D(2026, 1, 6), None)], 2026)


def test_table4_counts_pending_cases_and_those_decided_after_the_year() -> None:
    cases = [
        CaseFact(CaseKind.RECONSIDERATION, D(2026, 1, 5), CaseResult.CORRECTED, D(2026, 2, 1)),
        CaseFact(CaseKind.RECONSIDERATION, D(2026, 12, 1), CaseResult.UPHELD, D(2027, 1, 3)),  # pending at year end
        CaseFact(CaseKind.LITIGATION_AFTER_REVIEW, D(2025, 5, 1), CaseResult.OTHER, D(2026, 3, 1)),
        CaseFact(CaseKind.LITIGATION_DIRECT, D(2025, 5, 1), CaseResult.OTHER, D(2025, 9, 1)),  # decided before
    ]
    t = table4(cases, 2026)
    assert t["reconsideration"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2}
    assert t["litigation_after_review"]["other"] == 1 and t["litigation_direct"]["total"] == 0


@pytest.mark.parametrize(
    ("item", "text", "value"),
    [(FigureItem.LICENSING, "37", Decimal(37)), (FigureItem.FEES, "12.3456", Decimal("12.3456")),
     (FigureItem.PENALTY, " 0 ", Decimal(0)), (FigureItem.RULES_IN_FORCE, "4.0", Decimal(4))],
)  # fmt: skip
def test_hand_entered_figures(item: FigureItem, text: str, value: Decimal) -> None:
    assert parse_figure(item, text) == value


@pytest.mark.parametrize(
    ("item", "text"),
    [(FigureItem.LICENSING, "2.5"), (FigureItem.FEES, "-1"), (FigureItem.FEES, "1.23456"),
     (FigureItem.COERCION, "三"), (FigureItem.FEES, "NaN"), (FigureItem.FEES, "Infinity")],
)  # fmt: skip
def test_bad_figures_are_refused(item: FigureItem, text: str) -> None:
    with pytest.raises(BadInput):
        parse_figure(item, text)


def test_sections_by_code_name_or_numeral_and_never_a_table() -> None:
    assert Section.named("五") is Section.PROBLEMS and Section.named("总体情况") is Section.OVERVIEW
    with pytest.raises(BadInput):
        Section.named("二")


def test_decided_results_take_short_chinese_names_but_not_pending() -> None:
    assert CaseResult.decided("纠正") is CaseResult.CORRECTED and CaseResult.decided("结果维持") is CaseResult.UPHELD
    with pytest.raises(BadInput):
        CaseResult.decided("pending")


@pytest.mark.parametrize("role", list(Role))
def test_who_reads_and_who_enters(role: Role) -> None:
    reads = role in (Role.SUPERVISOR, Role.REVIEWER, Role.ADMIN)
    if reads:
        check_may_read(role)
    else:
        with pytest.raises(PolicyRefusal):
            check_may_read(role)
    if role is Role.REVIEWER:
        check_may_edit(role)
    else:
        with pytest.raises(PolicyRefusal):
            check_may_edit(role)


def test_a_case_is_filed_after_its_request_and_decided_once() -> None:
    with pytest.raises(BadInput):
        check_case_filing(D(2026, 3, 1), D(2026, 3, 2), D(2026, 6, 1))
    with pytest.raises(BadInput):
        check_case_filing(D(2026, 6, 2), D(2026, 3, 2), D(2026, 6, 1))
    decided = CaseFact(CaseKind.RECONSIDERATION, D(2026, 4, 1), CaseResult.UPHELD, D(2026, 5, 1))
    with pytest.raises(PolicyRefusal):
        check_case_decision(decided, D(2026, 5, 2), D(2026, 6, 1))
    with pytest.raises(BadInput):
        check_case_decision(CaseFact(CaseKind.RECONSIDERATION, D(2026, 4, 1)), D(2026, 3, 31), D(2026, 6, 1))
