"""The zip package a .docx or an .ofd is: checked against the zip-bomb limits before anything is unpacked, its XML
parts streamed through expat (hardened: no document type declarations) with every decompressed byte and every
element charged to the budget."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Protocol
from xml.etree.ElementTree import Element
from xml.parsers import expat

from intake import limits
from intake.budget import Budget
from intake.limits import readable_size
from policies.errors import BadInput

UNZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)
CHUNK = 64 * 1024
ELEMENT_BATCH = 1024


def open_archive(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open a zip package after checking it is one and is not a zip bomb."""
    if not data.startswith(b"PK"):
        hint = "（可能是旧版 .doc）" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise BadInput(f"无法读取 {kind}：文件不是 {kind} 格式{hint}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except UNZIP_ERRORS as error:
        raise BadInput(f"无法读取 {kind}：文件已损坏") from error
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise BadInput(f"无法读取 {kind}：压缩包成员过多（超过 {limits.MAX_ZIP_MEMBERS} 个）")
    if sum(member.file_size for member in members) > limits.MAX_UNPACKED_BYTES:
        raise BadInput(f"无法读取 {kind}：解压后超过 {readable_size(limits.MAX_UNPACKED_BYTES)}（疑似压缩炸弹）")
    return archive


class XmlHandler(Protocol):
    """What a reader does with the elements of a streamed XML part (local names, without namespaces)."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """An element opens, with its attributes (their names local too)."""

    def end(self, name: str, text: str) -> None:
        """An element closes, with the text since the last element opened (a leaf's text)."""


def stream_xml(archive: zipfile.ZipFile, name: str, budget: Budget, handler: XmlHandler) -> None:
    """Stream one XML member through expat into the handler, charging each decompressed chunk and each element
    to the budget before the handler sees it; no tree is built, so memory stays flat however large the part.

    Hardened as defusedxml is: a document type declaration (and so any entity, internal or external) is refused.
    """
    kind = budget.kind
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    pending: list[str] = []
    names: dict[str, str] = {}
    opened = [0]

    def local(tag: str) -> str:
        found = names.get(tag)
        if found is None:
            found = names[tag] = local_name(tag)
        return found

    def start(tag: str, attributes: dict[str, str]) -> None:
        opened[0] += 1
        if opened[0] == ELEMENT_BATCH:
            budget.spend_xml_elements(opened[0])
            opened[0] = 0
        pending.clear()
        handler.start(local(tag), {local(key): value for key, value in attributes.items()} if attributes else {})

    def end(tag: str) -> None:
        text = "".join(pending)
        pending.clear()
        handler.end(local(tag), text)

    def doctype(*_args: object) -> None:
        raise _Unsafe

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = pending.append
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                budget.spend_xml_bytes(len(chunk))
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        budget.spend_xml_elements(opened[0])
    except KeyError:
        raise BadInput(f"无法读取 {kind}：缺少 {name}") from None
    except _Unsafe:
        raise BadInput(f"无法读取 {kind}：{name} 含有不安全的 XML 结构") from None
    except (expat.ExpatError, *UNZIP_ERRORS) as error:
        raise BadInput(f"无法读取 {kind}：{name} 已损坏") from error


def parse_xml(archive: zipfile.ZipFile, name: str, budget: Budget) -> Element:
    """A small XML member (an index such as OFD.xml, Document.xml, _rels/.rels) as a tree, within the budget."""
    tree = _Tree()
    stream_xml(archive, name, budget, tree)
    if tree.root is None:
        raise BadInput(f"无法读取 {budget.kind}：{name} 已损坏")
    return tree.root


def local_name(tag: str) -> str:
    """A tag or attribute name without its namespace (producers vary in using one)."""
    return tag.rsplit("}", 1)[-1]


class _Unsafe(Exception):
    """The XML declares a document type (the door to entity bombs and external entities)."""


class _Tree:
    """Builds the elements of a small XML part, tags by local name, each leaf with its text."""

    def __init__(self) -> None:
        self.root: Element | None = None
        self.open: list[Element] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        element = Element(name, attributes)
        if self.open:
            self.open[-1].append(element)
        else:
            self.root = element
        self.open.append(element)

    def end(self, name: str, text: str) -> None:
        element = self.open.pop()
        if len(element) == 0:
            element.text = text
