"""The self-audits and their items. Listing an audit's items is two INSERT … SELECT statements (the documents, the
often-requested subjects), so it costs the same few statements over a million documents as over ten.

Like every repository, it never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, case, cast, distinct, func, insert, literal, null, or_
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from policies.errors import NotFound
from policies.self_audit import AUDITED_ATTRIBUTES, AUDITED_STATES, ItemReason
from storage.models import DisclosureRequest, Document, RequestDocumentLink, SelfAudit, SelfAuditItem

SUBJECT_TYPE = "self_audit"
ITEM_COLUMNS = ("audit_id", "document_id", "subject_key", "reason", "attribute", "applicants")


class SelfAuditRepository:
    """Audits by organisation and year, their items, and each item's decision.

    A step that changes an audit or an item reads it `for_update` (SELECT … FOR UPDATE, read afresh): on PostgreSQL a
    second decision of the same item, or a second close, waits for the first to commit and then sees it decided or
    closed, so the policy refuses it instead of both being recorded. (SQLite's writers never overlap.)"""

    def __init__(self, session: Session) -> None:
        self.session = session

    def of_year(self, organisation_id: int, year: int, *, for_update: bool = False) -> SelfAudit | None:
        """The organisation's audit of this year, if it was opened (locked until commit with `for_update`)."""
        query = select(SelfAudit).where(SelfAudit.organisation_id == organisation_id, SelfAudit.year == year)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return self.session.exec(query).first()

    def require_year(self, organisation_id: int, year: int, *, for_update: bool = False) -> SelfAudit:
        """The organisation's audit of this year, or NotFound (locked until commit with `for_update`)."""
        audit = self.of_year(organisation_id, year, for_update=for_update)
        if audit is None:
            raise NotFound(f"{year}年度自查尚未开始：请先运行 gongkai self-audit open --year {year}")
        return audit

    def get(self, audit_id: int, *, for_update: bool = False) -> SelfAudit:
        """The audit with this id, or NotFound (locked until commit with `for_update`)."""
        audit = self.session.get(SelfAudit, audit_id, with_for_update=for_update, populate_existing=for_update)
        if audit is None:
            raise NotFound(f"自查 {audit_id} 不存在")
        return audit

    def add(self, audit: SelfAudit) -> SelfAudit | None:
        """Stage a new audit and give it its id; None when the organisation's audit of that year exists already.

        One INSERT … ON CONFLICT DO NOTHING on the (organisation, year) key: when another transaction has just
        inserted the same year's audit, PostgreSQL waits for it to commit (or roll back) instead of raising the
        unique-key violation, and a following read (READ COMMITTED) sees that audit with its items. On SQLite
        writers never overlap (BEGIN IMMEDIATE), so there the key only meets audits committed before."""
        dialect = self.session.get_bind().dialect.name
        insert_audit = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert_audit(SelfAudit)
            .values(**audit.model_dump(exclude={"id"}))
            .on_conflict_do_nothing(index_elements=["organisation_id", "year"])
            .returning(col(SelfAudit.id))
        )
        audit_id = self.session.execute(statement).scalar_one_or_none()
        return None if audit_id is None else self.get(audit_id)

    def list_items(self, audit: SelfAudit, *, as_of: date) -> int:
        """Stage the audit's items set-based: filed non-public documents (concentrated when `threshold` applicants
        asked for them in the window), then often-requested subjects no document holds. Returns how many."""
        assert audit.id is not None, "a staged audit has its id"
        since = as_of - timedelta(days=audit.window_days)
        in_window = (col(DisclosureRequest.received_on) > since, col(DisclosureRequest.received_on) <= as_of)
        applicants = func.count(distinct(col(DisclosureRequest.applicant_key)))
        asked = (
            core_select(col(RequestDocumentLink.document_id).label("document_id"), applicants.label("applicants"))
            .join(DisclosureRequest, col(DisclosureRequest.id) == col(RequestDocumentLink.request_id))
            .where(*in_window)
            .group_by(col(RequestDocumentLink.document_id))
            .subquery()
        )
        count = func.coalesce(asked.c.applicants, 0)
        documents = (
            core_select(
                literal(audit.id, Integer),
                col(Document.id),
                cast(null(), String),
                _reason(count, audit.threshold),
                col(Document.attribute),
                count,
            )
            .select_from(Document)
            .outerjoin(asked, asked.c.document_id == col(Document.id))
            .where(
                col(Document.state).in_([state.value for state in AUDITED_STATES]),
                col(Document.attribute).in_([attribute.value for attribute in AUDITED_ATTRIBUTES]),
                or_(col(Document.organisation_id) == audit.organisation_id, col(Document.organisation_id).is_(None)),
            )
        )
        linked = select(RequestDocumentLink.request_id).where(
            col(RequestDocumentLink.request_id) == col(DisclosureRequest.id)
        )
        subjects = (
            core_select(
                literal(audit.id, Integer),
                cast(null(), Integer),
                col(DisclosureRequest.subject_key),
                literal(ItemReason.CONCENTRATED.value, String),
                cast(null(), String),
                applicants,
            )
            .where(*in_window, ~linked.exists())
            .group_by(col(DisclosureRequest.subject_key))
            .having(applicants >= audit.threshold)
        )
        for query in (documents, subjects):
            self.session.execute(insert(SelfAuditItem).from_select(ITEM_COLUMNS, query))
        return self.count(audit.id)

    def count(self, audit_id: int) -> int:
        """How many items the audit holds."""
        query = select(func.count()).where(col(SelfAuditItem.audit_id) == audit_id)
        return int(self.session.exec(query).one())

    def items(self, audit_id: int) -> Sequence[SelfAuditItem]:
        """The audit's items in the order listed."""
        query = select(SelfAuditItem).where(SelfAuditItem.audit_id == audit_id).order_by(col(SelfAuditItem.id))
        return self.session.exec(query).all()

    def item(self, item_id: int, *, for_update: bool = False) -> SelfAuditItem:
        """The item with this id, or NotFound (locked until commit with `for_update`)."""
        item = self.session.get(SelfAuditItem, item_id, with_for_update=for_update, populate_existing=for_update)
        if item is None:
            raise NotFound(f"自查事项 {item_id} 不存在")
        return item

    def item_ids(self, audit_id: int) -> list[int]:
        """Every item id of the audit, ascending (what the spot check draws from)."""
        query = select(SelfAuditItem.id).where(SelfAuditItem.audit_id == audit_id).order_by(col(SelfAuditItem.id))
        return [item_id for item_id in self.session.exec(query).all() if item_id is not None]

    def undecided(self, audit_id: int) -> int:
        """How many of the audit's items have no decision yet."""
        query = select(func.count()).where(
            col(SelfAuditItem.audit_id) == audit_id, col(SelfAuditItem.decision).is_(None)
        )
        return int(self.session.exec(query).one())

    def counts_by_reason(self, audit_id: int) -> dict[str, int]:
        """How many items the audit holds of each reason."""
        query = (
            select(SelfAuditItem.reason, func.count())
            .where(SelfAuditItem.audit_id == audit_id)
            .group_by(col(SelfAuditItem.reason))
        )
        return {reason: int(count) for reason, count in self.session.exec(query).all()}

    def counts_by_decision(self, audit_id: int) -> dict[str | None, int]:
        """How many items carry each decision (None: not decided yet)."""
        query = (
            select(SelfAuditItem.decision, func.count())
            .where(SelfAuditItem.audit_id == audit_id)
            .group_by(col(SelfAuditItem.decision))
        )
        return {decision: int(count) for decision, count in self.session.exec(query).all()}

    def decide(self, item: SelfAuditItem, **decision: Any) -> SelfAuditItem:
        """Stage an item's decision (decision, target_attribute, decision_reason, decided_by, decided_on/at)."""
        for name, value in decision.items():
            setattr(item, name, value)
        self.session.add(item)
        self.session.flush()
        return item

    def close(self, audit: SelfAudit, *, closed_on: date, closed_by: str, seed: int, spot_check: list[int]) -> None:
        """Stage the audit as closed with its spot-check sample and the seed it was drawn from."""
        audit.state, audit.closed_on, audit.closed_by = "closed", closed_on, closed_by
        audit.seed, audit.spot_check = seed, spot_check
        self.session.add(audit)
        self.session.flush()


def _reason(applicants: ColumnElement[Any], threshold: int) -> ColumnElement[str]:
    """policies.self_audit.item_reason in SQL: concentrated at `threshold` applicants, else the attribute."""
    return case(
        (applicants >= threshold, ItemReason.CONCENTRATED.value),
        (col(Document.attribute) == ItemReason.WITHHELD.value, ItemReason.WITHHELD.value),
        else_=ItemReason.ON_REQUEST.value,
    )
