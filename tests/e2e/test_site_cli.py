"""`gongkai site build DIR` through the real CLI."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import run_gongkai


def test_site_build_writes_the_column_and_refuses_a_directory_it_did_not_build(home: Path, tmp_path: Path) -> None:
    assert run_gongkai(home, "init", "--org-code", "11500000MB1234567X", "--org-name", "示例市教育委员会").code == 0
    built = run_gongkai(home, "site", "build", str(tmp_path / "site"), "--json")
    assert built.code == 0, built.stderr
    assert built.json["documents"] == 0 and Path(built.json["index"]).is_file()
    assert "示例市教育委员会 · 政府信息公开" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    again = run_gongkai(home, "site", "build", str(tmp_path / "site"))
    assert again.code == 0 and "已生成政府信息公开栏目" in again.stdout
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "a.jpg").write_bytes(b"\xff\xd8")
    refused = run_gongkai(home, "site", "build", str(foreign))
    assert refused.code == 2 and len(refused.stderr.strip().splitlines()) == 1 and "拒绝覆盖" in refused.stderr
    assert [path.name for path in foreign.iterdir()] == ["a.jpg"]
