"""The issuance flows against a real Prefect server and a real database: each phase, its rules, its audit trail."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.sorting import TaskRunSort
from sqlmodel import select

from app.home.settings import Settings
from flows.lifecycle import (
    ReviewDecision,
    Upload,
    amend_document,
    attribute_document,
    for_document,
    interpret_document,
    publish_document,
    resubmit_document,
    review_document,
    sign_document,
    submit_document,
    withdraw_document,
)
from policies.attributes import Attribute, LegalGround
from policies.errors import BadInput, Conflict, PolicyRefusal
from policies.issuance import DocumentKind
from storage.models import Document, DocumentVersion
from storage.read.documents import document_detail
from storage.uow import UnitOfWork
from tasks import context
from tasks.documents import SubmitOptions
from tests.fixtures_docs import SAMPLE_NOTICE, SAMPLE_PERSONAL_DATA, SAMPLE_SECRET, make_docx
from tests.flows.conftest import ORG_CODE

pytestmark = pytest.mark.anyio

PLAN = Upload(filename="解读方案.txt", content="政策解读方案：同步发布问答与图解。".encode())
PROACTIVE_POLICY = {"kind": DocumentKind.POLICY, "attribute": Attribute.PROACTIVE}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def text_upload(text: str, name: str = "通知.txt") -> Upload:
    return Upload(filename=name, content=text.encode("utf-8"))


def show(document_id: int, today: date = date(2026, 9, 1)) -> dict[str, Any]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return document_detail(uow, document_id, today).model_dump(mode="json")


def snapshot(document_id: int) -> tuple[str, int, int]:
    """What a refused step must leave unchanged: state, row version, audit trail length."""
    detail = show(document_id)
    return detail["state"], detail["version"], len(detail["audit"])


async def submit(
    text: str = SAMPLE_NOTICE, *, actor: str = "王芳", today: date = date(2026, 9, 1), **options: Any
) -> int:
    plan = options.pop("plan", None)
    return await submit_document(actor, text_upload(text), SubmitOptions(**options), plan, today)


async def approved(document_id: int, today: date = date(2026, 9, 2), **kwargs: Any) -> None:
    await for_document(
        document_id, review_document, actor="李审", decision=ReviewDecision.APPROVE, today=today, **kwargs
    )


async def test_a_proactive_policy_document_goes_from_submission_to_interpretation(settings: Settings) -> None:
    document_id = await submit(plan=PLAN, **PROACTIVE_POLICY)
    submitted = show(document_id)
    assert submitted["state"] == "under_review"
    assert submitted["metadata"]["doc_number"] == "渝府办发〔2018〕52号"
    assert submitted["subject_area"] == "education"
    assert submitted["interpretation_plan"]["name"] == "解读方案.txt"

    await approved(document_id)
    await for_document(document_id, sign_document, actor="张签", today=date(2026, 9, 28))
    signed = show(document_id, date(2026, 9, 28))
    assert signed["state"] == "signed"
    assert signed["metadata"]["formed_on"] == "2026-09-28"
    [publication] = signed["deadlines"]
    assert (publication["kind"], publication["due"]) == ("publication", "2026-10-30")
    assert "国庆节" in publication["explanation"] and "调休上班" in publication["explanation"]

    await for_document(document_id, publish_document, actor="李审", today=date(2026, 10, 9))
    published = show(document_id, date(2026, 10, 9))
    assert published["state"] == "published"
    assert published["index_no"] == f"{ORG_CODE}/2026-00001"
    assert published["published_on"] == "2026-10-09" and published["published_on_time"] is True
    interpretation_due = next(d for d in published["deadlines"] if d["kind"] == "interpretation")
    assert interpretation_due["due"] == "2026-10-13"  # 10月10日 is a make-up Saturday: it counts

    material = text_upload("一问一答：哪些学生可以就近入学？", "问答.txt")
    await for_document(document_id, interpret_document, actor="王芳", upload=material, today=date(2026, 10, 14))
    interpreted = show(document_id, date(2026, 10, 14))
    assert interpreted["state"] == "interpreted"
    assert interpreted["interpretations"][0]["on_time"] is False
    assert [d["status"] for d in interpreted["deadlines"]] == ["met", "met_late"]


async def test_a_step_on_a_stale_version_is_a_conflict_and_changes_nothing(settings: Settings) -> None:
    document_id = await submit(attribute=Attribute.PROACTIVE)
    seen = show(document_id)["version"]
    await approved(document_id, expected_version=seen)
    before, deadlines = snapshot(document_id), show(document_id)["deadlines"]
    with pytest.raises(Conflict, match="已被他人修改"):
        await for_document(document_id, sign_document, actor="张签", today=date(2026, 9, 28), expected_version=seen)
    assert snapshot(document_id) == before and show(document_id)["deadlines"] == deadlines == []
    await for_document(document_id, sign_document, actor="张签", today=date(2026, 9, 28), expected_version=before[1])
    assert show(document_id)["state"] == "signed"


async def test_every_audit_event_carries_its_flow_run_id_and_every_run_its_document_tag(settings: Settings) -> None:
    document_id = await submit(attribute=Attribute.PROACTIVE)
    await approved(document_id)
    audit = show(document_id)["audit"]
    run_ids = {event["flow_run_id"] for event in audit}
    assert None not in run_ids and len(run_ids) == 2
    async with get_client() as client:
        runs = [await client.read_flow_run(UUID(run_id)) for run_id in sorted(run_ids)]
    assert all(f"document:{document_id}" in run.tags for run in runs)
    [submitted] = [run for run in runs if "upload" in run.parameters]
    assert submitted.parameters["upload"] == {"filename": "通知.txt"}  # the text never reaches Prefect's database


async def test_a_withheld_document_with_grounds_is_filed_and_owes_no_publication(settings: Settings) -> None:
    document_id = await submit(SAMPLE_SECRET, attribute=Attribute.WITHHELD, grounds=(LegalGround.STATE_SECRET,))
    await approved(document_id)
    await for_document(document_id, sign_document, actor="张签", today=date(2026, 9, 3))
    filed = show(document_id)
    assert filed["state"] == "filed"
    assert filed["deadlines"] == []
    assert filed["grounds"][0]["code"] == "state_secret"


async def test_a_draft_without_attribute_waits_and_goes_to_review_when_the_drafter_sets_it(settings: Settings) -> None:
    document_id = await submit("关于召开会议的通知\n\n各科室：\n　　定于下周一开会。\n\n示例局\n2026年9月1日")
    assert show(document_id)["state"] == "draft"
    with pytest.raises(PolicyRefusal, match="须说明法律依据"):
        await for_document(document_id, attribute_document, actor="王芳", attribute=Attribute.WITHHELD)
    await for_document(
        document_id, attribute_document, actor="王芳", attribute=Attribute.ON_REQUEST,
        grounds=(LegalGround.PROCESS_INFO,),
    )  # fmt: skip
    assert show(document_id)["state"] == "under_review"


async def test_a_reviewer_changes_the_attribute_only_with_a_reason(settings: Settings) -> None:
    document_id = await submit(attribute=Attribute.PROACTIVE)
    before = snapshot(document_id)
    change = {"attribute": Attribute.ON_REQUEST, "grounds": (LegalGround.PROCESS_INFO,)}
    with pytest.raises(PolicyRefusal, match="须说明理由"):
        await for_document(document_id, attribute_document, actor="李审", **change)
    assert snapshot(document_id) == before
    await for_document(document_id, attribute_document, actor="李审", reason="含过程性信息", **change)
    assert show(document_id)["attribute"] == "on_request"


async def test_personal_data_blocks_approval_until_each_finding_is_justified(settings: Settings) -> None:
    document_id = await submit(SAMPLE_PERSONAL_DATA, attribute=Attribute.PROACTIVE)
    findings = show(document_id)["findings"]
    personal = [f["number"] for f in findings if f["severity"] == "personal_data"]
    assert len(personal) == 4
    before = snapshot(document_id)
    with pytest.raises(PolicyRefusal, match="个人信息"):
        await approved(document_id, justifications={personal[0]: "权利人书面同意公开"})
    assert snapshot(document_id) == before
    assert all(f["resolution"] is None for f in show(document_id)["findings"])
    await approved(document_id, justifications={n: "公示期内依法公开" for n in personal})
    assert show(document_id)["state"] == "approved"


async def test_a_returned_document_comes_back_as_a_new_version_and_dropped_data_counts_as_redacted(
    settings: Settings,
) -> None:
    document_id = await submit(SAMPLE_PERSONAL_DATA, attribute=Attribute.PROACTIVE)
    await for_document(
        document_id, review_document, actor="李审", decision=ReviewDecision.RETURN, comment="删去个人信息"
    )
    assert show(document_id)["state"] == "returned"
    redacted = re.sub(r"居民身份证号\S+?，联系电话\S+?，", "", SAMPLE_PERSONAL_DATA)
    await for_document(document_id, resubmit_document, actor="王芳", upload=text_upload(redacted, "第二稿.txt"))
    again = show(document_id)
    assert (again["state"], again["current_version"]) == ("under_review", 2)
    redacted_kinds = {r["kind"] for r in again["audit"][-1]["payload"]["redacted"]}
    assert redacted_kinds == {"id_card", "mobile"}
    with pytest.raises(PolicyRefusal, match="第1项、第2项"):
        await approved(document_id)


async def test_a_proactive_document_with_a_secrecy_mark_cannot_be_approved(settings: Settings) -> None:
    document_id = await submit(SAMPLE_SECRET, attribute=Attribute.PROACTIVE)
    with pytest.raises(PolicyRefusal, match="密级标志"):
        await approved(document_id)
    assert show(document_id)["state"] == "under_review"


async def test_a_policy_document_without_its_interpretation_plan_is_refused_and_nothing_is_stored(
    settings: Settings,
) -> None:
    with pytest.raises(PolicyRefusal, match="解读方案"):
        await submit(**PROACTIVE_POLICY)
    with UnitOfWork(context.database(), readonly=True) as uow:
        assert uow.session.exec(select(Document)).all() == []
        assert uow.audit.verify().events == 0


async def test_a_broken_file_is_refused_before_anything_is_stored(settings: Settings) -> None:
    with pytest.raises(BadInput):
        await submit_document(
            "王芳", Upload(filename="坏.docx", content=b"PK\x03\x04broken"), SubmitOptions(), None, None
        )
    with UnitOfWork(context.database(), readonly=True) as uow:
        assert uow.session.exec(select(DocumentVersion)).all() == []
    assert not (settings.home / "files").exists() or not any((settings.home / "files").rglob("*"))


async def test_late_publication_is_recorded_as_late(settings: Settings) -> None:
    document_id = await submit(attribute=Attribute.PROACTIVE)
    await approved(document_id)
    await for_document(document_id, sign_document, actor="张签", today=date(2026, 9, 28))
    await for_document(document_id, publish_document, actor="李审", today=date(2026, 11, 2))
    published = show(document_id, date(2026, 11, 2))
    assert published["published_on_time"] is False
    assert published["deadlines"][0]["status"] == "met_late"
    assert published["audit"][-1]["payload"]["on_time"] is False


async def test_an_amendment_restarts_the_publication_clock_and_keeps_the_index_number(settings: Settings) -> None:
    document_id = await publish_one(date(2026, 9, 28), date(2026, 10, 9))
    first_index = show(document_id)["index_no"]
    revised = text_upload(SAMPLE_NOTICE.replace("5月31日", "6月15日"), "修订稿.txt")
    await for_document(document_id, amend_document, actor="王芳", upload=revised, today=date(2026, 11, 2))
    amended = show(document_id, date(2026, 11, 2))
    assert (amended["state"], amended["current_version"]) == ("under_review", 2)
    publications = [d for d in amended["deadlines"] if d["kind"] == "publication"]
    assert [(d["active"], d["computed_from"]) for d in publications] == [(False, "2026-09-28"), (True, "2026-11-02")]
    await approved(document_id, today=date(2026, 11, 3))
    await for_document(document_id, sign_document, actor="张签", today=date(2026, 11, 4))
    await for_document(document_id, publish_document, actor="李审", today=date(2026, 11, 5))
    republished = show(document_id, date(2026, 11, 5))
    assert republished["index_no"] == first_index
    assert republished["published_version"] == 2
    assert len([d for d in republished["deadlines"] if d["kind"] == "publication"]) == 2


async def test_withdrawal_needs_a_reason_and_ends_open_deadlines(settings: Settings) -> None:
    document_id = await publish_one(date(2026, 9, 28), date(2026, 10, 9), plan=PLAN, **PROACTIVE_POLICY)
    before = snapshot(document_id)
    with pytest.raises(PolicyRefusal, match="说明理由"):
        await for_document(document_id, withdraw_document, actor="李审", reason="  ")
    assert snapshot(document_id) == before
    await for_document(document_id, withdraw_document, actor="李审", reason="发现事实错误", today=date(2026, 10, 10))
    withdrawn = show(document_id, date(2026, 10, 10))
    assert withdrawn["state"] == "withdrawn" and withdrawn["metadata"]["validity"] == "withdrawn"
    assert [d["status"] for d in withdrawn["deadlines"]] == ["met", "superseded"]


async def test_index_numbers_count_per_organisation_and_year(settings: Settings) -> None:
    first = await publish_one(date(2026, 9, 28), date(2026, 10, 9))
    second = await publish_one(date(2026, 9, 28), date(2026, 10, 9))
    next_year = await publish_one(date(2027, 1, 4), date(2027, 1, 5))
    assert [show(d)["index_no"] for d in (first, second, next_year)] == [
        f"{ORG_CODE}/2026-00001",
        f"{ORG_CODE}/2026-00002",
        f"{ORG_CODE}/2027-00001",
    ]


async def test_nobody_reviews_or_signs_their_own_document_and_a_refused_step_runs_once(settings: Settings) -> None:
    document_id = await submit(attribute=Attribute.PROACTIVE)
    with pytest.raises(PolicyRefusal, match="拟稿人无权"):
        await for_document(document_id, review_document, actor="王芳", decision=ReviewDecision.APPROVE)
    state = await for_document(
        document_id, review_document, actor="王芳", decision=ReviewDecision.APPROVE, return_state=True
    )
    async with get_client() as client:
        [task_run] = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])),
            limit=10,
            sort=TaskRunSort.EXPECTED_START_TIME_DESC,
        )
    assert task_run.run_count == 1 and task_run.state is not None and task_run.state.is_failed()


async def test_a_docx_submission_reads_its_metadata(settings: Settings) -> None:
    data = make_docx(SAMPLE_NOTICE.split("\n"))
    document_id = await submit_document(
        "王芳", Upload(filename="通知.docx", content=data), SubmitOptions(), None, date(2026, 9, 1)
    )
    detail = show(document_id)
    assert detail["title"].startswith("重庆市人民政府办公室关于做好2018年义务教育")
    assert detail["metadata"]["attribute_mark"] == "proactive"
    assert detail["state"] == "under_review"  # the mark 此件公开发布 is a complete attribute


async def publish_one(signed_on: date, published_on: date, **options: Any) -> int:
    document_id = await submit(**{"attribute": Attribute.PROACTIVE, **options, "today": signed_on})
    await approved(document_id, today=signed_on)
    await for_document(document_id, sign_document, actor="张签", today=signed_on)
    await for_document(document_id, publish_document, actor="李审", today=published_on)
    return document_id
