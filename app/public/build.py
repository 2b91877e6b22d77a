"""`gongkai site build DIR`: the public 政府信息公开 column as static files, written beside DIR and swapped in.

The site: index.html (by year and by subject area, newest first), a page per document (the metadata table,
the published text, the （此件公开发布） mark, links to its interpretations), a page per interpretation (linked
back), feed.atom and index.json. What is public is decided by storage.site; app.public.pages and app.public.feed
render it, and this module writes their texts into a temporary directory beside DIR, then swaps it in.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from app.home.runtime import Runtime
from app.public.feed import GENERATOR, feed_atom, index_json
from app.public.pages import document_html, index_html, interpretation_html
from app.public.views import SiteView, site_view
from policies.errors import BadInput
from storage.site import PublicColumn, public_column

MARKER: Final = ".gongkai-site.json"


def build_site(runtime: Runtime, directory: Path, *, base_url: str | None = None) -> dict[str, Any]:
    """Read what is public and write the column to DIR, refusing a DIR that is not a previous gongkai site."""
    target = checked_target(directory)
    with runtime.unit_of_work(readonly=True) as uow:
        column = public_column(uow.session)
    return write_site(column, target, base_url=base_url, today=runtime.clock.today())


def write_site(column: PublicColumn, directory: Path, *, base_url: str | None, today: date) -> dict[str, Any]:
    """Render the column into a temporary directory beside DIR, then swap it in; a failure leaves DIR as it was."""
    target = checked_target(directory)
    base = normalised_base_url(base_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.building-"))
    view = site_view(column)
    try:
        building.chmod(0o755)
        _render(building, view, base=base, today=today)
        _swap(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return {
        "dir": str(target),
        "index": str(target / "index.html"),
        "documents": len(view.documents),
        "interpretations": sum(len(document.interpretations) for document in view.documents),
        "feed": str(target / "feed.atom"),
        "json": str(target / "index.json"),
    }


def checked_target(directory: Path) -> Path:
    """DIR as an absolute path, when it is absent, empty, or a site gongkai built; BadInput otherwise."""
    target = directory.expanduser().resolve()
    if not target.exists():
        return target
    if not target.is_dir():
        raise BadInput(f"{target} 已存在且不是目录：请指定站点目录")
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise BadInput(f"不能把站点生成到 {target}：请指定一个专用目录")
    if any(target.iterdir()) and not is_gongkai_site(target):
        raise BadInput(f"目录 {target} 已存在且不是 gongkai 生成的站点：为免误删其中的文件，拒绝覆盖")
    return target


def is_gongkai_site(directory: Path) -> bool:
    """Whether a directory holds a site gongkai built (its marker file says so)."""
    try:
        marker = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("generator") == GENERATOR


def normalised_base_url(base_url: str | None) -> str:
    """The public address of the site ending in /, or "" for relative links; BadInput for a non-http address."""
    if not base_url:
        return ""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadInput(f"站点地址应以 http:// 或 https:// 开头：{base_url!r}")
    return parts.geturl().rstrip("/") + "/"


def _render(building: Path, view: SiteView, *, base: str, today: date) -> None:
    """Write every page of the site into the building directory."""
    for folder in ("documents", "interpretations"):
        (building / folder).mkdir()
    for document in view.documents:
        _write(building / document.url, document_html(view, document))
        for item in document.interpretations:
            _write(building / item.url, interpretation_html(view, document, item))
    _write(building / "index.html", index_html(view))
    (building / "feed.atom").write_bytes(feed_atom(view, base=base, today=today))
    _write(building / "index.json", index_json(view, base=base))
    _write(building / MARKER, json.dumps({"generator": GENERATOR, "documents": len(view.documents)}))


def _swap(building: Path, target: Path) -> None:
    """Put the built directory in DIR's place; the previous site is moved aside first and restored on failure."""
    if not target.exists():
        building.rename(target)
        return
    previous = target.parent / f".{target.name}.previous-{uuid.uuid4().hex[:8]}"
    target.rename(previous)
    try:
        building.rename(target)
    except BaseException:
        previous.rename(target)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _write(path: Path, text: str) -> None:
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")
