"""The self-audit in storage, on SQLite and PostgreSQL: one audit per organisation and year, the set-based listing
agreeing with policies.self_audit.item_reason, decisions and counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.home.clock import Clock
from policies.attributes import Attribute
from policies.self_audit import AUDITED_ATTRIBUTES, AUDITED_STATES, item_reason
from storage.db import Database
from storage.models import DisclosureRequest, Document, RequestDocumentLink, SelfAudit
from storage.self_audit import SelfAuditRepository
from storage.uow import UnitOfWork

AS_OF = date(2026, 11, 2)
CLOCK = Clock(AS_OF)
# (state, attribute, distinct applicants in the window, applicants outside it)
DOCUMENTS = [
    ("filed", "withheld", 0, 0),
    ("filed", "withheld", 3, 0),
    ("filed", "on_request", 2, 5),
    ("filed", "on_request", 3, 0),
    ("filed", "on_request", 0, 0),
    ("published", "proactive", 4, 0),
    ("withdrawn", "proactive", 0, 0),
    ("under_review", "withheld", 3, 0),
    ("approved", "on_request", 0, 0),
    ("signed", "proactive", 0, 0),
]


def seeded(database: Database) -> tuple[int, list[int]]:
    """The organisation, a drafter, DOCUMENTS and their requests, plus often-requested subjects; (org, ids)."""
    with UnitOfWork(database, clock=CLOCK) as uow:
        organisation = uow.organisations.ensure(code="11500000MB1234567X", name="示例市人民政府办公室")
        other = uow.organisations.ensure(code="OTHER", name="另一机关")
        drafter = uow.users.add(name="王拟", role="drafter")
        ids = []
        for number, (state, attribute, inside, outside) in enumerate(DOCUMENTS):
            document = uow.documents.add(Document(
                drafter_id=drafter.id or 0, organisation_id=organisation.id, title=f"公文{number}", state=state,
                attribute=attribute,
            ))  # fmt: skip
            ids.append(document.id or 0)
            for applicant in range(inside + outside):
                received = AS_OF - timedelta(days=10 + applicant) if applicant < inside else date(2025, 6, 1)
                request = _request(uow, f"甲{applicant}", f"公文{number}", received)
                uow.session.add(RequestDocumentLink(request_id=request.id or 0, document_id=document.id or 0))
        uow.documents.add(Document(drafter_id=drafter.id or 0, organisation_id=other.id, title="他机关公文",
                                   state="filed", attribute="withheld"))  # fmt: skip
        for applicant in range(3):
            _request(uow, f"乙{applicant}", "某路段改造计划", AS_OF - timedelta(days=applicant))
        _request(uow, "丙0", "某小区规划", AS_OF)
        _request(uow, "丙0", "某小区规划", AS_OF - timedelta(days=1))  # one applicant twice is one applicant
        uow.commit()
        return organisation.id or 0, ids


def _request(uow: UnitOfWork, applicant: str, subject: str, received: date) -> DisclosureRequest:
    request = DisclosureRequest(
        applicant_name=applicant, applicant_type="natural", applicant_key=applicant, channel="in_person",
        received_on=received, subject=subject, subject_key=subject, state="replied", clock_start=received,
    )  # fmt: skip
    uow.session.add(request)
    uow.session.flush()
    return request


def an_audit(organisation_id: int, year: int = 2026) -> SelfAudit:
    return SelfAudit(organisation_id=organisation_id, year=year, opened_on=AS_OF, opened_by="李审",
                     due=date(2026, 11, 30), threshold=3, window_days=365)  # fmt: skip


def opened(uow: UnitOfWork, organisation_id: int, year: int = 2026) -> SelfAudit:
    audit = SelfAuditRepository(uow.session).add(an_audit(organisation_id, year))
    assert audit is not None, "a new year's audit is added"
    return audit


def test_the_listing_holds_what_the_policy_says_and_nothing_else(database: Database) -> None:
    organisation_id, ids = seeded(database)
    with UnitOfWork(database, clock=CLOCK) as uow:
        audits = SelfAuditRepository(uow.session)
        audit = opened(uow, organisation_id)
        listed = audits.list_items(audit, as_of=AS_OF)
        items = audits.items(audit.id or 0)
        uow.commit()

    expected = {
        ids[number]: item_reason(Attribute(attribute), inside, threshold=3).value
        for number, (state, attribute, inside, _) in enumerate(DOCUMENTS)
        if state in {s.value for s in AUDITED_STATES} and attribute in {a.value for a in AUDITED_ATTRIBUTES}
    }
    assert {item.document_id: item.reason for item in items if item.document_id} == expected
    assert expected == {ids[0]: "withheld", ids[1]: "concentrated", ids[2]: "on_request", ids[3]: "concentrated",
                        ids[4]: "on_request"}  # fmt: skip
    assert {item.document_id: item.applicants for item in items if item.document_id} == {
        ids[0]: 0, ids[1]: 3, ids[2]: 2, ids[3]: 3, ids[4]: 0,
    }  # fmt: skip
    subjects = [(item.subject_key, item.reason, item.applicants) for item in items if item.document_id is None]
    assert subjects == [("某路段改造计划", "concentrated", 3)]
    assert listed == len(items) == 6


def test_one_audit_per_organisation_and_year(database: Database) -> None:
    organisation_id, _ = seeded(database)
    with UnitOfWork(database, clock=CLOCK) as uow:
        opened(uow, organisation_id)
        opened(uow, organisation_id, year=2025)
        uow.commit()
    with UnitOfWork(database, clock=CLOCK) as uow:
        assert SelfAuditRepository(uow.session).add(an_audit(organisation_id)) is None
    with UnitOfWork(database, clock=CLOCK) as uow, pytest.raises(IntegrityError):
        uow.session.add(an_audit(organisation_id))  # the key itself, past the repository
        uow.session.flush()
    with UnitOfWork(database, clock=CLOCK) as uow:
        assert len(uow.session.exec(select(SelfAudit)).all()) == 2
        found = SelfAuditRepository(uow.session).of_year(organisation_id, 2026)
        assert found is not None and found.year == 2026
        assert SelfAuditRepository(uow.session).of_year(organisation_id, 2024) is None


def test_decisions_counts_and_the_close_are_stored(database: Database) -> None:
    organisation_id, _ = seeded(database)
    with UnitOfWork(database, clock=CLOCK) as uow:
        audits = SelfAuditRepository(uow.session)
        audit = opened(uow, organisation_id)
        audits.list_items(audit, as_of=AS_OF)
        first, second, *_ = audits.items(audit.id or 0)
        audits.decide(first, decision="keep", decision_reason="涉及国家秘密", decided_by="李审", decided_on=AS_OF)
        audits.decide(second, decision="convert", target_attribute="proactive", decided_by="李审", decided_on=AS_OF)
        uow.commit()
    with UnitOfWork(database, clock=CLOCK) as uow:
        audits = SelfAuditRepository(uow.session)
        audit_id = audits.require_year(organisation_id, 2026).id or 0
        assert audits.undecided(audit_id) == 4
        assert audits.counts_by_decision(audit_id) == {"keep": 1, "convert": 1, None: 4}
        assert audits.counts_by_reason(audit_id) == {"withheld": 1, "on_request": 2, "concentrated": 3}
        ids = audits.item_ids(audit_id)
        audits.close(audits.get(audit_id), closed_on=AS_OF, closed_by="李审", seed=2**31 - 1, spot_check=ids[:5])
        uow.commit()
    with UnitOfWork(database, clock=CLOCK) as uow:
        closed = SelfAuditRepository(uow.session).get(audit_id)
        assert (closed.state, closed.seed, closed.spot_check) == ("closed", 2**31 - 1, ids[:5])
