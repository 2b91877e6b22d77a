"""Debian's Chromium, driven by Playwright (no browser is ever downloaded): where it is and how it starts, and the
fixture every browser test module shares (one browser per module)."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

CHROMIUM: Final = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps reaching for hosts this closed network refuses.
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: `make test` installs it")
