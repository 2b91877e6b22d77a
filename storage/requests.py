"""Disclosure requests in storage: the request row, its reply clock, linked documents and consultations (the read
model behind `show` and `list` is storage.read.requests).

Like every repository it never commits; a unit of work does. Counts for often-requested information and
applications per month run as one SQL statement each, whatever the number of requests.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import distinct, extract, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from policies.errors import NotFound
from policies.often_requested import (
    MONTHLY_FREE_APPLICATIONS,
    OFTEN_REQUESTED_THRESHOLD,
    OFTEN_REQUESTED_WINDOW_DAYS,
    ApplicantMonth,
    RequestedItem,
)
from policies.request_clock import ConsultationPeriod, RequestClock
from storage.models import Consultation, DisclosureRequest, RequestDocumentLink
from storage.repositories import change_versioned

SUBJECT_TYPE = "request"
"""The subject_type of a request's deadlines and audit events."""


class RequestRepository:
    """Disclosure requests; every change goes through `change` (or `save_clock`), which checks the version."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: DisclosureRequest, *, document_ids: Iterable[int] = ()) -> DisclosureRequest:
        """Stage a new request, give it its id, and link the documents it asks for."""
        self.session.add(request)
        self.session.flush()
        for document_id in dict.fromkeys(document_ids):
            self.session.add(RequestDocumentLink(request_id=self._id(request), document_id=document_id))
        self.session.flush()
        return request

    def get(self, request_id: int) -> DisclosureRequest:
        """The request with this id, or NotFound."""
        request = self.session.get(DisclosureRequest, request_id)
        if request is None:
            raise NotFound(f"政府信息公开申请 {request_id} 不存在")
        return request

    def list(self, *, state: str | None = None) -> Sequence[DisclosureRequest]:
        """Requests, optionally in one state, in the order they were received."""
        query = select(DisclosureRequest)
        if state is not None:
            query = query.where(DisclosureRequest.state == state)
        return self.session.exec(query.order_by(col(DisclosureRequest.received_on), col(DisclosureRequest.id))).all()

    def change(
        self, request: DisclosureRequest, *, expected_version: int | None = None, **values: Any
    ) -> DisclosureRequest:
        """Apply changes if nobody changed the request since `expected_version`; raises Conflict otherwise."""
        return change_versioned(
            self.session, request, expected_version,
            lambda seen: f"政府信息公开申请 {request.id} 已被他人修改（你看到的是第 {seen} 版），请刷新后重试",
            **values,
        )  # fmt: skip

    def document_ids(self, request_id: int) -> tuple[int, ...]:
        """The documents a request asks for, by id."""
        query = select(RequestDocumentLink.document_id).where(RequestDocumentLink.request_id == request_id)
        return tuple(sorted(self.session.exec(query).all()))

    def consultations(self, request_id: int) -> Sequence[Consultation]:
        """A request's consultations, in the order they started."""
        query = select(Consultation).where(Consultation.request_id == request_id).order_by(col(Consultation.id))
        return self.session.exec(query).all()

    def clock_of(self, request: DisclosureRequest) -> RequestClock:
        """The request's reply clock, as the policy computes on it."""
        return RequestClock(
            received_on=request.received_on,
            clock_start=request.clock_start,
            correction_requested_on=request.correction_requested_on,
            corrected_on=request.corrected_on,
            consultations=tuple(
                ConsultationPeriod(c.party, c.started_on, c.ended_on) for c in self.consultations(self._id(request))
            ),
            extended_on=request.extended_on,
            extension_reason=request.extension_reason,
        )

    def save_clock(
        self,
        request: DisclosureRequest,
        clock: RequestClock,
        *,
        expected_version: int | None = None,
        **values: Any,
    ) -> DisclosureRequest:
        """Store a clock the policy returned (and any other changes), behind the version check."""
        self.change(
            request,
            expected_version=expected_version,
            clock_start=clock.clock_start,
            correction_requested_on=clock.correction_requested_on,
            corrected_on=clock.corrected_on,
            extended_on=clock.extended_on,
            extension_reason=clock.extension_reason,
            **values,
        )
        stored = list(self.consultations(self._id(request)))
        for position, period in enumerate(clock.consultations):
            if position < len(stored):
                stored[position].ended_on = period.ended_on
                self.session.add(stored[position])
            else:
                self.session.add(
                    Consultation(
                        request_id=self._id(request),
                        party=period.party,
                        started_on=period.started_on,
                        ended_on=period.ended_on,
                    )
                )
        self.session.flush()
        return request

    def often_requested(
        self,
        as_of: date,
        *,
        threshold: int = OFTEN_REQUESTED_THRESHOLD,
        window_days: int = OFTEN_REQUESTED_WINDOW_DAYS,
        among: Collection[RequestedItem] | None = None,
    ) -> dict[RequestedItem, int]:
        """policies.often_requested in SQL: documents by id, unlinked requests by subject key (Art. 44); `among`
        counts only these items (a page's), not every item of the year."""
        by_document, by_subject = self.often_requested_queries(as_of, threshold=threshold, window_days=window_days)
        if among is not None:
            documents = [item for item in among if isinstance(item, int)]
            by_document = by_document.where(col(RequestDocumentLink.document_id).in_(documents))
            by_subject = by_subject.where(col(DisclosureRequest.subject_key).in_(set(among) - set(documents)))
        found: dict[RequestedItem, int] = {}
        for query in (by_document, by_subject):
            found.update({item: count for item, count in self.session.execute(query).all()})
        return found

    @staticmethod
    def often_requested_queries(
        as_of: date,
        *,
        threshold: int = OFTEN_REQUESTED_THRESHOLD,
        window_days: int = OFTEN_REQUESTED_WINDOW_DAYS,
    ) -> tuple[Select[int, int], Select[str, int]]:
        """The two counts behind `often_requested`, as queries: (document_id, applicants) of the documents asked for
        by `threshold` applicants in the window, and (subject_key, applicants) of unlinked requests."""
        in_window = (
            col(DisclosureRequest.received_on) > as_of - timedelta(days=window_days),
            col(DisclosureRequest.received_on) <= as_of,
        )
        applicants = func.count(distinct(col(DisclosureRequest.applicant_key)))
        by_document = (
            select(col(RequestDocumentLink.document_id), applicants.label("applicants"))
            .join(DisclosureRequest, col(DisclosureRequest.id) == col(RequestDocumentLink.request_id))
            .where(*in_window)
            .group_by(col(RequestDocumentLink.document_id))
            .having(applicants >= threshold)
        )
        linked = select(RequestDocumentLink.request_id).where(
            col(RequestDocumentLink.request_id) == col(DisclosureRequest.id)
        )
        by_subject = (
            select(col(DisclosureRequest.subject_key), applicants.label("applicants"))
            .where(*in_window, ~linked.exists())
            .group_by(col(DisclosureRequest.subject_key))
            .having(applicants >= threshold)
        )
        return by_document, by_subject

    def applications_over_monthly_limit(
        self, *, received_from: date, received_to: date, limit: int = MONTHLY_FREE_APPLICATIONS
    ) -> dict[ApplicantMonth, int]:
        """policies.often_requested.applications_over_monthly_limit in SQL, over requests received in a date range."""
        year = extract("year", col(DisclosureRequest.received_on))
        month = extract("month", col(DisclosureRequest.received_on))
        applications = func.count(col(DisclosureRequest.id))
        query = (
            select(DisclosureRequest.applicant_key, year, month, applications)
            .where(
                col(DisclosureRequest.received_on) >= received_from,
                col(DisclosureRequest.received_on) <= received_to,
            )
            .group_by(col(DisclosureRequest.applicant_key), year, month)
            .having(applications > limit)
        )
        return {
            ApplicantMonth(key, int(year), int(month)): count
            for key, year, month, count in self.session.execute(query).all()
        }

    @staticmethod
    def _id(request: DisclosureRequest) -> int:
        assert request.id is not None, "a staged request has its id (add flushes)"
        return request.id
