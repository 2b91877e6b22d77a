"""The working-day calendar in force: China's national calendar plus this installation's local overrides."""

from __future__ import annotations

from functools import lru_cache

from policies.calendar import CalendarOverride, WorkingDayCalendar, china_calendar
from storage.repositories import CalendarOverrideRepository


@lru_cache(maxsize=8)
def _calendar(overrides: tuple[CalendarOverride, ...]) -> WorkingDayCalendar:
    return china_calendar(overrides)


def working_calendar(overrides: CalendarOverrideRepository) -> WorkingDayCalendar:
    """The calendar with the stored overrides applied (built once per distinct set of overrides)."""
    return _calendar(
        tuple(CalendarOverride(day=r.day, working=r.working, name=r.name) for r in overrides.all())
    )
