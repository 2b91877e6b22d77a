"""A role page over 10,000 documents, paged: 我的文件, 全部公文 and 待发布 (ordered by deadline) through the web app.

Target (DESIGN.md): a page p50 ≤ 50 ms. Baselines measured in the same run: the same app answering its health
check (the framework's own cost per request), and bare sqlite3 running the page's row and count queries.
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

from app.home import admin
from app.home.runtime import Runtime
from app.home.settings import Settings
from app.web.app import create_app
from intake.limits import MAX_UPLOAD_BYTES
from policies.deadlines import publication_due
from storage.calendar import working_calendar
from storage.db import Database
from storage.models import DeadlineRecord, Document
from storage.uow import UnitOfWork

DOCUMENTS = 10_000
REQUESTS = 200
TODAY = date(2026, 10, 20)
TARGET_P50_MS = 50.0
PASSWORD = "基准测试用的口令-2026"
STATES = ("under_review", "approved", "signed", "published", "filed")


def sign_in(client: TestClient, name: str) -> None:
    """Sign in through the login form, as a browser does."""
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    data = {"username": name, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303


def populate(database: Database) -> None:
    """10,000 documents of one department's drafter in five states; the signed ones owe their publication."""
    with UnitOfWork(database) as uow:
        organisation = uow.organisations.ensure(code="11500000MB1234567X", name="示例市人民政府办公室")
        department = uow.organisations.department(organisation.id or 0, "政策法规科")
        drafter = uow.users.add(name="王芳", role="drafter", department_id=department.id)
        for name, role in (("李审", "reviewer"), ("周督", "supervisor")):
            uow.users.add(name=name, role=role)
        calendar = working_calendar(uow.calendar)
        now = datetime.now(UTC)
        rows: list[dict[str, object]] = [
            {"organisation_id": organisation.id, "drafter_id": drafter.id, "title": f"关于第{n}项工作的通知",
             "state": STATES[n % len(STATES)], "attribute": "proactive", "kind": "notice", "subject_area": "other",
             "grounds": [], "version": 3, "created_at": now, "updated_at": now}
            for n in range(DOCUMENTS)
        ]  # fmt: skip
        uow.session.execute(insert(Document), rows)
        signed = [n + 1 for n in range(DOCUMENTS) if STATES[n % len(STATES)] == "signed"]
        deadlines = []
        for document_id in signed:
            deadline = publication_due(TODAY - timedelta(days=document_id % 60), calendar)
            deadlines.append({"subject_type": "document", "subject_id": document_id, "kind": "publication",
                              "due": deadline.due, "rule": deadline.rule, "rule_text": deadline.rule_text,
                              "computed_from": deadline.computed_from, "basis": deadline.to_dict(),
                              "provisional": deadline.provisional, "active": True, "created_at": now})  # fmt: skip
        uow.session.execute(insert(DeadlineRecord), deadlines)
        uow.commit()


def timings_ms(run: Callable[[], object], repeats: int) -> list[float]:
    """Each of `repeats` timings of `run`, in milliseconds, after a warm-up."""
    run()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1e3)
    return timings


def summary(timings: list[float]) -> tuple[float, float]:
    """p50 and p99 of the timings."""
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    """Populate, then time each page (a page from the middle of the list) against the baselines."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        settings = Settings(home=home, database_url=f"sqlite:///{home / 'gongkai.db'}", files_url=str(home / "files"),
                            today=TODAY, max_upload_bytes=MAX_UPLOAD_BYTES)  # fmt: skip
        database = Database(settings.database_url)
        database.upgrade()
        populate(database)
        runtime = Runtime(settings=settings)
        for name in ("王芳", "李审", "周督"):
            admin.set_password(runtime, name=name, password=PASSWORD)
        runtime.database.dispose()
        app = create_app(settings)
        pages = {
            "我的文件 /my?page=100 (drafter)": ("/my?page=100", "王芳"),
            "全部公文 /documents?page=150 (supervisor)": ("/documents?page=150", "周督"),
            "待发布 /publish?page=20 (by deadline)": ("/publish?page=20", "李审"),
        }
        results: dict[str, tuple[float, float]] = {}
        for label, (path, user) in pages.items():
            with TestClient(app) as client:
                sign_in(client, user)
                answer = client.get(path)
                assert answer.status_code == 200 and "下一页" in answer.text, (path, answer.status_code)
                results[label] = summary(timings_ms(partial(client.get, path), REQUESTS))
        with TestClient(app) as client:
            health = summary(timings_ms(lambda: client.get("/api/health"), REQUESTS))
        raw = sqlite3.connect(home / "gongkai.db")

        def bare_page() -> None:
            raw.execute("SELECT count(*) FROM document WHERE state = 'signed'").fetchone()
            ids = raw.execute(
                "SELECT d.id FROM document d LEFT JOIN (SELECT subject_id, min(due) AS first_due"
                " FROM deadline WHERE subject_type = 'document' AND active AND met_on IS NULL GROUP BY subject_id) o"
                " ON o.subject_id = d.id WHERE state = 'signed'"
                " ORDER BY o.first_due IS NULL, o.first_due, d.id LIMIT 50 OFFSET 950"
            ).fetchall()
            marks = ",".join("?" * len(ids))
            raw.execute(f"SELECT * FROM document WHERE id IN ({marks})", [i for (i,) in ids]).fetchall()

        bare = summary(timings_ms(bare_page, REQUESTS))
        raw.close()
        database.dispose()
    print(f"{DOCUMENTS:,} documents, 50 per page, {REQUESTS} requests each, SQLite, in-process TestClient")
    print(f"{'page':<46}{'p50 ms':>10}{'p99 ms':>10}")
    for label, (p50, p99) in results.items():
        print(f"{label:<46}{p50:>10.1f}{p99:>10.1f}")
    print(f"{'baseline: GET /api/health (same app)':<46}{health[0]:>10.1f}{health[1]:>10.1f}")
    print(f"{'baseline: bare sqlite3, 待发布 rows + count':<46}{bare[0]:>10.1f}{bare[1]:>10.1f}")
    worst = max(p50 for p50, _ in results.values())
    print(f"slowest page p50 {worst:.1f} ms = {worst / health[0]:.1f}× the health check")
    print(f"target p50 ≤ {TARGET_P50_MS:.0f} ms: {'met' if worst <= TARGET_P50_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
