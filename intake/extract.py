"""Turn a submitted file's bytes into normalised text: .txt .md .docx .pdf .ofd .html, or a BadInput refusal."""

import codecs
import io
import itertools
import logging
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import Element, ParseError

import docx
import pypdf
from charset_normalizer import from_bytes
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph

from policies.errors import BadInput

MAX_BYTES_DEFAULT = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

SUPPORTED = ".txt .md .docx .pdf .ofd .html"
MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".ofd": "application/ofd",
    ".html": "text/html",
    ".htm": "text/html",
}
BINARY_MAGIC = {
    b"%PDF-": "PDF",
    b"PK\x03\x04": "ZIP（DOCX/OFD）",
    b"\xd0\xcf\x11\xe0": "旧版 Office（.doc/.xls）",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
}
TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz"}
MIN_PLAUSIBILITY = 0.8
LINE_TOLERANCE = 1.0
UNZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)

logging.getLogger("pypdf").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class ExtractedText:
    """The text read from a file, with what was learnt about the file on the way."""

    text: str
    media_type: str
    encoding: str | None
    pages: int | None


def extract_text(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES_DEFAULT) -> ExtractedText:
    """Read the text of a submitted file, refusing empty, oversize, unsupported, broken or textless files."""
    suffix = posixpath.splitext(filename.lower())[1]
    if suffix not in MEDIA_TYPES:
        shown = suffix or "（无扩展名）"
        raise BadInput(f"不支持的文件类型 {shown}（支持 {SUPPORTED}）")
    if not data:
        raise BadInput("文件为空")
    if len(data) > max_bytes:
        raise BadInput(f"文件超过 {_size(max_bytes)} 上限")
    text, encoding, pages = READERS[suffix](data)
    text = normalise_text(text)
    if not text.strip():
        raise BadInput(NO_TEXT[suffix])
    return ExtractedText(text=text, media_type=MEDIA_TYPES[suffix], encoding=encoding, pages=pages)


def normalise_text(text: str) -> str:
    """Unify line ends, drop NUL and trailing spaces, compose to NFC; full-width characters stay as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    return "\n".join(lines).strip("\n")


def _size(limit: int) -> str:
    """A byte count as a person reads it: 50 MiB, 64 KiB, 100 B."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= factor and limit % factor == 0:
            return f"{limit // factor} {unit}"
    return f"{limit} B"


def _read_plain(data: bytes) -> tuple[str, str | None, int | None]:
    """Decode a .txt or .md file."""
    text, encoding = decode_text(data)
    return text, encoding, None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes: a BOM, else UTF-8, else a declared charset, else charset-normalizer's best CJK guess."""
    for bom, encoding in TEXT_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError:
                raise BadInput(f"无法读取文本：{encoding.upper()} 编码已损坏") from None
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BadInput(f"无法读取文本：内容不是文本（看起来是 {kind} 文件）")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        decoded = _decode_as(data, declared)
        if decoded is not None:
            return decoded
    candidates = [found for match in from_bytes(data) if (found := _decode_as(data, match.encoding))]
    readable = [candidate for candidate in candidates if _chinese_plausibility(candidate[0]) >= MIN_PLAUSIBILITY]
    if not readable:
        raise BadInput("无法识别文本编码（请另存为 UTF-8）")
    return max(readable, key=lambda candidate: _chinese_plausibility(candidate[0]))


def _decode_as(data: bytes, name: str) -> tuple[str, str] | None:
    """Decode strictly with a named codec (the GB family as GB18030), or None when it does not fit."""
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    if encoding in GB_FAMILY:
        encoding = "gb18030"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def _chinese_plausibility(text: str) -> float:
    """Share of the first characters that are printable ASCII or in GB 2312, the simplified Chinese core set."""
    sample = text[:20_000]
    if not sample:
        return 0.0
    good = sum(1 for ch in sample if ch in "\t\n\r" or " " <= ch <= "~" or _in_gb2312(ch))
    return good / len(sample)


def _in_gb2312(ch: str) -> bool:
    """Whether a character is in GB 2312."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _read_docx(data: bytes) -> tuple[str, str | None, int | None]:
    """Read a .docx: body paragraphs and table cells, in document order."""
    _open_zip(data, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document.iter_inner_content()))
    except Exception as error:
        raise BadInput("无法读取 DOCX：文件已损坏") from error
    return "\n".join(lines), None, None


def _docx_lines(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
    """Paragraph texts, and each table row as its distinct cells' texts joined by tabs."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
            continue
        for row in block.rows:
            seen: set[int] = set()
            cells = []
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append("\n".join(_docx_lines(cell.iter_inner_content())).strip())
            yield "\t".join(cells)


def _read_pdf(data: bytes) -> tuple[str, str | None, int | None]:
    """Read a .pdf's text layer, page by page."""
    if b"%PDF-" not in data[:1024]:
        raise BadInput("无法读取 PDF：文件不是 PDF 格式")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as error:
        raise BadInput("无法读取 PDF：文件已损坏") from error
    if encrypted and not _decrypts_without_password(reader):
        raise BadInput("无法读取 PDF：文件已加密")
    try:
        texts = [page.extract_text() or "" for page in reader.pages]
    except Exception as error:
        raise BadInput("无法读取 PDF：文件已损坏") from error
    if not texts:
        raise BadInput("无法读取 PDF：文件中没有页面")
    return "\n".join(texts), None, len(texts)


def _decrypts_without_password(reader: pypdf.PdfReader) -> bool:
    """Whether an encrypted PDF opens with the empty user password (permissions-only encryption)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _read_ofd(data: bytes) -> tuple[str, str | None, int | None]:
    """Read an .ofd (GB/T 33190): OFD.xml → each DocRoot's Document.xml → each page's Content.xml TextCodes."""
    archive = _open_zip(data, "OFD")
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


def _open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open a zip package after checking it is one and is not a zip bomb."""
    if not data.startswith(b"PK"):
        hint = "（可能是旧版 .doc）" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise BadInput(f"无法读取 {kind}：文件不是 {kind} 格式{hint}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except UNZIP_ERRORS as error:
        raise BadInput(f"无法读取 {kind}：文件已损坏") from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise BadInput(f"无法读取 {kind}：压缩包成员过多（超过 {MAX_ZIP_MEMBERS} 个）")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise BadInput(f"无法读取 {kind}：解压后超过 {_size(MAX_UNPACKED_BYTES)}（疑似压缩炸弹）")
    return archive


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


class _HtmlText(HTMLParser):
    """Collects the visible text of an HTML page, one line per block, table cells separated by tabs."""

    SKIPPED = frozenset({"script", "style", "noscript", "template", "head"})
    BLOCKS = frozenset(
        {"address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
         "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
         "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "tr", "ul"}
    )  # fmt: skip
    CELLS = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a skipped, preformatted, block or cell element; a cell starts a new column."""
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "pre":
            self.pre += 1
        if tag in self.CELLS:
            self.parts.append("\t")
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close a skipped, preformatted, block or cell element."""
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        self._break(tag)

    def handle_data(self, data: str) -> None:
        """Keep visible text; collapse HTML whitespace outside <pre>."""
        if not self.skipping:
            self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))

    def _break(self, tag: str) -> None:
        """A block starts and ends on a line of its own."""
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def text(self) -> str:
        """The collected text, each line trimmed, empty lines dropped."""
        lines = (line.strip(" \t\xa0") for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _read_html(data: bytes) -> tuple[str, str | None, int | None]:
    """Read an .html page's visible text."""
    declared = re.search(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.IGNORECASE)
    text, encoding = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    parser = _HtmlText()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError as error:
        raise BadInput("无法读取网页：HTML 已损坏") from error
    return parser.text(), encoding, None


READERS: dict[str, Callable[[bytes], tuple[str, str | None, int | None]]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".ofd": _read_ofd,
    ".html": _read_html,
    ".htm": _read_html,
}
NO_TEXT = {
    ".txt": "文件没有文字内容",
    ".md": "文件没有文字内容",
    ".docx": "DOCX 文件没有文字内容",
    ".pdf": "PDF 没有文字层（可能是扫描件）",
    ".ofd": "OFD 没有文字内容（可能是扫描件）",
    ".html": "网页没有文字内容",
    ".htm": "网页没有文字内容",
}
