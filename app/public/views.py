"""The public column's view models: every public document and interpretation formatted as its pages show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from policies.attributes import Attribute
from policies.dates import chinese_date
from policies.formed_date import public_date_note
from policies.issuance import InterpretationForm, Validity
from policies.subjects import SubjectArea
from storage.site import PublicColumn, PublicDocument, PublicInterpretation

BLANK: Final = "—"


@dataclass(frozen=True, slots=True)
class InterpretationView:
    """An interpretation as its page and its document's page show it."""

    id: int
    url: str
    form: str
    form_label: str
    published: date
    published_on: str
    paragraphs: list[str]


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document as the pages show it: every value of the metadata table formatted, blanks as —."""

    source: PublicDocument
    id: int
    url: str
    title: str
    index_no: str
    subject_area: str
    subject_label: str
    issuer: str
    formed_on: str
    formed_date_note: str | None
    doc_number: str
    published: date | None
    published_on: str
    validity: str
    being_amended: bool
    paragraphs: list[str]
    mark: str | None
    interpretations: list[InterpretationView]


@dataclass(frozen=True, slots=True)
class SiteView:
    """The column ready to render: the organisation and every public document as its pages show it."""

    column: PublicColumn
    documents: list[DocumentView]

    @property
    def organisation(self) -> str:
        """The organisation's name, as every page's header shows it."""
        return self.column.organisation_name

    def document(self, document_id: int) -> DocumentView | None:
        """The public document with this id, or None."""
        return next((document for document in self.documents if document.id == document_id), None)

    def interpretation(self, interpretation_id: int) -> tuple[DocumentView, InterpretationView] | None:
        """The public interpretation with this id and the document it explains, or None."""
        for document in self.documents:
            for item in document.interpretations:
                if item.id == interpretation_id:
                    return document, item
        return None


def site_view(column: PublicColumn) -> SiteView:
    """The column with every document formatted for its pages."""
    return SiteView(column=column, documents=[_document_view(document) for document in column.documents])


def _document_view(document: PublicDocument) -> DocumentView:
    mark = None if "此件公开发布" in document.text else Attribute.PROACTIVE.mark
    area = _subject(document.subject_area)
    return DocumentView(
        source=document,
        id=document.id,
        url=f"documents/{document.id}.html",
        title=document.title,
        index_no=document.index_no or BLANK,
        subject_area=area.value,
        subject_label=area.label,
        issuer=document.issuer or BLANK,
        formed_on=_date_or_blank(document.formed_on),
        formed_date_note=public_date_note(document.formed_on_in_text, document.formed_on),
        doc_number=document.doc_number or BLANK,
        published=document.published_on,
        published_on=_date_or_blank(document.published_on),
        validity=_validity_label(document.validity),
        being_amended=document.being_amended,
        paragraphs=_paragraphs(document.text),
        mark=mark,
        interpretations=[_interpretation_view(item) for item in document.interpretations],
    )


def _interpretation_view(item: PublicInterpretation) -> InterpretationView:
    return InterpretationView(
        id=item.id,
        url=f"interpretations/{item.id}.html",
        form=item.form,
        form_label=_form_label(item.form),
        published=item.published_on,
        published_on=_date_or_blank(item.published_on),
        paragraphs=_paragraphs(item.text),
    )


def _subject(code: str) -> SubjectArea:
    return SubjectArea(code) if code in SubjectArea.__members__.values() else SubjectArea.OTHER


def _validity_label(code: str | None) -> str:
    known = {validity.value: validity for validity in Validity}
    return known.get(code or "", Validity.EFFECTIVE).label


def _form_label(code: str) -> str:
    return InterpretationForm(code).label if code in InterpretationForm.__members__.values() else "政策解读"


def _date_or_blank(day: date | None) -> str:
    return chinese_date(day) if day else BLANK


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
