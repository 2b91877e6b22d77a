"""Signing in and out of the pages through the web app in-process: the form, its CSRF token, the cookie's flags,
refusals that do not say what was wrong and that slow down, disabled users, the clock a session cannot move."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.home import admin
from app.home.runtime import Runtime
from app.home.settings import Settings
from app.web.app import create_app
from app.web.pages.common import redirect
from policies.login import FREE_ATTEMPTS, REFUSED
from storage.models import LoginSession

PASSWORD = "正确的马电池订书钉-2026"
HTML = {"Accept": "text/html"}


class SteppedClock:
    """A clock the test moves on by hand."""

    def __init__(self) -> None:
        self.instant = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)

    def today(self) -> date:
        return self.instant.date()

    def now(self) -> datetime:
        return self.instant


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A fresh home with the organisation and a user of each role, each with a password."""
    home = tmp_path / "home"
    configured = Settings.load(home=str(home))
    runtime = Runtime(settings=configured)
    admin.initialise(runtime, org_code="11500000MB1234567X", org_name="示例市人民政府办公室", org_kind=None)
    for name, role, dept in (("王芳", "drafter", "办公室"), ("李审", "reviewer", None), ("张签", "signer", None),
                             ("周督", "supervisor", None), ("管理员", "admin", None)):  # fmt: skip
        admin.add_user(runtime, name=name, role=role, department=dept)
        admin.set_password(runtime, name=name, password=PASSWORD)
    runtime.database.dispose()
    return configured


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock()


@pytest.fixture
def client(settings: Settings, clock: SteppedClock) -> Iterator[TestClient]:
    app = create_app(settings)
    app.state.runtime.clock = clock
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        yield client
    app.state.runtime.database.dispose()


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> tuple[int, str]:
    """Open the login form and post it; the status and the Location (or the page)."""
    token = csrf_of(client.get("/login", headers=HTML).text)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                           headers=HTML)  # fmt: skip
    return response.status_code, response.headers.get("location", response.text)


def sessions(settings: Settings) -> list[LoginSession]:
    runtime = Runtime(settings=settings)
    with runtime.unit_of_work(readonly=True) as uow:
        rows = list(uow.session.exec(select(LoginSession)).all())
    runtime.database.dispose()
    return rows


def test_the_root_leads_to_the_login_page_when_nobody_is_signed_in(client: TestClient) -> None:
    response = client.get("/", headers=HTML)
    assert (response.status_code, response.headers["location"]) == (303, "/login")
    page = client.get("/login", headers=HTML)
    assert page.status_code == 200 and "<h1>登录</h1>" in page.text and 'lang="zh-CN"' in page.text
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]{20,}">', page.text)
    assert 'name="username"' in page.text and 'type="password"' in page.text


@pytest.mark.parametrize(
    ("name", "home", "link"),
    [("王芳", "/my", "我的文件"), ("李审", "/review", "待审查"), ("张签", "/sign", "待签发"),
     ("周督", "/dashboard", "督查"), ("管理员", "/admin", "系统管理")],
)  # fmt: skip
def test_a_login_leads_each_role_to_its_home_with_its_navigation(
    client: TestClient, name: str, home: str, link: str
) -> None:
    assert log_in(client, name) == (303, home)
    page = client.get(home, headers=HTML)
    assert page.status_code == 200 and f">{link}</a>" in page.text and f"{name}（" in page.text
    assert ">退出</button>" in page.text
    assert client.get("/", headers=HTML).headers["location"] == home


def test_the_session_cookie_is_http_only_and_same_site_and_secure_over_https(client: TestClient) -> None:
    token = csrf_of(client.get("/login", headers=HTML).text)
    response = client.post("/login", data={"username": "王芳", "password": PASSWORD, "csrf_token": token})
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("gongkai_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert PASSWORD not in cookie
    secure = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    token = csrf_of(secure.get("/login", headers=HTML).text)
    response = secure.post("/login", data={"username": "王芳", "password": PASSWORD, "csrf_token": token})
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("gongkai_session="))
    assert response.status_code == 303 and "Secure" in cookie and "HttpOnly" in cookie


def test_only_a_digest_of_the_session_is_stored(client: TestClient, settings: Settings) -> None:
    log_in(client, "王芳")
    cookie = client.cookies["gongkai_session"]
    stored = sessions(settings)
    assert len(stored) == 1 and cookie not in stored[0].token_hash and len(stored[0].token_hash) == 64


def test_a_wrong_password_and_an_unknown_name_get_the_same_one_message(client: TestClient) -> None:
    wrong = log_in(client, "王芳", "not the password")
    unknown = log_in(client, "无此人", "not the password")
    assert wrong[0] == unknown[0] == 401
    assert REFUSED in wrong[1] and REFUSED in unknown[1]
    assert "密码不正确" not in wrong[1].replace(REFUSED, "") and "不存在" not in unknown[1]
    assert "gongkai_session" not in client.cookies


def test_repeated_refusals_are_slowed_down_then_heard_again(client: TestClient, clock: SteppedClock) -> None:
    for _ in range(FREE_ATTEMPTS):
        assert log_in(client, "王芳", "guess")[0] == 401
    status, page = log_in(client, "王芳", PASSWORD)
    assert status == 401 and "请 2 秒后再试" in page  # even the right password waits
    clock.instant += timedelta(seconds=2)
    assert log_in(client, "王芳", "guess")[0] == 401
    status, page = log_in(client, "王芳", PASSWORD)
    assert "请 4 秒后再试" in page  # the wait doubles
    clock.instant += timedelta(seconds=4)
    assert log_in(client, "王芳", PASSWORD) == (303, "/my")
    client.cookies.clear()
    assert log_in(client, "李审", PASSWORD) == (303, "/review")  # others are not slowed by 王芳's refusals
    client.cookies.clear()
    status, page = log_in(client, "王芳", "guess")  # and the success cleared the count
    assert status == 401 and REFUSED in page and "秒后再试" not in page


def test_an_unknown_name_is_slowed_down_like_a_known_one(client: TestClient) -> None:
    for _ in range(FREE_ATTEMPTS):
        log_in(client, "无此人", "guess")
    assert "秒后再试" in log_in(client, "无此人", "guess")[1]


def test_a_login_form_without_its_csrf_token_is_refused(client: TestClient, settings: Settings) -> None:
    client.get("/login", headers=HTML)
    response = client.post("/login", data={"username": "王芳", "password": PASSWORD}, headers=HTML)
    assert response.status_code == 403 and "CSRF" in response.text and "<h1>无权访问</h1>" in response.text
    forged = client.post("/login", data={"username": "王芳", "password": PASSWORD, "csrf_token": "x" * 43})
    assert forged.status_code == 403 and forged.json()["exit_code"] == 3
    assert "gongkai_session" not in client.cookies and sessions(settings) == []


def test_logout_ends_the_session_and_needs_its_token(client: TestClient, settings: Settings) -> None:
    log_in(client, "李审")
    page = client.get("/review", headers=HTML).text
    assert client.post("/logout", data={}, headers=HTML).status_code == 403
    assert client.get("/review", headers=HTML).status_code == 200
    cookie = client.cookies["gongkai_session"]
    response = client.post("/logout", data={"csrf_token": csrf_of(page)}, headers=HTML)
    assert (response.status_code, response.headers["location"]) == (303, "/login?signed_out=1")
    assert "已退出登录" in client.get("/login?signed_out=1", headers=HTML).text
    assert "已退出登录" not in client.get("/login?signed_out=请拨打", headers=HTML).text  # a fixed line only
    assert client.get("/review", headers=HTML).headers["location"] == "/login"
    client.cookies.set("gongkai_session", cookie)  # the old cookie no longer opens anything
    assert client.get("/review", headers=HTML).status_code == 303
    assert all(row.ended_at is not None for row in sessions(settings))


def test_a_disabled_user_cannot_log_in_and_their_session_ends(client: TestClient, settings: Settings) -> None:
    log_in(client, "王芳")
    assert client.get("/my", headers=HTML).status_code == 200
    runtime = Runtime(settings=settings)
    assert admin.disable_user(runtime, name="王芳")["sessions_ended"] == 1
    runtime.database.dispose()
    assert client.get("/my", headers=HTML).headers["location"] == "/login"
    client.cookies.clear()
    status, page = log_in(client, "王芳")
    assert status == 401 and REFUSED in page


def test_a_new_password_ends_the_old_sessions(client: TestClient, settings: Settings) -> None:
    log_in(client, "王芳")
    runtime = Runtime(settings=settings)
    admin.set_password(runtime, name="王芳", password="另一个足够长的新密码啊")
    runtime.database.dispose()
    assert client.get("/my", headers=HTML).status_code == 303
    assert log_in(client, "王芳")[0] == 401
    assert log_in(client, "王芳", "另一个足够长的新密码啊") == (303, "/my")


def test_a_session_expires(client: TestClient, clock: SteppedClock) -> None:
    log_in(client, "王芳")
    clock.instant += timedelta(hours=11)
    assert client.get("/my", headers=HTML).headers["location"] == "/login"


def test_a_role_refused_a_page_gets_the_chinese_403_page(client: TestClient) -> None:
    log_in(client, "王芳")
    response = client.get("/review", headers=HTML)
    assert response.status_code == 403 and "<h1>无权访问</h1>" in response.text and "拟稿人无权访问" in response.text
    assert ">我的文件</a>" in response.text  # the layout keeps the user's own navigation


def test_an_unknown_page_is_the_chinese_404_page_and_the_api_keeps_json(client: TestClient) -> None:
    response = client.get("/没有这页", headers=HTML)
    assert response.status_code == 404 and "<h1>页面不存在</h1>" in response.text
    assert client.get("/api/nothing").json() == {"error": "没有这个地址", "exit_code": 4}


def test_a_session_cannot_move_the_clock(client: TestClient) -> None:
    log_in(client, "李审")
    response = client.get("/review", headers={**HTML, "X-Gongkai-Today": "2020-01-01"})
    assert response.status_code == 400 and "X-Gongkai-Today" in response.text


def test_a_user_name_with_html_is_escaped_on_the_page(client: TestClient, settings: Settings) -> None:
    runtime = Runtime(settings=settings)
    with runtime.unit_of_work() as uow:
        user = uow.users.get("王芳")
        user.name = "王<b>芳</b>"  # a name the CLI would refuse, stored behind its back
        uow.session.add(user)
        uow.commit()
    runtime.database.dispose()
    assert log_in(client, "王<b>芳</b>") == (303, "/my")
    page = client.get("/my", headers=HTML).text
    assert "王&lt;b&gt;芳&lt;/b&gt;" in page and "<b>芳</b>" not in page


def test_a_refused_name_with_html_is_shown_back_escaped(client: TestClient) -> None:
    status, page = log_in(client, '"><script>alert(1)</script>', "guess")
    assert status == 401 and "<script>alert(1)</script>" not in page
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&quot;&gt;&lt;script&gt;" in page


def test_the_api_docs_page_loads_its_assets_from_this_server(client: TestClient) -> None:
    page = client.get("/api/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', page)
    assert assets and all(a.startswith("/api/docs-assets/") for a in assets) and "cdn" not in page
    for asset in assets:
        assert client.get(asset).status_code == 200


def test_an_overlong_name_or_password_is_refused_like_a_wrong_one(client: TestClient) -> None:
    for name, password in (("王" * 201, PASSWORD), ("李审", "x" * 1025)):
        status, page = log_in(client, name, password)
        assert status == 401 and REFUSED in page and "String should" not in page and "请求参数无效" not in page
        assert 'name="username"' in page  # the login form again


def test_a_page_shows_only_the_notices_its_own_redirects_wrote(client: TestClient) -> None:
    log_in(client, "李审")
    sealed = redirect("/review", "已审查通过，送签发").headers["location"]
    assert "已审查通过，送签发" in client.get(sealed, headers=HTML).text
    forged = "/review?" + urlencode({"notice": "系统升级，请将密码发至某邮箱"})
    assert "系统升级" not in client.get(forged, headers=HTML).text
    tampered = sealed.replace(quote("送签发"), quote("请联系某人"))
    assert tampered != sealed and "请联系某人" not in client.get(tampered, headers=HTML).text
    joined = redirect("/self-audit?year=2026", "自查结论已保存").headers["location"]
    assert joined.startswith("/self-audit?year=2026&notice=")  # joined to the path's own query
