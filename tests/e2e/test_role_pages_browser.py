"""The role pages in a real Chromium against one web app (uvicorn, in this process) with real flows on a Prefect
test server: drafter (who corrects the title read from the file) → reviewer → signer → publish → interpret through
the pages, a drafter refused the review page, and a screenshot of each role's main page (kept in pytest's temporary
directory, never in the repository).

Each person signs in through the login form (/login) with a password set beforehand.
"""

from __future__ import annotations

import contextvars
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect
from prefect.testing.utilities import prefect_test_harness

from app.web.app import create_app
from tests.e2e.browser import PNG_SIGNATURE, needs_chromium
from tests.fixtures_docs import SAMPLE_NOTICE
from tests.flows.pages_client import PASSWORD, prepare_home

pytestmark = needs_chromium

DRAFTER, REVIEWER, SIGNER, SUPERVISOR = "甲拟", "李审", "张签", "周督"
TITLE_PART = "招生入学工作的通知"
CORRECTED_TITLE = "关于做好2018年义务教育招生入学工作的通知（拟稿人更正）"


@dataclass(frozen=True)
class Site:
    """The running web app and where this module keeps its files and screenshots."""

    url: str
    files: Path
    screenshots: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("role-pages")
    settings = prepare_home(home, None, users={REVIEWER: "reviewer", SIGNER: "signer", SUPERVISOR: "supervisor"})
    files = tmp_path_factory.mktemp("files")
    (files / "通知.txt").write_text(SAMPLE_NOTICE, encoding="utf-8")
    (files / "解读方案.txt").write_text("解读方案：发布后以问答形式解读招生政策。", encoding="utf-8")
    (files / "问答.txt").write_text("一问一答：问：怎样就近入学？答：按招生范围免试入学。", encoding="utf-8")
    with prefect_test_harness(server_startup_timeout=120):
        app = create_app(settings)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        context = contextvars.copy_context()  # the harness's Prefect settings, for the server's thread
        thread = threading.Thread(target=context.run, args=(server.run,), kwargs={"sockets": [listener]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        host, port = listener.getsockname()
        yield Site(f"http://{host}:{port}", files, tmp_path_factory.mktemp("screenshots"))
        server.should_exit = True
        thread.join(timeout=30)


def as_user(browser: Browser, site: Site, name: str) -> Page:
    """A browser window signed in as this person through the login form."""
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(site.url + "/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header .user")).to_contain_text(name)
    return page


def main_page(page: Page, site: Site, path: str, heading: str, role: str) -> None:
    """Open a role's main page and keep its screenshot."""
    page.goto(site.url + path)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    shot = site.screenshots / f"{role}.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.read_bytes().startswith(PNG_SIGNATURE) and shot.stat().st_size > 10_000


def test_a_document_goes_from_drafter_to_interpretation_through_the_pages(browser: Browser, site: Site) -> None:
    drafter = as_user(browser, site, DRAFTER)
    main_page(drafter, site, "/my", "我的文件", "drafter")
    drafter.set_input_files("#file", site.files / "通知.txt")
    drafter.select_option("#kind", label="政策性文件")
    drafter.get_by_label("主动公开").check()
    drafter.set_input_files("#plan", site.files / "解读方案.txt")
    drafter.get_by_role("button", name="上传并读取").click()
    expect(drafter.get_by_role("status")).to_contain_text("已上传")
    expect(drafter.locator("table.meta")).to_contain_text("渝府办发〔2018〕52号")
    expect(drafter.get_by_text("审查中").first).to_be_visible()
    expect(drafter.locator("#metadata-check")).to_have_text("元数据：未核对（自动读取）")
    expect(drafter.locator("#meta-title")).to_have_value(re.compile(TITLE_PART))
    drafter.locator("#meta-title").fill(CORRECTED_TITLE)
    drafter.get_by_role("button", name="保存更正").click()
    expect(drafter.get_by_role("status")).to_contain_text("元数据已核对")
    expect(drafter.get_by_role("heading", level=1)).to_have_text(CORRECTED_TITLE)
    expect(drafter.locator("#metadata-check")).to_contain_text("元数据：拟稿人已核对（")
    expect(drafter.locator("ol.timeline")).to_contain_text("更正：标题")
    document_url = drafter.url.split("?")[0]

    reviewer = as_user(browser, site, REVIEWER)
    main_page(reviewer, site, "/review", "待审查", "reviewer")
    reviewer.get_by_role("link", name=re.compile(TITLE_PART)).click()
    expect(reviewer.locator("div.text")).to_contain_text("坚持免试就近入学")
    reviewer.get_by_role("button", name="审查通过").click()
    expect(reviewer.get_by_role("status")).to_contain_text("已审查通过")

    signer = as_user(browser, site, SIGNER)
    main_page(signer, site, "/sign", "待签发", "signer")
    signer.get_by_role("link", name=re.compile(TITLE_PART)).click()
    signer.get_by_role("button", name="签发").click()
    expect(signer.get_by_role("status")).to_contain_text("已签发")

    reviewer.goto(site.url + "/publish")
    expect(reviewer.get_by_text("公开期限")).to_be_visible()
    reviewer.get_by_role("link", name=re.compile(TITLE_PART)).click()
    reviewer.get_by_role("button", name="发布").click()
    expect(reviewer.get_by_role("status")).to_contain_text("已发布")

    drafter.goto(site.url + "/interpret")
    expect(drafter.get_by_text("政策解读期限")).to_be_visible()
    drafter.get_by_role("link", name=re.compile(TITLE_PART)).click()
    drafter.set_input_files("#interpretation", site.files / "问答.txt")
    drafter.select_option("#form", label="问答解读")
    drafter.get_by_role("button", name="发布解读").click()
    expect(drafter.get_by_role("status")).to_contain_text("解读材料已发布")
    expect(drafter.get_by_text("已解读").first).to_be_visible()

    supervisor = as_user(browser, site, SUPERVISOR)
    main_page(supervisor, site, "/documents", "全部公文", "supervisor")
    supervisor.goto(document_url)
    timeline = supervisor.locator("ol.timeline")
    expect(supervisor.get_by_role("heading", level=1)).to_have_text(CORRECTED_TITLE)
    for step in ("核对元数据", "审查通过", "签发", "发布", "发布解读"):
        expect(timeline.get_by_text(step, exact=True).first).to_be_visible()
    assert supervisor.locator("main form[method=post]").count() == 0
    roles = {"drafter", "reviewer", "signer", "supervisor"}
    assert {p.name for p in site.screenshots.iterdir()} == {f"{role}.png" for role in roles}


def test_a_drafter_is_refused_the_review_page(browser: Browser, site: Site) -> None:
    drafter = as_user(browser, site, DRAFTER)
    answer = drafter.goto(site.url + "/review")
    assert answer is not None and answer.status == 403
    expect(drafter.get_by_role("heading", name="无权访问")).to_be_visible()
