"""Deadline rules on real dates; expected dates worked out by hand from the 2025 and 2026 holiday notices."""

from datetime import date

import pytest

from policies.calendar import NamedDay, china_calendar
from policies.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    OrganKind,
    annual_report_due,
    correction_notice_due,
    deadline_status,
    interpretation_due,
    is_due_soon,
    is_overdue,
    met_in_time,
    publication_due,
    reply_due,
    self_audit_due,
    third_party_due,
    working_days_late,
)
from policies.errors import BadInput

CALENDAR = china_calendar()


def test_publication_within_20_working_days_across_national_day() -> None:
    deadline = publication_due(date(2026, 9, 28), CALENDAR)

    assert deadline.kind is DeadlineKind.PUBLICATION
    assert deadline.due == date(2026, 10, 30)
    assert deadline.rule == "publication_20wd"
    assert "第二十六条" in deadline.rule_text
    assert deadline.computed_from == date(2026, 9, 28)
    assert deadline.count is not None
    assert deadline.count.working_days == 20
    assert deadline.count.makeup_workdays == (NamedDay(date(2026, 10, 10), "国庆节调休"),)
    assert not deadline.provisional


@pytest.mark.parametrize(
    ("published_on", "due"),
    [
        (date(2026, 9, 30), date(2026, 10, 10)),  # the third working day is the make-up Saturday
        (date(2026, 2, 12), date(2026, 2, 24)),  # 13日, make-up 14日, then after 春节
        (date(2025, 3, 3), date(2025, 3, 6)),
    ],
)
def test_interpretation_within_3_working_days_of_publication(published_on: date, due: date) -> None:
    deadline = interpretation_due(published_on, CALENDAR)

    assert (deadline.kind, deadline.due, deadline.rule) == (DeadlineKind.INTERPRETATION, due, "interpretation_3wd")
    assert "国办发〔2016〕19号" in deadline.rule_text


@pytest.mark.parametrize(
    ("received_on", "paused", "extended", "due", "rule"),
    [
        (date(2026, 9, 28), 0, False, date(2026, 10, 30), "reply_20wd"),
        (date(2025, 1, 20), 0, False, date(2025, 2, 21), "reply_20wd"),  # across 春节 2025
        (date(2026, 9, 28), 0, True, date(2026, 11, 27), "reply_extended_40wd"),
        (date(2026, 9, 28), 3, False, date(2026, 11, 4), "reply_20wd"),  # 3 paused working days push it out
        (date(2026, 9, 28), 5, True, date(2026, 12, 4), "reply_extended_40wd"),
    ],
)
def test_reply_within_20_working_days_with_pauses_and_extension(
    received_on: date, paused: int, extended: bool, due: date, rule: str
) -> None:
    deadline = reply_due(received_on, CALENDAR, paused_working_days=paused, extended=extended)

    assert (deadline.kind, deadline.due, deadline.rule) == (DeadlineKind.REPLY, due, rule)
    assert "第三十三条" in deadline.rule_text
    assert ("延长" in deadline.rule_text) is extended
    assert ("不计算在期限内" in deadline.rule_text) is bool(paused)


def test_a_negative_pause_is_bad_input() -> None:
    with pytest.raises(BadInput):
        reply_due(date(2026, 9, 28), CALENDAR, paused_working_days=-1)


def test_correction_notice_within_7_working_days() -> None:
    deadline = correction_notice_due(date(2026, 9, 28), CALENDAR)

    assert (deadline.kind, deadline.due, deadline.rule) == (
        DeadlineKind.CORRECTION_NOTICE,
        date(2026, 10, 13),
        "correction_notice_7wd",
    )
    assert "第三十条" in deadline.rule_text


def test_third_party_answers_within_15_working_days() -> None:
    deadline = third_party_due(date(2026, 9, 28), CALENDAR)

    assert (deadline.kind, deadline.due, deadline.rule) == (
        DeadlineKind.THIRD_PARTY,
        date(2026, 10, 23),
        "third_party_15wd",
    )
    assert "第三十二条" in deadline.rule_text


@pytest.mark.parametrize(
    ("year", "due", "provisional"),
    [
        (2025, date(2025, 11, 28), False),  # 30 November 2025 is a Sunday
        (2026, date(2026, 11, 30), False),
        (2027, date(2027, 11, 30), True),
    ],
)
def test_self_audit_closes_on_the_last_working_day_of_november(year: int, due: date, provisional: bool) -> None:
    deadline = self_audit_due(year, CALENDAR)

    assert (deadline.kind, deadline.due, deadline.rule) == (DeadlineKind.SELF_AUDIT, due, "self_audit_last_workday_nov")
    assert deadline.count is None
    assert deadline.provisional is provisional
    assert ("暂定" in deadline.explanation()) is provisional


@pytest.mark.parametrize(
    ("report_year", "organ", "due", "rule"),
    [
        (2025, OrganKind.DEPARTMENT, date(2026, 1, 31), "annual_report_jan31"),  # a Saturday: calendar dates
        (2025, OrganKind.GOVERNMENT, date(2026, 3, 31), "annual_report_mar31"),
        (2026, OrganKind.DEPARTMENT, date(2027, 1, 31), "annual_report_jan31"),
        (2026, OrganKind.GOVERNMENT, date(2027, 3, 31), "annual_report_mar31"),
    ],
)
def test_annual_report_due_dates(report_year: int, organ: OrganKind, due: date, rule: str) -> None:
    deadline = annual_report_due(report_year, organ)

    assert (deadline.kind, deadline.due, deadline.rule) == (DeadlineKind.ANNUAL_REPORT, due, rule)
    assert deadline.computed_from == date(report_year, 12, 31)
    assert (deadline.count, deadline.provisional) == (None, False)
    assert "第四十九条" in deadline.rule_text
    assert f"截止日期为{due.year}年{due.month}月31日" in deadline.explanation()


def test_a_deadline_falling_in_2027_is_provisional() -> None:
    deadline = publication_due(date(2026, 12, 20), CALENDAR)

    assert deadline.provisional
    assert deadline.to_dict()["provisional"] is True
    assert deadline.explanation().endswith("（2027年国务院节假日安排尚未发布，此日期为暂定）")


def test_provisional_only_when_the_count_reaches_2027() -> None:
    assert not reply_due(date(2026, 11, 2), CALENDAR).provisional
    assert reply_due(date(2026, 12, 10), CALENDAR).provisional


def test_to_dict_keys_and_values() -> None:
    data = interpretation_due(date(2026, 9, 30), CALENDAR).to_dict()

    assert set(data) == {
        "kind",
        "due",
        "rule",
        "rule_text",
        "computed_from",
        "provisional",
        "explanation",
        "skipped",
        "makeup_workdays",
    }
    assert (data["kind"], data["due"], data["computed_from"]) == ("interpretation", "2026-10-10", "2026-09-30")
    assert data["makeup_workdays"] == [{"date": "2026-10-10", "name": "国庆节调休"}]
    assert data["skipped"] == [{"date": f"2026-10-0{day}", "name": "国庆节"} for day in (1, 2, 5, 6, 7)]
    assert str(data["explanation"]).startswith("国办发〔2016〕19号")


def test_a_calendar_date_deadline_has_nothing_skipped() -> None:
    data = annual_report_due(2025, OrganKind.DEPARTMENT).to_dict()

    assert (data["skipped"], data["makeup_workdays"]) == ([], [])


REPLY = reply_due(date(2026, 9, 28), CALENDAR)  # due 2026-10-30, a Friday


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2026, 10, 29), False), (date(2026, 10, 30), False), (date(2026, 10, 31), True)],
)
def test_overdue_only_after_the_due_date(today: date, overdue: bool) -> None:
    assert is_overdue(REPLY, today) is overdue


@pytest.mark.parametrize(
    ("deadline", "today", "soon"),
    [
        (REPLY, date(2026, 10, 26), False),  # 4 working days left
        (REPLY, date(2026, 10, 27), True),  # 3 working days left
        (REPLY, date(2026, 10, 30), True),
        (REPLY, date(2026, 11, 2), False),  # overdue, not "soon"
        (interpretation_due(date(2026, 9, 30), CALENDAR), date(2026, 9, 30), True),  # 10 days, 3 working days
        (interpretation_due(date(2026, 9, 29), CALENDAR), date(2026, 9, 29), True),
        (publication_due(date(2026, 9, 28), CALENDAR), date(2026, 9, 28), False),
    ],
)
def test_due_soon_counts_working_days_left(deadline: Deadline, today: date, soon: bool) -> None:
    assert is_due_soon(deadline, today, CALENDAR) is soon


def test_due_soon_with_a_wider_window() -> None:
    assert is_due_soon(REPLY, date(2026, 10, 26), CALENDAR, within_working_days=4)
    with pytest.raises(BadInput):
        is_due_soon(REPLY, date(2026, 10, 26), CALENDAR, within_working_days=-1)


@pytest.mark.parametrize(
    ("met_on", "active", "today", "status"),
    [
        (None, True, date(2026, 10, 30), DeadlineStatus.PENDING),
        (None, True, date(2026, 10, 31), DeadlineStatus.OVERDUE),
        (date(2026, 10, 30), True, date(2026, 12, 1), DeadlineStatus.MET),
        (date(2026, 11, 2), True, date(2026, 12, 1), DeadlineStatus.MET_LATE),
        (None, False, date(2026, 12, 1), DeadlineStatus.SUPERSEDED),
        (date(2026, 10, 9), False, date(2026, 12, 1), DeadlineStatus.MET),
    ],
)
def test_where_a_deadline_stands(met_on: date | None, active: bool, today: date, status: DeadlineStatus) -> None:
    assert deadline_status(date(2026, 10, 30), met_on, active=active, today=today) is status


def test_met_in_time_compares_with_the_due_date_and_knows_when_nothing_was_due() -> None:
    assert met_in_time(date(2026, 10, 13), date(2026, 10, 13)) is True
    assert met_in_time(date(2026, 10, 13), date(2026, 10, 14)) is False
    assert met_in_time(None, date(2026, 10, 14)) is None


@pytest.mark.parametrize(
    ("due", "on", "late"),
    [
        (date(2026, 10, 30), date(2026, 10, 30), 0),  # on the due date: in time
        (date(2026, 10, 30), date(2026, 10, 31), 1),  # the Saturday after: late, by one working day at least
        (date(2026, 10, 30), date(2026, 11, 2), 1),  # the Monday after
        (date(2026, 10, 30), date(2026, 11, 3), 2),  # the Tuesday after: Monday and Tuesday
        (date(2026, 9, 30), date(2026, 10, 9), 2),  # across 国庆: only 10月8日 and 9日 count, not the 9 days
        (date(2026, 10, 9), date(2026, 10, 10), 1),  # 10月10日, a Saturday, is a make-up working day
    ],
)
def test_lateness_is_counted_in_working_days_after_the_due_date(due: date, on: date, late: int) -> None:
    assert working_days_late(due, on, CALENDAR) == late
