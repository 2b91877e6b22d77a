"""Word documents (.docx): body paragraphs and table cells, in document order."""

import io
from collections.abc import Iterator

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from intake.archive import open_archive
from policies.errors import BadInput


def read_docx(data: bytes) -> tuple[str, str | None, int | None]:
    """Read a .docx: its text, no encoding, no page count (Word paginates only when it renders)."""
    open_archive(data, "DOCX")
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
