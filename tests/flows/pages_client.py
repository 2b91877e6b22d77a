"""A web app on its own database for the page tests, and a browser-like client per person that signs in through
/login (the real form, its CSRF token, the session cookie) and posts forms with their CSRF token, as a browser
would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from app.home import admin
from app.home.runtime import Runtime
from app.home.settings import Settings
from app.web.app import create_app
from intake.limits import MAX_UPLOAD_BYTES
from storage.db import Database
from storage.uow import UnitOfWork

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
DEPARTMENT_DRAFTERS = {"甲拟": "政策法规科", "乙拟": "办公室"}
PASSWORD = "页面测试用的口令-2026"
TODAY = date(2026, 9, 1)


def prepare_home(folder: Path, template_db: Path | None, *, today: date = TODAY,
                 users: dict[str, str] | None = None) -> Settings:  # fmt: skip
    """A home on a copy of the template database (or a new one), two departments' drafters and `users` (name:
    role) added, every user with the test password."""
    settings = Settings(home=folder, database_url=f"sqlite:///{folder / 'gongkai.db'}", files_url=str(folder / "files"),
                        today=today, max_upload_bytes=MAX_UPLOAD_BYTES)  # fmt: skip
    if template_db is not None:
        shutil.copy(template_db, folder / "gongkai.db")
    runtime = Runtime(settings=settings)
    runtime.database.upgrade()
    with UnitOfWork(runtime.database) as uow:
        organisation = uow.organisations.ensure(code="11500000MB1234567X", name="示例市人民政府办公室")
        for name, department in DEPARTMENT_DRAFTERS.items():
            uow.users.add(name=name, role="drafter",
                          department_id=uow.organisations.department(organisation.id or 0, department).id)  # fmt: skip
        for name, role in (users or {}).items():
            uow.users.add(name=name, role=role)
        uow.commit()
        names = [user.name for user in uow.users.list()]
    for name in names:
        admin.set_password(runtime, name=name, password=PASSWORD)
    runtime.database.dispose()
    return settings


def sign_in(client: TestClient, name: str) -> None:
    """Sign in through the login form, as a browser does."""
    form = client.get("/login")
    token = TOKEN.search(form.text)
    assert token is not None, form.text
    answer = client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token.group(1)})
    assert answer.status_code == 303, answer.text


@contextmanager
def page_app(folder: Path, template_db: Path, *, today: date = TODAY) -> Iterator[PageClient]:
    """The web app on a prepared home, as a client per person."""
    settings = prepare_home(folder, template_db, today=today)
    app = create_app(settings)
    with ExitStack() as browsers:
        yield PageClient(app, browsers, Database(settings.database_url))


class PageClient:
    """Opens pages as a person (each with their own browser: cookies, session) and posts their forms with the
    token and version the page carried."""

    def __init__(self, app: FastAPI, stack: ExitStack, database: Database) -> None:
        self.app = app
        self.stack = stack
        self.database = database
        self.browsers: dict[str | None, TestClient] = {}
        stack.callback(database.dispose)

    def browser(self, user: str | None) -> TestClient:
        """This person's browser, signed in on first use (None: a browser nobody signed in on)."""
        if user not in self.browsers:
            self.browsers[user] = self.stack.enter_context(TestClient(self.app, follow_redirects=False))
            if user is not None:
                sign_in(self.browsers[user], user)
        return self.browsers[user]

    def get(self, path: str, user: str | None) -> Response:
        return self.browser(user).get(path)

    def post(self, page: str, action: str, user: str, data: dict[str, Any] | None = None,
             files: dict[str, tuple[str, bytes]] | None = None, *, token: bool = True) -> Response:  # fmt: skip
        """Open `page` as `user`, then post its form at `action` with the page's CSRF token and version."""
        shown = self.get(page, user)
        fields: dict[str, Any] = {**(data or {})}
        if token and (found := TOKEN.search(shown.text)):
            fields["csrf_token"] = found.group(1)
        if (version := VERSION.search(shown.text)) and "version" not in fields:
            fields["version"] = version.group(1)
        return self.browser(user).post(action, data=fields, files=files or None)

    def state(self, document_id: int) -> str:
        with UnitOfWork(self.database, readonly=True) as uow:
            return uow.documents.get(document_id).state
