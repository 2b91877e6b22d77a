"""`gongkai site build DIR`: the public 政府信息公开 column as static files, written beside DIR and swapped in.

The site: index.html (by year and by subject area, newest first), a page per document (the metadata table,
the published text, the （此件公开发布） mark, links to its interpretations), a page per interpretation (linked
back), feed.atom and index.json. What is public is decided by storage.site; this module only renders it, one
function per page returning its text: the static build writes those texts to files, and the web app serves the same
texts under /public. Every link is relative, so both work wherever they are put.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from jinja2 import DictLoader, Environment, StrictUndefined

from app.home.clock import SHANGHAI
from app.home.runtime import Runtime
from app.public.templates import TEMPLATES
from policies.attributes import Attribute
from policies.dates import chinese_date
from policies.errors import BadInput
from policies.issuance import InterpretationForm, Validity
from policies.subjects import SubjectArea
from storage.site import PublicColumn, PublicDocument, PublicInterpretation, public_column

MARKER: Final = ".gongkai-site.json"
GENERATOR: Final = "gongkai"
FEED_ENTRIES: Final = 100
ATOM: Final = "http://www.w3.org/2005/Atom"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
BLANK: Final = "—"

_templates = Environment(loader=DictLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)


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


@dataclass(frozen=True, slots=True)
class Group:
    """A section of the index: a year or a subject area, with its documents newest first."""

    code: str
    label: str
    documents: list[DocumentView]


def build_site(runtime: Runtime, directory: Path, *, base_url: str | None = None) -> dict[str, Any]:
    """Read what is public and write the column to DIR, refusing a DIR that is not a previous gongkai site."""
    target = checked_target(directory)
    with runtime.unit_of_work(readonly=True) as uow:
        column = public_column(uow.session)
    return write_site(column, target, base_url=base_url, today=runtime.clock.today())


def write_site(column: PublicColumn, directory: Path, *, base_url: str | None, today: date) -> dict[str, Any]:
    """Render the column into a temporary directory beside DIR, then swap it in; a failure leaves DIR as it was."""
    target = checked_target(directory)
    base = normalised_base_url(base_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.building-"))
    view = site_view(column)
    try:
        building.chmod(0o755)
        _render(building, view, base=base, today=today)
        _swap(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return {
        "dir": str(target),
        "index": str(target / "index.html"),
        "documents": len(view.documents),
        "interpretations": sum(len(document.interpretations) for document in view.documents),
        "feed": str(target / "feed.atom"),
        "json": str(target / "index.json"),
    }


def checked_target(directory: Path) -> Path:
    """DIR as an absolute path, when it is absent, empty, or a site gongkai built; BadInput otherwise."""
    target = directory.expanduser().resolve()
    if not target.exists():
        return target
    if not target.is_dir():
        raise BadInput(f"{target} 已存在且不是目录：请指定站点目录")
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise BadInput(f"不能把站点生成到 {target}：请指定一个专用目录")
    if any(target.iterdir()) and not is_gongkai_site(target):
        raise BadInput(f"目录 {target} 已存在且不是 gongkai 生成的站点：为免误删其中的文件，拒绝覆盖")
    return target


def is_gongkai_site(directory: Path) -> bool:
    """Whether a directory holds a site gongkai built (its marker file says so)."""
    try:
        marker = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("generator") == GENERATOR


def normalised_base_url(base_url: str | None) -> str:
    """The public address of the site ending in /, or "" for relative links; BadInput for a non-http address."""
    if not base_url:
        return ""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadInput(f"站点地址应以 http:// 或 https:// 开头：{base_url!r}")
    return parts.geturl().rstrip("/") + "/"


def _render(building: Path, view: SiteView, *, base: str, today: date) -> None:
    """Write every page of the site into the building directory."""
    for folder in ("documents", "interpretations"):
        (building / folder).mkdir()
    for document in view.documents:
        _write(building / document.url, document_html(view, document))
        for item in document.interpretations:
            _write(building / item.url, interpretation_html(view, document, item))
    _write(building / "index.html", index_html(view))
    (building / "feed.atom").write_bytes(feed_atom(view, base=base, today=today))
    _write(building / "index.json", index_json(view, base=base))
    _write(building / MARKER, json.dumps({"generator": GENERATOR, "documents": len(view.documents)}))


def site_view(column: PublicColumn) -> SiteView:
    """The column with every document formatted for its pages."""
    return SiteView(column=column, documents=[_document_view(document) for document in column.documents])


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


def index_json(view: SiteView, *, base: str) -> str:
    """index.json: the machine-readable index."""
    return json.dumps(_json_index(view.column, view.documents, base), ensure_ascii=False, indent=2) + "\n"


def _swap(building: Path, target: Path) -> None:
    """Put the built directory in DIR's place; the previous site is moved aside first and restored on failure."""
    if not target.exists():
        building.rename(target)
        return
    previous = target.parent / f".{target.name}.previous-{uuid.uuid4().hex[:8]}"
    target.rename(previous)
    try:
        building.rename(target)
    except BaseException:
        previous.rename(target)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _page(template: str, **values: Any) -> str:
    text = _templates.get_template(template).render(**values)
    return text if text.endswith("\n") else text + "\n"


def _write(path: Path, text: str) -> None:
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")


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


def feed_atom(view: SiteView, *, base: str, today: date) -> bytes:
    """feed.atom: the Atom feed (RFC 4287) of the newest documents and interpretations, built as an XML tree."""
    column = view.column
    ET.register_namespace("", ATOM)
    entries: list[tuple[date, str, DocumentView, InterpretationView | None]] = []
    for document in view.documents:
        if document.published:
            entries.append((document.published, f"d{document.id:012d}", document, None))
        entries.extend((item.published, f"i{item.id:012d}", document, item) for item in document.interpretations)
    entries.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    entries = entries[:FEED_ENTRIES]
    feed = ET.Element(_atom("feed"), {XML_LANG: "zh-CN"})
    _text(feed, "id", _urn(column, "column"))
    _text(feed, "title", f"{column.organisation_name} · 政府信息公开")
    _text(feed, "updated", _instant(entries[0][0] if entries else today))
    _text(ET.SubElement(feed, _atom("author")), "name", column.organisation_name or GENERATOR)
    ET.SubElement(feed, _atom("link"), {"rel": "self", "href": f"{base}feed.atom"})
    ET.SubElement(feed, _atom("link"), {"rel": "alternate", "type": "text/html", "href": f"{base}index.html"})
    for day, _key, document, item in entries:
        entry = ET.SubElement(feed, _atom("entry"))
        if item is None:
            _text(entry, "id", _urn(column, f"document:{document.id}"))
            _text(entry, "title", document.title)
            summary = f"发文字号：{document.doc_number}；发文机关：{document.issuer}；索引号：{document.index_no}"
            url = document.url
        else:
            _text(entry, "id", _urn(column, f"interpretation:{item.id}"))
            _text(entry, "title", f"《{document.title}》{item.form_label}")
            summary = f"政策解读（{item.form_label}），相关文件：{document.title}"
            url = item.url
        _text(entry, "updated", _instant(day))
        _text(entry, "published", _instant(day))
        ET.SubElement(entry, _atom("link"), {"rel": "alternate", "type": "text/html", "href": f"{base}{url}"})
        ET.SubElement(entry, _atom("category"), {"term": document.subject_area, "label": document.subject_label})
        _text(entry, "summary", summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _json_index(column: PublicColumn, documents: Sequence[DocumentView], base: str) -> dict[str, Any]:
    """The machine-readable index: every public document with its metadata and interpretations, newest first."""
    return {
        "organisation": {"code": column.organisation_code, "name": column.organisation_name},
        "documents": [
            {
                "id": view.id,
                "index_no": view.source.index_no,
                "title": view.title,
                "doc_number": view.source.doc_number,
                "issuer": view.source.issuer,
                "formed_on": _iso(view.source.formed_on),
                "published_on": _iso(view.published),
                "subject_area": view.subject_area,
                "subject_label": view.subject_label,
                "validity": view.validity,
                "being_amended": view.being_amended,
                "url": f"{base}{view.url}",
                "interpretations": [
                    {
                        "id": item.id,
                        "form": item.form,
                        "form_label": item.form_label,
                        "published_on": item.published.isoformat(),
                        "url": f"{base}{item.url}",
                    }
                    for item in view.interpretations
                ],
            }
            for view in documents
        ],
    }


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, _atom(tag))
    element.text = value
    return element


def _urn(column: PublicColumn, name: str) -> str:
    """A permanent Atom id: the same document keeps it whatever address the site is served from."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"gongkai:{column.organisation_code}:{name}").urn


def _instant(day: date) -> str:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI).isoformat()


def _subject(code: str) -> SubjectArea:
    return SubjectArea(code) if code in SubjectArea.__members__.values() else SubjectArea.OTHER


def _validity_label(code: str | None) -> str:
    known = {validity.value: validity for validity in Validity}
    return known.get(code or "", Validity.EFFECTIVE).label


def _form_label(code: str) -> str:
    return InterpretationForm(code).label if code in InterpretationForm.__members__.values() else "政策解读"


def _date_or_blank(day: date | None) -> str:
    return chinese_date(day) if day else BLANK


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
