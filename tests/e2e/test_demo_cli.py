"""`gongkai demo` through the real CLI: every path of the lifecycle from nothing, then the public site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import run_gongkai


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    """The demo played once in a fresh home (its own stack), stopped afterwards."""
    home = tmp_path_factory.mktemp("demo") / "home"
    result = run_gongkai(home, "demo", "--json", timeout=600)
    try:
        assert result.code == 0, result.stderr
        yield home, result.json
    finally:
        run_gongkai(home, "down")


def test_the_demo_takes_every_document_to_where_its_path_ends(demo: tuple[Path, Any]) -> None:
    _, result = demo
    assert len(result["documents"]) == 13
    assert result["states"] == {"已解读": 3, "已发布": 5, "已归档（不公开）": 3, "已撤回": 1, "审查中": 1}
    assert result["audit_events"] > 13 and result["web"].startswith("http://127.0.0.1:")


def test_the_demo_site_shows_only_what_is_public(demo: tuple[Path, Any]) -> None:
    home, result = demo
    site = Path(result["site"]).parent
    index = json.loads((site / "index.json").read_text(encoding="utf-8"))
    shown = {entry["id"] for entry in index["documents"]}
    ids = result["documents"]
    assert shown == {ids[story] for story in ("资助办法", "低保办法", "校园安全", "健身月", "临时救助", "大气治理",
                                               "救灾预案", "流感疫苗", "衔接项目")}  # fmt: skip
    assert sum(len(entry["interpretations"]) for entry in index["documents"]) == 4
    amended = (site / "documents" / f"{ids['救灾预案']}.html").read_text(encoding="utf-8")
    assert "该文件正在修订" in amended and "12小时内" in amended and "10小时内" not in amended
    relief = (site / "documents" / f"{ids['临时救助']}.html").read_text(encoding="utf-8")
    assert "13983012345" not in relief and "500103196203080216" not in relief
    assert home in site.parents


def test_the_demo_wants_a_fresh_home(demo: tuple[Path, Any]) -> None:
    home, _ = demo
    again = run_gongkai(home, "demo")
    assert again.code == 2 and "全新的数据目录" in again.stderr
