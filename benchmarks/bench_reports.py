"""The cycle-time report over 1,000,000 documents (and 50,000 requests) on SQLite, against a bare SQL aggregate
over the same rows in the same run.

Target (DESIGN.md): ≤ 10 s and ≤ 1 GiB. The data is generated set-based (INSERT … SELECT over a recursive
sequence, random departments, areas, dates and delays), so the groups are as many as real data would make: a
document's department, area, formation, publication and due dates. The report runs in a child process, so its
peak memory (max RSS, Python and SQLite together) is its own; the baseline is sqlite3 with one GROUP BY.

`python -m benchmarks reports`; GONGKAI_BENCH_DOCUMENTS sets another number of documents (1,000,000 by default).
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storage.db import Database

DOCUMENTS = 1_000_000
REQUESTS = 50_000
DEPARTMENTS = 20
TARGET_SECONDS = 10.0
TARGET_BYTES = 1 << 30
NOW = "2026-12-01 00:00:00.000000"
AREAS = ("poverty_alleviation", "social_assistance", "education", "health", "environment", "disaster_rescue",
         "culture_sports", "other")  # fmt: skip

_SEQUENCE = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count) "
_AREA = "CASE abs(random()) % 8 " + " ".join(f"WHEN {i} THEN '{a}'" for i, a in enumerate(AREAS)) + " END"


def generate(path: Path, documents: int, requests: int) -> float:
    """Fill a migrated database set-based: documents, their deadlines and interpretations, requests. Seconds taken."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("INSERT INTO organisation (id, code, name, kind, index_pattern) VALUES (1, 'ORG', '示例', "
                       "'department', '{code}/{year}-{seq:05d}')")  # fmt: skip
    for n in range(1, DEPARTMENTS + 1):
        connection.execute("INSERT INTO department (id, organisation_id, name) VALUES (?, 1, ?)", (n, f"第{n}科"))
        connection.execute("INSERT INTO users (id, name, role, department_id, active, created_at) "
                           "VALUES (?, ?, 'drafter', ?, 1, ?)", (n, f"拟稿人{n}", n, NOW))  # fmt: skip
    connection.execute(
        _SEQUENCE + "INSERT INTO document (id, drafter_id, title, kind, subject_area, attribute, grounds, state, "
        "version, formed_on, published_on, created_at, updated_at) SELECT n, 1 + abs(random()) % :departments, "
        "'公文', CASE WHEN n % 5 = 0 THEN 'policy' ELSE 'notice' END, " + _AREA + ", 'proactive', '[]', 'published', "
        "1, date('2026-01-01', '+' || (abs(random()) % 330) || ' days'), NULL, :now, :now FROM seq",
        {"count": documents, "departments": DEPARTMENTS, "now": NOW},
    )  # fmt: skip
    connection.execute("UPDATE document SET published_on = CASE WHEN abs(random()) % 20 = 0 THEN NULL ELSE "
                       "date(formed_on, '+' || (abs(random()) % 35) || ' days') END")  # fmt: skip
    deadline = ("INSERT INTO deadline (subject_type, subject_id, kind, due, rule, rule_text, computed_from, basis, "
                "provisional, active, created_at) ")  # fmt: skip
    connection.execute(deadline + "SELECT 'document', id, 'publication', date(formed_on, '+28 days'), "
                       "'publication_20wd', '条例第二十六条', formed_on, '{}', 0, 1, :now FROM document",
                       {"now": NOW})  # fmt: skip
    connection.execute(deadline + "SELECT 'document', id, 'interpretation', date(published_on, '+4 days'), "
                       "'interpretation_3wd', '19号', published_on, '{}', 0, 1, :now FROM document "
                       "WHERE kind = 'policy' AND published_on IS NOT NULL", {"now": NOW})  # fmt: skip
    connection.execute("INSERT INTO stored_file (sha256, size, media_type, original_name, created_at) "
                       "VALUES (:sha, 1, 'text/plain', '解读.txt', :now)", {"sha": "0" * 64, "now": NOW})  # fmt: skip
    connection.execute("INSERT INTO interpretation (document_id, form, file_sha256, original_name, media_type, text, "
                       "published_on, created_by, created_at) SELECT id, 'text', :sha, '解读.txt', 'text/plain', "
                       "'解读', "
                       "date(published_on, '+' || (abs(random()) % 6) || ' days'), '拟稿人1', :now FROM document "
                       "WHERE kind = 'policy' AND published_on IS NOT NULL AND abs(random()) % 10 > 0",
                       {"sha": "0" * 64, "now": NOW})  # fmt: skip
    connection.execute(
        _SEQUENCE + "INSERT INTO disclosure_request (id, applicant_name, applicant_type, applicant_key, channel, "
        "received_on, subject, subject_key, state, version, clock_start, result_detail, replied_on, result, "
        "created_at, updated_at) SELECT n, '申请人', 'natural', 'k' || (n % 5000), 'post', "
        "date('2026-01-01', '+' || (abs(random()) % 330) || ' days'), '信息', 's', 'received', 1, "
        "date('2026-01-01'), '{}', NULL, NULL, :now, :now FROM seq",
        {"count": requests, "now": NOW},
    )  # fmt: skip
    connection.execute("UPDATE disclosure_request SET clock_start = received_on, replied_on = CASE WHEN "
                       "abs(random()) % 10 = 0 THEN NULL ELSE date(received_on, '+' || (abs(random()) % 40) || "
                       "' days') END")  # fmt: skip
    connection.execute(
        "UPDATE disclosure_request SET state = 'replied', result = 'disclosed' WHERE replied_on IS NOT NULL"
    )
    connection.execute(deadline + "SELECT 'request', id, 'reply', date(received_on, '+28 days'), 'reply_20wd', "
                       "'条例第三十三条', received_on, '{}', 0, 1, :now FROM disclosure_request",
                       {"now": NOW})  # fmt: skip
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    return time.perf_counter() - started


def baseline(path: Path) -> float:
    """A bare SQL aggregate over the same documents: on time and late by department and month, sqlite3 only."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute(
        "SELECT u.department_id, substr(d.formed_on, 1, 7), count(*), sum(d.published_on <= l.due), "
        "sum(d.published_on > l.due) FROM document d JOIN deadline l ON l.subject_id = d.id "
        "AND l.subject_type = 'document' AND l.kind = 'publication' AND l.active = 1 JOIN users u "
        "ON u.id = d.drafter_id WHERE d.formed_on BETWEEN '2026-01-01' AND '2026-12-31' GROUP BY 1, 2"
    ).fetchall()
    connection.close()
    return time.perf_counter() - started


REPORT = """
import json, sys, time
from datetime import date
from storage.db import Database
from storage.read.reports import cycle_time_report
from storage.uow import UnitOfWork
database = Database(sys.argv[1])
started = time.perf_counter()
with UnitOfWork(database, readonly=True) as uow:
    report = cycle_time_report(uow, 2026, today=date(2026, 12, 1))
print(json.dumps({"seconds": time.perf_counter() - started, "publication": report.publication.count,
                  "interpretation": report.interpretation.count, "reply": report.reply.count,
                  "median": report.publication.median_working_days}))
"""


def main() -> None:
    """Generate, run the baseline and the report (in a child process), and print the figures."""
    documents = int(os.environ.get("GONGKAI_BENCH_DOCUMENTS", DOCUMENTS))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.db"
        database = Database(f"sqlite:///{path}")
        database.upgrade()
        database.dispose()
        generated = generate(path, documents, REQUESTS)
        bare = min(baseline(path) for _ in range(2))
        started = time.perf_counter()
        child = subprocess.run([sys.executable, "-c", REPORT, f"sqlite:///{path}"], capture_output=True, text=True,
                               check=True)  # fmt: skip
        wall = time.perf_counter() - started
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"{documents:,} documents, {REQUESTS:,} requests generated set-based in {generated:.1f} s")
    print(f"bare SQL aggregate (sqlite3, one GROUP BY):            {bare:6.2f} s")
    print(f"cycle-time report (three aggregates + working days):    {figures['seconds']:6.2f} s "
          f"({figures['seconds'] / bare:.1f}× the baseline); child process {wall:.2f} s with imports")  # fmt: skip
    print(f"peak memory of the report's process (max RSS):          {peak / 2**20:6.0f} MiB")
    print(f"counted: publication {figures['publication']:,}, interpretation {figures['interpretation']:,}, "
          f"reply {figures['reply']:,}; publication median {figures['median']} working days")  # fmt: skip
    verdict = "met" if figures["seconds"] <= TARGET_SECONDS and peak <= TARGET_BYTES else "NOT met"
    print(f"target ≤ {TARGET_SECONDS:.0f} s and ≤ 1 GiB: {verdict}")


if __name__ == "__main__":
    main()
