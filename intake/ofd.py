"""OFD files (.ofd, GB/T 33190): a zip of XML, read with the hardened parser; text placed by its position.

Each page's Content.xml is streamed and charged to the budget; a Content.xml that several pages point at is read
once, and each further page that uses it is charged its elements and characters again, so a small file whose
thousand pages share one large Content.xml is refused by the budget instead of being read a thousand times.
"""

import itertools
import posixpath
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from intake.archive import local_name, open_archive, parse_xml, stream_xml
from intake.budget import Budget
from policies.errors import BadInput

LINE_TOLERANCE = 1.0
Piece = tuple[float, float, float, str]


def read_ofd(data: bytes, budget: Budget) -> tuple[str, str | None, int | None]:
    """Read an .ofd: OFD.xml → each DocRoot's Document.xml → each page's Content.xml TextCodes; text and pages."""
    archive = open_archive(data, "OFD")
    pages = []
    read: dict[str, tuple[str, int]] = {}
    for doc_root in _children_text(_ofd_xml(archive, "OFD.xml", budget), "DocBody", "DocRoot"):
        document_path = _resolve(archive, "", doc_root)
        document = _ofd_xml(archive, document_path, budget)
        for page in _descendants(document, "Page"):
            budget.spend_page()
            content_path = _resolve(archive, posixpath.dirname(document_path), page.get("BaseLoc", ""))
            if content_path in read:
                text, elements = read[content_path]
                budget.spend_xml_elements(elements)
                budget.spend_chars(len(text))
            else:
                before = budget.xml_elements
                text = _ofd_page_text(archive, content_path, budget)
                read[content_path] = (text, before - budget.xml_elements)
            pages.append(text)
    if not pages:
        raise BadInput("无法读取 OFD：文件中没有页面")
    return "\n".join(pages), None, len(pages)


def _resolve(archive: zipfile.ZipFile, base: str, location: str) -> str:
    """An OFD location (absolute from the package root, or relative to base) as a member name of the zip."""
    location = location.strip().replace("\\", "/")
    path = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    path = posixpath.normpath(path)
    names = {name.lower(): name for name in archive.namelist()}
    if not location or path.lower() not in names:
        raise BadInput(f"无法读取 OFD：缺少 {path if location else '页面位置'}")
    return names[path.lower()]


def _ofd_xml(archive: zipfile.ZipFile, name: str, budget: Budget) -> Element:
    """Parse one small XML member of an OFD package (OFD.xml, Document.xml) with the hardened parser."""
    return parse_xml(archive, name, budget)


def _descendants(root: Element, name: str) -> Iterator[Element]:
    """Descendant elements with a local name, in document order."""
    return (element for element in root.iter() if local_name(element.tag) == name)


def _children_text(root: Element, parent: str, child: str) -> Iterator[str]:
    """The texts of child elements under each parent element."""
    for element in _descendants(root, parent):
        for sub in element:
            if local_name(sub.tag) == child and sub.text:
                yield sub.text


def _ofd_page_text(archive: zipfile.ZipFile, name: str, budget: Budget) -> str:
    """A page's text: TextCodes placed by their absolute position, grouped into lines top to bottom."""
    page = _Page(budget)
    stream_xml(archive, name, budget, page)
    lines: list[list[Piece]] = []
    for piece in sorted(page.pieces, key=lambda p: (p[0], p[1])):
        if lines and abs(lines[-1][0][0] - piece[0]) <= LINE_TOLERANCE:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return "\n".join(_join_line(sorted(line, key=lambda p: p[1])) for line in lines)


class _Page:
    """The TextCodes of a Content.xml, each placed at its TextObject's origin plus its own X and Y."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.pieces: list[Piece] = []
        self.origin: tuple[float, float, float] | None = None
        self.code: tuple[float, float] = (0.0, 0.0)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "TextObject":
            self.origin = (*_boundary_origin(attributes.get("Boundary", "")), _number(attributes.get("Size"), 0.0))
        elif name == "TextCode":
            self.code = (_number(attributes.get("X"), 0.0), _number(attributes.get("Y"), 0.0))

    def end(self, name: str, text: str) -> None:
        if name == "TextObject":
            self.origin = None
        elif name == "TextCode" and self.origin is not None and text:
            self.budget.spend_chars(len(text))
            self.pieces.append((self.origin[1] + self.code[1], self.origin[0] + self.code[0], self.origin[2], text))


def _join_line(pieces: list[Piece]) -> str:
    """Join the pieces of one line, with a space where a gap wider than two characters separates them."""
    text = pieces[0][3]
    for previous, piece in itertools.pairwise(pieces):
        end = previous[1] + previous[2] * len(previous[3])
        gap = piece[1] - end
        text += (" " if previous[2] and gap > 2 * previous[2] else "") + piece[3]
    return text


def _boundary_origin(boundary: str) -> tuple[float, float]:
    """The x and y of an OFD Boundary "x y w h"."""
    parts = boundary.split()
    return (_number(parts[0], 0.0), _number(parts[1], 0.0)) if len(parts) >= 2 else (0.0, 0.0)


def _number(raw: str | None, default: float) -> float:
    """A float attribute, or the default when absent or malformed."""
    try:
        return float(raw) if raw is not None else default
    except ValueError:
        return default
