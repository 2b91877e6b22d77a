"""The one clock: the system's, or a fixed "today" set by --today / GONGKAI_TODAY for tests and simulations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """Gives today's local date (Asia/Shanghai) and the current UTC instant, optionally pinned to a date."""

    def __init__(self, today: date | None = None) -> None:
        self._today = today

    @property
    def fixed(self) -> bool:
        """Whether today is pinned."""
        return self._today is not None

    def today(self) -> date:
        """Today's date in Asia/Shanghai."""
        return self._today or datetime.now(SHANGHAI).date()

    def now(self) -> datetime:
        """The current instant in UTC; on a pinned day, that day at the current local time of day."""
        local = datetime.now(SHANGHAI)
        if self._today is not None:
            local = datetime.combine(self._today, local.timetz())
        return local.astimezone(UTC)
