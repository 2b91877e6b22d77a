"""Characters that have no place in a document's text or metadata: control characters and terminal escapes.

A title with an escape sequence breaks the Atom feed's XML (XML 1.0 forbids C0 controls) and reaches terminals;
PostgreSQL cannot store NUL. Line feeds and tabs are text; everything else below U+0020, DEL and the C1 controls
are not, and an ANSI escape sequence goes as a whole, not just its ESC.
"""

import re

ANSI_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, links
    r"|\x1b[ -/]*[0-~]"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI as one C1 character
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"[\t\n]+")


def strip_controls(text: str) -> str:
    """The text without escape sequences and control characters; line feeds and tabs stay."""
    return CONTROL.sub("", ANSI_ESCAPE.sub("", text))


def one_line(text: str) -> str:
    """A single-line value (a title, a file name): controls stripped, each run of line breaks and tabs a space."""
    return LINE_BREAKS.sub(" ", strip_controls(text)).strip()
