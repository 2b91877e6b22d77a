"""Cycle times for supervisors: how many working days each step took against its deadline, and how many are late.

Three measures, each counted in working days with the day of the event as day zero (policies.calendar):
- publication: formation (the sign date, GB/T 9704-2012 成文日期) → publication, due within 20 (条例 Art. 26);
- interpretation: publication → the first interpretation, due within 3 (国办发〔2016〕19号);
- reply: receipt → reply, net of stopped clock (条例 Arts. 30, 33): counted from the corrected application when
  one was asked for, without the working days spent consulting third parties.

Pure: "today" and the calendar are parameters. CycleRow states the rule item by item (its working days and its
outcome, `group_of`); storage counts the same thing set-based, by department, area, month, working days and
outcome, with a working-day ordinal per date (`working_day_ordinals`), so a million documents come back as a
few thousand groups. The median is the middle of the sorted days (the mean of the two middle ones for an even
count); the 90th percentile is the nearest rank (the smallest value with at least 90 % of the items at or
below it).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from math import ceil
from typing import Final

from policies.calendar import WorkingDayCalendar
from policies.deadlines import EXTENSION_WORKING_DAYS, REPLY_WORKING_DAYS
from policies.errors import BadInput
from policies.labels import Labelled

NO_DEPARTMENT: Final = "未分配科室"
"""The department of a document whose drafter belongs to none, or of a request linked to no document."""


class Measure(Labelled, noun="周期指标"):
    """What a cycle time measures, with its Chinese heading."""

    PUBLICATION = "publication", "成文至公开"
    INTERPRETATION = "interpretation", "公开至解读"
    REPLY = "reply", "收到申请至答复"


class Outcome(StrEnum):
    """Where one item stands against its deadline on the day of the report."""

    ON_TIME = "on_time"
    LATE = "late"
    OPEN_OVERDUE = "open_overdue"
    OPEN = "open"


@dataclass(frozen=True, slots=True)
class CycleRow:
    """`count` items with the same department, area, dates and deadline, as storage aggregates them.

    start is the day the item is reported under (its month); counted_from the day the working days count from
    (the same, except a reply after a correction: the corrected application's day). paused is the number of
    working days not counted (consultations); ended_on None means the step has not happened yet; due None
    means no deadline runs (a request awaiting correction or consultation).
    """

    department: str
    area: str
    start: date
    ended_on: date | None
    due: date | None
    count: int
    counted_from: date | None = None
    paused: int = 0

    def working_days(self, calendar: WorkingDayCalendar) -> int | None:
        """The working days the step took, net of paused days; None while it has not happened."""
        if self.ended_on is None:
            return None
        elapsed = calendar.working_days_between(self.counted_from or self.start, self.ended_on)
        return max(elapsed - self.paused, 0)

    def outcome(self, today: date) -> Outcome:
        """On time, late, open and overdue, or open (a step with no deadline is on time when it happens)."""
        if self.ended_on is not None:
            return Outcome.LATE if self.due is not None and self.ended_on > self.due else Outcome.ON_TIME
        return Outcome.OPEN_OVERDUE if self.due is not None and today > self.due else Outcome.OPEN


def reply_paused_working_days(
    counted_from: date, due: date | None, *, extended: bool, calendar: WorkingDayCalendar
) -> int:
    """The consultation days a reply deadline was moved out by (条例 Art. 33): its working days beyond 20 (or 40).

    The stored reply deadline is counted_from + 20 (+ 20 when extended) + the paused working days, so the paused
    days are what its length exceeds the allowance by.
    """
    if due is None:
        return 0
    allowed = REPLY_WORKING_DAYS + (EXTENSION_WORKING_DAYS if extended else 0)
    return max(calendar.working_days_between(counted_from, due) - allowed, 0)


@dataclass(slots=True)
class _Tally:
    """Counts for one group while the rows are read."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    days: Counter[int] = field(default_factory=Counter)

    def add(self, outcome: Outcome, working_days: int | None, count: int) -> None:
        self.outcomes[outcome] += count
        if working_days is not None:
            self.days[working_days] += count


@dataclass(frozen=True, slots=True)
class CycleFigures:
    """One group's figures: items, on time, late, open and overdue, the median and 90th percentile of days."""

    count: int
    on_time: int
    late: int
    open_overdue: int
    open: int
    on_time_rate: float | None
    median_working_days: float | None
    p90_working_days: int | None


@dataclass(frozen=True, slots=True)
class CycleStats(CycleFigures):
    """A measure's figures overall and by department, area and month (YYYY-MM of the start)."""

    by_department: dict[str, CycleFigures]
    by_area: dict[str, CycleFigures]
    by_month: dict[str, CycleFigures]


@dataclass(frozen=True, slots=True)
class CycleTimes:
    """The cycle-time report: the window, the day it was made on, and the three measures."""

    start: date
    end: date
    today: date
    publication: CycleStats
    interpretation: CycleStats
    reply: CycleStats


def report_window(year: int, start: date | None = None, end: date | None = None) -> tuple[date, date]:
    """The days reported: the year, or the part of it given; the window must lie inside the year and be ordered."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start, end = start or first, end or last
    if not (first <= start <= last and first <= end <= last):
        raise BadInput(f"统计起止日期须在{year}年内：{start.isoformat()} 至 {end.isoformat()}")
    if start > end:
        raise BadInput(f"统计起始日期晚于截止日期：{start.isoformat()} 至 {end.isoformat()}")
    return start, end


@dataclass(frozen=True, slots=True)
class CycleGroup:
    """`count` items with the same department, area, month, working days taken (None: not done) and outcome.

    Storage counts these in SQL with a working-day ordinal per date (`working_day_ordinals`), as CycleRow.group
    defines them item by item.
    """

    department: str
    area: str
    month: str
    working_days: int | None
    outcome: Outcome
    count: int


def group_of(row: CycleRow, calendar: WorkingDayCalendar, today: date) -> CycleGroup:
    """What one aggregated row counts as: its month, working days and outcome (the rule the SQL follows)."""
    return CycleGroup(
        row.department, row.area, f"{row.start:%Y-%m}", row.working_days(calendar), row.outcome(today), row.count
    )


def working_day_ordinals(calendar: WorkingDayCalendar, first: date, last: date) -> list[tuple[date, int]]:
    """Each day in [first, last] with the number of working days since the calendar began: the working days in
    (a, b] are ordinal(b) - ordinal(a), the convention of `working_days_between`."""
    base = date(calendar.first_year, 1, 1)
    first, last = max(first, base), min(last, date(calendar.last_year, 12, 31))
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [(day, calendar.working_days_between(base, day)) for day in days]


def cycle_stats(groups: Iterable[CycleGroup]) -> CycleStats:
    """A measure's figures from its counted groups."""
    overall = _Tally()
    tallies: dict[str, defaultdict[str, _Tally]] = {
        name: defaultdict(_Tally) for name in ("department", "area", "month")
    }
    for group in groups:
        outcome, days, count = group.outcome, group.working_days, group.count
        overall.add(outcome, days, count)
        tallies["department"][group.department].add(outcome, days, count)
        tallies["area"][group.area].add(outcome, days, count)
        tallies["month"][group.month].add(outcome, days, count)
    figures = _figures(overall)
    return CycleStats(
        **{name: getattr(figures, name) for name in CycleFigures.__dataclass_fields__},
        by_department=_grouped(tallies["department"]),
        by_area=_grouped(tallies["area"]),
        by_month=_grouped(tallies["month"]),
    )


def cycle_times(groups: Mapping[Measure, Iterable[CycleGroup]], *, start: date, end: date, today: date) -> CycleTimes:
    """The three measures over the window, as of today."""
    stats = {measure: cycle_stats(groups.get(measure, ())) for measure in Measure}
    return CycleTimes(
        start=start,
        end=end,
        today=today,
        publication=stats[Measure.PUBLICATION],
        interpretation=stats[Measure.INTERPRETATION],
        reply=stats[Measure.REPLY],
    )


def _grouped(tallies: Mapping[str, _Tally]) -> dict[str, CycleFigures]:
    return {key: _figures(tallies[key]) for key in sorted(tallies)}


def _figures(tally: _Tally) -> CycleFigures:
    done = tally.outcomes[Outcome.ON_TIME] + tally.outcomes[Outcome.LATE]
    measured = sum(tally.days.values())
    return CycleFigures(
        count=sum(tally.outcomes.values()),
        on_time=tally.outcomes[Outcome.ON_TIME],
        late=tally.outcomes[Outcome.LATE],
        open_overdue=tally.outcomes[Outcome.OPEN_OVERDUE],
        open=tally.outcomes[Outcome.OPEN],
        on_time_rate=round(tally.outcomes[Outcome.ON_TIME] / done, 4) if done else None,
        median_working_days=(
            (_at_rank(tally.days, (measured + 1) // 2) + _at_rank(tally.days, measured // 2 + 1)) / 2
            if measured
            else None
        ),
        p90_working_days=_at_rank(tally.days, ceil(0.9 * measured)) if measured else None,
    )


def _at_rank(days: Counter[int], rank: int) -> int:
    """The rank-th smallest value (1-based) of the distribution `days` (value → how many)."""
    seen = 0
    for value in sorted(days):
        seen += days[value]
        if seen >= rank:
            return value
    raise ValueError(f"rank {rank} beyond {seen} values")
