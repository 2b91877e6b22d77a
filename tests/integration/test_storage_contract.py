"""The storage contract, run on SQLite and on PostgreSQL: atomic transitions, version checks, the audit chain."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from app.home.clock import Clock
from policies.errors import Conflict, NotFound, PolicyRefusal
from policies.lifecycle import Action, State, decide
from policies.roles import Role
from storage.audit import GENESIS_HASH, NewEvent, event_hash
from storage.db import Database, migration_heads
from storage.models import AuditEvent, AuditHead, Document, User
from storage.uow import UnitOfWork

CLOCK = Clock(date(2026, 3, 2))


def _seed(database: Database) -> tuple[int, int]:
    """A drafter, a reviewer and one document under review; returns (document id, its version)."""
    with UnitOfWork(database, clock=CLOCK) as uow:
        drafter = uow.users.add(name="王芳", role="drafter")
        uow.users.add(name="李审", role="reviewer")
        document = uow.documents.add(
            Document(drafter_id=drafter.id or 0, title="关于印发某某办法的通知", state=State.UNDER_REVIEW,
                     attribute="proactive")
        )
        uow.record(NewEvent(actor="王芳", role="drafter", action="submit", subject_type="document",
                            subject_id=str(document.id), to_state=State.UNDER_REVIEW))
        uow.commit()
        return document.id or 0, document.version


def _events(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


def _state(database: Database, document_id: int) -> tuple[str, int]:
    with database.engine.connect() as connection:
        row = connection.execute(
            select(Document.state, Document.version).where(Document.id == document_id)  # type: ignore[arg-type]
        ).one()
        return row.state, row.version


def _approve(database: Database, document_id: int, *, actor: str) -> None:
    """What a task does: load, decide by policy, persist the change and its audit event together."""
    with UnitOfWork(database, clock=CLOCK) as uow:
        user = uow.users.get(actor)
        document = uow.documents.get(document_id)
        drafter = uow.users.by_id(document.drafter_id)
        is_drafter = user.id == drafter.id
        new_state = decide(Action.APPROVE, State(document.state), Role(user.role), actor_is_drafter=is_drafter)
        uow.transition(document, actor=user, action=Action.APPROVE, to_state=new_state)
        uow.commit()


def test_a_transition_and_its_audit_event_commit_together(database: Database) -> None:
    document_id, version = _seed(database)
    _approve(database, document_id, actor="李审")
    assert _state(database, document_id) == (State.APPROVED, version + 1)
    with UnitOfWork(database, readonly=True) as uow:
        trail = uow.audit.events_for("document", document_id)
    assert [(e["action"], e["from_state"], e["to_state"]) for e in trail][-1] == ("approve", "under_review", "approved")
    assert trail[-1]["actor"] == "李审" and trail[-1]["payload"]["version"] == version + 1


def test_a_transition_without_commit_leaves_neither_state_nor_event(database: Database) -> None:
    document_id, version = _seed(database)
    before = _events(database)
    with UnitOfWork(database, clock=CLOCK) as uow:
        user = uow.users.get("李审")
        uow.transition(uow.documents.get(document_id), actor=user, action="approve", to_state=State.APPROVED)
    assert _state(database, document_id) == (State.UNDER_REVIEW, version)
    assert _events(database) == before


def test_a_failure_after_the_state_change_rolls_back_the_whole_transition(database: Database) -> None:
    document_id, version = _seed(database)
    before = _events(database)
    with pytest.raises(RuntimeError), UnitOfWork(database, clock=CLOCK) as uow:
        user = uow.users.get("李审")
        uow.transition(uow.documents.get(document_id), actor=user, action="approve", to_state=State.APPROVED)
        raise RuntimeError("the machine fell over before commit")
    assert _state(database, document_id) == (State.UNDER_REVIEW, version)
    assert _events(database) == before


def test_a_refused_transition_writes_nothing(database: Database) -> None:
    document_id, version = _seed(database)
    before = _events(database)
    with pytest.raises(PolicyRefusal):
        _approve(database, document_id, actor="王芳")  # the drafter may not review their own document
    assert _state(database, document_id) == (State.UNDER_REVIEW, version)
    assert _events(database) == before


def test_a_stale_version_raises_a_conflict_and_writes_nothing(database: Database) -> None:
    document_id, version = _seed(database)
    _approve(database, document_id, actor="李审")
    before = _events(database)
    with pytest.raises(Conflict), UnitOfWork(database, clock=CLOCK) as uow:
        # a second reviewer decided on the version they saw before the approval landed
        user = uow.users.get("李审")
        uow.transition(uow.documents.get(document_id), actor=user, action=Action.RETURN, to_state=State.RETURNED,
                       expected_version=version)
    assert _state(database, document_id) == (State.APPROVED, version + 1)
    assert _events(database) == before


def test_an_unknown_document_is_not_found(database: Database) -> None:
    with pytest.raises(NotFound), UnitOfWork(database) as uow:
        uow.documents.get(4242)


def test_the_chain_verifies_and_links_every_event_to_the_one_before(database: Database) -> None:
    document_id, _ = _seed(database)
    _approve(database, document_id, actor="李审")
    with UnitOfWork(database, readonly=True) as uow:
        report = uow.audit.verify()
        rows = uow.audit.events_for("document", document_id)
    assert report.intact and report.events == 2
    assert rows[0]["prev_hash"] == GENESIS_HASH and rows[1]["prev_hash"] == rows[0]["hash"]
    assert all(event_hash(row) == row["hash"] for row in rows)


def test_a_batch_of_events_is_all_or_nothing(database: Database) -> None:
    _seed(database)
    before = _events(database)
    batch = [NewEvent(actor="系统", role="admin", action="sweep", subject_type="document", subject_id=str(n))
             for n in range(50)]
    with UnitOfWork(database, clock=CLOCK) as uow:
        uow.audit.append_many(batch, at=CLOCK.now())
    assert _events(database) == before
    with UnitOfWork(database, clock=CLOCK) as uow:
        uow.audit.append_many(batch, at=CLOCK.now())
        uow.commit()
    assert _events(database) == before + 50
    with UnitOfWork(database, readonly=True) as uow:
        assert uow.audit.verify().intact


def _three_events(database: Database) -> None:
    document_id, _ = _seed(database)
    _approve(database, document_id, actor="李审")
    with UnitOfWork(database, clock=CLOCK) as uow:
        uow.record(NewEvent(actor="王芳", role="drafter", action="note", subject_type="document",
                            subject_id=str(document_id), payload={"意见": "已阅", "n": 1}))
        uow.commit()


def _break_at(database: Database) -> int | None:
    with UnitOfWork(database, readonly=True) as uow:
        report = uow.audit.verify()
    return None if report.broken is None else report.broken.seq


TAMPERINGS = {
    "at": datetime(2020, 1, 1, tzinfo=UTC),
    "actor": "某人",
    "role": "admin",
    "action": "withdraw",
    "subject_type": "request",
    "subject_id": "999",
    "from_state": "draft",
    "to_state": "published",
    "payload": {"意见": "已改"},
    "flow_run_id": "00000000-0000-0000-0000-000000000000",
    "prev_hash": "f" * 64,
    "hash": "e" * 64,
}


@pytest.mark.parametrize("column", sorted(TAMPERINGS))
@pytest.mark.parametrize("seq", [1, 2, 3])
def test_changing_any_field_of_any_event_is_detected(database: Database, column: str, seq: int) -> None:
    _three_events(database)
    with database.engine.begin() as connection:
        connection.execute(update(AuditEvent).where(AuditEvent.seq == seq).values({column: TAMPERINGS[column]}))  # type: ignore[arg-type]
    assert _break_at(database) == seq


@pytest.mark.parametrize("seq", [1, 2, 3])
def test_removing_an_event_is_detected(database: Database, seq: int) -> None:
    _three_events(database)
    with database.engine.begin() as connection:
        connection.execute(delete(AuditEvent).where(AuditEvent.seq == seq))  # type: ignore[arg-type]
    assert _break_at(database) == seq


def test_inserting_an_event_is_detected(database: Database) -> None:
    _three_events(database)
    with database.engine.begin() as connection:
        last = connection.execute(select(AuditEvent).where(AuditEvent.seq == 3)).one()._mapping  # type: ignore[arg-type]
        forged = {**last, "seq": 4, "action": "publish", "prev_hash": last["hash"]}
        forged["hash"] = event_hash(forged)
        connection.execute(insert(AuditEvent), [forged])
    assert _break_at(database) == 4


def test_rewriting_the_whole_tail_consistently_is_still_caught_by_the_head(database: Database) -> None:
    _three_events(database)
    with database.engine.begin() as connection:
        connection.execute(delete(AuditEvent).where(AuditEvent.seq == 3))  # type: ignore[arg-type]
    assert _break_at(database) == 3
    with database.engine.connect() as connection:
        assert connection.execute(select(AuditHead.seq)).scalar_one() == 3


def _append_many_times(url: str, worker: int, count: int) -> None:
    database = Database(url)
    for n in range(count):
        with UnitOfWork(database) as uow:
            uow.record(NewEvent(actor=f"worker{worker}", role="admin", action="append", subject_type="test",
                                subject_id=f"{worker}-{n}"))
            uow.commit()
    database.dispose()


def test_two_processes_appending_at_once_do_not_fork_the_chain(database: Database, database_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many_times, args=(database_url, w, 40)) for w in range(3)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
        assert process.exitcode == 0
    with UnitOfWork(database, readonly=True) as uow:
        report = uow.audit.verify()
    assert report.intact and report.events == 120
    with database.engine.connect() as connection:
        seqs = connection.execute(select(AuditEvent.seq).order_by(AuditEvent.seq)).scalars().all()  # type: ignore[arg-type]
    assert seqs == list(range(1, 121))


def test_a_user_name_is_unique(database: Database) -> None:
    _seed(database)
    with pytest.raises(Exception, match="已存在"), UnitOfWork(database) as uow:
        uow.users.add(name="王芳", role="signer")


def test_the_schema_upgrade_is_idempotent(database: Database) -> None:
    _seed(database)
    database.upgrade()
    database.upgrade()
    with database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(User)).scalar_one() == 2
        applied = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    assert applied == migration_heads()
