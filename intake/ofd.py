"""OFD files (.ofd, GB/T 33190): a zip of XML, read with the hardened parser; text placed by its position."""

import itertools
import posixpath
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from intake.archive import UNZIP_ERRORS, open_archive
from policies.errors import BadInput

LINE_TOLERANCE = 1.0


def read_ofd(data: bytes) -> tuple[str, str | None, int | None]:
    """Read an .ofd: OFD.xml → each DocRoot's Document.xml → each page's Content.xml TextCodes; text and pages."""
    archive = open_archive(data, "OFD")
    pages = []
    for doc_root in _children_text(_ofd_xml(archive, "OFD.xml"), "DocBody", "DocRoot"):
        document_path = _resolve(archive, "", doc_root)
        document = _ofd_xml(archive, document_path)
        for page in _descendants(document, "Page"):
            content_path = _resolve(archive, posixpath.dirname(document_path), page.get("BaseLoc", ""))
            pages.append(_ofd_page_text(_ofd_xml(archive, content_path)))
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


def _ofd_xml(archive: zipfile.ZipFile, name: str) -> Element:
    """Parse one XML member of an OFD package with the hardened parser."""
    try:
        return parse_xml(archive.read(name))
    except KeyError:
        raise BadInput(f"无法读取 OFD：缺少 {name}") from None
    except DefusedXmlException as error:
        raise BadInput(f"无法读取 OFD：{name} 含有不安全的 XML 结构") from error
    except (ParseError, *UNZIP_ERRORS) as error:
        raise BadInput(f"无法读取 OFD：{name} 已损坏") from error


def _local(tag: object) -> str:
    """An element's tag without its namespace (OFD producers vary in using the ofd: namespace)."""
    return str(tag).rsplit("}", 1)[-1]


def _descendants(root: Element, name: str) -> Iterator[Element]:
    """Descendant elements with a local name, in document order."""
    return (element for element in root.iter() if _local(element.tag) == name)


def _children_text(root: Element, parent: str, child: str) -> Iterator[str]:
    """The texts of child elements under each parent element."""
    for element in _descendants(root, parent):
        for sub in element:
            if _local(sub.tag) == child and sub.text:
                yield sub.text


def _ofd_page_text(page: Element) -> str:
    """A page's text: TextCodes placed by their absolute position, grouped into lines top to bottom."""
    pieces: list[tuple[float, float, float, str]] = []
    for text_object in _descendants(page, "TextObject"):
        left, top = _boundary_origin(text_object.get("Boundary", ""))
        size = _number(text_object.get("Size"), 0.0)
        for code in text_object:
            if _local(code.tag) == "TextCode" and code.text:
                x = left + _number(code.get("X"), 0.0)
                y = top + _number(code.get("Y"), 0.0)
                pieces.append((y, x, size, code.text))
    lines: list[list[tuple[float, float, float, str]]] = []
    for piece in sorted(pieces, key=lambda p: (p[0], p[1])):
        if lines and abs(lines[-1][0][0] - piece[0]) <= LINE_TOLERANCE:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return "\n".join(_join_line(sorted(line, key=lambda p: p[1])) for line in lines)


def _join_line(pieces: list[tuple[float, float, float, str]]) -> str:
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
