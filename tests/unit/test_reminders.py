"""The sweep's rules: the window of due dates, each deadline's level and working days, who receives what, the
reminder's Chinese text, and URLs with their secrets masked."""

from __future__ import annotations

from datetime import date

import pytest

from policies.calendar import china_calendar
from policies.deadlines import DeadlineKind
from policies.errors import BadInput
from policies.reminders import (
    ReminderItem,
    ReminderLevel,
    Standing,
    covers,
    mask_url,
    receives,
    reminder_body,
    reminder_line,
    standing,
    sweep_window,
    validate_notify_url,
)

CALENDAR = china_calendar()
MONDAY = date(2026, 11, 16)


@pytest.mark.parametrize(
    ("today", "within", "last_due"),
    [
        (MONDAY, 2, date(2026, 11, 18)),  # Tue, Wed
        (date(2026, 11, 19), 2, date(2026, 11, 23)),  # Thu: Fri, then the weekend, then Mon
        (date(2026, 9, 29), 2, date(2026, 10, 8)),  # National Day: 30 Sep, then 1–8 Oct off… 9 Oct is the 2nd
        (MONDAY, 0, MONDAY),
    ],
)
def test_the_window_ends_the_day_before_the_next_working_day_beyond_it(
    today: date, within: int, last_due: date
) -> None:
    window = sweep_window(today, CALENDAR, within)
    assert window.last_due == last_due
    assert CALENDAR.working_days_between(today, window.last_due) == within


def test_a_negative_window_is_refused() -> None:
    with pytest.raises(BadInput):
        sweep_window(MONDAY, CALENDAR, -1)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 11, 18), Standing(ReminderLevel.DUE_SOON, 2, 0)),
        (MONDAY, Standing(ReminderLevel.DUE_SOON, 0, 0)),  # due today is still in time
        (date(2026, 11, 13), Standing(ReminderLevel.OVERDUE, 0, 1)),  # Friday → Monday: one working day
        (date(2026, 11, 14), Standing(ReminderLevel.OVERDUE, 0, 1)),  # a Saturday due date, still one
        (date(2026, 11, 11), Standing(ReminderLevel.OVERDUE, 0, 3)),  # three is not more than three
        (date(2026, 11, 10), Standing(ReminderLevel.ESCALATED, 0, 4)),
    ],
)
def test_where_a_deadline_stands(due: date, expected: Standing) -> None:
    assert standing(due, MONDAY, CALENDAR) == expected


def test_a_make_up_working_day_counts_as_overdue_time() -> None:
    # 2026-10-10 is a Saturday worked for National Day (调休上班): due Friday 9 October, Monday 12 is two days late
    assert CALENDAR.is_working_day(date(2026, 10, 10))
    assert standing(date(2026, 10, 9), date(2026, 10, 12), CALENDAR).working_days_overdue == 2


def test_the_escalation_threshold_is_configurable() -> None:
    assert standing(date(2026, 11, 13), MONDAY, CALENDAR, escalate_after=0).level is ReminderLevel.ESCALATED


@pytest.mark.parametrize(
    ("level", "role", "expected"),
    [
        (ReminderLevel.DUE_SOON, None, True),
        (ReminderLevel.OVERDUE, "reviewer", True),
        (ReminderLevel.ESCALATED, None, False),
        (ReminderLevel.ESCALATED, "supervisor", True),
        (ReminderLevel.OVERDUE, "supervisor", False),
        (ReminderLevel.DUE_SOON, "supervisor", False),
    ],
)
def test_supervisors_receive_escalations_and_everyone_else_the_rest(
    level: ReminderLevel, role: str | None, expected: bool
) -> None:
    assert receives(level, role) is expected


def test_a_departments_url_covers_its_own_items_only() -> None:
    assert covers(None, "城建科") and covers(None, None)
    assert covers("城建科", "城建科") and not covers("城建科", "市场科") and not covers("城建科", None)


def _item(subject_type: str, title: str | None, stand: Standing) -> ReminderItem:
    return ReminderItem(subject_type, 12, DeadlineKind.PUBLICATION, date(2026, 11, 17), title, "城建科", stand)


def test_the_reminder_says_what_which_when_how_long_and_whose() -> None:
    line = reminder_line(_item("document", "关于印发绿化条例的通知", Standing(ReminderLevel.DUE_SOON, 1, 0)))
    assert (
        line
        == "公开期限：公文《关于印发绿化条例的通知》（编号12），截止2026年11月17日，还剩1个工作日，责任科室：城建科"
    )
    late = reminder_line(_item("request", "申请人的原话", Standing(ReminderLevel.OVERDUE, 0, 2)))
    assert "第12号政府信息公开申请" in late and "已逾期2个工作日" in late and "申请人的原话" not in late
    body = reminder_body(
        ReminderLevel.ESCALATED, [_item("document", "某通知", Standing(ReminderLevel.ESCALATED, 0, 5))]
    )
    assert body.startswith("以下事项逾期超过3个工作日，提请督办：\n1. 公开期限：公文《某通知》")


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("json://127.0.0.1:8080/notify", "json://127.0.0.1:8080/no***"),
        (
            "mailto://office:pa55w0rd@mail.example.gov.cn?to=a@example.gov.cn",
            "mailto://office:***@mail.example.gov.cn?to=a@example.gov.cn",
        ),
        ("dingtalk://0123456789abcdef0123/", "dingtalk://0123***/"),
        ("dingtalk://SECsecret0123456@0123456789abcdef0123/", "dingtalk://***@0123***/"),
        ("wecombot://0123456789abcdef0123", "wecombot://0123***"),
        ("jsons://hooks.example.com/hook?token=abc&x=1", "jsons://hooks.example.com/***?token=***&x=1"),
    ],
)
def test_secrets_in_urls_are_masked(url: str, masked: str) -> None:
    assert mask_url(url) == masked


@pytest.mark.parametrize("url", ["", "not a url", "://host", "1json://x", "json://", "json://a b"])
def test_what_is_not_an_apprise_url_is_refused(url: str) -> None:
    with pytest.raises(BadInput):
        validate_notify_url(url)
