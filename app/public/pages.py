"""The public column's HTML pages, one function per page returning its text, from the templates in templates/.

The static build writes these texts to files and the web app serves the same texts under /public; every link is
relative (`root` leads back to the column's top from where a page is put), so both work wherever they are put.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.public.views import DocumentView, InterpretationView, SiteView
from policies.subjects import SubjectArea

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

_templates = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined)


@dataclass(frozen=True, slots=True)
class Group:
    """A section of the index: a year or a subject area, with its documents newest first."""

    code: str
    label: str
    documents: list[DocumentView]


def index_html(view: SiteView) -> str:
    """index.html: every public document, by year and by subject area, newest first."""
    return _page(
        "index.html",
        root="",
        organisation=view.organisation,
        total=len(view.documents),
        years=_by_year(view.documents),
        areas=_by_area(view.documents),
    )


def document_html(view: SiteView, document: DocumentView) -> str:
    """documents/ID.html: the metadata table, the published text, the mark and the interpretations."""
    return _page("document.html", root="../", organisation=view.organisation, document=document)


def interpretation_html(view: SiteView, document: DocumentView, item: InterpretationView) -> str:
    """interpretations/ID.html: the interpretation, linked back to its document."""
    return _page("interpretation.html", root="../", organisation=view.organisation, document=document, item=item)


def not_found_html(view: SiteView, *, root: str) -> str:
    """The page for an address that shows nothing public; root leads back to the index from where it is served."""
    return _page("not_found.html", root=root, organisation=view.organisation)


def _page(template: str, **values: Any) -> str:
    text = _templates.get_template(template).render(**values)
    return text if text.endswith("\n") else text + "\n"


def _by_year(documents: Sequence[DocumentView]) -> list[Group]:
    """Sections per year of publication, the newest year first (documents already come newest first)."""
    years: dict[int, list[DocumentView]] = {}
    for document in documents:
        year = document.published.year if document.published else 0
        years.setdefault(year, []).append(document)
    return [
        Group(code=str(year), label=f"{year}年", documents=listed)
        for year, listed in sorted(years.items(), reverse=True)
        if year
    ]


def _by_area(documents: Sequence[DocumentView]) -> list[Group]:
    """A section for each of the seven key areas and 其他, in the order of 国办发〔2018〕10号."""
    return [
        Group(
            code=area.value,
            label=area.label,
            documents=[document for document in documents if document.subject_area == area.value],
        )
        for area in SubjectArea
    ]
