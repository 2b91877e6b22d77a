"""Web pages (.html, .htm): the visible text, one line per block, table cells separated by tabs."""

import re
from html.parser import HTMLParser

from intake.budget import Budget
from intake.text import decode_text
from policies.errors import BadInput


def read_html(data: bytes, budget: Budget) -> tuple[str, str | None, int | None]:
    """Read an .html page's visible text: its text, the encoding found, no page count."""
    declared = re.search(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.IGNORECASE)
    text, encoding = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    parser = _HtmlText()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError as error:
        raise BadInput("无法读取网页：HTML 已损坏") from error
    text = parser.text()
    budget.spend_chars(len(text))
    return text, encoding, None


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
