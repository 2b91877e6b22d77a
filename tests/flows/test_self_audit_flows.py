"""The November self-audit against a real Prefect server and a real database: opened once however often it is
opened, each decision audited, a conversion through the document's own attribute path with its publication clock,
close refused while items are undecided, and the report's exact numbers on fixture data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from pydantic import SecretStr

from app.home.clock import Clock
from app.home.settings import Settings
from flows.disclosure_requests import register_request
from flows.lifecycle import (
    ReviewDecision,
    Upload,
    for_document,
    publish_document,
    review_document,
    sign_document,
    submit_document,
)
from flows.self_audit import close_self_audit, decide_self_audit_item, open_self_audit
from policies.attributes import Attribute, LegalGround
from policies.errors import BadInput, PolicyRefusal
from policies.request_codes import ApplicantType, Channel
from policies.self_audit import spot_check
from storage.read.documents import document_detail
from storage.read.self_audit import self_audit_report
from storage.self_audit import SUBJECT_TYPE
from storage.uow import UnitOfWork
from tasks import context
from tasks.documents import SubmitOptions
from tasks.requests import Application
from tests.flows.conftest import configure_home

pytestmark = pytest.mark.anyio

OPENED_ON = date(2026, 11, 2)  # 1 November 2026 is a Sunday: the audit is opened on the Monday
DECIDED_ON = date(2026, 11, 10)
PUBLICATION_DUE = date(2026, 12, 8)  # 20 working days after 10 November 2026, counted by hand


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


async def filed(attribute: Attribute, title: str, *, sign: bool = True) -> int:
    """A document submitted, approved and signed off: a non-proactive one is filed (in force, not public)."""
    options = SubmitOptions(title=title, attribute=attribute)
    if attribute is not Attribute.PROACTIVE:
        options = SubmitOptions(title=title, attribute=attribute, grounds=(LegalGround.INTERNAL_AFFAIRS,))
    upload = Upload(filename="通知.txt", content=f"{title}\n\n各科室：\n　　现将有关事项通知如下。".encode())
    document_id = await submit_document("王芳", upload, options, None, date(2026, 3, 2))
    if not sign:
        return document_id
    await for_document(
        document_id, review_document, actor="李审", decision=ReviewDecision.APPROVE, today=date(2026, 3, 3)
    )
    await for_document(document_id, sign_document, actor="张签", today=date(2026, 3, 4))
    return document_id


async def requested(applicants: int, *, documents: tuple[int, ...] = (), subject: str = "某公文") -> None:
    for number in range(applicants):
        application = Application(
            applicant=SecretStr(f"申请人{number}"),
            applicant_type=ApplicantType.NATURAL,
            channel=Channel.IN_PERSON,
            received_on=date(2026, 6, 1 + number),
            subject=SecretStr(subject),
            document_ids=documents,
            contact=None,
        )
        await register_request("李审", application, application.received_on)


async def fixture_data() -> dict[str, int]:
    """Four filed documents, an often-requested subject no document holds, and two that are not audited."""
    ids = {
        "withheld": await filed(Attribute.WITHHELD, "关于内部人事安排的通知"),
        "concentrated": await filed(Attribute.ON_REQUEST, "关于某项目环评批复的通知"),
        "on_request": await filed(Attribute.ON_REQUEST, "关于某路段施工的通知"),
        "withheld_2": await filed(Attribute.WITHHELD, "关于内部管理制度的通知"),
        "published": await filed(Attribute.PROACTIVE, "关于招生工作的通知"),
        "draft": await filed(Attribute.WITHHELD, "关于尚在审查的通知", sign=False),
    }
    await for_document(ids["published"], publish_document, actor="李审", today=date(2026, 3, 5))
    await requested(3, documents=(ids["concentrated"],))
    await requested(2, documents=(ids["on_request"],))
    await requested(3, subject="某路段改造计划")
    return ids


@pytest.fixture(scope="module")
async def seeded(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> tuple[Path, dict[str, int]]:
    """fixture_data played once through the flows, in a home each test then copies (about 25 flow runs saved per
    test)."""
    home = tmp_path_factory.mktemp("self_audit_seed")
    configure_home(home, template_db)
    ids = await fixture_data()
    context.database().dispose()
    return home, ids


@pytest.fixture
def ids(seeded: tuple[Path, dict[str, int]], tmp_path: Path) -> Iterator[dict[str, int]]:
    """The tasks pointed at a fresh copy of the seeded home; the seeded documents' ids."""
    home, ids = seeded
    configure_home(tmp_path, home)
    yield ids
    context.database().dispose()


def report(year: int = 2026) -> dict[str, Any]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return self_audit_report(uow, year).model_dump(mode="json")


def document(document_id: int, today: date = DECIDED_ON) -> dict[str, Any]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return document_detail(uow, document_id, today).model_dump(mode="json")


def audit_events() -> list[dict[str, Any]]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return [event for event in uow.audit.events_for(SUBJECT_TYPE, report()["id"])]


def items_by_document(listed: list[dict[str, Any]]) -> dict[int | None, dict[str, Any]]:
    return {view["document"]: view for view in listed}


async def test_opening_twice_returns_the_same_audit_and_adds_nothing(ids: dict[str, int]) -> None:
    first = await open_self_audit(2026, "李审", OPENED_ON)
    events = audit_events()
    again = await open_self_audit(2026, None, date(2026, 11, 20))

    assert (again.audit_id, again.items, again.opened_now) == (first.audit_id, 5, False)
    assert first.opened_now and first.items == 5
    assert audit_events() == events
    listed = report()["decisions"]
    assert len(listed) == 5
    reasons = {view["document"]: view["reason"] for view in listed}
    assert reasons == {
        ids["withheld"]: "withheld",
        ids["concentrated"]: "concentrated",
        ids["on_request"]: "on_request",
        ids["withheld_2"]: "withheld",
        None: "concentrated",
    }
    [subject] = [view for view in listed if view["document"] is None]
    assert (subject["subject_key"], subject["applicants"]) == ("某路段改造计划", 3)
    deadline, opening = events
    assert (deadline["action"], deadline["payload"]["due"]) == ("deadline_set", "2026-11-30")
    assert (opening["action"], opening["actor"], opening["payload"]["items"]) == ("open", "李审", 5)
    assert opening["payload"]["due"] == "2026-11-30" and opening["flow_run_id"]


async def test_the_scheduled_run_needs_no_arguments_and_takes_this_years_audit(settings: Settings) -> None:
    opened = await open_self_audit()

    assert opened.year == Clock(None).today().year and opened.items == 0
    opening = audit_events_of(opened.audit_id)[-1]
    assert (opening["actor"], opening["role"]) == ("年度自查计划", "system")


def audit_events_of(audit_id: int) -> list[dict[str, Any]]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return uow.audit.events_for(SUBJECT_TYPE, audit_id)


async def test_a_conversion_changes_the_attribute_on_the_documents_path_and_starts_its_publication_clock(
    ids: dict[str, int],
) -> None:
    await open_self_audit(2026, "李审", OPENED_ON)
    item = items_by_document(report()["decisions"])[ids["withheld"]]

    await decide_self_audit_item(item["id"], "李审", convert_to=Attribute.PROACTIVE, today=DECIDED_ON)

    converted = document(ids["withheld"])
    assert (converted["state"], converted["attribute"]) == ("signed", "proactive")
    [publication] = [d for d in converted["deadlines"] if d["kind"] == "publication" and d["active"]]
    assert (publication["due"], publication["computed_from"]) == (PUBLICATION_DUE.isoformat(), "2026-11-10")
    release = converted["audit"][-2]
    assert (release["action"], release["from_state"], release["to_state"]) == ("release", "filed", "signed")
    assert release["payload"]["previous"] == "withheld" and release["payload"]["attribute"] == "proactive"
    assert release["payload"]["reason"] == "2026年度政务公开自查：不予公开信息转为主动公开"
    decided = audit_events()[-1]
    assert (decided["action"], decided["payload"]["item"], decided["payload"]["to"]) == ("decide", item["id"],
                                                                                         "proactive")  # fmt: skip

    await for_document(ids["withheld"], publish_document, actor="李审", today=date(2026, 11, 20))
    published = document(ids["withheld"], date(2026, 11, 20))
    assert published["state"] == "published"
    assert [d["met_on"] for d in published["deadlines"] if d["kind"] == "publication"] == ["2026-11-20"]


async def test_decisions_are_refused_when_not_allowed_and_change_nothing(ids: dict[str, int]) -> None:
    await open_self_audit(2026, "李审", OPENED_ON)
    by_document = items_by_document(report()["decisions"])
    on_request, subject = by_document[ids["on_request"]]["id"], by_document[None]["id"]
    before = (report(), document(ids["on_request"]))

    with pytest.raises(PolicyRefusal, match="不能转为依申请公开"):
        await decide_self_audit_item(on_request, "李审", convert_to=Attribute.ON_REQUEST, today=DECIDED_ON)
    with pytest.raises(PolicyRefusal, match="没有对应公文"):
        await decide_self_audit_item(subject, "李审", convert_to=Attribute.PROACTIVE, today=DECIDED_ON)
    with pytest.raises(BadInput, match="须写明理由"):
        await decide_self_audit_item(on_request, "李审", keep_reason=" 。 ", today=DECIDED_ON)
    with pytest.raises(PolicyRefusal, match="只有政务公开审查员"):
        await decide_self_audit_item(on_request, "周督", keep_reason="涉及第三方商业秘密", today=DECIDED_ON)

    assert (report(), document(ids["on_request"])) == before


async def test_close_is_refused_while_items_are_undecided_then_draws_its_sample_from_a_recorded_seed(
    ids: dict[str, int],
) -> None:
    await open_self_audit(2026, "李审", OPENED_ON)
    by_document = items_by_document(report()["decisions"])
    await decide_self_audit_item(by_document[ids["withheld"]]["id"], "李审", convert_to=Attribute.PROACTIVE,
                                 today=DECIDED_ON)  # fmt: skip

    with pytest.raises(PolicyRefusal, match="还有 4 个自查事项未作结论"):
        await close_self_audit(2026, "李审", date(2026, 11, 27))
    assert report()["state"] == "open"

    await decide_self_audit_item(by_document[ids["concentrated"]]["id"], "李审", convert_to=Attribute.PROACTIVE,
                                 today=DECIDED_ON)  # fmt: skip
    await decide_self_audit_item(by_document[ids["on_request"]]["id"], "李审",
                                 keep_reason="涉及第三方商业秘密，第三方不同意公开", today=DECIDED_ON)  # fmt: skip
    await decide_self_audit_item(by_document[ids["withheld_2"]]["id"], "李审", convert_to=Attribute.ON_REQUEST,
                                 today=DECIDED_ON)  # fmt: skip
    await decide_self_audit_item(by_document[None]["id"], "李审", keep_reason="已在门户网站专栏公开改造计划",
                                 today=DECIDED_ON)  # fmt: skip
    with pytest.raises(PolicyRefusal, match="已作结论"):
        await decide_self_audit_item(by_document[None]["id"], "李审", keep_reason="再次保留的理由", today=DECIDED_ON)
    await close_self_audit(2026, "李审", date(2026, 11, 27), seed=20261127)

    final = report()
    assert {key: final[key] for key in ("state", "items", "decided", "undecided", "kept", "converted")} == {
        "state": "closed", "items": 5, "decided": 5, "undecided": 0, "kept": 2, "converted": 3,
    }  # fmt: skip
    assert final["by_reason"] == {"withheld": 2, "on_request": 1, "concentrated": 2}
    assert [(c["from_attribute"], c["to"], c["count"]) for c in final["conversions"]] == [
        ("on_request", "proactive", 1),
        ("withheld", "proactive", 1),
        ("withheld", "on_request", 1),
    ]
    assert final["spot_check"]["seed"] == 20261127 and final["spot_check"]["size"] == 5
    item_ids = [view["id"] for view in final["decisions"]]
    assert final["spot_check"]["items"] == spot_check(item_ids, 20261127) == sorted(item_ids)
    close_event = audit_events()[-1]
    assert (close_event["action"], close_event["payload"]["seed"]) == ("close", 20261127)
    assert close_event["payload"]["spot_check"] == final["spot_check"]["items"]
    assert document(ids["withheld_2"])["attribute"] == "on_request"
    assert document(ids["withheld_2"])["state"] == "filed"
    [due] = [e for e in audit_events() if e["action"] == "deadline_met"]
    assert due["payload"]["met_on"] == "2026-11-27"

    async with get_client() as client:  # the client's own filter sends nulls this server refuses (Prefect 3.8.8)
        answer = await client.request(
            "POST", "/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [close_event["flow_run_id"]]}}}
        )
    [artifact] = answer.json()
    assert artifact["key"] == "self-audit-2026" and "2026年度政务公开自查：已完成" in artifact["data"]
    assert "| 转换公开属性 | 3 |" in artifact["data"] and "随机种子 20261127" in artifact["data"]
