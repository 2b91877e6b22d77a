"""Disclosure requests in storage, on SQLite and PostgreSQL: rows, the version check, the clock, the SQL counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from app.home.clock import Clock
from policies.calendar import china_calendar
from policies.deadlines import DeadlineKind, third_party_due
from policies.errors import Conflict, NotFound
from policies.often_requested import applications_over_monthly_limit, often_requested
from policies.request_clock import (
    RequestClock,
    end_consultation,
    extend,
    open_request,
    receive_correction,
    request_correction,
    start_consultation,
)
from policies.request_codes import ApplicantType, Channel, applicant_key, subject_key
from policies.request_lifecycle import RequestState
from storage.audit import NewEvent
from storage.db import Database, migration_heads
from storage.models import Consultation, DisclosureRequest, Document
from storage.read.pages import request_list_page
from storage.read.requests import request_list
from storage.requests import SUBJECT_TYPE, RequestRepository
from storage.uow import UnitOfWork

CALENDAR = china_calendar()
CLOCK = Clock(date(2026, 11, 1))
TODAY = date(2026, 10, 20)
CONTACT = "13800138000 北京市某区某路1号"


def _documents(database: Database, count: int = 2) -> list[int]:
    """A drafter, a reviewer and `count` documents; returns the documents' ids."""
    with UnitOfWork(database, clock=CLOCK) as uow:
        drafter = uow.users.add(name="王拟", role="drafter")
        uow.users.add(name="李审", role="reviewer")
        ids = [
            uow.documents.add(Document(drafter_id=drafter.id or 0, title=f"公文{n}", state="published")).id or 0
            for n in range(count)
        ]
        uow.commit()
        return ids


def _register(
    database: Database,
    applicant: str,
    subject: str,
    received_on: date,
    *,
    document_ids: tuple[int, ...] = (),
) -> int:
    """What the registration task will do: the policy's clock, the row, its deadlines and an audit event."""
    change = open_request(received_on, received_on, CALENDAR)
    with UnitOfWork(database, clock=CLOCK) as uow:
        request = RequestRepository(uow.session).add(
            DisclosureRequest(
                applicant_name=applicant,
                applicant_type=ApplicantType.NATURAL,
                applicant_key=applicant_key(applicant),
                applicant_contact=CONTACT,
                channel=Channel.ONLINE,
                received_on=received_on,
                subject=subject,
                subject_key=subject_key(subject),
                state=RequestState.RECEIVED,
                clock_start=change.clock.clock_start,
            ),
            document_ids=document_ids,
        )
        for deadline in change.deadlines:
            uow.deadlines.add(SUBJECT_TYPE, request.id or 0, deadline)
        uow.record(
            NewEvent(
                actor="李审",
                role="reviewer",
                action="register",
                subject_type=SUBJECT_TYPE,
                subject_id=str(request.id),
                to_state=RequestState.RECEIVED,
            )
        )
        uow.commit()
        return request.id or 0


def test_a_registered_request_reads_back_with_its_documents_and_reply_deadline(database: Database) -> None:
    first, second = _documents(database)
    request_id = _register(
        database, "王芳", "关于某某项目的批复", date(2026, 9, 28), document_ids=(second, first, first)
    )

    with UnitOfWork(database, readonly=True) as uow:
        requests = RequestRepository(uow.session)
        request = requests.get(request_id)
        assert (request.applicant_name, request.applicant_key, request.subject_key) == (
            "王芳",
            "王芳",
            "关于某某项目的批复",
        )
        assert (request.state, request.version, request.received_on) == ("received", 1, date(2026, 9, 28))
        assert requests.document_ids(request_id) == (first, second)
        assert requests.clock_of(request) == RequestClock(date(2026, 9, 28), date(2026, 9, 28))
        (deadline,) = uow.deadlines.active_for(SUBJECT_TYPE, request_id)
        assert (deadline.kind, deadline.due) == (DeadlineKind.REPLY, date(2026, 10, 30))
        assert [e["action"] for e in uow.audit.events_for(SUBJECT_TYPE, request_id)] == ["register"]


def test_the_applicant_contact_is_stored_but_never_in_the_repr(database: Database) -> None:
    request_id = _register(database, "王芳", "某某信息", date(2026, 9, 28))

    with UnitOfWork(database, readonly=True) as uow:
        request = RequestRepository(uow.session).get(request_id)

    assert request.applicant_contact == CONTACT
    assert "13800138000" not in repr(request) and "13800138000" not in str(request)


def test_an_unknown_request_is_not_found(database: Database) -> None:
    with pytest.raises(NotFound, match="4242"), UnitOfWork(database) as uow:
        RequestRepository(uow.session).get(4242)


def test_a_stale_version_raises_a_conflict_and_writes_nothing(database: Database) -> None:
    request_id = _register(database, "王芳", "某某信息", date(2026, 9, 28))
    with UnitOfWork(database, clock=CLOCK) as uow:
        requests = RequestRepository(uow.session)
        requests.change(requests.get(request_id), expected_version=1, state=RequestState.CONSULTING)
        uow.commit()

    with pytest.raises(Conflict, match="第 1 版"), UnitOfWork(database, clock=CLOCK) as uow:
        requests = RequestRepository(uow.session)
        requests.change(requests.get(request_id), expected_version=1, state=RequestState.REPLIED, result="disclosed")

    with UnitOfWork(database, readonly=True) as uow:
        request = RequestRepository(uow.session).get(request_id)
    assert (request.state, request.version, request.result) == ("consulting", 2, None)


def test_every_clock_step_survives_a_round_trip_through_the_tables(database: Database) -> None:
    request_id = _register(database, "王芳", "某某信息", date(2026, 9, 28))
    steps = [
        lambda c: request_correction(c, date(2026, 9, 30), CALENDAR),
        lambda c: receive_correction(c, date(2026, 10, 9), CALENDAR),
        lambda c: start_consultation(c, date(2026, 10, 12), "某某科技有限公司", CALENDAR),
        lambda c: end_consultation(c, date(2026, 10, 20), CALENDAR),
        lambda c: start_consultation(c, date(2026, 10, 21), "某局", CALENDAR),
        lambda c: end_consultation(c, date(2026, 10, 22), CALENDAR),
        lambda c: extend(c, date(2026, 11, 2), "涉及第三方，情况复杂", CALENDAR),
    ]
    expected: RequestClock | None = None
    for step in steps:
        with UnitOfWork(database, clock=CLOCK) as uow:
            requests = RequestRepository(uow.session)
            request = requests.get(request_id)
            expected = step(requests.clock_of(request)).clock
            requests.save_clock(request, expected, expected_version=request.version)
            uow.commit()

    with UnitOfWork(database, readonly=True) as uow:
        requests = RequestRepository(uow.session)
        request = requests.get(request_id)
        assert requests.clock_of(request) == expected
        assert request.version == 1 + len(steps)
        assert [(c.party, c.started_on, c.ended_on) for c in requests.consultations(request_id)] == [
            ("某某科技有限公司", date(2026, 10, 12), date(2026, 10, 20)),
            ("某局", date(2026, 10, 21), date(2026, 10, 22)),
        ]


def test_a_stale_clock_save_writes_no_consultation(database: Database) -> None:
    request_id = _register(database, "王芳", "某某信息", date(2026, 9, 28))

    with pytest.raises(Conflict), UnitOfWork(database, clock=CLOCK) as uow:
        requests = RequestRepository(uow.session)
        request = requests.get(request_id)
        clock = start_consultation(requests.clock_of(request), date(2026, 10, 12), "某公司", CALENDAR).clock
        requests.save_clock(request, clock, expected_version=request.version + 1)

    with database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Consultation)).scalar_one() == 0


def test_requests_list_by_state_in_order_of_receipt(database: Database) -> None:
    later = _register(database, "王芳", "甲", date(2026, 10, 9))
    earlier = _register(database, "李明", "乙", date(2026, 9, 28))
    with UnitOfWork(database, clock=CLOCK) as uow:
        requests = RequestRepository(uow.session)
        requests.change(requests.get(later), state=RequestState.REPLIED)
        uow.commit()

    with UnitOfWork(database, readonly=True) as uow:
        requests = RequestRepository(uow.session)
        assert [r.id for r in requests.list()] == [earlier, later]
        assert [r.id for r in requests.list(state=RequestState.RECEIVED)] == [earlier]


AS_OF = date(2026, 11, 1)


def test_often_requested_counts_in_sql_agree_with_the_policy(database: Database) -> None:
    doc_a, doc_b = _documents(database)
    # (applicant, subject, received, documents)
    rows = [
        ("王芳", "某某项目批复", date(2026, 1, 5), (doc_a,)),
        ("李明", "某项目的批复", date(2026, 6, 1), (doc_a, doc_b)),
        ("张伟", "批复", AS_OF, (doc_a,)),
        ("王 芳", "再要一次", date(2026, 7, 1), (doc_b,)),  # the same applicant as 王芳, once normalised
        ("赵六", "学区划分。", date(2026, 3, 1), ()),
        ("钱七", "学区 划分", date(2026, 4, 1), ()),
        ("孙八", "《学区划分》", date(2025, 11, 2), ()),  # the oldest day in the window
        ("周九", "学区划分", date(2025, 11, 1), ()),  # one day too old
        ("吴十", "学区划分", date(2026, 11, 2), ()),  # after as_of
        ("赵六", "学区划分", date(2026, 5, 1), ()),  # the same applicant again
    ]
    for applicant, subject, received_on, documents in rows:
        _register(database, applicant, subject, received_on, document_ids=documents)
    items = [
        (applicant_key(applicant), item, received_on)
        for applicant, subject, received_on, documents in rows
        for item in (documents or (subject_key(subject),))
    ]

    with UnitOfWork(database, readonly=True) as uow:
        requests = RequestRepository(uow.session)
        assert requests.often_requested(AS_OF) == often_requested(items, AS_OF) == {doc_a: 3, "学区划分": 3}
        assert requests.often_requested(AS_OF, threshold=2) == often_requested(items, AS_OF, threshold=2)
        assert requests.often_requested(AS_OF, threshold=2) == {doc_a: 3, doc_b: 2, "学区划分": 3}
        assert requests.often_requested(AS_OF, window_days=200) == often_requested(items, AS_OF, window_days=200)
        assert requests.often_requested(AS_OF, window_days=200) == {}
        assert requests.often_requested(AS_OF, threshold=2, among={doc_b, "学区划分", "别的"}) == {
            doc_b: 2, "学区划分": 3,
        }  # fmt: skip
        assert requests.often_requested(AS_OF, among=set()) == {}


def test_applications_over_the_monthly_limit_in_sql_agree_with_the_policy(database: Database) -> None:
    received = [("王芳", date(2026, 3, day)) for day in range(1, 12)]
    received += [("李明", date(2026, 3, day)) for day in range(2, 12)]
    received += [("张伟", date(2026, 3, 31))] * 6 + [("张伟", date(2026, 4, 1))] * 6
    for applicant, received_on in received:
        _register(database, applicant, "某某信息", received_on)
    keyed = [(applicant_key(applicant), received_on) for applicant, received_on in received]

    first, last = date(2026, 1, 1), date(2026, 12, 31)

    with UnitOfWork(database, readonly=True) as uow:
        counts = RequestRepository(uow.session).applications_over_monthly_limit
        assert counts(received_from=first, received_to=last) == applications_over_monthly_limit(keyed)
        assert list(counts(received_from=first, received_to=last).values()) == [11]
        assert counts(received_from=first, received_to=last, limit=5) == applications_over_monthly_limit(keyed, limit=5)
        assert counts(received_from=date(2026, 4, 1), received_to=AS_OF) == {}


def _move(database: Database, request_id: int, state: RequestState, *, stop: bool = False,
          met_on: date | None = None, third_party_from: date | None = None) -> None:  # fmt: skip
    """Put a registered request in a state: its reply deadline stopped or met, a third party's deadline opened."""
    with UnitOfWork(database, clock=CLOCK) as uow:
        requests = RequestRepository(uow.session)
        requests.change(requests.get(request_id), state=state)
        if stop:
            uow.deadlines.supersede(SUBJECT_TYPE, request_id, DeadlineKind.REPLY)
        if met_on is not None:
            uow.deadlines.meet(SUBJECT_TYPE, request_id, DeadlineKind.REPLY, met_on)
        if third_party_from is not None:
            uow.deadlines.add(SUBJECT_TYPE, request_id, third_party_due(third_party_from, CALENDAR))
        uow.commit()


def test_the_requests_page_puts_open_requests_by_deadline_first_then_the_concluded_newest_first(
    database: Database,
) -> None:
    overdue = _register(database, "甲", "甲", date(2026, 9, 1))  # reply due 2026-09-29
    later = _register(database, "乙", "乙", date(2026, 10, 12))  # due in November
    consulting = _register(database, "丙", "丙", date(2026, 9, 3))
    _move(database, consulting, RequestState.CONSULTING, stop=True, third_party_from=date(2026, 9, 30))
    waiting = _register(database, "丁", "丁", date(2026, 8, 3))
    _move(database, waiting, RequestState.AWAITING_CORRECTION, stop=True)
    replied_early = _register(database, "戊", "戊", date(2026, 8, 4))
    _move(database, replied_early, RequestState.REPLIED, met_on=date(2026, 8, 20))
    replied_late = _register(database, "己", "己", date(2026, 9, 20))
    _move(database, replied_late, RequestState.REPLIED, met_on=date(2026, 10, 9))
    closed = _register(database, "庚", "庚", date(2026, 9, 10))
    _move(database, closed, RequestState.CLOSED, stop=True)
    expected = [overdue, consulting, later, waiting, replied_late, closed, replied_early]

    with UnitOfWork(database, readonly=True) as uow:
        whole = request_list_page(uow, today=TODAY, size=50)
        pages = [request_list_page(uow, today=TODAY, page=n, size=3) for n in (1, 2, 3, 4)]

    assert [row.id for row in whole.items] == expected and (whole.total, whole.pages) == (7, 1)
    assert [[row.id for row in page.items] for page in pages[:3]] == [expected[:3], expected[3:6], expected[6:]]
    assert (pages[3].page, [row.id for row in pages[3].items]) == (3, expected[6:])
    (first,) = [row for row in whole.items if row.id == overdue]
    assert (first.reply_due, first.applicant, first.state_label) == ("2026-09-29", "甲", "办理中")


def test_the_requests_list_filters_in_sql_and_takes_a_slice(database: Database) -> None:
    (document,) = _documents(database, count=1)
    asked = [_register(database, name, f"公文{n}", date(2026, 9, 1 + n), document_ids=(document,))
             for n, name in enumerate(("赵", "钱", "孙"))]  # fmt: skip
    overdue = _register(database, "周", "某信息甲", date(2026, 9, 1))
    on_time = _register(database, "吴", "某信息乙", date(2026, 10, 12))
    replied = _register(database, "郑", "某信息丙", date(2026, 8, 3))
    _move(database, replied, RequestState.REPLIED, met_on=date(2026, 9, 10))

    with UnitOfWork(database, readonly=True) as uow:
        def listed(**options: Any) -> list[int]:
            options.setdefault("often_requested", False)
            return [row.id or 0 for row in request_list(uow, today=TODAY, state=None, **options)]

        everything = listed()
        assert everything == [replied, asked[0], overdue, asked[1], asked[2], on_time]
        assert listed(often_requested=True) == asked
        assert set(listed(overdue=True)) == {*asked, overdue}
        assert listed(limit=2, offset=1) == everything[1:3] and listed(offset=5) == everything[5:]
        rows = request_list(uow, today=TODAY, state=RequestState.REPLIED, often_requested=False)
        assert [(row.id, row.reply_due, row.often_requested) for row in rows] == [(replied, "2026-08-31", False)]
        (first,) = request_list(uow, today=TODAY, state=None, often_requested=True, limit=1)
        assert (first.documents, first.often_requested) == ([document], True)


def test_the_requests_migration_leads_to_a_head_of_the_schema() -> None:
    assert "0008_reports" in migration_heads()  # 0008 merges the requests branch (0002) with the lifecycle (0003)
