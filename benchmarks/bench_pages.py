"""A role page over 10,000 documents or 10,000 disclosure requests, paged: 我的文件, 全部公文, 待发布 (ordered by
deadline) and 依申请公开 (open requests by their earliest open deadline, then the concluded newest first) through the
web app.

Target (DESIGN.md): a page p50 ≤ 50 ms. Baselines measured in the same run: the same app answering its health
check (the framework's own cost per request), and bare sqlite3 running each ordered page's row and count queries.
For scale, the whole request list read in-process (storage.read.requests.request_list, what the requests page
loaded before it paged in SQL) is timed too.
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
from policies.deadlines import Deadline, publication_due, reply_due, third_party_due
from storage.calendar import working_calendar
from storage.db import Database
from storage.models import DeadlineRecord, DisclosureRequest, Document, RequestDocumentLink
from storage.read.requests import request_list
from storage.uow import UnitOfWork

DOCUMENTS = 10_000
DISCLOSURE_REQUESTS = 10_000
REQUESTS = 200
WHOLE_LIST_REPEATS = 5
REQUESTS_PAGE = "依申请公开 /requests?page=100 (by deadline)"
TODAY = date(2026, 10, 20)
TARGET_P50_MS = 50.0
PASSWORD = "基准测试用的口令-2026"
STATES = ("under_review", "approved", "signed", "published", "filed")
# Of every 20 requests: 12 running, 2 consulting a third party, 1 waiting for a correction, 4 replied, 1 closed.
REQUEST_STATES = ("received",) * 12 + ("consulting",) * 2 + ("awaiting_correction", "closed") + ("replied",) * 4


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


def deadline_row(subject_type: str, subject_id: int, deadline: Deadline, now: datetime,
                 *, active: bool = True, met_on: date | None = None) -> dict[str, object]:  # fmt: skip
    """A deadline table row for a computed deadline."""
    return {"subject_type": subject_type, "subject_id": subject_id, "kind": deadline.kind, "due": deadline.due,
            "rule": deadline.rule, "rule_text": deadline.rule_text, "computed_from": deadline.computed_from,
            "basis": deadline.to_dict(), "provisional": deadline.provisional, "active": active, "met_on": met_on,
            "created_at": now}  # fmt: skip


def populate_requests(database: Database) -> None:
    """10,000 requests received over the 300 days before TODAY, in the states of REQUEST_STATES, each with its reply
    deadline (met when replied, suspended while consulting or waiting, a third party's open while consulting); one
    in ten asks for one of 300 documents, so those are often requested (条例 Art. 44). Set-based: one INSERT per
    table."""
    with UnitOfWork(database) as uow:
        calendar = working_calendar(uow.calendar)
        now = datetime.now(UTC)
        requests: list[dict[str, object]] = []
        deadlines: list[dict[str, object]] = []
        links: list[dict[str, object]] = []
        for n in range(DISCLOSURE_REQUESTS):
            request_id, state = n + 1, REQUEST_STATES[n % len(REQUEST_STATES)]
            received = TODAY - timedelta(days=n % 300)
            concluded = state in ("replied", "closed")
            requests.append({
                "applicant_name": f"申请人{n}", "applicant_type": "natural", "applicant_key": f"申请人{n}",
                "applicant_contact": f"139{n:08d}", "channel": "online", "received_on": received,
                "subject": f"关于第{n}项工作的信息", "subject_key": f"关于第{n}项工作的信息", "state": state,
                "version": 2, "clock_start": received, "result": "disclosed" if concluded else None,
                "result_detail": {}, "replied_on": received + timedelta(days=10) if concluded else None,
                "late": False if concluded else None, "created_at": now, "updated_at": now,
            })  # fmt: skip
            reply = reply_due(received, calendar)
            met_on = reply.due if state == "replied" else None
            deadlines.append(deadline_row("request", request_id, reply, now, met_on=met_on,
                                          active=state in ("received", "replied")))  # fmt: skip
            if state == "consulting":
                deadlines.append(deadline_row("request", request_id, third_party_due(received, calendar), now))
            if n % 10 == 0:
                links.append({"request_id": request_id, "document_id": 1 + n % 300})
        uow.session.execute(insert(DisclosureRequest), requests)
        uow.session.execute(insert(DeadlineRecord), deadlines)
        uow.session.execute(insert(RequestDocumentLink), links)
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


def summary(timings: list[float]) -> tuple[float, float, float]:
    """p50, p90 and p99 of the timings."""
    ordered = sorted(timings)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    return statistics.median(ordered), at(0.90), at(0.99)


def main() -> None:
    """Populate, then time each page (a page from the middle of the list) against the baselines."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        settings = Settings(home=home, database_url=f"sqlite:///{home / 'gongkai.db'}", files_url=str(home / "files"),
                            today=TODAY, max_upload_bytes=MAX_UPLOAD_BYTES)  # fmt: skip
        database = Database(settings.database_url)
        database.upgrade()
        populate(database)
        populate_requests(database)
        runtime = Runtime(settings=settings)
        for name in ("王芳", "李审", "周督"):
            admin.set_password(runtime, name=name, password=PASSWORD)
        runtime.database.dispose()
        app = create_app(settings)
        pages = {
            "我的文件 /my?page=100 (drafter)": ("/my?page=100", "王芳"),
            "全部公文 /documents?page=150 (supervisor)": ("/documents?page=150", "周督"),
            "待发布 /publish?page=20 (by deadline)": ("/publish?page=20", "李审"),
            REQUESTS_PAGE: ("/requests?page=100", "李审"),
            "依申请公开 /requests?page=150 (supervisor)": ("/requests?page=150", "周督"),
        }
        results: dict[str, tuple[float, float, float]] = {}
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

        def bare_requests_page() -> None:
            raw.execute("SELECT count(*) FROM disclosure_request").fetchone()
            ids = raw.execute(
                "SELECT r.id FROM disclosure_request r LEFT JOIN (SELECT subject_id, min(due) AS first_due"
                " FROM deadline WHERE subject_type = 'request' AND active AND met_on IS NULL GROUP BY subject_id) o"
                " ON o.subject_id = r.id ORDER BY r.state IN ('closed', 'replied'),"
                " CASE WHEN r.state IN ('closed', 'replied') THEN NULL ELSE o.first_due END IS NULL,"
                " CASE WHEN r.state IN ('closed', 'replied') THEN NULL ELSE o.first_due END,"
                " CASE WHEN r.state IN ('closed', 'replied') THEN r.received_on END DESC,"
                " CASE WHEN r.state IN ('closed', 'replied') THEN -r.id ELSE r.id END LIMIT 50 OFFSET 4950"
            ).fetchall()
            marks = ",".join("?" * len(ids))
            raw.execute(f"SELECT * FROM disclosure_request WHERE id IN ({marks})", [i for (i,) in ids]).fetchall()

        bare = summary(timings_ms(bare_page, REQUESTS))
        bare_requests = summary(timings_ms(bare_requests_page, REQUESTS))
        raw.close()
        with UnitOfWork(database, readonly=True) as uow:
            whole = summary(timings_ms(
                lambda: request_list(uow, today=TODAY, state=None, often_requested=False), WHOLE_LIST_REPEATS
            ))  # fmt: skip
        database.dispose()
    print(f"{DOCUMENTS:,} documents and {DISCLOSURE_REQUESTS:,} requests, 50 per page, {REQUESTS} requests each,"
          " SQLite, in-process TestClient")  # fmt: skip
    print(f"{'page':<52}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}")
    rows = [*results.items(), ("baseline: GET /api/health (same app)", health),
            ("baseline: bare sqlite3, 待发布 rows + count", bare),
            ("baseline: bare sqlite3, 依申请公开 rows + count", bare_requests),
            (f"for scale: request_list, all {DISCLOSURE_REQUESTS:,} ({WHOLE_LIST_REPEATS} runs)", whole)]  # fmt: skip
    for label, (p50, p90, p99) in rows:
        print(f"{label:<52}{p50:>9.1f}{p90:>9.1f}{p99:>9.1f}")
    worst = max(p50 for p50, _, _ in results.values())
    print(f"slowest page p50 {worst:.1f} ms = {worst / health[0]:.1f}× the health check")
    requests_p50 = results[REQUESTS_PAGE][0]
    print(f"依申请公开 page p50 {requests_p50:.1f} ms = {requests_p50 / bare_requests[0]:.1f}× its bare queries")
    print(f"target p50 ≤ {TARGET_P50_MS:.0f} ms: {'met' if worst <= TARGET_P50_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
