"""The bounds on what intake reads. A file is refused (BadInput) as soon as reading it would pass one of them.

The upload size is checked before anything is read; the zip-bomb guards when a .docx or an .ofd is opened; the
budgets while parsing (`intake.budget`); the child process's memory, CPU and wall-clock limits around the whole
read (`intake.sandbox`), so a file that slips past every budget still costs at most those.
"""

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

MAX_XML_BYTES = 64 * 1024 * 1024
"""Decompressed XML a .docx or an .ofd may have read from it, all its parts together (a page counted per use)."""
MAX_XML_ELEMENTS = 1_000_000
"""XML elements parsed in one file, all its parts together."""
MAX_PAGES = 5_000
"""Pages of a .pdf or an .ofd."""
MAX_CONTENT_BYTES = 16 * 1024 * 1024
"""Decoded PDF content streams, each counted once per page that draws it (shared streams count per use): about
what pypdf interprets within the read's time limit."""
MAX_TEXT_CHARS = 5_000_000
"""Characters of text extracted from one file (about 2,500 pages of Chinese text)."""

READ_SECONDS = 8.0
"""Wall-clock seconds one read may take in its child process before it is killed."""
READ_CPU_SECONDS = 8
"""CPU seconds one read may use (RLIMIT_CPU)."""
READ_MEMORY_BYTES = 512 * 1024 * 1024
"""Address space of the child process that reads (RLIMIT_AS)."""


def readable_size(limit: int) -> str:
    """A byte count as a person reads it: 50 MiB, 64 KiB, 100 B."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= factor and limit % factor == 0:
            return f"{limit // factor} {unit}"
    return f"{limit} B"
