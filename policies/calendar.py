"""The working-day calendar (工作日): day zero not counted, weekends and statutory holidays skipped, make-up
working days (调休上班) counted. Pure: built from the holidays package's data plus local overrides.

National data comes from `holidays.China` (zh_CN). A year counts as official when the package carries the
State Council's arrangement for it (a `special_public_holidays` entry: 2001–2026 in holidays 0.108, so
2015–2020 are official too, including the 2015 Victory Day holiday and the 2020 Spring Festival extension)
or when the caller says so through `official_years` (a notice loaded as overrides). Any other year is the
package's estimate (statutory days plus its own weekend-to-weekday rule, no make-up working days) and every
date computed into it is provisional.
"""

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from holidays import China

from policies.dates import chinese_date
from policies.errors import BadInput

MAKEUP_WORKDAY_NAME = "调休上班"
_SHORT_NAMES = {
    "农历除夕": "除夕",
    "春节延长假期": "春节",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": "抗战胜利70周年纪念日",
}
_FESTIVAL_ORDER = ("元旦", "除夕", "春节", "清明节", "劳动节", "端午节", "国庆节", "中秋节")
_SUFFIX = re.compile(r"（[^（）]*）$")
_SUBSTITUTED = re.compile(r"^休息日（由 (\d{4}-\d{2}-\d{2}) 调休）$")
_PACKAGE_SEPARATOR = "; "


def provisional_note(years: Iterable[int]) -> str:
    """The warning appended to a date that falls in a year whose State Council arrangement is not loaded."""
    listed = "、".join(f"{year}年" for year in sorted(years))
    return f"（{listed}国务院节假日安排尚未发布，此日期为暂定）"


@dataclass(frozen=True, slots=True)
class NamedDay:
    """A day that matters to a count: a skipped day off or a counted make-up working day, with its name."""

    day: date
    name: str

    def to_dict(self) -> dict[str, str]:
        """{"date": ISO date, "name": Chinese name}."""
        return {"date": self.day.isoformat(), "name": self.name}


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """A local arrangement (e.g. a regional holiday, or a loaded notice) that overrides the national calendar."""

    day: date
    working: bool
    name: str


@dataclass(frozen=True, slots=True)
class WorkingDayCount:
    """How a date N working days after an event was reached: what was skipped and what was counted."""

    start: date
    working_days: int
    due: date
    skipped: tuple[NamedDay, ...]
    makeup_workdays: tuple[NamedDay, ...]
    provisional_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        """True when the count touches a year whose official arrangement is not loaded."""
        return bool(self.provisional_years)

    def to_dict(self) -> dict[str, object]:
        """The count as JSON-ready data (the CLI's `calendar add --json`)."""
        return {
            "date": self.due.isoformat(),
            "start": self.start.isoformat(),
            "working_days": self.working_days,
            "skipped": [named.to_dict() for named in self.skipped],
            "makeup_workdays": [named.to_dict() for named in self.makeup_workdays],
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "explanation": self.explanation(),
        }

    def explanation(self) -> str:
        """One Chinese paragraph saying how the date was reached."""
        if self.working_days == 0:
            text = f"自{chinese_date(self.start)}起算，0个工作日即当日{chinese_date(self.due)}。"
        else:
            parts = [
                f"自{chinese_date(self.start)}起算（当日不计），第{self.working_days}个工作日为{chinese_date(self.due)}"
            ]
            if self.skipped:
                parts.append("跳过节假日：" + _listing(self.skipped))
            if self.makeup_workdays:
                parts.append("计入调休上班日：" + _listing(self.makeup_workdays))
            text = "；".join(parts) + "。"
        if self.provisional:
            text += provisional_note(self.provisional_years)
        return text


def _listing(days: tuple[NamedDay, ...]) -> str:
    return "、".join(f"{chinese_date(named.day)}（{named.name}）" for named in days)


class WorkingDayCalendar:
    """Working-day arithmetic over [first_year, last_year], precomputed so that `add` is two list lookups."""

    __slots__ = (
        "_base",
        "_cumulative",
        "_holidays",
        "_makeup_workdays",
        "_official_years",
        "_size",
        "_working",
        "_working_dates",
        "first_year",
        "last_year",
    )

    def __init__(
        self,
        *,
        holidays: Mapping[date, str],
        makeup_workdays: Mapping[date, str],
        official_years: Collection[int],
        first_year: int,
        last_year: int,
    ) -> None:
        """Days off and weekend working days by date (entries outside the year range are ignored)."""
        if not 1 < first_year <= last_year < 9999:
            raise BadInput(f"工作日历年份范围无效 / invalid calendar year range: {first_year}–{last_year}")
        self.first_year = first_year
        self.last_year = last_year
        first, last = date(first_year, 1, 1), date(last_year, 12, 31)
        self._holidays = {day: name for day, name in holidays.items() if first <= day <= last}
        self._makeup_workdays = {day: name for day, name in makeup_workdays.items() if first <= day <= last}
        for day in self._makeup_workdays:
            if day.weekday() < 5:
                raise BadInput(f"调休上班日必须是周末 / a make-up working day must be a weekend day: {day}")
            if day in self._holidays:
                raise BadInput(f"同一天既是假日又是调休上班日 / both a day off and a make-up working day: {day}")
        self._official_years = frozenset(official_years)
        self._base = first.toordinal()
        self._size = last.toordinal() - self._base + 1
        self._working = bytearray(self._size)
        self._cumulative = [0] * self._size
        self._working_dates: list[date] = []
        for offset in range(self._size):
            day = first + timedelta(days=offset)
            if day in self._makeup_workdays or (day.weekday() < 5 and day not in self._holidays):
                self._working[offset] = 1
                self._working_dates.append(day)
            self._cumulative[offset] = len(self._working_dates)

    def is_working_day(self, day: date) -> bool:
        """True when `day` is a working day (a make-up working day on a weekend included)."""
        return bool(self._working[self._offset(day)])

    def add(self, start: date, working_days: int) -> date:
        """The `working_days`-th working day after `start` (day zero not counted); `start` itself for 0."""
        offset = start.toordinal() - self._base
        if working_days > 0 and 0 <= offset < self._size:
            try:
                return self._working_dates[self._cumulative[offset] + working_days - 1]
            except IndexError:
                pass
        return self._add_checked(start, working_days)

    def _add_checked(self, start: date, working_days: int) -> date:
        """`add` for what its fast path does not take: zero, negative counts, dates out of range."""
        if working_days < 0:
            raise BadInput(f"工作日数不能为负数 / working days must not be negative: {working_days}")
        offset = self._offset(start)
        if working_days == 0:
            return start
        index = self._cumulative[offset] + working_days - 1
        if index >= len(self._working_dates):
            raise BadInput(
                f"{start}后第{working_days}个工作日超出工作日历范围（{self.first_year}–{self.last_year}年） / "
                f"{working_days} working days after {start} is beyond the calendar "
                f"({self.first_year}–{self.last_year})"
            )
        return self._working_dates[index]

    def explain(self, start: date, working_days: int) -> WorkingDayCount:
        """`add` with its reasons: the days off skipped and the make-up working days counted."""
        due = self.add(start, working_days)
        between = [start + timedelta(days=step) for step in range(1, (due - start).days + 1)]
        return WorkingDayCount(
            start=start,
            working_days=working_days,
            due=due,
            skipped=tuple(
                NamedDay(day, self._holidays[day]) for day in between if day.weekday() < 5 and day in self._holidays
            ),
            makeup_workdays=tuple(
                NamedDay(day, self._makeup_workdays[day]) for day in between if day in self._makeup_workdays
            ),
            provisional_years=tuple(
                year for year in range(start.year, due.year + 1) if year not in self._official_years
            ),
        )

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in (start, end]; 0 when end is not after start."""
        start_offset, end_offset = self._offset(start), self._offset(end)
        if end_offset <= start_offset:
            return 0
        return self._cumulative[end_offset] - self._cumulative[start_offset]

    def is_provisional(self, day: date) -> bool:
        """True when `day` falls in a year whose official holiday arrangement is not loaded."""
        self._offset(day)
        return day.year not in self._official_years

    def last_working_day_of_month(self, year: int, month: int) -> date:
        """The last working day of the given month."""
        if not 1 <= month <= 12:
            raise BadInput(f"月份无效 / invalid month: {month}")
        if not self.first_year <= year <= self.last_year:
            raise BadInput(
                f"{year}年超出工作日历范围（{self.first_year}–{self.last_year}年） / "
                f"year {year} is outside the calendar ({self.first_year}–{self.last_year})"
            )
        next_month = date(year + month // 12, month % 12 + 1, 1)
        index = self._cumulative[self._offset(next_month - timedelta(days=1))] - 1
        if index < 0 or (self._working_dates[index].year, self._working_dates[index].month) != (year, month):
            raise BadInput(f"{year}年{month}月没有工作日 / no working day in {year}-{month:02d}")
        return self._working_dates[index]

    def _offset(self, day: date) -> int:
        """The position of `day` in the precomputed tables; BadInput outside [first_year, last_year]."""
        offset = day.toordinal() - self._base
        if not 0 <= offset < self._size:
            raise BadInput(
                f"日期{day}超出工作日历范围（{self.first_year}–{self.last_year}年） / "
                f"date {day} is outside the working-day calendar ({self.first_year}–{self.last_year})"
            )
        return offset


@dataclass(frozen=True, slots=True)
class _NationalDays:
    holidays: dict[date, str]
    makeup_workdays: dict[date, str]
    official_years: frozenset[int]


def china_calendar(
    overrides: Iterable[CalendarOverride] = (),
    *,
    official_years: Iterable[int] = (),
    first_year: int = 2015,
    last_year: int = 2035,
) -> WorkingDayCalendar:
    """China's calendar from the holidays package (holidays, substituted days off, 调休上班) plus overrides."""
    if not 1 < first_year <= last_year < 9999:
        raise BadInput(f"工作日历年份范围无效 / invalid calendar year range: {first_year}–{last_year}")
    national = _national_days(first_year, last_year)
    holidays = dict(national.holidays)
    makeup_workdays = dict(national.makeup_workdays)
    for override in overrides:
        if not first_year <= override.day.year <= last_year:
            raise BadInput(
                f"调整日{override.day}超出工作日历范围（{first_year}–{last_year}年） / "
                f"override {override.day} is outside the calendar ({first_year}–{last_year})"
            )
        if override.working:
            holidays.pop(override.day, None)
            if override.day.weekday() >= 5:
                makeup_workdays[override.day] = override.name
        else:
            makeup_workdays.pop(override.day, None)
            holidays[override.day] = override.name
    return WorkingDayCalendar(
        holidays=holidays,
        makeup_workdays=makeup_workdays,
        official_years=national.official_years | set(official_years),
        first_year=first_year,
        last_year=last_year,
    )


@lru_cache(maxsize=8)
def _national_days(first_year: int, last_year: int) -> _NationalDays:
    """The State Council's arrangements as the holidays package has them, with short Chinese names."""
    package = China(years=range(first_year, last_year + 1), language="zh_CN")
    raw = {day: name for day, name in package.items() if first_year <= day.year <= last_year}
    makeup_of: dict[date, date] = {}
    for day, name in raw.items():
        for part in name.split(_PACKAGE_SEPARATOR):
            if match := _SUBSTITUTED.match(part):
                makeup_of[date.fromisoformat(match.group(1))] = day
    holidays = {day: _short_name(name) for day, name in raw.items()}
    for day in makeup_of.values():
        holidays[day] = _block_name(day, holidays, package.weekend_workdays)
    makeup_workdays = {
        day: f"{holidays[makeup_of[day]]}调休" if day in makeup_of else MAKEUP_WORKDAY_NAME
        for day in package.weekend_workdays
        if first_year <= day.year <= last_year
    }
    official_years = frozenset(year for year in package.special_public_holidays if first_year <= year <= last_year)
    return _NationalDays(holidays, makeup_workdays, official_years)


def _short_name(package_name: str) -> str:
    """元旦, 春节, 国庆节… from the package's label ("春节（补假）" → 春节; two holidays on one day joined by 、)."""
    names = []
    for part in package_name.split(_PACKAGE_SEPARATOR):
        short = _SUFFIX.sub("", part)
        short = _SHORT_NAMES.get(short, short)
        if short not in names:
            names.append(short)
    return _joined(names)


def _block_name(rest_day: date, holidays: Mapping[date, str], makeup_workdays: Collection[date]) -> str:
    """A substituted day off is named after the holidays of the run of days off it belongs to."""

    def off(day: date) -> bool:
        return day not in makeup_workdays and (day.weekday() >= 5 or day in holidays)

    first = last = rest_day
    while off(first - timedelta(days=1)):
        first -= timedelta(days=1)
    while off(last + timedelta(days=1)):
        last += timedelta(days=1)
    names: list[str] = []
    for step in range((last - first).days + 1):
        label = holidays.get(first + timedelta(days=step))
        for part in label.split("、") if label else ():
            name = "春节" if part == "除夕" else part
            if name != "休息日" and name not in names:
                names.append(name)
    return _joined(names) or "休息日"


def _joined(names: list[str]) -> str:
    """Names of holidays sharing a day or a run of days off, in the order the State Council's notices use."""
    return "、".join(sorted(names, key=lambda name: _FESTIVAL_ORDER.index(name) if name in _FESTIVAL_ORDER else 99))
