"""The sweep's storage on SQLite and PostgreSQL: the window's one SELECT with titles and departments, reminders
sent once per deadline, level and URL (the unique constraint), a failed one retried in place, URLs retired, and the
list filters `list --due-within` and `request list --overdue`."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from policies.calendar import china_calendar
from policies.deadlines import interpretation_due, publication_due, reply_due
from policies.errors import NotFound
from policies.reminders import sweep_window
from storage.db import Database
from storage.models import DisclosureRequest, Document, ReminderSent
from storage.read.documents import document_list
from storage.read.requests import request_list
from storage.reminders import OpenDeadline, Outcome, ReminderRepository
from storage.uow import UnitOfWork

CALENDAR = china_calendar()
MONDAY = date(2026, 11, 16)


def _seed(database: Database) -> dict[str, int]:
    with UnitOfWork(database) as uow:
        org = uow.organisations.ensure(code="ORG", name="示例市人民政府办公室")
        dept = uow.organisations.department(org.id or 0, "城建科")
        drafter = uow.users.add(name="王芳", role="drafter", department_id=dept.id)
        soon = uow.documents.add(Document(drafter_id=drafter.id or 0, title="关于绿化的通知", state="signed"))
        late = uow.documents.add(Document(drafter_id=drafter.id or 0, title="关于公交的公告", state="published"))
        request = DisclosureRequest(
            applicant_name="某某", applicant_type="natural", applicant_key="k", channel="post",
            received_on=date(2026, 10, 9), subject="s", subject_key="s", state="received",
            clock_start=date(2026, 10, 9),
        )  # fmt: skip
        uow.session.add(request)
        uow.session.flush()
        ids = {
            "soon": uow.deadlines.add("document", soon.id or 0, publication_due(date(2026, 10, 20), CALENDAR)).id,
            "late": uow.deadlines.add("document", late.id or 0, interpretation_due(date(2026, 11, 10), CALENDAR)).id,
            "request": uow.deadlines.add("request", request.id or 0, reply_due(date(2026, 10, 9), CALENDAR)).id,
            "later": uow.deadlines.add("document", soon.id or 0, interpretation_due(MONDAY, CALENDAR)).id,
        }
        uow.commit()
        return {**{k: v or 0 for k, v in ids.items()}, "soon_doc": soon.id or 0, "request_id": request.id or 0}


def test_the_window_is_one_select_with_titles_and_departments(database: Database) -> None:
    ids = _seed(database)
    with UnitOfWork(database, readonly=True) as uow:
        repository = ReminderRepository(uow.session)
        last_due = sweep_window(MONDAY, CALENDAR).last_due
        listed = repository.open_deadlines(last_due)
        assert repository.count_open(last_due) == len(listed) == 3
    assert [(d.deadline_id, d.due, d.title, d.department) for d in listed] == [
        (ids["request"], date(2026, 11, 5), None, None),
        (ids["late"], date(2026, 11, 13), "关于公交的公告", "城建科"),
        (ids["soon"], date(2026, 11, 17), "关于绿化的通知", "城建科"),
    ]


def _outcomes(deadline: OpenDeadline, target_id: int, *, sent: bool) -> list[Outcome]:
    return [Outcome(deadline, "overdue", target_id, sent, None if sent else "连接被拒绝")]


def test_a_failed_reminder_is_retried_in_place_and_a_sent_one_is_kept_once(database: Database) -> None:
    _seed(database)
    with UnitOfWork(database) as uow:
        repository = ReminderRepository(uow.session)
        target = repository.add_target(url="json://127.0.0.1:9/x", department=None, role=None)
        last_due = sweep_window(MONDAY, CALENDAR).last_due
        late = repository.open_deadlines(last_due)[1]
        repository.record(_outcomes(late, target.id or 0, sent=False), MONDAY)
        assert repository.sent_keys(last_due) == set()
        repository.record(_outcomes(late, target.id or 0, sent=True), date(2026, 11, 17))
        assert repository.sent_keys(last_due) == {(late.deadline_id, "overdue", target.id)}
        rows = uow.session.exec(select(ReminderSent)).all()
        assert [(r.status, r.attempts, r.first_tried_on, r.sent_on, r.error) for r in rows] == [
            ("sent", 2, MONDAY, date(2026, 11, 17), None)
        ]
        uow.commit()


def test_the_same_reminder_cannot_be_stored_twice(database: Database) -> None:
    _seed(database)
    with UnitOfWork(database) as uow:
        repository = ReminderRepository(uow.session)
        target = repository.add_target(url="json://127.0.0.1:9/x", department=None, role=None)
        late = repository.open_deadlines(MONDAY)[1]
        row = {"deadline_id": late.deadline_id, "subject_type": "document", "subject_id": late.subject_id,
               "kind": late.kind, "level": "overdue", "target_id": target.id, "status": "sent", "attempts": 1,
               "first_tried_on": MONDAY}  # fmt: skip
        uow.session.add(ReminderSent(**row))
        uow.session.flush()
        uow.session.add(ReminderSent(**row))
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_a_removed_url_is_kept_but_no_longer_used(database: Database) -> None:
    with UnitOfWork(database) as uow:
        repository = ReminderRepository(uow.session)
        kept = repository.add_target(url="json://a/1", department="城建科", role=None)
        gone = repository.add_target(url="json://a/2", department=None, role="supervisor")
        repository.remove_target(gone.id or 0)
        assert [t.id for t in repository.targets()] == [kept.id]
        with pytest.raises(NotFound):
            repository.remove_target(gone.id or 0)
        with pytest.raises(NotFound):
            repository.remove_target(9999)


def test_list_filters_due_within_and_overdue_requests(database: Database) -> None:
    ids = _seed(database)
    with UnitOfWork(database, readonly=True) as uow:
        due_by = sweep_window(MONDAY, CALENDAR, 2).last_due
        assert [d.id for d in document_list(uow, today=MONDAY, due_by=due_by)] == [ids["soon_doc"]]
        assert document_list(uow, today=MONDAY, due_by=MONDAY) == []
        overdue = request_list(uow, today=MONDAY, state=None, often_requested=False, overdue=True)
        assert [r.id for r in overdue] == [ids["request_id"]]
        assert request_list(uow, today=date(2026, 11, 5), state=None, often_requested=False, overdue=True) == []
