"""The public column for machines: feed.atom (RFC 4287, built as an XML tree) and index.json."""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, Final

from app.home.clock import SHANGHAI
from app.public.views import DocumentView, InterpretationView, SiteView
from storage.site import PublicColumn

GENERATOR: Final = "gongkai"
FEED_ENTRIES: Final = 100
ATOM: Final = "http://www.w3.org/2005/Atom"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"


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


def index_json(view: SiteView, *, base: str) -> str:
    """index.json: the machine-readable index."""
    return json.dumps(_json_index(view.column, view.documents, base), ensure_ascii=False, indent=2) + "\n"


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


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
