"""The self-audit's listing over 1,000,000 documents: `SelfAuditRepository.list_items` (two INSERT … SELECT) against
a bare SELECT count(*) of the same documents in the same run, on a fresh SQLite file.

Target (DESIGN.md): ≤ 10 s and ≤ 1 GiB. The data is generated set-based (recursive CTEs): 1,000,000 documents,
a third of them filed non-public, and 200,000 requests, some documents and subjects asked for by many applicants.
`python -m benchmarks self_audit`.
"""

from __future__ import annotations

import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

from policies.self_audit import AUDITED_ATTRIBUTES, AUDITED_STATES
from storage.db import Database
from storage.models import SelfAudit
from storage.self_audit import SelfAuditRepository
from storage.uow import UnitOfWork

DOCUMENTS = 1_000_000
REQUESTS = 200_000
AS_OF = date(2026, 11, 2)
TARGET_SECONDS = 10.0
TARGET_BYTES = 1 << 30

GENERATE = [
    "INSERT INTO organisation (id, code, name, kind, index_pattern) VALUES (1, 'BENCH', '基准机关', 'department', "
    "'{code}/{year}-{seq:05d}')",
    "INSERT INTO users (id, name, role, active, created_at) VALUES (1, '王拟', 'drafter', 1, '2026-01-01')",
    """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :documents)
    INSERT INTO document (id, organisation_id, drafter_id, title, kind, subject_area, attribute, grounds, state,
                          version, created_at, updated_at)
    SELECT i, 1, 1, '公文' || i, 'notice', 'other',
           CASE i % 3 WHEN 0 THEN 'proactive' WHEN 1 THEN 'on_request' ELSE 'withheld' END,
           CASE i % 3 WHEN 0 THEN '[]' ELSE '["internal_affairs"]' END,
           CASE WHEN i % 3 = 0 THEN 'published' WHEN i % 10 = 1 THEN 'under_review' ELSE 'filed' END,
           1, '2026-01-01', '2026-01-01'
    FROM n""",
    """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :requests)
    INSERT INTO disclosure_request (id, applicant_name, applicant_type, applicant_key, channel, received_on, subject,
                                    subject_key, state, version, clock_start, result_detail, created_at, updated_at)
    SELECT i, '申请人' || (i % 4999), 'natural', 'a' || (i % 4999), 'in_person', date('2026-10-31', '-' || (i % 400)
           || ' days'), '事项' || (i % 20000), '事项' || (i % 20000), 'replied', 1, '2026-01-01', '{}',
           '2026-01-01', '2026-01-01'
    FROM n""",
    "INSERT INTO request_document (request_id, document_id) SELECT id, (id / 2) % 20000 + 1 FROM disclosure_request "
    "WHERE id % 2 = 0",
]


def main() -> None:
    """Generate the data, then time the bare count and the listing, and print the figures against the target."""
    documents = DOCUMENTS
    with tempfile.TemporaryDirectory() as directory:
        database = Database(f"sqlite:///{Path(directory) / 'bench.db'}")
        database.upgrade()
        started = time.perf_counter()
        with database.engine.begin() as connection:
            for statement in GENERATE:
                connection.execute(text(statement), {"documents": documents, "requests": REQUESTS})
        generated = time.perf_counter() - started

        states = ", ".join(f"'{state.value}'" for state in AUDITED_STATES)
        attributes = ", ".join(f"'{attribute.value}'" for attribute in AUDITED_ATTRIBUTES)
        started = time.perf_counter()
        with database.engine.connect() as connection:
            baseline_rows = connection.execute(text(
                f"SELECT count(*) FROM document WHERE state IN ({states}) AND attribute IN ({attributes})"
            )).scalar_one()  # fmt: skip
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        with UnitOfWork(database) as uow:
            audits = SelfAuditRepository(uow.session)
            audit = audits.add(SelfAudit(organisation_id=1, year=2026, opened_on=AS_OF, opened_by="基准",
                                         due=date(2026, 11, 30), threshold=3, window_days=365))  # fmt: skip
            listed = audits.list_items(audit, as_of=AS_OF)
            by_reason = audits.counts_by_reason(audit.id or 0)
            uow.commit()
        listing = time.perf_counter() - started
        database.dispose()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"{documents:,} documents and {REQUESTS:,} requests generated set-based in {generated:.1f} s")
    print(f"{'what':<52}{'seconds':>10}{'rows':>12}")
    print(f"{'baseline: SELECT count(*) of the audited documents':<52}{baseline:>10.2f}{baseline_rows:>12,}")
    print(f"{'list_items (INSERT … SELECT ×2, commit)':<52}{listing:>10.2f}{listed:>12,}")
    print(f"by reason: {by_reason}; ratio to the baseline: {listing / max(baseline, 1e-9):.1f}×")
    print(f"peak memory (max RSS of the process): {peak / (1 << 20):.0f} MiB")
    verdict = "met" if listing <= TARGET_SECONDS and peak <= TARGET_BYTES else "NOT met"
    print(f"target ≤ {TARGET_SECONDS:.0f} s and ≤ 1 GiB: {verdict}")
