"""Working-day arithmetic: `WorkingDayCalendar.add` against holidays' own `get_nth_working_day`, same inputs.

Target (DESIGN.md): at least 1,000,000 additions/s and faster than the holidays library in the same run.
"""

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

import holidays

from policies.calendar import CalendarOverride, china_calendar

SEED = 20260101
INPUTS = 20_000
MAX_WORKING_DAYS = 40
FIRST_START, LAST_START = date(2015, 1, 1), date(2026, 10, 31)  # results stay inside the official years
OFFICIAL_YEARS = range(2015, 2027)
TARGET_PER_SECOND = 1_000_000


def seeded_inputs() -> list[tuple[date, int]]:
    """The same random (start, working days) pairs on every run."""
    rng = random.Random(SEED)
    span = (LAST_START - FIRST_START).days
    return [
        (FIRST_START + timedelta(days=rng.randint(0, span)), rng.randint(1, MAX_WORKING_DAYS)) for _ in range(INPUTS)
    ]


def best_seconds(run: Callable[[], object], repeats: int) -> float:
    """The fastest of `repeats` timings of `run`."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    """Measure construction and additions per second for both implementations and print a small table."""
    started = time.perf_counter()
    calendar = china_calendar()
    first_build = time.perf_counter() - started
    rebuild = best_seconds(
        lambda: china_calendar([CalendarOverride(date(2026, 3, 10), working=False, name="地方节日")]), 5
    )

    inputs = seeded_inputs()
    package = holidays.China(years=OFFICIAL_YEARS)
    ours = [calendar.add(start, n) for start, n in inputs]
    theirs = [package.get_nth_working_day(start, n) for start, n in inputs]
    assert all(due.year <= OFFICIAL_YEARS[-1] for due in ours), "an input left the official years"
    disagreements = [(start, n, a, b) for (start, n), a, b in zip(inputs, ours, theirs, strict=True) if a != b]
    assert not disagreements, f"add and get_nth_working_day disagree: {disagreements[:5]}"

    def run_ours() -> None:
        add = calendar.add
        for start, n in inputs:
            add(start, n)

    def run_theirs() -> None:
        nth = package.get_nth_working_day
        for start, n in inputs:
            nth(start, n)

    ours_rate = INPUTS / best_seconds(run_ours, 7)
    theirs_rate = INPUTS / best_seconds(run_theirs, 2)

    print(
        f"{INPUTS:,} seeded additions (seed {SEED}), 1–{MAX_WORKING_DAYS} working days, from {FIRST_START}…{LAST_START}"
    )
    print(f"all {INPUTS:,} results agree with holidays {holidays.__version__}")
    print(f"{'implementation':<40}{'additions/s':>14}{'µs/addition':>14}")
    print(f"{'gongkai WorkingDayCalendar.add':<40}{ours_rate:>14,.0f}{1e6 / ours_rate:>14.3f}")
    print(f"{'holidays China.get_nth_working_day':<40}{theirs_rate:>14,.0f}{1e6 / theirs_rate:>14.3f}")
    print(f"ratio: {ours_rate / theirs_rate:,.0f}× the holidays library")
    verdict = "met" if ours_rate >= TARGET_PER_SECOND and ours_rate > theirs_rate else "NOT met"
    print(f"target ≥ {TARGET_PER_SECOND:,}/s and faster than holidays: {verdict}")
    print(f"china_calendar() 2015–2035, first call (holidays data + tables): {first_build * 1e3:.1f} ms")
    print(f"china_calendar() 2015–2035, national data cached (tables + one override): {rebuild * 1e3:.1f} ms")
