"""The working-day calendar, checked against the State Council's 2025 and 2026 holiday notices.

The expected dates below are worked out by hand from the notices (国务院办公厅关于2025年/2026年部分节假日安排的
通知), not read from the holidays package.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from policies.calendar import CalendarOverride, NamedDay, WorkingDayCalendar, china_calendar
from policies.errors import BadInput

CALENDAR = china_calendar()

# (first day off, last day off, make-up working days), as each notice states them.
NOTICES: dict[int, list[tuple[date, date, list[date]]]] = {
    2025: [
        (date(2025, 1, 1), date(2025, 1, 1), []),  # 元旦
        (date(2025, 1, 28), date(2025, 2, 4), [date(2025, 1, 26), date(2025, 2, 8)]),  # 春节
        (date(2025, 4, 4), date(2025, 4, 6), []),  # 清明节
        (date(2025, 5, 1), date(2025, 5, 5), [date(2025, 4, 27)]),  # 劳动节
        (date(2025, 5, 31), date(2025, 6, 2), []),  # 端午节
        (date(2025, 10, 1), date(2025, 10, 8), [date(2025, 9, 28), date(2025, 10, 11)]),  # 国庆节、中秋节
    ],
    2026: [
        (date(2026, 1, 1), date(2026, 1, 3), [date(2026, 1, 4)]),  # 元旦
        (date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)]),  # 春节
        (date(2026, 4, 4), date(2026, 4, 6), []),  # 清明节
        (date(2026, 5, 1), date(2026, 5, 5), [date(2026, 5, 9)]),  # 劳动节
        (date(2026, 6, 19), date(2026, 6, 21), []),  # 端午节
        (date(2026, 9, 25), date(2026, 9, 27), []),  # 中秋节
        (date(2026, 10, 1), date(2026, 10, 7), [date(2026, 9, 20), date(2026, 10, 10)]),  # 国庆节
    ],
}
MAKEUP_WORKDAYS_2026 = [d for _, _, makeups in NOTICES[2026] for d in makeups]
WEEKDAY_HOLIDAYS_2026 = [
    date(2026, 1, 1), date(2026, 1, 2),
    date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19), date(2026, 2, 20), date(2026, 2, 23),
    date(2026, 4, 6),
    date(2026, 5, 1), date(2026, 5, 4), date(2026, 5, 5),
    date(2026, 6, 19),
    date(2026, 9, 25),
    date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7),
]  # fmt: skip


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=step) for step in range((last - first).days + 1)]


def working_per_notice(day: date) -> bool:
    for first, last, makeups in NOTICES[day.year]:
        if day in makeups:
            return True
        if first <= day <= last:
            return False
    return day.weekday() < 5


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_every_day_of_the_year_is_working_or_not_as_the_notice_says(year: int) -> None:
    wrong = [
        d for d in days(date(year, 1, 1), date(year, 12, 31)) if CALENDAR.is_working_day(d) != working_per_notice(d)
    ]
    assert wrong == []


@pytest.mark.parametrize("day", MAKEUP_WORKDAYS_2026, ids=str)
def test_each_2026_makeup_weekend_day_is_a_working_day(day: date) -> None:
    assert day.weekday() >= 5
    assert CALENDAR.is_working_day(day)


@pytest.mark.parametrize("day", WEEKDAY_HOLIDAYS_2026, ids=str)
def test_each_2026_weekday_holiday_is_not_a_working_day(day: date) -> None:
    assert day.weekday() < 5
    assert not CALENDAR.is_working_day(day)


@pytest.mark.parametrize(
    ("start", "working_days", "due"),
    [
        # 2026
        (date(2026, 9, 28), 20, date(2026, 10, 30)),  # crosses 国庆, counts Saturday 10月10日
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Friday before 春节: the make-up Saturday is next
        (date(2026, 2, 13), 2, date(2026, 2, 24)),  # then 2月15日–23日 off
        (date(2026, 2, 10), 10, date(2026, 3, 2)),  # both 春节 make-up Saturdays counted
        (date(2026, 2, 27), 1, date(2026, 2, 28)),  # make-up Saturday after 春节
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # make-up Sunday before 国庆
        (date(2026, 9, 24), 1, date(2026, 9, 28)),  # 中秋 Friday skipped
        (date(2026, 9, 30), 1, date(2026, 10, 8)),  # event on the eve of 国庆
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
        (date(2026, 10, 1), 1, date(2026, 10, 8)),  # event on a holiday itself
        (date(2026, 10, 3), 3, date(2026, 10, 10)),  # event on a holiday Saturday
        (date(2026, 10, 10), 1, date(2026, 10, 12)),  # event on a make-up Saturday
        (date(2026, 4, 3), 1, date(2026, 4, 7)),  # event on the Friday before 清明
        (date(2026, 4, 30), 1, date(2026, 5, 6)),
        (date(2026, 4, 30), 4, date(2026, 5, 9)),  # make-up Saturday after 劳动节
        (date(2026, 6, 18), 1, date(2026, 6, 22)),  # 端午
        (date(2026, 1, 2), 1, date(2026, 1, 4)),  # from a holiday to the make-up Sunday
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # across the year end
        (date(2026, 10, 1), 0, date(2026, 10, 1)),  # zero working days: the day itself
        # 2025
        (date(2025, 1, 24), 1, date(2025, 1, 26)),  # make-up Sunday before 春节
        (date(2025, 1, 24), 3, date(2025, 2, 5)),  # 1月28日–2月4日 off
        (date(2025, 1, 24), 6, date(2025, 2, 8)),  # make-up Saturday after 春节
        (date(2025, 4, 25), 1, date(2025, 4, 27)),  # make-up Sunday before 劳动节
        (date(2025, 4, 30), 1, date(2025, 5, 6)),
        (date(2025, 5, 30), 1, date(2025, 6, 3)),  # 端午 5月31日–6月2日
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # make-up Sunday before 国庆中秋
        (date(2025, 9, 26), 4, date(2025, 10, 9)),  # 10月1日–8日 off
        (date(2025, 9, 26), 6, date(2025, 10, 11)),  # make-up Saturday after
        (date(2025, 9, 28), 20, date(2025, 10, 31)),  # event on a make-up Sunday
        (date(2025, 1, 20), 20, date(2025, 2, 21)),
    ],
)
def test_add_counts_working_days_per_the_notices(start: date, working_days: int, due: date) -> None:
    assert CALENDAR.add(start, working_days) == due
    assert CALENDAR.explain(start, working_days).due == due


def test_explain_lists_the_skipped_holidays_and_the_counted_makeup_days() -> None:
    count = CALENDAR.explain(date(2026, 9, 28), 20)

    assert count.skipped == tuple(
        NamedDay(d, "国庆节")
        for d in (date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7))
    )
    assert count.makeup_workdays == (NamedDay(date(2026, 10, 10), "国庆节调休"),)
    assert not count.provisional
    assert count.explanation() == (
        "自2026年9月28日起算（当日不计），第20个工作日为2026年10月30日；跳过节假日：2026年10月1日（国庆节）、"
        "2026年10月2日（国庆节）、2026年10月5日（国庆节）、2026年10月6日（国庆节）、2026年10月7日（国庆节）；"
        "计入调休上班日：2026年10月10日（国庆节调休）。"
    )


def test_spring_festival_days_off_are_named_and_weekends_are_not_listed() -> None:
    count = CALENDAR.explain(date(2026, 2, 13), 5)

    assert [(n.day.isoformat(), n.name) for n in count.skipped] == [
        ("2026-02-16", "除夕"),
        ("2026-02-17", "春节"),
        ("2026-02-18", "春节"),
        ("2026-02-19", "春节"),
        ("2026-02-20", "春节"),  # a substituted day off takes the name of its holiday
        ("2026-02-23", "春节"),
    ]
    assert [(n.day.isoformat(), n.name) for n in count.makeup_workdays] == [("2026-02-14", "春节调休")]


def test_national_day_and_mid_autumn_together_in_2025() -> None:
    count = CALENDAR.explain(date(2025, 9, 26), 6)

    assert [n.day for n in count.skipped] == [date(2025, 10, d) for d in (1, 2, 3, 6, 7, 8)]
    assert {n.name for n in count.skipped} == {"国庆节", "中秋节", "国庆节、中秋节"}
    assert count.makeup_workdays == (
        NamedDay(date(2025, 9, 28), "国庆节、中秋节调休"),
        NamedDay(date(2025, 10, 11), "国庆节、中秋节调休"),
    )


def test_count_to_dict() -> None:
    assert CALENDAR.explain(date(2026, 2, 13), 1).to_dict() == {
        "date": "2026-02-14",
        "start": "2026-02-13",
        "working_days": 1,
        "skipped": [],
        "makeup_workdays": [{"date": "2026-02-14", "name": "春节调休"}],
        "provisional": False,
        "provisional_years": [],
        "explanation": "自2026年2月13日起算（当日不计），第1个工作日为2026年2月14日；"
        "计入调休上班日：2026年2月14日（春节调休）。",
    }


def test_zero_working_days_explains_the_day_itself() -> None:
    count = CALENDAR.explain(date(2026, 10, 1), 0)

    assert (count.due, count.skipped, count.makeup_workdays) == (date(2026, 10, 1), (), ())
    assert count.explanation() == "自2026年10月1日起算，0个工作日即当日2026年10月1日。"


def test_a_count_into_2027_is_provisional() -> None:
    count = CALENDAR.explain(date(2026, 12, 20), 20)

    assert count.due.year == 2027
    assert count.provisional
    assert count.provisional_years == (2027,)
    assert count.to_dict()["provisional"] is True
    assert count.explanation().endswith("（2027年国务院节假日安排尚未发布，此日期为暂定）")


@pytest.mark.parametrize(
    ("day", "provisional"),
    [(date(2015, 3, 2), False), (date(2020, 6, 1), False), (date(2026, 12, 31), False), (date(2027, 1, 4), True)],
)
def test_years_with_an_official_arrangement_are_not_provisional(day: date, provisional: bool) -> None:
    assert CALENDAR.is_provisional(day) is provisional


def test_a_loaded_notice_makes_its_year_official() -> None:
    calendar = china_calendar(official_years=[2027])

    assert not calendar.is_provisional(date(2027, 1, 4))
    assert not calendar.explain(date(2026, 12, 20), 20).provisional


def test_a_regional_holiday_shifts_the_date_and_is_listed() -> None:
    calendar = china_calendar([CalendarOverride(date(2026, 3, 10), working=False, name="地方节日")])

    assert CALENDAR.add(date(2026, 3, 9), 1) == date(2026, 3, 10)
    assert calendar.add(date(2026, 3, 9), 1) == date(2026, 3, 11)
    assert calendar.explain(date(2026, 3, 9), 1).skipped == (NamedDay(date(2026, 3, 10), "地方节日"),)


def test_an_extra_working_saturday_counts() -> None:
    calendar = china_calendar([CalendarOverride(date(2026, 3, 14), working=True, name="地方调休上班")])

    assert CALENDAR.add(date(2026, 3, 13), 1) == date(2026, 3, 16)
    assert calendar.add(date(2026, 3, 13), 1) == date(2026, 3, 14)
    assert calendar.explain(date(2026, 3, 13), 1).makeup_workdays == (NamedDay(date(2026, 3, 14), "地方调休上班"),)


def test_overrides_win_over_the_national_calendar() -> None:
    calendar = china_calendar(
        [
            CalendarOverride(date(2026, 10, 7), working=True, name="值班"),
            CalendarOverride(date(2026, 10, 10), working=False, name="取消调休"),
        ]
    )

    assert calendar.is_working_day(date(2026, 10, 7))
    assert not calendar.is_working_day(date(2026, 10, 10))
    assert calendar.add(date(2026, 9, 30), 1) == date(2026, 10, 7)
    assert calendar.add(date(2026, 10, 9), 1) == date(2026, 10, 12)


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2025, 11, date(2025, 11, 28)),  # 30th is a Sunday
        (2026, 11, date(2026, 11, 30)),
        (2026, 2, date(2026, 2, 28)),  # a make-up Saturday
        (2025, 5, date(2025, 5, 30)),  # 31st is 端午
        (2026, 10, date(2026, 10, 30)),
        (2025, 12, date(2025, 12, 31)),
    ],
)
def test_last_working_day_of_month(year: int, month: int, last: date) -> None:
    assert CALENDAR.last_working_day_of_month(year, month) == last


@pytest.mark.parametrize(
    ("start", "end", "between"),
    [
        (date(2026, 9, 28), date(2026, 10, 30), 20),
        (date(2026, 9, 30), date(2026, 10, 7), 0),
        (date(2026, 9, 30), date(2026, 10, 10), 3),
        (date(2026, 10, 30), date(2026, 10, 30), 0),
        (date(2026, 10, 30), date(2026, 9, 28), 0),
    ],
)
def test_working_days_between(start: date, end: date, between: int) -> None:
    assert CALENDAR.working_days_between(start, end) == between


@pytest.mark.parametrize(
    "call",
    [
        lambda: CALENDAR.add(date(2014, 12, 31), 1),
        lambda: CALENDAR.add(date(2036, 1, 2), 1),
        lambda: CALENDAR.add(date(2036, 1, 2), 0),
        lambda: CALENDAR.add(date(2035, 12, 20), 20),
        lambda: CALENDAR.add(date(2026, 1, 5), -1),
        lambda: CALENDAR.explain(date(2035, 12, 20), 20),
        lambda: CALENDAR.is_working_day(date(2036, 1, 1)),
        lambda: CALENDAR.working_days_between(date(2026, 1, 1), date(2040, 1, 1)),
        lambda: CALENDAR.is_provisional(date(2014, 6, 1)),
        lambda: CALENDAR.last_working_day_of_month(2026, 13),
        lambda: CALENDAR.last_working_day_of_month(2040, 1),
        lambda: china_calendar([CalendarOverride(date(2040, 1, 1), working=False, name="x")]),
        lambda: china_calendar(first_year=2030, last_year=2029),
    ],
    ids=[
        "start-before-range",
        "start-after-range",
        "zero-after-range",
        "result-after-range",
        "negative",
        "explain-after-range",
        "is-working-day",
        "between",
        "provisional",
        "month-13",
        "month-year",
        "override",
        "years",
    ],
)
def test_out_of_range_is_bad_input(call: Callable[[], object]) -> None:
    with pytest.raises(BadInput, match="/"):
        call()


def test_a_calendar_built_from_plain_data() -> None:
    calendar = WorkingDayCalendar(
        holidays={date(2030, 1, 1): "元旦", date(2031, 1, 1): "元旦"},
        makeup_workdays={date(2030, 1, 5): "调休上班"},
        official_years=[2030],
        first_year=2030,
        last_year=2030,
    )

    assert calendar.add(date(2030, 1, 1), 1) == date(2030, 1, 2)
    assert calendar.add(date(2030, 1, 4), 1) == date(2030, 1, 5)
    assert calendar.last_working_day_of_month(2030, 12) == date(2030, 12, 31)
    with pytest.raises(BadInput):
        calendar.add(date(2030, 12, 31), 1)


@pytest.mark.parametrize(
    ("holiday_days", "makeup_days"),
    [({date(2030, 1, 5): "x"}, {date(2030, 1, 5): "y"}), ({}, {date(2030, 1, 7): "a Monday"})],
    ids=["both", "weekday-makeup"],
)
def test_inconsistent_calendar_data_is_bad_input(holiday_days: dict[date, str], makeup_days: dict[date, str]) -> None:
    with pytest.raises(BadInput):
        WorkingDayCalendar(
            holidays=holiday_days, makeup_workdays=makeup_days, official_years=(), first_year=2030, last_year=2030
        )


def test_add_agrees_with_the_holidays_package_within_official_years() -> None:
    package = holidays.China(years=range(2015, 2027))
    rng = random.Random(20260101)
    first = date(2015, 1, 1)
    samples = [(first + timedelta(days=rng.randrange(4300)), rng.randint(1, 40)) for _ in range(400)]

    checked = [(d, n) for d, n in samples if CALENDAR.add(d, n).year <= 2026]
    assert len(checked) > 350
    assert [CALENDAR.add(d, n) for d, n in checked] == [package.get_nth_working_day(d, n) for d, n in checked]


# Properties. Dates and counts chosen so that every result stays inside the 2015–2035 calendar.
DAYS = st.dates(date(2015, 1, 1), date(2034, 12, 31))
COUNTS = st.integers(0, 200)


def previous_working_day(day: date) -> date:
    while not CALENDAR.is_working_day(day):
        day -= timedelta(days=1)
    return day


def naive_add(start: date, working_days: int) -> date:
    day = start
    for _ in range(working_days):
        day += timedelta(days=1)
        while not CALENDAR.is_working_day(day):
            day += timedelta(days=1)
    return day


@given(DAYS, st.integers(1, 200))
def test_the_result_is_a_working_day_after_the_start(day: date, n: int) -> None:
    due = CALENDAR.add(day, n)
    assert due > day
    assert CALENDAR.is_working_day(due)


@given(DAYS, COUNTS)
def test_add_matches_counting_day_by_day(day: date, n: int) -> None:
    assert CALENDAR.add(day, n) == naive_add(day, n)


@given(DAYS, st.integers(0, 100), st.integers(0, 100))
def test_adding_in_two_steps_equals_adding_at_once(day: date, a: int, b: int) -> None:
    # Holds from any day, working or not: after the first step we stand on a working day, and a day zero
    # that is not a working day counts like the last working day before it.
    assert CALENDAR.add(CALENDAR.add(day, a), b) == CALENDAR.add(day, a + b)


@given(st.dates(date(2015, 1, 5), date(2034, 12, 31)), st.integers(1, 200))
def test_a_day_off_as_day_zero_counts_like_the_working_day_before_it(day: date, n: int) -> None:
    assume(not CALENDAR.is_working_day(day))
    assert CALENDAR.add(day, n) == CALENDAR.add(previous_working_day(day), n)


@given(DAYS, COUNTS)
def test_more_working_days_give_a_strictly_later_date(day: date, n: int) -> None:
    assert CALENDAR.add(day, n + 1) > CALENDAR.add(day, n)


@given(DAYS, DAYS, COUNTS)
def test_a_later_start_never_gives_an_earlier_date(first: date, second: date, n: int) -> None:
    earlier, later = sorted((first, second))
    assert CALENDAR.add(earlier, n) <= CALENDAR.add(later, n)


@given(DAYS, COUNTS)
def test_working_days_between_inverts_add(day: date, n: int) -> None:
    assert CALENDAR.working_days_between(day, CALENDAR.add(day, n)) == n


@given(DAYS, st.integers(0, 60))
def test_every_calendar_day_of_a_count_is_accounted_for(day: date, n: int) -> None:
    count = CALENDAR.explain(day, n)
    weekend_days = sum(1 for d in days(day + timedelta(days=1), count.due) if d.weekday() >= 5)
    assert (count.due - day).days == n + len(count.skipped) + weekend_days - len(count.makeup_workdays)
