"""The read model of the public 政府信息公开 column: what may be shown, in two set-based queries.

Public: a 主动公开 document whose version was published (DocumentLifecycle.published_version) and that was not
withdrawn, shown with the text of that published version, never with a later draft. A published document being
amended (back under review, returned, approved or signed again) stays public with its published text until the
amendment is published in its place: that text is still in force, and taking it down while its successor is
reviewed would leave citizens without it. If the amendment changes the attribute to 依申请公开 or 不予公开, the
document leaves the site at once. Drafts, filed documents, 依申请公开 and 不予公开 ones never appear; nothing here
reads disclosure requests or applicants.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, select

from policies.attributes import Attribute
from policies.formed_date import text_formed_on
from policies.lifecycle import State
from storage.models import Document, DocumentLifecycle, DocumentVersion, Interpretation, Organisation

PUBLISHED_STATES = (State.PUBLISHED.value, State.INTERPRETED.value)
AMENDING_STATES = (State.UNDER_REVIEW.value, State.RETURNED.value, State.APPROVED.value, State.SIGNED.value)


@dataclass(frozen=True, slots=True)
class PublicInterpretation:
    """A published interpretation (政策解读) of a public document."""

    id: int
    document_id: int
    form: str
    text: str
    published_on: date


@dataclass(frozen=True, slots=True)
class PublicDocument:
    """A document as the public column shows it: its metadata table and the text of its published version, with
    the date line read from that text (formed_on_in_text), which the page notes when it is not the 成文日期."""

    id: int
    index_no: str | None
    title: str
    doc_number: str | None
    issuer: str | None
    formed_on: date | None
    published_on: date | None
    formed_on_in_text: date | None
    subject_area: str
    kind: str
    validity: str | None
    text: str
    being_amended: bool
    interpretations: tuple[PublicInterpretation, ...]


@dataclass(frozen=True, slots=True)
class PublicColumn:
    """Everything the public column holds: the organisation and its public documents, newest first."""

    organisation_code: str
    organisation_name: str
    documents: tuple[PublicDocument, ...]


def is_public() -> ColumnElement[bool]:
    """The SQL condition for a document on the public site (needs DocumentLifecycle joined)."""
    return and_(
        col(Document.attribute) == Attribute.PROACTIVE.value,
        col(Document.state).in_((*PUBLISHED_STATES, *AMENDING_STATES)),
        col(DocumentLifecycle.published_version).is_not(None),
        col(DocumentLifecycle.withdrawn_on).is_(None),
    )


def public_column(session: Session) -> PublicColumn:
    """The public documents, newest publication first, each with its interpretations, oldest first."""
    organisation = session.exec(select(Organisation).order_by(col(Organisation.id))).first()
    rows = session.exec(
        select(Document, DocumentLifecycle, DocumentVersion, Organisation.name)
        .join(DocumentLifecycle, col(DocumentLifecycle.document_id) == Document.id)
        .outerjoin(
            DocumentVersion,
            and_(
                col(DocumentVersion.document_id) == Document.id,
                col(DocumentVersion.number) == DocumentLifecycle.published_version,
            ),
        )
        .outerjoin(Organisation, col(Organisation.id) == Document.organisation_id)
        .where(is_public())
        .order_by(col(Document.published_on).desc().nulls_last(), col(Document.id).desc())
    ).all()
    public_ids = (
        select(Document.id)
        .join(DocumentLifecycle, col(DocumentLifecycle.document_id) == Document.id)
        .where(is_public())
    )
    interpretations: dict[int, list[PublicInterpretation]] = defaultdict(list)
    for item in session.exec(
        select(Interpretation)
        .where(col(Interpretation.document_id).in_(public_ids))
        .order_by(col(Interpretation.published_on), col(Interpretation.id))
    ).all():
        interpretations[item.document_id].append(
            PublicInterpretation(
                id=item.id or 0,
                document_id=item.document_id,
                form=item.form,
                text=item.text,
                published_on=item.published_on,
            )
        )
    documents = tuple(
        PublicDocument(
            id=document.id or 0,
            index_no=document.index_no,
            title=document.title,
            doc_number=document.doc_number,
            issuer=document.issuer or organisation_name,
            formed_on=document.formed_on,
            published_on=document.published_on,
            formed_on_in_text=text_formed_on(version.metadata_read) if version else None,
            subject_area=document.subject_area,
            kind=document.kind,
            validity=lifecycle.validity,
            text=version.text if version else "",
            being_amended=document.state in AMENDING_STATES,
            interpretations=tuple(interpretations[document.id or 0]),
        )
        for document, lifecycle, version, organisation_name in rows
    )
    return PublicColumn(
        organisation_code=organisation.code if organisation else "",
        organisation_name=organisation.name if organisation else "",
        documents=documents,
    )
