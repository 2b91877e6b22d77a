"""The issuance lifecycle's storage on SQLite and PostgreSQL: tasks run by `task.fn()`, 索引号 sequences, the
read model behind `show` and `list`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.home.clock import Clock
from app.home.settings import Settings
from intake.limits import MAX_UPLOAD_BYTES
from policies.attributes import Attribute
from policies.errors import Conflict
from storage.db import Database
from storage.documents import Issuance
from storage.index_numbers import IndexNumbers
from storage.read.documents import document_detail, document_list
from storage.uow import UnitOfWork
from tasks import context
from tasks.documents import SubmitOptions, approve, create_document, publish, sign, start_review
from tasks.intake import intake_file
from tests.fixtures_docs import SAMPLE_NOTICE

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def configured(database: Database, database_url: str, tmp_path: Path) -> Iterator[Database]:
    """Tasks pointed at this backend, with an organisation and three users."""
    with UnitOfWork(database) as uow:
        uow.organisations.ensure(code="ORG", name="示例机关")
        for name, role in {"王芳": "drafter", "李审": "reviewer", "张签": "signer"}.items():
            uow.users.add(name=name, role=role)
        uow.commit()
    context.configure(
        Settings(tmp_path, database_url, str(tmp_path / "files"), None, max_upload_bytes=MAX_UPLOAD_BYTES),
        Clock,
    )
    yield database
    context.database().dispose()


async def published_document(signed_on: date, published_on: date) -> int:
    original = await intake_file.fn("通知.txt", SAMPLE_NOTICE.encode())
    draft = create_document.fn("王芳", original, [], None, SubmitOptions(attribute=Attribute.PROACTIVE), signed_on)
    start_review.fn(draft.document_id, "王芳", signed_on)
    approve.fn(draft.document_id, "李审", {}, None, signed_on)
    sign.fn(draft.document_id, "张签", signed_on)
    publish.fn(draft.document_id, "李审", published_on)
    return draft.document_id


def test_index_numbers_are_counted_per_organisation_and_year(configured: Database) -> None:
    with UnitOfWork(configured) as uow:
        organisation_id = Issuance(uow.session).organisation().id or 0
        numbers = IndexNumbers(uow.session)
        counted = [numbers.next_index_seq(organisation_id, year) for year in (2026, 2026, 2027, 2026)]
        uow.commit()
    assert counted == [1, 2, 1, 3]


async def test_the_read_model_lists_overdue_documents_and_shows_everything(configured: Database) -> None:
    on_time = await published_document(date(2026, 9, 28), date(2026, 10, 9))
    waiting = await intake_file.fn("会议.txt", "关于开会的通知\n\n各科室：\n　　定于周一开会。".encode())
    draft = create_document.fn("王芳", waiting, [], None, SubmitOptions(attribute=Attribute.PROACTIVE), None)
    start_review.fn(draft.document_id, "王芳", date(2026, 9, 1))
    approve.fn(draft.document_id, "李审", {}, None, date(2026, 9, 1))
    sign.fn(draft.document_id, "张签", date(2026, 9, 1))
    with UnitOfWork(configured, readonly=True) as uow:
        everything = document_list(uow, today=date(2026, 12, 1))
        overdue = document_list(uow, today=date(2026, 12, 1), overdue=True)
        published = document_list(uow, today=date(2026, 12, 1), state="published")
        detail = document_detail(uow, on_time, date(2026, 12, 1))
    assert [row.id for row in everything] == [draft.document_id, on_time]
    assert [row.id for row in overdue] == [draft.document_id]
    assert [row.index_no for row in published] == ["ORG/2026-00001"]
    assert detail.deadlines[0].status == "met" and detail.published_on_time is True
    assert [event.action for event in detail.audit] == [
        "create", "submit", "approve", "sign", "deadline_set", "deadline_met", "publish",
    ]  # fmt: skip


async def test_a_stale_version_is_a_conflict(configured: Database) -> None:
    document_id = await published_document(date(2026, 9, 28), date(2026, 10, 9))
    with UnitOfWork(configured) as uow:
        document = uow.documents.get(document_id)
        with pytest.raises(Conflict, match="已被他人修改"):
            uow.transition(document, actor=uow.users.get("李审"), action="withdraw", expected_version=1)
