"""Intake: a submitted file's bytes become normalised text, or one clear Chinese refusal (BadInput, exit 2).

One module per format (text, docx, pdf, ofd, html); the bounds on what is read are in intake.limits.
"""

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from intake.docx import read_docx
from intake.html import read_html
from intake.limits import MAX_UPLOAD_BYTES, readable_size
from intake.ofd import read_ofd
from intake.pdf import read_pdf
from intake.text import normalise_text, read_plain
from policies.errors import BadInput

__all__ = ["ExtractedText", "extract_text"]

SUPPORTED = ".txt .md .docx .pdf .ofd .html"


@dataclass(frozen=True)
class ExtractedText:
    """The text read from a file, with what was learnt about the file on the way."""

    text: str
    media_type: str
    encoding: str | None
    pages: int | None


@dataclass(frozen=True)
class FileFormat:
    """A format intake reads: its media type, its reader (text, encoding, pages), the refusal when it has no text."""

    media_type: str
    read: Callable[[bytes], tuple[str, str | None, int | None]]
    no_text: str


_HTML = FileFormat("text/html", read_html, "网页没有文字内容")
FORMATS = {
    ".txt": FileFormat("text/plain", read_plain, "文件没有文字内容"),
    ".md": FileFormat("text/markdown", read_plain, "文件没有文字内容"),
    ".docx": FileFormat(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", read_docx, "DOCX 文件没有文字内容"
    ),
    ".pdf": FileFormat("application/pdf", read_pdf, "PDF 没有文字层（可能是扫描件）"),
    ".ofd": FileFormat("application/ofd", read_ofd, "OFD 没有文字内容（可能是扫描件）"),
    ".html": _HTML,
    ".htm": _HTML,
}


def extract_text(data: bytes, filename: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> ExtractedText:
    """Read the text of a submitted file, refusing empty, oversize, unsupported, broken or textless files."""
    suffix = posixpath.splitext(filename.lower())[1]
    file_format = FORMATS.get(suffix)
    if file_format is None:
        shown = suffix or "（无扩展名）"
        raise BadInput(f"不支持的文件类型 {shown}（支持 {SUPPORTED}）")
    if not data:
        raise BadInput("文件为空")
    if len(data) > max_bytes:
        raise BadInput(f"文件超过 {readable_size(max_bytes)} 上限")
    text, encoding, pages = file_format.read(data)
    text = normalise_text(text)
    if not text.strip():
        raise BadInput(file_format.no_text)
    return ExtractedText(text=text, media_type=file_format.media_type, encoding=encoding, pages=pages)
