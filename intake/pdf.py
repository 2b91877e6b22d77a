"""PDF files (.pdf): the text layer, page by page; a scan without one has no text.

Before any text is extracted, every page and the content streams it draws (its /Contents and its form XObjects)
are charged to the budget, each stream decoded once and charged per use: a 15 KB file whose pages all draw one
large shared stream is refused at once instead of being interpreted once per page.
"""

import io
import logging

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject, StreamObject

from intake.budget import Budget
from policies.errors import BadInput

logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_pdf(data: bytes, budget: Budget) -> tuple[str, str | None, int | None]:
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
        texts = list(_page_texts(reader, budget))
    except BadInput:
        raise
    except Exception as error:
        raise BadInput("无法读取 PDF：文件已损坏") from error
    if not texts:
        raise BadInput("无法读取 PDF：文件中没有页面")
    return "\n".join(texts), None, len(texts)


def _page_texts(reader: pypdf.PdfReader, budget: Budget) -> list[str]:
    """Each page's text, once every page and the streams it draws have been charged to the budget."""
    sizes: dict[tuple[int, int], int] = {}
    for page in reader.pages:
        budget.spend_page()
        for key, stream in _drawn_streams(page):
            shared = key in sizes
            if not shared:
                sizes[key] = len(stream.get_data())
            budget.spend_content_bytes(sizes[key], shared=shared)
    texts = []
    for page in reader.pages:
        text = page.extract_text() or ""
        budget.spend_chars(len(text))
        texts.append(text)
    return texts


def _drawn_streams(page: DictionaryObject) -> list[tuple[tuple[int, int], StreamObject]]:
    """The content streams a page draws, by object number: its /Contents and the form XObjects of its resources."""
    drawn: list[PdfObject] = []
    contents = page.get(NameObject("/Contents"))
    if isinstance(contents, IndirectObject) and isinstance(contents.get_object(), ArrayObject):
        contents = contents.get_object()
    drawn.extend(contents if isinstance(contents, ArrayObject) else [contents] if contents is not None else [])
    resources = page.get(NameObject("/Resources"))
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get(NameObject("/XObject")) if isinstance(resources, DictionaryObject) else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if isinstance(xobjects, DictionaryObject):
        drawn.extend(xobjects.raw_get(name) for name in xobjects)
    streams = []
    for reference in drawn:
        stream = reference.get_object() if isinstance(reference, IndirectObject) else reference
        if not isinstance(stream, StreamObject) or stream.get("/Subtype") == "/Image":
            continue
        key = (reference.idnum, reference.generation) if isinstance(reference, IndirectObject) else (-id(stream), 0)
        streams.append((key, stream))
    return streams


def _decrypts_without_password(reader: pypdf.PdfReader) -> bool:
    """Whether an encrypted PDF opens with the empty user password (permissions-only encryption)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False
