"""A web app on its own database for the page tests, and a browser-like client that signs in as a named user
(the page user dependency overridden: the login's stand-in) and posts forms with their CSRF token, as a browser
would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.testclient import TestClient
from httpx2 import Response

from app.home.settings import Settings
from app.web.app import create_app
from app.web.deps import runtime_of
from app.web.pages.common import NotSignedIn, page_user
from intake.limits import MAX_UPLOAD_BYTES
from storage.db import Database
from storage.models import User
from storage.uow import UnitOfWork

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
DEPARTMENT_DRAFTERS = {"甲拟": "政策法规科", "乙拟": "办公室"}
TODAY = date(2026, 9, 1)


def user_from_header(request: Request) -> User:
    """The user named in X-Test-User; nobody is signed in without it."""
    name = unquote(request.headers.get("x-test-user", ""))
    if not name:
        raise NotSignedIn("请先登录")
    with runtime_of(request).unit_of_work(readonly=True) as uow:
        return uow.users.get(name)


@contextmanager
def page_app(folder: Path, template_db: Path, *, today: date = TODAY) -> Iterator[PageClient]:
    """The web app on a copy of the template database (with two departments' drafters added), as a client."""
    shutil.copy(template_db, folder / "gongkai.db")
    settings = Settings(home=folder, database_url=f"sqlite:///{folder / 'gongkai.db'}", files_url=str(folder / "files"),
                        today=today, max_upload_bytes=MAX_UPLOAD_BYTES)  # fmt: skip
    database = Database(settings.database_url)
    with UnitOfWork(database) as uow:
        organisation = uow.organisations.default()
        assert organisation is not None and organisation.id is not None
        for name, department in DEPARTMENT_DRAFTERS.items():
            uow.users.add(name=name, role="drafter",
                          department_id=uow.organisations.department(organisation.id, department).id)  # fmt: skip
        uow.commit()
    app = create_app(settings)
    app.dependency_overrides[page_user] = user_from_header
    with TestClient(app, follow_redirects=False) as client:
        yield PageClient(client, database)
    database.dispose()


class PageClient:
    """Opens pages as a user and posts their forms with the token and version the page carried."""

    def __init__(self, client: TestClient, database: Database) -> None:
        self.client = client
        self.database = database

    def get(self, path: str, user: str | None) -> Response:
        headers = {"x-test-user": quote(user)} if user else {}
        return self.client.get(path, headers=headers)

    def post(self, page: str, action: str, user: str, data: dict[str, Any] | None = None,
             files: dict[str, tuple[str, bytes]] | None = None, *, token: bool = True) -> Response:  # fmt: skip
        """Open `page` as `user`, then post its form at `action` with the page's CSRF token and version."""
        shown = self.get(page, user)
        fields: dict[str, Any] = {**(data or {})}
        if token and (found := TOKEN.search(shown.text)):
            fields["csrf_token"] = found.group(1)
        if (version := VERSION.search(shown.text)) and "version" not in fields:
            fields["version"] = version.group(1)
        return self.client.post(action, data=fields, files=files or None, headers={"x-test-user": quote(user)})

    def state(self, document_id: int) -> str:
        with UnitOfWork(self.database, readonly=True) as uow:
            return uow.documents.get(document_id).state
