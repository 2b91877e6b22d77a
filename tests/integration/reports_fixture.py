"""Fixture data for the reports, written straight into the tables with dates chosen so every figure is known.

Each helper names the expected figures in its docstring; the tests assert them exactly.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.home.clock import Clock
from policies.calendar import china_calendar
from policies.deadlines import interpretation_due, publication_due, reply_due
from storage.db import Database
from storage.models import (
    DeadlineRecord,
    DisclosureRequest,
    Document,
    DocumentLifecycle,
    Interpretation,
    RequestDocumentLink,
    ReviewCase,
    StoredFile,
)
from storage.uow import UnitOfWork

CALENDAR = china_calendar()
TODAY = date(2026, 6, 1)
CLOCK = Clock(TODAY)
D = date


def _deadline(
    subject_type: str, subject_id: int, kind: str, start: date, due: date, active: bool = True
) -> DeadlineRecord:
    return DeadlineRecord(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=kind,
        due=due,
        rule=kind,
        rule_text=kind,
        computed_from=start,
        active=active,
    )


def _request(
    received: date,
    state: str,
    *,
    applicant_type: str = "natural",
    clock_start: date | None = None,
    replied: date | None = None,
    result: str | None = None,
    extended: date | None = None,
) -> DisclosureRequest:
    return DisclosureRequest(
        applicant_name="某申请人",
        applicant_type=applicant_type,
        applicant_key="某申请人",
        channel="post",
        received_on=received,
        subject="某信息",
        subject_key="某信息",
        state=state,
        clock_start=clock_start or received,
        replied_on=replied,
        result=result,
        extended_on=extended,
    )


def cycle_fixture(database: Database) -> None:
    """Documents and requests of 2026 whose cycle times are known (as of 2026-06-01).

    publication: 4 items — on time (4 wd), late (21 wd), open overdue, open; median 12.5, p90 21.
    interpretation: 2 items — on time (1 wd), late (5 wd: 6 April is 清明节); median 3, p90 5.
    reply: 5 items — 14 wd on time, 17 wd net on time (corrected, 5 days consulted), 41 wd extended and late,
    open overdue, open (awaiting correction); a closed one is left out; median 17, p90 41.
    """
    with UnitOfWork(database, clock=CLOCK) as uow:
        organisation = uow.organisations.ensure(code="ORG", name="示例市人民政府办公室")
        policy_office = uow.organisations.department(organisation.id or 0, "政策法规科")
        education = uow.organisations.department(organisation.id or 0, "教育科")
        a = uow.users.add(name="甲拟", role="drafter", department_id=policy_office.id)
        b = uow.users.add(name="乙拟", role="drafter", department_id=education.id)
        c = uow.users.add(name="丙拟", role="drafter")
        uow.session.add(StoredFile(sha256="0" * 64, size=1, media_type="text/plain", original_name="解读.txt"))

        def document(
            drafter_id: int | None,
            area: str,
            kind: str,
            formed: date,
            published: date | None,
            attribute: str = "proactive",
        ) -> int:
            row = Document(
                drafter_id=drafter_id or 0,
                title="公文",
                kind=kind,
                subject_area=area,
                attribute=attribute,
                state="published" if published else "signed",
                formed_on=formed,
                published_on=published,
            )
            document_id = uow.documents.add(row).id or 0
            if attribute == "proactive":
                uow.session.add(
                    _deadline("document", document_id, "publication", formed, publication_due(formed, CALENDAR).due)
                )
            return document_id

        first = document(a.id, "education", "policy", D(2026, 3, 2), D(2026, 3, 6))
        second = document(a.id, "other", "normative", D(2026, 3, 2), D(2026, 3, 31))
        document(b.id, "education", "notice", D(2026, 3, 10), None)
        document(c.id, "health", "notice", D(2026, 5, 25), None)
        document(a.id, "other", "notice", D(2025, 12, 30), D(2026, 1, 5))
        document(a.id, "other", "notice", D(2026, 3, 2), None, attribute="withheld")
        for doc_id, published, interpreted in (
            (first, D(2026, 3, 6), (D(2026, 3, 9), D(2026, 3, 20))),
            (second, D(2026, 3, 31), (D(2026, 4, 8),)),
        ):
            uow.session.add(
                _deadline("document", doc_id, "interpretation", published, interpretation_due(published, CALENDAR).due)
            )
            for day in interpreted:
                uow.session.add(
                    Interpretation(
                        document_id=doc_id,
                        form="text",
                        file_sha256="0" * 64,
                        original_name="解读.txt",
                        media_type="text/plain",
                        text="解读",
                        published_on=day,
                        created_by="甲拟",
                    )
                )

        def request(row: DisclosureRequest, due: date | None, superseded: date | None = None) -> int:
            request_id = uow.requests.add(row).id or 0
            if superseded is not None:
                uow.session.add(_deadline("request", request_id, "reply", row.received_on, superseded, active=False))
            if due is not None:
                uow.session.add(_deadline("request", request_id, "reply", row.clock_start, due))
            return request_id

        r1 = request(
            _request(D(2026, 3, 2), "replied", replied=D(2026, 3, 20), result="disclosed"),
            reply_due(D(2026, 3, 2), CALENDAR).due,
        )
        uow.session.add(RequestDocumentLink(request_id=r1, document_id=first))
        start = D(2026, 3, 9)
        request(
            _request(D(2026, 3, 2), "replied", clock_start=start, replied=CALENDAR.add(start, 22), result="disclosed"),
            reply_due(start, CALENDAR, paused_working_days=5).due,
            superseded=reply_due(D(2026, 3, 2), CALENDAR).due,
        )
        request(
            _request(
                D(2026, 3, 3),
                "replied",
                replied=CALENDAR.add(D(2026, 3, 3), 41),
                result="partial",
                extended=D(2026, 3, 20),
            ),
            reply_due(D(2026, 3, 3), CALENDAR, extended=True).due,
        )
        request(_request(D(2026, 4, 1), "received"), reply_due(D(2026, 4, 1), CALENDAR).due)
        request(
            _request(D(2026, 5, 28), "awaiting_correction"), None, superseded=reply_due(D(2026, 5, 28), CALENDAR).due
        )
        request(_request(D(2026, 2, 2), "closed", replied=D(2026, 3, 20), result="other:no_correction"), None)
        uow.commit()


def annual_fixture(database: Database) -> list[int]:
    """Requests, cases and documents whose 2026 tables are known; returns the requests' ids.

    table 三: new natural 2, legal 1, research 1 (total 4); carried in natural 2; results disclosed natural 1,
    withheld.4 legal 1, other.1 natural 1 (total 3); carried out natural 2, research 1 (total 3).
    table 四: reconsideration upheld 1 + pending 1; litigation_direct pending 1; litigation_after_review corrected 1.
    table 二: normative issued 1, repealed 1, in force 2; proactive published 2, interpretations 1.
    """
    with UnitOfWork(database, clock=Clock(D(2027, 1, 5))) as uow:
        uow.organisations.ensure(code="ORG", name="示例市人民政府办公室")
        drafter = uow.users.add(name="甲拟", role="drafter")
        uow.users.add(name="李审", role="reviewer")
        uow.users.add(name="周督", role="supervisor")
        rows = [
            _request(D(2025, 12, 20), "replied", replied=D(2026, 1, 10), result="disclosed"),
            _request(D(2025, 11, 1), "replied", applicant_type="business", replied=D(2025, 12, 1), result="disclosed"),
            _request(D(2025, 12, 28), "received"),
            _request(
                D(2026, 3, 1),
                "replied",
                applicant_type="legal",
                replied=D(2026, 3, 20),
                result="withheld:personal_privacy",
            ),
            _request(D(2026, 12, 25), "received", applicant_type="research"),
            _request(D(2026, 12, 20), "replied", replied=D(2027, 1, 5), result="partial"),
            _request(D(2026, 2, 1), "closed", replied=D(2026, 3, 1), result="other:no_correction"),
            _request(D(2027, 1, 2), "received", applicant_type="other"),
        ]
        ids = [uow.requests.add(row).id or 0 for row in rows]
        cases = [
            ("reconsideration", D(2026, 2, 1), "upheld", D(2026, 4, 1)),
            ("litigation_direct", D(2026, 5, 1), None, None),
            ("litigation_after_review", D(2025, 10, 1), "corrected", D(2026, 1, 15)),
            ("reconsideration", D(2025, 3, 1), "upheld", D(2025, 6, 1)),
            ("reconsideration", D(2026, 11, 1), "other", D(2027, 1, 3)),
        ]
        for kind, filed, result, decided in cases:
            uow.session.add(
                ReviewCase(
                    request_id=ids[0], kind=kind, filed_on=filed, result=result, decided_on=decided, recorded_by="李审"
                )
            )
        uow.session.add(StoredFile(sha256="1" * 64, size=1, media_type="text/plain", original_name="解读.txt"))
        documents = [
            ("normative", D(2026, 3, 5), None, "proactive"),
            ("normative", D(2025, 6, 1), D(2026, 7, 1), "proactive"),
            ("normative", D(2024, 1, 1), None, "proactive"),
            ("policy", D(2026, 4, 1), None, "proactive"),
            ("normative", None, None, "proactive"),
        ]
        for kind, published, withdrawn, attribute in documents:
            row = Document(
                drafter_id=drafter.id or 0,
                title="公文",
                kind=kind,
                attribute=attribute,
                state="withdrawn" if withdrawn else "published",
                published_on=published,
            )
            document_id = uow.documents.add(row).id or 0
            uow.session.add(DocumentLifecycle(document_id=document_id, withdrawn_on=withdrawn))
            if kind == "policy" and published:
                uow.session.add(
                    Interpretation(
                        document_id=document_id,
                        form="qa",
                        file_sha256="1" * 64,
                        original_name="解读.txt",
                        media_type="text/plain",
                        text="解读",
                        published_on=published + timedelta(days=2),
                        created_by="甲拟",
                    )
                )
        uow.commit()
        return ids
