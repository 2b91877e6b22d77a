"""Table 三's balance as a property: over random request histories, driven through the real request tasks
(policies, storage, deadlines, audit) on SQLite, every year's row 一 + row 二 = row 三 总计 + row 四, a year's
carried-out requests are the next year's carried-in ones, and every request is new in exactly one year."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from app.home.clock import Clock
from app.home.settings import Settings
from intake.limits import MAX_UPLOAD_BYTES
from policies.attributes import LegalGround
from policies.errors import GongkaiError
from policies.request_codes import ApplicantType, Channel
from policies.request_results import parse_result
from storage.db import Database
from storage.read.reports import annual_report
from storage.uow import UnitOfWork
from tasks import context
from tasks.requests import (
    Application,
    answer,
    ask_for_correction,
    close_for_no_correction,
    consult,
    end_consulting,
    extend_reply,
    receive_corrected,
    register,
)

FIRST_DAY = date(2025, 10, 1)
YEARS = (2025, 2026, 2027)
RESULTS = ("disclosed", "partial", "withheld:state_secret", "unavailable:not_held", "not_processed:duplicate",
           "other:other")  # fmt: skip
PATHS = ("open", "reply", "correct_reply", "correct_abandon", "correct_only", "consult_reply", "consult_only",
         "extend_reply")  # fmt: skip

history = st.tuples(
    st.sampled_from(list(ApplicantType)),
    st.integers(min_value=0, max_value=520),  # receipt: days after 1 October 2025
    st.sampled_from(PATHS),
    st.sampled_from(RESULTS),
    st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=3),  # days between the steps
)


def _reply(request_id: int, result: str, on: date) -> None:
    code = parse_result(result)
    if result == "partial":
        answer.fn(request_id, "李审", code, (LegalGround.TRADE_SECRET,), "报价单", None, on)
    else:
        answer.fn(request_id, "李审", code, (), None, None, on)


def _play(request_id: int, path: str, result: str, days: list[date]) -> None:
    """The steps of one history, each dated; a step a rule refuses ends the history there (and changes nothing)."""
    steps: dict[str, list[Callable[[date], object]]] = {
        "open": [],
        "reply": [lambda d: _reply(request_id, result, d)],
        "correct_reply": [lambda d: ask_for_correction.fn(request_id, "李审", d),
                          lambda d: receive_corrected.fn(request_id, "李审", d),
                          lambda d: _reply(request_id, result, d)],
        "correct_abandon": [lambda d: ask_for_correction.fn(request_id, "李审", d),
                            lambda d: close_for_no_correction.fn(request_id, "李审", 15, d + timedelta(days=30))],
        "correct_only": [lambda d: ask_for_correction.fn(request_id, "李审", d)],
        "consult_reply": [lambda d: consult.fn(request_id, "李审", SecretStr("某公司"), d),
                          lambda d: end_consulting.fn(request_id, "李审", d),
                          lambda d: _reply(request_id, result, d)],
        "consult_only": [lambda d: consult.fn(request_id, "李审", SecretStr("某公司"), d)],
        "extend_reply": [lambda d: extend_reply.fn(request_id, "李审", "需调取档案", d),
                         lambda d: _reply(request_id, result, d)],
    }  # fmt: skip
    for run, day in zip(steps[path], days, strict=False):
        try:
            run(day)
        except GongkaiError:
            return


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=st.lists(history, min_size=1, max_size=12))
def test_table3_balances_over_random_request_histories(
    sqlite_template: Path, histories: list[tuple[ApplicantType, int, str, str, list[int]]]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        shutil.copyfile(sqlite_template, home / "gongkai.db")
        url = f"sqlite:///{home / 'gongkai.db'}"
        database = Database(url)
        with UnitOfWork(database) as uow:
            uow.users.add(name="李审", role="reviewer")
            uow.commit()
        context.configure(Settings(home, url, str(home / "files"), None, MAX_UPLOAD_BYTES), Clock)
        received_in: Counter[int] = Counter()
        for applicant_type, offset, path, result, gaps in histories:
            received = FIRST_DAY + timedelta(days=offset)
            application = Application(
                SecretStr("张三"), applicant_type, Channel.IN_PERSON, received, SecretStr("某信息")
            )
            request_id = register.fn("李审", application, received).request_id
            received_in[received.year] += 1
            days, day = [], received
            for gap in gaps:
                day += timedelta(days=gap)
                days.append(day)
            _play(request_id, path, result, days)
        with UnitOfWork(database, readonly=True) as uow:
            tables = {year: annual_report(uow, year, today=date(2028, 1, 5)).table3 for year in YEARS}
        context.database().dispose()
        database.dispose()
    for year, table in tables.items():
        assert table.balanced, year
        for column, count in table.new.items():
            assert count + table.carried_in[column] == table.results_total[column] + table.carried_out[column]
        assert table.new["total"] == received_in[year]
        assert sum(row["total"] for row in table.results.values()) == table.results_total["total"]
    for year in YEARS[:-1]:
        assert tables[year].carried_out == tables[year + 1].carried_in
    assert tables[2025].carried_in["total"] == 0
