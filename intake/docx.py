"""Word documents (.docx): body paragraphs and table cells in document order, streamed from word/document.xml.

Streaming (not python-docx's whole tree) keeps a 200 MB document.xml from costing gigabytes: every byte and
element is charged to the budget as it is parsed. The text follows python-docx's: a paragraph's runs with tabs
and line breaks; each table row as its cells' texts joined by tabs; text boxes are not part of the body.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from intake.archive import open_archive, parse_xml, stream_xml
from intake.budget import Budget
from policies.errors import BadInput

OFFICE_DOCUMENT = "/officeDocument"
RUN_MARKS = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}


def read_docx(data: bytes, budget: Budget) -> tuple[str, str | None, int | None]:
    """Read a .docx: its text, no encoding, no page count (Word paginates only when it renders)."""
    archive = open_archive(data, "DOCX")
    body = _Body(budget)
    stream_xml(archive, _main_part(archive, budget), budget, body)
    return "\n".join(body.lines), None, None


def _main_part(archive: zipfile.ZipFile, budget: Budget) -> str:
    """The main document part, as the package's relationships name it (word/document.xml as Word writes it)."""
    if "_rels/.rels" not in archive.namelist():
        raise BadInput("无法读取 DOCX：文件已损坏")
    for relation in parse_xml(archive, "_rels/.rels", budget).iter():
        if relation.get("Type", "").endswith(OFFICE_DOCUMENT):
            target = posixpath.normpath(relation.get("Target", "").lstrip("/"))
            if target in archive.namelist():
                return target
    raise BadInput("无法读取 DOCX：文件已损坏")


@dataclass
class _Body:
    """The text of the body, built from the parser's events: paragraphs, and tables as rows of tab-joined cells."""

    budget: Budget
    lines: list[str] = field(default_factory=list)
    containers: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    paragraphs: list[list[str]] = field(default_factory=list)
    runs: int = 0
    text_boxes: int = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """A paragraph, run, row or cell opens (nothing inside a text box counts)."""
        if name == "txbxContent":
            self.text_boxes += 1
        elif self.text_boxes:
            return
        elif name == "p":
            self.paragraphs.append([])
        elif name == "r":
            self.runs += 1
        elif name == "tr":
            self.rows.append([])
        elif name == "tc":
            self.containers.append([])
        elif name == "br" and self.runs and self.paragraphs:
            self._add("\n" if attributes.get("type", "textWrapping") == "textWrapping" else "")

    def end(self, name: str, text: str) -> None:
        """A paragraph, row or cell closes into its container; a run's text, tab or mark joins its paragraph."""
        if name == "txbxContent":
            self.text_boxes = max(0, self.text_boxes - 1)
        elif self.text_boxes:
            return
        elif name == "p" and self.paragraphs:
            self._line("".join(self.paragraphs.pop()))
        elif name == "r":
            self.runs = max(0, self.runs - 1)
        elif name == "tr" and self.rows:
            self._line("\t".join(self.rows.pop()))
        elif name == "tc" and self.containers:
            cell = "\n".join(self.containers.pop()).strip()
            if self.rows:
                self.rows[-1].append(cell)
        elif self.runs and self.paragraphs:
            self._add(text if name == "t" else RUN_MARKS.get(name, ""))

    def _add(self, piece: str) -> None:
        """Text joins the open paragraph, charged to the budget."""
        if piece:
            self.budget.spend_chars(len(piece))
            self.paragraphs[-1].append(piece)

    def _line(self, line: str) -> None:
        """A finished paragraph or row, into the cell it is in, or the body."""
        (self.containers[-1] if self.containers else self.lines).append(line)
