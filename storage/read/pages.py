"""The paged lists behind the role pages: one query with LIMIT/OFFSET for the rows, one COUNT for the total.

A drafter's lists hold their own department's documents only (their own when they have no department; the scope
is storage.read.scope's); every other role reads the organisation's. A queue (待签发, 待发布, 待解读) is ordered by
its earliest open deadline, so the overdue come first; 我的文件 newest first. The disclosure office's requests
(依申请公开) are ordered the same way: the open ones by their earliest open deadline, then the concluded newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, case, exists, func
from sqlmodel import col, select

from policies.request_lifecycle import CONCLUDED
from policies.roles import DocumentScope
from storage.documents import SUBJECT, Issuance
from storage.models import DeadlineRecord, DisclosureRequest, Document
from storage.read.documents import list_items
from storage.read.models.documents import DocumentListItem, FindingView
from storage.read.models.requests import RequestListItem
from storage.read.requests import list_items as request_items
from storage.read.scope import within
from storage.requests import SUBJECT_TYPE as REQUEST_SUBJECT
from storage.uow import UnitOfWork

PAGE_SIZE = 50


Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Page(Generic[Item]):
    """One page of a list: its rows, how many there are in all, and where the page starts."""

    items: list[Item]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one)."""
        return max(1, -(-self.total // self.size))


DocumentPage = Page[DocumentListItem]
RequestPage = Page[RequestListItem]


def _open_deadline(subject: str = SUBJECT) -> tuple[ColumnElement[bool], ...]:
    """The conditions of an open (active, unmet) deadline of a document (or of another subject type)."""
    return (
        col(DeadlineRecord.subject_type) == subject,
        col(DeadlineRecord.active).is_(True),
        col(DeadlineRecord.met_on).is_(None),
    )


def _clamped(page: int, total: int, size: int) -> int:
    """The page asked for, within the pages there are."""
    return max(1, min(page, max(1, -(-total // size))))


def document_page(
    uow: UnitOfWork,
    *,
    today: date,
    scope: DocumentScope,
    states: Sequence[str] = (),
    owing: str | None = None,
    due_within: tuple[date | None, date] | None = None,
    by_deadline: bool = False,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> DocumentPage:
    """A page of documents in these states (all when none) within the scope, with its total; `owing` keeps those
    with an open deadline of that kind, `due_within` (first, last) those with an open deadline due in that range."""
    base = within(select(col(Document.id)), scope)
    base = base.where(col(Document.state).in_(states)) if states else base
    if owing is not None:
        owed = exists().where(*_open_deadline(), col(DeadlineRecord.subject_id) == Document.id,
                              col(DeadlineRecord.kind) == owing)  # fmt: skip
        base = base.where(owed)
    if due_within is not None:
        first, last = due_within
        due = [col(DeadlineRecord.due) <= last] + ([col(DeadlineRecord.due) >= first] if first else [])
        base = base.where(exists().where(*_open_deadline(), col(DeadlineRecord.subject_id) == Document.id, *due))
    total = uow.session.exec(select(func.count()).select_from(base.subquery())).one()
    page = _clamped(page, total, size)
    if by_deadline:
        open_due = (
            select(col(DeadlineRecord.subject_id).label("subject_id"), func.min(DeadlineRecord.due).label("first_due"))
            .where(*_open_deadline())
            .group_by(col(DeadlineRecord.subject_id))
            .subquery()
        )
        first_due = open_due.c.first_due
        ordered = base.outerjoin(open_due, open_due.c.subject_id == Document.id).order_by(
            first_due.is_(None), first_due, col(Document.id)
        )
    else:
        ordered = base.order_by(col(Document.id).desc())
    ids = list(uow.session.exec(ordered.offset((page - 1) * size).limit(size)).all())
    found = {d.id: d for d in uow.session.exec(select(Document).where(col(Document.id).in_(ids))).all()}
    documents = [found[i] for i in ids]
    return Page(items=list_items(uow, list(documents), today), total=total, page=page, size=size)


def request_list_page(uow: UnitOfWork, *, today: date, page: int = 1, size: int = PAGE_SIZE) -> RequestPage:
    """A page of the disclosure requests, with its total: the open ones first, by their earliest open deadline (the
    reply, or a third party's answer while consulting; the overdue come first), those waiting for a correction
    (their clock stopped, no deadline open) after them, oldest first; then the replied and closed, newest received
    first."""
    total = uow.session.exec(select(func.count()).select_from(DisclosureRequest)).one()
    page = _clamped(page, total, size)
    open_due = (
        select(col(DeadlineRecord.subject_id).label("subject_id"), func.min(DeadlineRecord.due).label("first_due"))
        .where(*_open_deadline(REQUEST_SUBJECT))
        .group_by(col(DeadlineRecord.subject_id))
        .subquery()
    )
    concluded = col(DisclosureRequest.state).in_(sorted(CONCLUDED))
    first_due = case((concluded, None), else_=open_due.c.first_due)
    ordered = (
        select(col(DisclosureRequest.id))
        .outerjoin(open_due, open_due.c.subject_id == DisclosureRequest.id)
        .order_by(
            concluded,
            first_due.is_(None),
            first_due,
            case((concluded, col(DisclosureRequest.received_on))).desc(),
            case((concluded, -col(DisclosureRequest.id)), else_=col(DisclosureRequest.id)),
        )
    )
    ids = list(uow.session.exec(ordered.offset((page - 1) * size).limit(size)).all())
    found = {r.id: r for r in uow.session.exec(select(DisclosureRequest).where(col(DisclosureRequest.id).in_(ids)))}
    requests = [found[i] for i in ids]
    return Page(items=request_items(uow, requests, today=today), total=total, page=page, size=size)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a document's text; `finding` is the number of the pre-check finding it is, if it is one."""

    text: str
    finding: int | None = None
    severity: str | None = None


def current_text(uow: UnitOfWork, document_id: int) -> str:
    """The text of the document's current version."""
    return Issuance(uow.session).current_version(document_id).text


def highlighted(text: str, findings: Sequence[FindingView]) -> list[Segment]:
    """The text cut where the findings are (by their offsets), so a page can mark each; overlaps keep the first."""
    segments: list[Segment] = []
    at = 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.start < at or finding.end > len(text) or finding.end <= finding.start:
            continue
        if finding.start > at:
            segments.append(Segment(text[at : finding.start]))
        segments.append(Segment(text[finding.start : finding.end], finding.number, finding.severity))
        at = finding.end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments
