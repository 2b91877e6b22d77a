"""Intake: a submitted file's bytes become normalised text, or one clear Chinese refusal (BadInput, exit 2). A
copy saved from a web page loses the page's chrome lines (policies.page_chrome); the file itself is stored as sent.

One module per format (text, docx, pdf, ofd, html), each charging what it reads to one `Budget` (intake.limits);
entry points read through `intake.sandbox`, which runs this in a child process with memory, CPU and time limits.
"""

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from intake.budget import Budget
from intake.docx import read_docx
from intake.html import read_html
from intake.limits import MAX_UPLOAD_BYTES, readable_size
from intake.ofd import read_ofd
from intake.pdf import read_pdf
from intake.text import normalise_text, read_plain
from policies.errors import BadInput
from policies.page_chrome import without_page_chrome

__all__ = ["ExtractedText", "extract_text"]

SUPPORTED = ".txt .md .docx .pdf .ofd .html"
SAVE_AS = "请在 WPS 或 Word 中另存为 .docx、.pdf 或 .ofd 后再提交"
LEGACY = {".doc": "Word 97-2003 文档", ".wps": "WPS 文字文档", ".wpt": "WPS 文字模板", ".dot": "Word 97-2003 模板"}


@dataclass(frozen=True)
class ExtractedText:
    """The text read from a file, with what was learnt about the file on the way."""

    text: str
    media_type: str
    encoding: str | None
    pages: int | None


@dataclass(frozen=True)
class FileFormat:
    """A format intake reads: its media type, its name in refusals, its reader (text, encoding, pages), and the
    refusal when it has no text."""

    media_type: str
    kind: str
    read: Callable[[bytes, Budget], tuple[str, str | None, int | None]]
    no_text: str


_HTML = FileFormat("text/html", "网页", read_html, "网页没有文字内容")
FORMATS = {
    ".txt": FileFormat("text/plain", "文本", read_plain, "文件没有文字内容"),
    ".md": FileFormat("text/markdown", "文本", read_plain, "文件没有文字内容"),
    ".docx": FileFormat(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
        read_docx,
        "DOCX 文件没有文字内容",
    ),
    ".pdf": FileFormat("application/pdf", "PDF", read_pdf, "PDF 没有文字层（可能是扫描件）"),
    ".ofd": FileFormat("application/ofd", "OFD", read_ofd, "OFD 没有文字内容（可能是扫描件）"),
    ".html": _HTML,
    ".htm": _HTML,
}


def extract_text(data: bytes, filename: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> ExtractedText:
    """Read the text of a submitted file, refusing empty, oversize, unsupported, legacy, broken or textless files
    and any file that would pass a budget of intake.limits."""
    suffix = posixpath.splitext(filename.lower())[1]
    if suffix in LEGACY:
        raise BadInput(f"不能读取旧版格式 {suffix}（{LEGACY[suffix]}）：{SAVE_AS}")
    file_format = FORMATS.get(suffix)
    if file_format is None:
        shown = suffix or "（无扩展名）"
        raise BadInput(f"不支持的文件类型 {shown}（支持 {SUPPORTED}）")
    if not data:
        raise BadInput("文件为空")
    if len(data) > max_bytes:
        raise BadInput(f"文件超过 {readable_size(max_bytes)} 上限")
    text, encoding, pages = file_format.read(data, Budget(file_format.kind))
    text = without_page_chrome(normalise_text(text))
    if not text.strip():
        raise BadInput(file_format.no_text)
    return ExtractedText(text=text, media_type=file_format.media_type, encoding=encoding, pages=pages)
