"""The suite's tiers, and how pytest-xdist shares them out.

Each test is marked with its tier by its directory (unit, integration, flows, e2e): `pytest -m "not e2e"` etc.

Under `pytest -n N` (xdist's default `--dist load`) the tests go to workers by TierScheduling: each flows and
each e2e module to one worker (its module fixtures seed a database, start a stack or play the demo once), and
every unit and integration test on its own. Every worker is a session of its own: its own temporary directories
(so its own e2e homes, whose stacks bind ports of their own), its own Prefect test server (started by the first
flow test it runs: a few seconds, paid once per worker), its own PostgreSQL databases (named after its pid).
The flow tests used to share one worker, to start one Prefect server: the flows tier then ran serially, the
longest pole of the suite. xdist's `--dist loadgroup` is not used: with pytest 9 it no longer sees the
xdist_group marks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "integration", "flows", "e2e")


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark a test with its tier (tests/TIER/…)."""
    try:
        tier = item.path.resolve().relative_to(TESTS).parts[0]
    except ValueError:
        return
    if tier in TIERS:
        item.add_marker(getattr(pytest.mark, tier))


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest-xdist not installed: the suite runs in one process
    pass
else:

    class TierScheduling(LoadScopeScheduling):
        """Load scheduling, except that each flows and each e2e module stays on one worker."""

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.startswith(("tests/flows/", "tests/e2e/")) else nodeid

    def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> TierScheduling | None:
        """TierScheduling for `-n N` with the default distribution; any other --dist as asked."""
        return TierScheduling(config, log) if config.getvalue("dist") == "load" else None
