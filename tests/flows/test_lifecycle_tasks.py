"""The lifecycle tasks one by one (`task.fn()`), their retry policy inside a real flow, and concurrent runs."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

import pytest
from prefect import flow
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from app.home.settings import Settings
from flows.lifecycle import Upload, run_phase, submit_document
from policies.attributes import Attribute
from policies.errors import BadInput, PolicyRefusal
from storage.models import Document, StoredFile
from storage.read.documents import document_detail
from storage.uow import UnitOfWork
from tasks import context
from tasks.documents import SubmitOptions, create_document, step
from tasks.intake import intake_file, precheck
from tests.fixtures_docs import SAMPLE_NOTICE, SAMPLE_PERSONAL_DATA, make_docx, make_id_number

pytestmark = pytest.mark.anyio
attempts: Counter[str] = Counter()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@step
def flaky(kind: str) -> str:
    """Fails on its first attempt: with a locked database, or with a refusal."""
    attempts[kind] += 1
    if attempts[kind] == 1 and kind.endswith("infrastructure"):
        raise OperationalError("INSERT", {}, Exception("database is locked"))
    if attempts[kind] == 1:
        raise PolicyRefusal("不能在“已发布”状态下签发")
    return "done"


@step
async def flaky_async(kind: str) -> str:
    """The same, as an async step (like the intake)."""
    return flaky.fn(kind)


@flow
async def run_flaky(kind: str) -> str:
    return flaky(kind) if kind.startswith("sync") else await flaky_async(kind)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_step_retries_an_infrastructure_error_but_never_a_refusal(settings: Settings, mode: str) -> None:
    assert await run_flaky(f"{mode} infrastructure") == "done"
    assert attempts[f"{mode} infrastructure"] == 2
    with pytest.raises(PolicyRefusal):
        await run_flaky(f"{mode} refusal")
    assert attempts[f"{mode} refusal"] == 1


def test_the_pre_check_finds_personal_data_with_positions(settings: Settings) -> None:
    findings = precheck.fn(SAMPLE_PERSONAL_DATA, date(2026, 9, 1))
    assert [f.kind for f in findings] == ["id_card", "mobile", "bank_card", "email"]
    first = findings[0]
    assert SAMPLE_PERSONAL_DATA[first.start : first.end] == first.text


def test_the_pre_check_finds_the_id_number_of_a_child_born_this_year_by_the_steps_day(settings: Settings) -> None:
    text = f"新生儿身份证号{make_id_number(born=date(2027, 1, 5))}。"
    assert precheck.fn(text, date(2026, 12, 31)) == []
    assert [f.kind for f in precheck.fn(text, date(2027, 1, 6))] == ["id_card"]


async def test_intake_reads_a_file_and_stores_nothing_until_a_step_keeps_it(settings: Settings) -> None:
    kept = await intake_file.fn("通知.docx", make_docx(SAMPLE_NOTICE.split("\n")))
    assert "渝府办发〔2018〕52号" in kept.text
    assert not context.file_store().exists(kept.sha256)
    with pytest.raises(BadInput, match="文件为空"):
        await intake_file.fn("空.txt", b"")
    with pytest.raises(BadInput, match="不支持的文件类型"):
        await intake_file.fn("照片.png", b"\x89PNG\r\n")
    create_document.fn("王芳", kept, [], None, SubmitOptions(), date(2026, 9, 1))
    assert context.file_store().exists(kept.sha256)
    assert len(list((settings.home / "files").rglob("*"))) == 2  # one folder, one file


async def test_a_step_refused_after_intake_leaves_no_file_behind(settings: Settings) -> None:
    kept = await intake_file.fn("通知.txt", SAMPLE_NOTICE.encode())
    with pytest.raises(PolicyRefusal):
        create_document.fn("李审", kept, [], None, SubmitOptions(), date(2026, 9, 1))
    assert not context.file_store().exists(kept.sha256)


async def test_a_task_run_outside_a_flow_writes_no_flow_run_id(settings: Settings) -> None:
    original = await intake_file.fn("通知.txt", SAMPLE_NOTICE.encode())
    step_ = create_document.fn("王芳", original, [], None, SubmitOptions(), date(2026, 9, 1))
    assert step_.state == "draft" and step_.attribute == "proactive"
    with UnitOfWork(context.database(), readonly=True) as uow:
        [event] = document_detail(uow, step_.document_id, date(2026, 9, 1)).audit
        assert uow.session.get(StoredFile, original.sha256) is not None
    assert (event.action, event.flow_run_id) == ("create", None)


async def test_concurrent_submissions_each_get_their_own_run_and_document(settings: Settings) -> None:
    uploads = [
        Upload(filename=f"通知{n}.txt", content=SAMPLE_NOTICE.replace("52号", f"{50 + n}号").encode()) for n in range(3)
    ]
    options = SubmitOptions(attribute=Attribute.PROACTIVE)
    ids = await asyncio.gather(
        *(run_phase(submit_document, actor="王芳", upload=u, options=options, today=None) for u in uploads)
    )
    assert len(set(ids)) == 3
    with UnitOfWork(context.database(), readonly=True) as uow:
        numbers = {d.doc_number for d in uow.session.exec(select(Document)).all()}
        runs = [{e.flow_run_id for e in document_detail(uow, i, date(2026, 9, 1)).audit} for i in ids]
    assert numbers == {"渝府办发〔2018〕50号", "渝府办发〔2018〕51号", "渝府办发〔2018〕52号"}
    assert all(len(run) == 1 for run in runs) and len(set.union(*runs)) == 3
