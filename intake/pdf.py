"""PDF files (.pdf): the text layer, page by page; a scan without one has no text."""

import io
import logging

import pypdf

from policies.errors import BadInput

logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_pdf(data: bytes) -> tuple[str, str | None, int | None]:
    """Read a .pdf's text layer: its text, no encoding, its page count."""
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
