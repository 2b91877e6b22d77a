"""Issue 10 through the real submit, sign and publish flows: messy texts, 成文日期 against the text, official mail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.home.settings import Settings
from app.public.pages import document_html
from app.public.views import site_view
from flows.lifecycle import (
    ReviewDecision,
    Upload,
    for_document,
    publish_document,
    review_document,
    sign_document,
    submit_document,
)
from policies.attributes import Attribute
from policies.errors import BadInput
from storage.read.documents import document_detail
from storage.site import public_column
from storage.uow import UnitOfWork
from tasks import context
from tasks.documents import SubmitOptions
from tests.fixtures_docs import SAMPLE_NOTICE
from tests.unit.corpus import DOCUMENTS, CorpusDocument

pytestmark = pytest.mark.anyio

REASON = "正文落款日期为印发前拟定日期，以签发日期为成文日期"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def show(document_id: int, today: date) -> dict[str, Any]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return document_detail(uow, document_id, today).model_dump(mode="json")


async def submit(text: str, name: str = "通知.txt", **options: Any) -> int:
    upload = Upload(filename=name, content=text.encode("utf-8"))
    return await submit_document("王芳", upload, SubmitOptions(**options), None, date(2026, 9, 1))


async def signed(document_id: int, on: date) -> None:
    await for_document(document_id, review_document, actor="李审", decision=ReviewDecision.APPROVE,
                       today=date(2026, 9, 2))  # fmt: skip
    await for_document(document_id, sign_document, actor="张签", today=on)


def corpus(fragment: str) -> CorpusDocument:
    return next(doc for doc in DOCUMENTS if fragment in doc.name)


@pytest.mark.parametrize(
    "fragment", ["page line glued to the title", "the whole text on one line", "市府办 under a full header"]
)
async def test_a_messy_corpus_document_submitted_as_a_file_keeps_its_metadata_and_their_sources(
    settings: Settings, fragment: str
) -> None:
    doc = corpus(fragment)
    detail = show(await submit(doc.text, "网页另存为.txt"), date(2026, 9, 1))
    metadata = detail["metadata"]
    expected = doc.expected()
    assert {name: metadata[name] for name in ("title", "doc_number", "issuer", "attribute_mark")} == {
        name: expected[name] for name in ("title", "doc_number", "issuer", "attribute_mark")
    }
    assert metadata["formed_on"] == expected["formed_on"].isoformat()  # type: ignore[union-attr]
    assert metadata["formed_on_in_text"] == metadata["formed_on"]
    assert set(metadata["sources"]) == {name for name, value in expected.items() if value is not None}
    assert detail["metadata_read"]["sources"]["doc_number"].startswith("第")


async def test_the_signer_sees_both_dates_before_signing_and_the_signature_leaves_a_finding(settings: Settings) -> None:
    document_id = await submit(SAMPLE_NOTICE, attribute=Attribute.PROACTIVE)
    await for_document(document_id, review_document, actor="李审", decision=ReviewDecision.APPROVE,
                       today=date(2026, 9, 2))  # fmt: skip
    before = show(document_id, date(2026, 9, 28))["formed_date"]
    assert before == {
        "in_text": "2018-04-28", "formed_on": "2026-09-28", "signed": False, "differs": True,
        "explanation": "正文落款日期为2018年4月28日，今日签发则成文日期为2026年9月28日，"
                       "二者不一致：以签发日为准，正文须更正或在发布时说明",
    }  # fmt: skip
    await for_document(document_id, sign_document, actor="张签", today=date(2026, 9, 28))
    after = show(document_id, date(2026, 9, 28))
    assert after["metadata"]["formed_on"] == "2026-09-28" and after["metadata"]["formed_on_in_text"] == "2018-04-28"
    assert after["metadata"]["sources"]["formed_on"] == "签发日（成文日期以签发日为准）"
    assert after["formed_date"]["signed"] is True and after["formed_date"]["differs"] is True
    [mismatch] = [f for f in after["findings"] if f["kind"] == "formed_date_mismatch"]
    assert (mismatch["text"], mismatch["resolution"]) == ("2018年4月28日", None)
    assert SAMPLE_NOTICE[mismatch["start"] : mismatch["end"]] == "2018年4月28日"
    sign_event = next(e for e in after["audit"] if e["action"] == "sign")
    assert sign_event["payload"]["formed_on_in_text"] == "2018-04-28"


async def test_a_text_whose_date_line_is_the_sign_date_leaves_no_finding(settings: Settings) -> None:
    dated_right = SAMPLE_NOTICE.replace("2018年4月28日\n", "2026年9月28日\n")
    document_id = await submit(dated_right, attribute=Attribute.PROACTIVE)
    await signed(document_id, date(2026, 9, 28))
    detail = show(document_id, date(2026, 9, 28))
    assert detail["formed_date"]["differs"] is False
    assert not [f for f in detail["findings"] if f["kind"] == "formed_date_mismatch"]


async def test_publishing_explains_the_mismatch_and_the_public_page_says_which_date_counts(settings: Settings) -> None:
    document_id = await submit(SAMPLE_NOTICE, attribute=Attribute.PROACTIVE)
    await signed(document_id, date(2026, 9, 28))
    number = next(f["number"] for f in show(document_id, date(2026, 9, 28))["findings"]
                  if f["kind"] == "formed_date_mismatch")  # fmt: skip
    before = show(document_id, date(2026, 10, 9))
    with pytest.raises(BadInput, match="不是一句说明"):
        await for_document(document_id, publish_document, actor="李审", today=date(2026, 10, 9),
                           justifications={number: "x"})  # fmt: skip
    assert (show(document_id, date(2026, 10, 9))["state"], len(before["audit"])) == ("signed", len(before["audit"]))

    await for_document(document_id, publish_document, actor="李审", today=date(2026, 10, 9),
                       justifications={number: REASON})  # fmt: skip
    published = show(document_id, date(2026, 10, 9))
    resolution = next(f for f in published["findings"] if f["kind"] == "formed_date_mismatch")["resolution"]
    assert (published["state"], resolution["resolution"], resolution["reason"]) == ("published", "justified", REASON)
    assert published["metadata"]["sources"]["index_no"] == "发布时按本机关的索引号格式编制"

    with UnitOfWork(context.database(), readonly=True) as uow:
        view = site_view(public_column(uow.session))
    page = view.document(document_id)
    assert page is not None
    note = "注：本件成文日期以签发日期2026年9月28日为准，正文落款日期2018年4月28日有误。"
    assert page.formed_date_note == note and note in document_html(view, page)


async def test_publishing_without_an_explanation_records_the_open_mismatch(settings: Settings) -> None:
    document_id = await submit(SAMPLE_NOTICE, attribute=Attribute.PROACTIVE)
    await signed(document_id, date(2026, 9, 28))
    await for_document(document_id, publish_document, actor="李审", today=date(2026, 10, 9))
    published = show(document_id, date(2026, 10, 9))
    event = next(e for e in published["audit"] if e["action"] == "publish")
    assert published["state"] == "published" and event["payload"]["formed_date_unexplained"] == [
        next(f["number"] for f in published["findings"] if f["kind"] == "formed_date_mismatch")
    ]


async def test_mail_on_the_organisations_official_domain_is_not_personal_data(settings: Settings) -> None:
    with UnitOfWork(context.database()) as uow:
        organisation = uow.organisations.default()
        assert organisation is not None
        organisation.official_domains = ["shili.cn"]
        uow.session.add(organisation)
        uow.commit()
    mail = "来信请寄 xxgk@shili.cn、zwgk@cq.gov.cn 或 zhang.san@163.com。"
    text = SAMPLE_NOTICE.replace("市民服务热线：12345。", mail)
    detail = show(await submit(text, title="关于义务教育招生入学的通知"), date(2026, 9, 1))
    read_title = "重庆市人民政府办公室关于做好2018年义务教育阶段学校招生入学工作的通知"
    assert detail["metadata"]["sources"]["title"] == f"拟稿人填写（正文中读到的是“{read_title}”）"
    findings = detail["findings"]
    assert [(f["kind"], f["text"]) for f in findings] == [("email", "zhang.san@163.com")]


async def test_keeping_personal_data_for_x_is_refused_as_bad_input_and_changes_nothing(settings: Settings) -> None:
    text = SAMPLE_NOTICE.replace("市民服务热线：12345。", "联系人手机：13983012345。")
    document_id = await submit(text, attribute=Attribute.PROACTIVE)
    [number] = [f["number"] for f in show(document_id, date(2026, 9, 2))["findings"] if f["kind"] == "mobile"]
    before = show(document_id, date(2026, 9, 2))
    with pytest.raises(BadInput, match="不是一句说明"):
        await for_document(document_id, review_document, actor="李审", decision=ReviewDecision.APPROVE,
                           today=date(2026, 9, 2), justifications={number: "x"})  # fmt: skip
    after = show(document_id, date(2026, 9, 2))
    assert (after["state"], after["version"], len(after["audit"])) == ("under_review", before["version"],
                                                                      len(before["audit"]))  # fmt: skip
