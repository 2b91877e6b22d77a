"""The daily deadline sweep against a real Prefect server, a real database and a real apprise endpoint: a json://
URL to an HTTP server on the loopback interface that this test runs and that records every message it receives."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from prefect.settings import PREFECT_API_URL
from sqlmodel import col, select

from app.home.settings import Settings
from flows.sweep import ARTIFACT_KEY, deadline_sweep
from policies.calendar import china_calendar
from policies.deadlines import DeadlineKind, interpretation_due, publication_due, reply_due
from policies.reminders import ReminderLevel
from storage.models import DeadlineRecord, Document, ReminderSent
from storage.reminders import ReminderRepository
from storage.uow import UnitOfWork
from tasks import context

pytestmark = pytest.mark.anyio

MONDAY = date(2026, 11, 16)
SUNDAY = date(2026, 11, 15)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Inbox:
    """The loopback endpoint: every JSON body POSTed to it, in order."""

    url: str
    received: list[dict[str, Any]] = field(default_factory=list)

    def bodies(self) -> str:
        return "\n".join(f"{m['title']}\n{m['message']}" for m in self.received)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            box.received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.url = f"json://127.0.0.1:{server.server_address[1]}/reminders"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box
    server.shutdown()
    server.server_close()


def _document(uow: UnitOfWork, title: str, department: str) -> int:
    org = uow.organisations.default()
    assert org is not None and org.id is not None
    dept = uow.organisations.department(org.id, department)
    drafter = uow.users.add(name=f"拟稿{title[:4]}", role="drafter", department_id=dept.id)
    document = uow.documents.add(
        Document(drafter_id=drafter.id or 0, title=title, state="signed", organisation_id=org.id)
    )
    assert document.id is not None
    return document.id


@pytest.fixture
def deadlines(settings: Settings) -> dict[str, int]:
    """On Monday 16 November 2026: two due soon, one just overdue, one escalated, one outside the window, one met."""
    calendar = china_calendar()
    with UnitOfWork(context.database()) as uow:
        soon = _document(uow, "关于印发绿化条例的通知", "城建科")
        later = _document(uow, "关于开展秋季防火的通知", "应急科")
        late = _document(uow, "关于调整公交线路的公告", "城建科")
        very_late = _document(uow, "关于加强食品安全的意见", "市场科")
        met = _document(uow, "已经公开的通知", "城建科")
        ids = {
            "soon": uow.deadlines.add("document", soon, publication_due(date(2026, 10, 20), calendar)).id,  # 11-17
            "request": uow.deadlines.add("request", 7, reply_due(date(2026, 10, 19), calendar)).id,  # 11-16
            "outside": uow.deadlines.add("document", later, interpretation_due(date(2026, 11, 16), calendar)).id,
            "late": uow.deadlines.add("document", late, interpretation_due(date(2026, 11, 10), calendar)).id,  # 11-13
            "very_late": uow.deadlines.add("document", very_late, interpretation_due(date(2026, 11, 3), calendar)).id,
        }
        uow.deadlines.add("document", met, interpretation_due(date(2026, 11, 10), calendar))
        uow.deadlines.meet("document", met, DeadlineKind.INTERPRETATION.value, date(2026, 11, 12))
        uow.commit()
    return {name: value or 0 for name, value in ids.items()}


def _add_target(url: str, *, department: str | None = None, role: str | None = None) -> int:
    with UnitOfWork(context.database()) as uow:
        target = ReminderRepository(uow.session).add_target(url=url, department=department, role=role)
        uow.commit()
    return target.id or 0


def _reminders() -> list[ReminderSent]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return list(uow.session.exec(select(ReminderSent).order_by(col(ReminderSent.id))).all())


async def test_the_sweep_lists_due_soon_and_overdue_with_working_days(deadlines: dict[str, int]) -> None:
    result = await deadline_sweep(today=MONDAY)
    soon = {(i.deadline.subject_type, i.deadline.subject_id): i.to_dict() for i in result.due_soon}
    late = [item.to_dict() for item in result.overdue]
    assert [(row["due"], row["working_days_left"]) for row in soon.values()] == [("2026-11-16", 0), ("2026-11-17", 1)]
    assert soon[("request", 7)]["kind"] == "reply"
    assert [(row["due"], row["working_days_overdue"], row["level"], row["department"]) for row in late] == [
        ("2026-11-06", 6, "escalated", "市场科"),
        ("2026-11-13", 1, "overdue", "城建科"),
    ]
    assert result.reminders == 0 and result.working_day and not result.skipped


async def test_the_sweep_twice_sends_each_reminder_once(deadlines: dict[str, int], inbox: Inbox) -> None:
    _add_target(inbox.url)
    supervisors = _add_target(inbox.url.replace("/reminders", "/supervisors"), role="supervisor")

    first = await deadline_sweep(today=MONDAY)
    second = await deadline_sweep(today=MONDAY)

    assert (first.reminders, second.reminders) == (4, 0)
    assert len(inbox.received) == 3  # due soon and overdue to the office, the escalation to the supervisors
    text = inbox.bodies()
    for line in ("关于印发绿化条例的通知", "第7号政府信息公开申请", "关于调整公交线路的公告", "关于加强食品安全的意见"):
        assert text.count(line) == 1, line
    assert "关于开展秋季防火的通知" not in text and "已经公开的通知" not in text
    assert "截止2026年11月17日，还剩1个工作日，责任科室：城建科" in text
    assert "截止2026年11月6日，已逾期6个工作日，责任科室：市场科" in text
    escalation = next(m for m in inbox.received if "逾期督办" in m["title"])
    assert "关于加强食品安全的意见" in escalation["message"]
    assert {(r.deadline_id, r.level, r.target_id) for r in _reminders() if r.target_id == supervisors} == {
        (deadlines["very_late"], ReminderLevel.ESCALATED.value, supervisors)
    }
    with UnitOfWork(context.database(), readonly=True) as uow:
        events = uow.audit.events_for("document", _subject(deadlines["soon"]))
    assert [e["action"] for e in events if e["action"].startswith("reminder")] == ["reminder_sent"]


def _subject(deadline_id: int) -> int:
    with UnitOfWork(context.database(), readonly=True) as uow:
        record = uow.session.get(DeadlineRecord, deadline_id)
        assert record is not None
        return record.subject_id


async def test_a_failing_url_does_not_stop_the_sweep_and_is_retried(deadlines: dict[str, int], inbox: Inbox) -> None:
    broken = _add_target("json://127.0.0.1:9/nobody-listens")
    working = _add_target(inbox.url, department="城建科")

    first = await deadline_sweep(today=MONDAY)
    assert (first.reminders, first.failed) == (2, 3)  # 城建科 gets its two; the broken URL fails on its three
    failed = [r for r in _reminders() if r.target_id == broken]
    assert {r.status for r in failed} == {"failed"} and all(r.error for r in failed)

    with UnitOfWork(context.database()) as uow:
        target = ReminderRepository(uow.session).remove_target(broken)
        target.active = True
        target.url = inbox.url.replace("/reminders", "/repaired")
        uow.session.add(target)
        uow.commit()
    second = await deadline_sweep(today=MONDAY)
    assert (second.reminders, second.failed) == (3, 0)
    assert {(r.status, r.attempts) for r in _reminders() if r.target_id == broken} == {("sent", 2)}
    assert all(r.attempts == 1 for r in _reminders() if r.target_id == working)
    assert sum("关于调整公交线路的公告" in m["message"] for m in inbox.received) == 2  # once to each URL


async def test_the_scheduled_sweep_does_nothing_on_a_non_working_day(deadlines: dict[str, int], inbox: Inbox) -> None:
    _add_target(inbox.url)
    scheduled = await deadline_sweep(today=SUNDAY)
    assert scheduled.skipped and not scheduled.due_soon and not scheduled.overdue
    assert "不是工作日" in scheduled.message()
    by_hand = await deadline_sweep(today=SUNDAY, scheduled=False)
    assert not by_hand.skipped and by_hand.overdue and by_hand.reminders == 0
    assert inbox.received == [] and _reminders() == []


async def test_the_sweep_leaves_a_markdown_summary(deadlines: dict[str, int]) -> None:
    state = await deadline_sweep(today=MONDAY, return_state=True)
    run_id = str(state.state_details.flow_run_id)
    query = {"artifacts": {"key": {"any_": [ARTIFACT_KEY]}, "flow_run_id": {"any_": [run_id]}}, "limit": 10}
    async with httpx.AsyncClient(base_url=PREFECT_API_URL.value()) as client:
        found = (await client.post("/artifacts/filter", json=query)).raise_for_status().json()
    assert [artifact["type"] for artifact in found] == ["markdown"]
    markdown = found[0]["data"]
    assert "2026年11月16日期限巡查：即将到期2项，已逾期2项" in markdown
    assert "| document 4《关于加强食品安全的意见》 | 政策解读期限 | 2026年11月6日 | 逾期6 | 市场科 |" in markdown
