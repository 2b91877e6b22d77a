"""Signing in and out through the real login form in Debian's Chromium against the session's stack, a form
whose CSRF token was taken out refused, and /api/docs rendering with every request off this machine blocked."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from app.stack.supervisor import StackState
from tests.e2e.browser import needs_chromium
from tests.e2e.conftest import GONGKAI, REPO, run_gongkai

LOCAL_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
PASSWORD: Final = "浏览器里输入的密码-2026"

pytestmark = needs_chromium


def set_password(home: Path, name: str, password: str) -> None:
    """`gongkai user password NAME` with the password on standard input, as an administrator pipes it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PREFECT_API_URL"))}
    environment.update(GONGKAI_HOME=str(home))
    done = subprocess.run([*GONGKAI, "user", "password", name], input=f"{password}\n", env=environment, cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def site(stack_home: Path) -> tuple[str, str]:
    """The stack's address and a reviewer with a password."""
    name = f"审查{uuid.uuid4().hex[:6]}"
    assert run_gongkai(stack_home, "user", "add", name, "--role", "reviewer").code == 0
    set_password(stack_home, name, PASSWORD)
    state = StackState.load(stack_home)
    assert state is not None
    return state.api_url, name


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def fill_login(page: Page, name: str, password: str) -> None:
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)


def test_logging_in_and_out_through_the_form(site: tuple[str, str], page: Page, tmp_path: Path) -> None:
    url, name = site
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    fill_login(page, name, "不是这个密码")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确")
    fill_login(page, name, PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="待审查")).to_be_visible()
    expect(page.locator(".user")).to_contain_text(name)
    cookie = next(c for c in page.context.cookies() if c["name"] == "gongkai_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("document.cookie").find("gongkai_session") == -1  # script cannot read it
    page.screenshot(path=str(tmp_path / "review-landing.png"), full_page=True)
    page.set_viewport_size({"width": 760, "height": 900})  # a narrow window: the header wraps, no word breaks
    lines = "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }"
    for item in (page.get_by_role("button", name="退出"), page.get_by_role("link", name="依申请公开"),
                 page.locator("header .site"), page.locator(".user")):  # fmt: skip
        assert item.evaluate(lines) == 1  # each on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 760  # nothing sticks out sideways
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/login\?signed_out=1$"))
    expect(page.get_by_role("status")).to_have_text("已退出登录。")
    page.goto(f"{url}/review")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_a_form_without_its_csrf_token_is_refused(site: tuple[str, str], page: Page) -> None:
    url, name = site
    page.goto(f"{url}/login")
    fill_login(page, name, PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    page.evaluate("document.querySelector('form[action=\"/logout\"] input[name=\"csrf_token\"]').remove()")
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()
    expect(page.locator(".message")).to_contain_text("CSRF")
    page.goto(f"{url}/review")  # the session was not ended by the refused form
    expect(page).to_have_url(re.compile(r"/review$"))


def test_api_docs_render_with_the_network_blocked(site: tuple[str, str], page: Page) -> None:
    url, _name = site
    blocked: list[str] = []

    def only_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"{url}/api/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/documents/{document_id}").first).to_be_visible()
    assert blocked == []
