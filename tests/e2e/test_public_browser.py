"""The public column under /public in a real Chromium, against the session's stack: a citizen's path through it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from app.stack.supervisor import StackState
from tests.e2e.browser import PNG_SIGNATURE, needs_chromium
from tests.e2e.conftest import run_gongkai

ISSUER: Final = "示例市人民政府办公室"

pytestmark = needs_chromium


@dataclass(frozen=True)
class Published:
    """What the CLI put on the column, and what it must keep off it."""

    url: str
    document_id: int
    title: str
    doc_number: str
    index_no: str
    withheld_id: int
    withheld_title: str


def _text(title: str, doc_number: str, body: str) -> str:
    """A document as an office drafts it: header, 发文字号, title, addressees, body, signature and date."""
    head = f"{ISSUER}文件\n\n{doc_number}\n\n{ISSUER}\n{title}\n\n各区县人民政府：\n"
    return f"{head}　　{body}\n\n{ISSUER}\n2026年9月28日\n"


def _ok(home: Path, *args: str, today: str) -> Any:
    """Run a command with --json that must succeed; its JSON output."""
    result = run_gongkai(home, *args, "--json", today=today)
    assert result.code == 0, result.stderr
    return result.json


@pytest.fixture(scope="module")
def published(stack_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Published:
    """A proactive document published and interpreted through the CLI, and a withheld one filed."""
    tag = uuid.uuid4().hex[:6]
    drafter, reviewer, signer = f"拟稿{tag}", f"审查{tag}", f"签发{tag}"
    for name, role in ((drafter, "drafter"), (reviewer, "reviewer"), (signer, "signer")):
        assert run_gongkai(stack_home, "user", "add", name, "--role", role).code == 0
    folder = tmp_path_factory.mktemp("browser")
    title, withheld_title = f"关于做好{tag}学生资助工作的通知", f"关于{tag}人事调整的内部请示"
    doc_number = f"示例府办发〔2026〕{int(tag, 16) % 900 + 100}号"
    notice, withheld, answers = folder / "通知.txt", folder / "请示.txt", folder / "问答.txt"
    notice.write_text(_text(title, doc_number, "一、提高资助标准。二、简化申请手续。"), encoding="utf-8")
    withheld.write_text(_text(withheld_title, "示例府办文〔2026〕1号", "拟调整处室负责人。"), encoding="utf-8")
    answers.write_text("一问一答：资助标准提高了多少？答：每生每年提高五百元。", encoding="utf-8")

    document = _ok(stack_home, "submit", str(notice), "--as", drafter, "--attribute", "proactive",
                   "--domain", "education", today="2026-09-01")  # fmt: skip
    document_id = str(document["id"])
    _ok(stack_home, "review", document_id, "--as", reviewer, "--approve", today="2026-09-02")
    _ok(stack_home, "sign", document_id, "--as", signer, today="2026-09-28")
    shown = _ok(stack_home, "publish", document_id, "--as", reviewer, today="2026-10-09")
    _ok(stack_home, "interpret", document_id, str(answers), "--as", drafter, "--form", "qa", today="2026-10-12")

    filed = _ok(stack_home, "submit", str(withheld), "--as", drafter, "--attribute", "withheld",
                "--grounds", "internal_affairs", today="2026-09-01")  # fmt: skip
    _ok(stack_home, "review", str(filed["id"]), "--as", reviewer, "--approve", today="2026-09-02")
    assert _ok(stack_home, "sign", str(filed["id"]), "--as", signer, today="2026-09-28")["state"] == "filed"

    state = StackState.load(stack_home)
    assert state is not None
    return Published(
        url=f"{state.api_url}/public/", document_id=int(document_id), title=shown["title"],
        doc_number=shown["metadata"]["doc_number"], index_no=shown["index_no"],
        withheld_id=int(filed["id"]), withheld_title=withheld_title,
    )  # fmt: skip


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _cell(page: Page, label: str) -> Locator:
    """The value beside a label of the metadata table."""
    return page.locator("table.meta th", has_text=re.compile(f"^{label}$")).locator("xpath=following-sibling::td[1]")


def test_a_citizen_finds_the_document_its_metadata_and_its_interpretation(
    published: Published, page: Page, tmp_path: Path
) -> None:
    seen: list[str] = []

    page.goto(published.url)
    expect(page).to_have_title(re.compile("政府信息公开"))
    seen.append(page.content())
    page.get_by_role("link", name=published.title).first.click()

    expect(page).to_have_url(re.compile(rf"/public/documents/{published.document_id}\.html$"))
    for label, value in (
        ("索引号", published.index_no),
        ("主题分类", "教育"),
        ("发文机关", ISSUER),
        ("成文日期", "2026年9月28日"),
        ("标题", published.title),
        ("发文字号", published.doc_number),
        ("发布日期", "2026年10月9日"),
        ("有效性", "有效"),
    ):
        expect(page.locator("table.meta th", has_text=re.compile(f"^{label}$"))).to_be_visible()
        expect(_cell(page, label)).to_have_text(value)
        expect(_cell(page, label)).to_be_visible()
    expect(page.get_by_text("（此件公开发布）", exact=True)).to_be_visible()
    expect(page.get_by_text("一、提高资助标准。二、简化申请手续。")).to_be_visible()
    screenshot = tmp_path / "document.png"
    page.screenshot(path=screenshot, full_page=True)
    seen.append(page.content())

    page.get_by_role("link", name=f"《{published.title}》问答解读").click()
    expect(page).to_have_url(re.compile(r"/public/interpretations/\d+\.html$"))
    expect(page.get_by_role("heading", name=f"《{published.title}》问答解读")).to_be_visible()
    expect(page.get_by_text("一问一答：资助标准提高了多少？", exact=False)).to_be_visible()
    seen.append(page.content())
    page.locator("table.meta").get_by_role("link", name=published.title).click()
    expect(page).to_have_url(re.compile(rf"/public/documents/{published.document_id}\.html$"))
    expect(_cell(page, "索引号")).to_have_text(published.index_no)

    for address in ("feed.atom", "index.json"):
        served = page.request.get(published.url + address)
        assert served.ok
        seen.append(served.text())
    assert published.title in seen[-1] and all(published.withheld_title not in text for text in seen)
    data = screenshot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000


def test_a_withheld_document_is_a_chinese_404_page(published: Published, page: Page) -> None:
    response = page.goto(f"{published.url}documents/{published.withheld_id}.html")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    assert published.withheld_title not in page.content()
    page.get_by_role("link", name="返回政府信息公开首页").click()
    expect(page).to_have_url(re.compile(r"/public/index\.html$"))
    assert published.withheld_title not in page.content()
