"""The public column under /public in the web app, through FastAPI's TestClient on a SQLite database."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.home.settings import Settings
from app.web.app import create_app
from intake.limits import MAX_UPLOAD_BYTES
from storage.db import Database
from storage.models import Interpretation
from storage.uow import UnitOfWork
from tests.integration.test_site import ATOM, TODAY, Seeder, build

SCRATCH_TITLE = "尚在审查的内部请示"


@pytest.fixture
def settings(sqlite_template: Path, tmp_path: Path) -> Settings:
    """A home in tmp_path with a freshly migrated SQLite database and today pinned."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(sqlite_template, home / "gongkai.db")
    return Settings(
        home=home,
        database_url=f"sqlite:///{home / 'gongkai.db'}",
        files_url=str(home / "files"),
        today=TODAY,
        max_upload_bytes=MAX_UPLOAD_BYTES,
    )


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database_url)
    yield database
    database.dispose()


@pytest.fixture
def seeder(database: Database) -> Seeder:
    return Seeder(database)


@pytest.fixture
def client(settings: Settings, seeder: Seeder) -> Iterator[TestClient]:
    """The web app on that database, with no credentials at all."""
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.runtime.database.dispose()


def test_the_index_lists_the_public_documents_without_login(seeder: Seeder, client: TestClient) -> None:
    public = seeder.document("关于调整学生资助标准的通知")
    seeder.document(SCRATCH_TITLE, state="under_review", published_version=None, published_on=None)
    seeder.document("依申请公开的批复", attribute="on_request")
    response = client.get("/public/")
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert "示例市教育委员会 · 政府信息公开" in response.text and "主动公开的政府信息共 1 件" in response.text
    assert f'href="documents/{public}.html"' in response.text
    assert SCRATCH_TITLE not in response.text and "依申请公开的批复" not in response.text
    assert client.get("/public/index.html").text == response.text


def test_the_column_without_a_trailing_slash_redirects_to_the_index(client: TestClient) -> None:
    response = client.get("/public", follow_redirects=False)
    assert response.status_code in (301, 307) and response.headers["location"].endswith("/public/")
    assert "暂无主动公开的政府信息" in client.get("/public").text


def test_a_document_page_shows_the_metadata_table_and_links_back_relatively(seeder: Seeder, client: TestClient) -> None:
    document_id = seeder.document("关于调整学生资助标准的通知", texts=("每生每年资助一千元。",))
    response = client.get(f"/public/documents/{document_id}.html")
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    for row in (
        "<th>索引号</th><td>11500000MB1234567X/2026-00001</td>",
        "<th>成文日期</th><td>2026年9月28日</td>",
        '<th>标题</th><td colspan="3">关于调整学生资助标准的通知</td>',
        "<th>发文字号</th><td>渝教发〔2026〕12号</td>",
        '<th>有效性</th><td colspan="3">有效</td>',
    ):
        assert row in page
    assert "<p>每生每年资助一千元。</p>" in page and "（此件公开发布）" in page
    assert 'href="../index.html"' in page and 'href="../feed.atom"' in page


def test_an_interpretation_page_links_to_its_document_and_back(seeder: Seeder, client: TestClient) -> None:
    document_id = seeder.document(
        "关于调整学生资助标准的通知", interpretations=(("一问一答：资助标准提高了多少？", date(2026, 10, 12)),)
    )
    document_page = client.get(f"/public/documents/{document_id}.html").text
    link = document_page.split('href="../interpretations/')[1].split('"')[0]
    response = client.get(f"/public/interpretations/{link}")
    assert response.status_code == 200
    assert f'href="../documents/{document_id}.html"' in response.text
    assert "《关于调整学生资助标准的通知》问答解读" in response.text
    assert "一问一答：资助标准提高了多少？" in response.text


@pytest.mark.parametrize(
    "address",
    [
        "/public/documents/{withheld}.html",
        "/public/documents/{withdrawn}.html",
        "/public/documents/{draft}.html",
        "/public/documents/999999.html",
        "/public/documents/99999999999999999999999999.html",
        "/public/documents/abc.html",
        "/public/interpretations/{withdrawn_interpretation}.html",
        "/public/interpretations/999999.html",
    ],
)
def test_what_is_not_public_is_the_same_chinese_404_page(
    seeder: Seeder, database: Database, client: TestClient, address: str
) -> None:
    ids = {
        "withheld": seeder.document("不予公开的请示", attribute="withheld"),
        "draft": seeder.document(SCRATCH_TITLE, state="under_review", published_version=None, published_on=None),
        "withdrawn": seeder.document("已撤回的通知", interpretations=(("已撤回的解读", date(2026, 10, 12)),)),
    }
    seeder.withdraw(ids["withdrawn"])
    with UnitOfWork(database, readonly=True) as uow:
        ids["withdrawn_interpretation"] = uow.session.exec(select(Interpretation.id)).one() or 0
    response = client.get(address.format(**ids))
    assert response.status_code == 404 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>页面不存在</h1>" in response.text and 'href="../index.html"' in response.text
    for hidden in ("不予公开的请示", SCRATCH_TITLE, "已撤回的通知", "已撤回的解读"):
        assert hidden not in response.text
    assert response.text == client.get("/public/documents/999999.html").text


def test_an_unknown_address_under_the_column_links_back_to_the_index_from_its_depth(client: TestClient) -> None:
    response = client.get("/public/a/b/c.html")
    assert response.status_code == 404 and "<h1>页面不存在</h1>" in response.text
    assert 'href="../../index.html"' in response.text
    assert 'href="index.html"' in client.get("/public/nothing.html").text


def test_the_column_is_read_only(client: TestClient) -> None:
    assert client.post("/public/").status_code == 405
    assert client.delete("/public/index.json").status_code == 405


def test_the_feed_is_atom(seeder: Seeder, client: TestClient) -> None:
    document_id = seeder.document("关于调整学生资助标准的通知", interpretations=(("解读", date(2026, 10, 12)),))
    response = client.get("/public/feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and len(feed.findall(f"{ATOM}entry")) == 2
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert f"documents/{document_id}.html" in links


def test_the_json_index_is_json(seeder: Seeder, client: TestClient) -> None:
    document_id = seeder.document("关于调整学生资助标准的通知")
    seeder.document("不予公开的请示", attribute="withheld")
    response = client.get("/public/index.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    (entry,) = response.json()["documents"]
    assert (entry["id"], entry["url"]) == (document_id, f"documents/{document_id}.html")


def test_every_page_served_is_the_file_the_static_build_writes(
    seeder: Seeder, database: Database, client: TestClient, tmp_path: Path
) -> None:
    seeder.document("二〇二五年的防汛通知", published_on=date(2025, 6, 1), subject_area="disaster_rescue")
    seeder.document("关于调整学生资助标准的通知", interpretations=(("解读", date(2026, 10, 12)),))
    seeder.document("正在修订的通知", state="under_review", texts=("现行文本。", "修订稿。"))
    build(database, tmp_path / "site")
    site = tmp_path / "site"
    files = [path for path in sorted(site.rglob("*")) if path.is_file() and not path.name.startswith(".")]
    assert len(files) == 7
    for path in files:
        address = path.relative_to(site).as_posix()
        assert client.get(f"/public/{address}").content == path.read_bytes(), address


def test_no_request_or_applicant_data_is_ever_served(seeder: Seeder, client: TestClient) -> None:
    document_id = seeder.document("关于调整学生资助标准的通知")
    seeder.request("申请人陈某某", "申请公开学生资助名单")
    pages = ["/public/", f"/public/documents/{document_id}.html", "/public/feed.atom", "/public/index.json"]
    text = "".join(client.get(address).text for address in pages)
    assert "陈某某" not in text and "学生资助名单" not in text and "13983012345" not in text
    assert json.loads(client.get("/public/index.json").text)["documents"][0]["id"] == document_id
