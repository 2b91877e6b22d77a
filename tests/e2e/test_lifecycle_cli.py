"""The issuance lifecycle through the real `gongkai` command against the session's stack: every path, and every
refusal with its exit code and proof that it changed nothing (state, version and audit trail length)."""

from __future__ import annotations

import re
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Result, run_gongkai
from tests.fixtures_docs import SAMPLE_NOTICE, SAMPLE_PERSONAL_DATA, SAMPLE_SECRET, make_docx, make_ofd, make_pdf

ORG_CODE = "11500000MB1234567X"
MEETING = (
    "关于召开全市政务公开工作会议的通知\n\n各区县：\n　　定于下周一召开会议。\n\n示例市人民政府办公室\n2026年9月1日\n"
)


@dataclass(frozen=True)
class People:
    """This module's users, named uniquely so that other modules' users never collide."""

    drafter: str
    other_drafter: str
    reviewer: str
    signer: str


@dataclass(frozen=True)
class Files:
    """The files this module submits."""

    notice: Path
    plan: Path
    personal: Path
    secret: Path
    meeting: Path
    revised: Path
    docx: Path
    pdf: Path
    ofd: Path
    broken: Path
    empty: Path
    interpretation: Path


@pytest.fixture(scope="module")
def people(stack_home: Path) -> People:
    suffix = uuid.uuid4().hex[:6]
    cast = People(f"拟稿{suffix}", f"另拟{suffix}", f"审查{suffix}", f"签发{suffix}")
    roles = {cast.drafter: "drafter", cast.other_drafter: "drafter", cast.reviewer: "reviewer", cast.signer: "signer"}
    for name, role in roles.items():  # the two drafters share a department, so each sees the other's documents
        dept = ("--dept", f"政策法规科{suffix}") if role == "drafter" else ()
        added = run_gongkai(stack_home, "user", "add", name, "--role", role, *dept)
        assert added.code == 0, added.stderr
    return cast


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    folder = tmp_path_factory.mktemp("files")

    def write(name: str, data: str | bytes) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    lines = SAMPLE_NOTICE.split("\n")
    return Files(
        notice=write("通知.txt", SAMPLE_NOTICE),
        plan=write("解读方案.md", "# 政策解读方案\n同步发布问答和图解。\n"),
        personal=write("公示.txt", SAMPLE_PERSONAL_DATA),
        secret=write("汛期.txt", SAMPLE_SECRET),
        meeting=write("会议.txt", MEETING),
        revised=write("修订稿.txt", SAMPLE_NOTICE.replace("5月31日", "6月15日")),
        docx=write("通知.docx", make_docx(lines)),
        pdf=write("通知.pdf", make_pdf(lines)),
        ofd=write("通知.ofd", make_ofd(lines)),
        broken=write("坏文件.docx", b"PK\x03\x04 not really a zip"),
        empty=write("空.txt", b""),
        interpretation=write("问答.txt", "一问一答：哪些孩子可以就近入学？答：……"),
    )


def gk(home: Path, *args: str, today: str | None = None) -> Result:
    return run_gongkai(home, *args, today=today)


def ok(home: Path, *args: str, today: str | None = None) -> Any:
    """Run a command with --json that must succeed; its JSON output."""
    result = gk(home, *args, "--json", today=today)
    assert result.code == 0, result.stderr
    return result.json


def snapshot(home: Path, document_id: int) -> tuple[str, int, int]:
    """A document's state, row version and audit trail length, read straight from the database."""
    with sqlite3.connect(f"file:{home / 'gongkai.db'}?mode=ro", uri=True) as db:
        state, version = db.execute("SELECT state, version FROM document WHERE id = ?", (document_id,)).fetchone()
        (events,) = db.execute(
            "SELECT count(*) FROM audit_event WHERE subject_type = 'document' AND subject_id = ?", (str(document_id),)
        ).fetchone()
    return state, version, events


def documents_of(home: Path, drafter: str) -> int:
    with sqlite3.connect(f"file:{home / 'gongkai.db'}?mode=ro", uri=True) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM document JOIN users ON users.id = document.drafter_id WHERE users.name = ?",
            (drafter,),
        ).fetchone()
    return int(count)


def refused(home: Path, document_id: int, code: int, *args: str, match: str, today: str | None = None) -> None:
    """The command exits with `code`, says why in one line on stderr, and leaves the document as it was."""
    before = snapshot(home, document_id)
    result = gk(home, *args, today=today)
    assert result.code == code, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and match in result.stderr, result.stderr
    assert snapshot(home, document_id) == before


def submit(home: Path, people: People, path: Path, *options: str, today: str = "2026-09-01") -> dict[str, Any]:
    return ok(home, "submit", str(path), "--as", people.drafter, *options, today=today)


def through_review(home: Path, people: People, path: Path, *options: str, today: str = "2026-09-01") -> int:
    document = submit(home, people, path, "--attribute", "proactive", *options, today=today)
    ok(home, "review", str(document["id"]), "--as", people.reviewer, "--approve", today=today)
    return int(document["id"])


def published(home: Path, people: People, path: Path, *options: str, signed: str, on: str) -> int:
    document_id = through_review(home, people, path, *options, today=signed)
    ok(home, "sign", str(document_id), "--as", people.signer, today=signed)
    ok(home, "publish", str(document_id), "--as", people.reviewer, today=on)
    return document_id


def test_a_proactive_policy_document_with_its_plan_is_reviewed_signed_published_and_interpreted(
    stack_home: Path, people: People, files: Files
) -> None:
    document = submit(
        stack_home, people, files.notice, "--kind", "policy", "--attribute", "proactive",
        "--interpretation-plan", str(files.plan),
    )  # fmt: skip
    doc = str(document["id"])
    assert document["state"] == "under_review"
    assert document["metadata"]["doc_number"] == "渝府办发〔2018〕52号"
    assert document["metadata"]["attribute_mark"] == "proactive"
    assert set(document["metadata"]) >= {"title", "doc_number", "formed_on", "issuer", "index_no", "attribute_mark"}
    assert document["findings"] == []

    assert (
        ok(stack_home, "review", doc, "--as", people.reviewer, "--approve", today="2026-09-02")["state"] == "approved"
    )
    signed = ok(stack_home, "sign", doc, "--as", people.signer, today="2026-09-28")
    assert (signed["state"], signed["metadata"]["formed_on"]) == ("signed", "2026-09-28")
    assert signed["deadlines"][0]["due"] == "2026-10-30"

    publication = gk(stack_home, "publish", doc, "--as", people.reviewer, today="2026-10-09")
    assert publication.code == 0, publication.stderr
    assert re.search(rf"索引号 {ORG_CODE}/2026-\d{{5}}，发布日期 2026年10月9日（按时）", publication.stdout)

    interpreted = ok(stack_home, "interpret", doc, str(files.interpretation), "--as", people.drafter, "--form", "qa",
                     today="2026-10-12")  # fmt: skip
    assert interpreted["state"] == "interpreted"
    assert interpreted["interpretations"][0]["on_time"] is True

    shown = ok(stack_home, "show", doc)
    assert {"id", "state", "attribute", "deadlines", "audit"} <= set(shown)
    assert [(d["kind"], d["due"], d["status"]) for d in shown["deadlines"]] == [
        ("publication", "2026-10-30", "met"),
        ("interpretation", "2026-10-13", "met"),
    ]
    assert "国庆节" in shown["deadlines"][0]["explanation"]
    assert [e["action"] for e in shown["audit"] if e["from_state"] != e["to_state"]] == [
        "create", "submit", "approve", "sign", "publish", "interpret",
    ]  # fmt: skip
    assert all(e["flow_run_id"] for e in shown["audit"])

    human = gk(stack_home, "show", doc)
    assert human.code == 0
    for text in ("状态：已解读", "成文日期：2026年9月28日", "发布日期：2026年10月9日", "计入调休上班日", "审计记录："):
        assert text in human.stdout


def test_a_withheld_document_with_its_grounds_is_filed_and_cannot_be_published(
    stack_home: Path, people: People, files: Files
) -> None:
    document = submit(stack_home, people, files.secret, "--attribute", "withheld", "--grounds", "state_secret")
    doc = str(document["id"])
    assert {f["kind"] for f in document["findings"]} == {"secret_mark"}
    ok(stack_home, "review", doc, "--as", people.reviewer, "--approve")
    filed = ok(stack_home, "sign", doc, "--as", people.signer)
    assert (filed["state"], filed["deadlines"]) == ("filed", [])
    refused(
        stack_home, int(doc), 3, "publish", doc, "--as", people.reviewer, match="不能在“已归档（不公开）”状态下发布"
    )
    human = gk(stack_home, "show", doc)
    assert "不予主动公开的依据：国家秘密（条例第十四条）" in human.stdout  # the grounds in Chinese, no code
    assert "state_secret" not in human.stdout and filed["grounds"][0]["code"] == "state_secret"  # --json keeps it


def test_a_returned_document_comes_back_as_a_new_version_and_is_reviewed_again(
    stack_home: Path, people: People, files: Files
) -> None:
    document = submit(stack_home, people, files.personal, "--attribute", "proactive")
    doc = str(document["id"])
    personal = [f["number"] for f in document["findings"] if f["severity"] == "personal_data"]
    assert len(personal) == 4
    refused(stack_home, int(doc), 3, "review", doc, "--as", people.reviewer, "--approve", match="个人信息")

    returned = ok(stack_home, "review", doc, "--as", people.reviewer, "--return", "--comment", "请删去个人信息")
    assert returned["state"] == "returned"
    redacted = files.personal.with_name("公示第二稿.txt")
    second = re.sub(r"居民身份证号\S+?，联系电话\S+?，", "", SAMPLE_PERSONAL_DATA)
    redacted.write_text(second.replace("渝中民发〔2019〕7号", "渝中民发〔2019〕8号"), encoding="utf-8")
    again = ok(stack_home, "resubmit", doc, str(redacted), "--as", people.drafter)
    assert (again["state"], again["current_version"]) == ("under_review", 2)
    assert again["metadata"]["doc_number"] == "渝中民发〔2019〕8号"  # read from the text, so it follows the text
    assert [v["reason"] for v in again["versions"]] == ["submit", "resubmit"]
    remaining = [f["number"] for f in again["findings"] if f["severity"] == "personal_data"]
    assert len(remaining) == 2

    justify = [arg for n in remaining for arg in ("--justify", f"{n}=公示期内依法公开，权利人已同意")]
    approved = ok(stack_home, "review", doc, "--as", people.reviewer, "--approve", *justify)
    assert approved["state"] == "approved"
    assert all(
        f["resolution"]["resolution"] == "justified" for f in approved["findings"] if f["severity"] == "personal_data"
    )


def test_a_late_publication_is_recorded_as_late(stack_home: Path, people: People, files: Files) -> None:
    doc = str(published(stack_home, people, files.docx, signed="2026-09-28", on="2026-11-02"))
    shown = ok(stack_home, "show", doc, today="2026-11-02")
    assert shown["published_on_time"] is False
    assert shown["deadlines"][0]["status"] == "met_late"
    assert shown["title"].startswith("重庆市人民政府办公室关于做好2018年义务教育")


def test_an_amendment_goes_through_review_again_and_restarts_the_publication_clock(
    stack_home: Path, people: People, files: Files
) -> None:
    doc = str(published(stack_home, people, files.pdf, signed="2026-09-28", on="2026-10-09"))
    index_no = ok(stack_home, "show", doc)["index_no"]
    amended = ok(stack_home, "amend", doc, str(files.revised), "--as", people.drafter, today="2026-11-02")
    assert (amended["state"], amended["current_version"]) == ("under_review", 2)
    clocks = [(d["computed_from"], d["active"]) for d in amended["deadlines"] if d["kind"] == "publication"]
    assert clocks == [("2026-09-28", False), ("2026-11-02", True)]
    ok(stack_home, "review", doc, "--as", people.reviewer, "--approve", today="2026-11-03")
    ok(stack_home, "sign", doc, "--as", people.signer, today="2026-11-04")
    republished = ok(stack_home, "publish", doc, "--as", people.reviewer, today="2026-11-05")
    assert (republished["index_no"], republished["published_version"]) == (index_no, 2)


def test_a_published_document_is_withdrawn_with_a_reason(stack_home: Path, people: People, files: Files) -> None:
    doc = published(stack_home, people, files.ofd, signed="2026-09-28", on="2026-10-09")
    refused(stack_home, doc, 3, "withdraw", str(doc), "--as", people.reviewer, match="须说明理由")
    refused(stack_home, doc, 3, "withdraw", str(doc), "--as", people.drafter, "--reason", "错误", match="无权")
    withdrawn = ok(stack_home, "withdraw", str(doc), "--as", people.reviewer, "--reason", "内容有误，重新制发")
    assert withdrawn["state"] == "withdrawn"
    assert withdrawn["metadata"]["validity"] == "withdrawn"
    assert withdrawn["withdrawal_reason"] == "内容有误，重新制发"
    listed = ok(stack_home, "list", "--state", "withdrawn")
    assert doc in [row["id"] for row in listed]


def test_a_draft_waits_for_its_attribute_and_a_reviewer_changes_it_only_with_a_reason(
    stack_home: Path, people: People, files: Files
) -> None:
    draft = submit(stack_home, people, files.meeting)
    doc = draft["id"]
    assert (draft["state"], draft["attribute"]) == ("draft", None)
    refused(stack_home, doc, 3, "review", str(doc), "--as", people.reviewer, "--approve", match="草稿")
    refused(stack_home, doc, 3, "attribute", str(doc), "--as", people.drafter, "--attribute", "on_request",
            match="须说明法律依据")  # fmt: skip
    refused(stack_home, doc, 3, "attribute", str(doc), "--as", people.other_drafter, "--attribute", "proactive",
            match="只有本公文的拟稿人")  # fmt: skip
    set_ = ok(stack_home, "attribute", str(doc), "--as", people.drafter, "--attribute", "proactive")
    assert (set_["state"], set_["attribute"]) == ("under_review", "proactive")
    change = ("attribute", str(doc), "--as", people.reviewer, "--attribute", "on_request", "--grounds", "process_info")
    refused(stack_home, doc, 3, *change, match="须说明理由")
    changed = ok(stack_home, *change, "--reason", "会议通知属内部事务")
    assert (changed["attribute"], changed["grounds"][0]["code"]) == ("on_request", "process_info")


def test_refusals_of_sign_off_and_publication_leave_the_document_unchanged(
    stack_home: Path, people: People, files: Files
) -> None:
    doc = submit(stack_home, people, files.secret, "--attribute", "proactive")["id"]
    refused(stack_home, doc, 3, "review", str(doc), "--as", people.reviewer, "--approve", match="密级标志")
    refused(stack_home, doc, 3, "review", str(doc), "--as", people.drafter, "--approve", match="无权")
    refused(stack_home, doc, 3, "sign", str(doc), "--as", people.signer, match="不能在“审查中”状态下签发")
    doc = through_review(stack_home, people, files.notice)
    refused(stack_home, doc, 3, "sign", str(doc), "--as", people.reviewer, match="无权")
    refused(stack_home, doc, 3, "publish", str(doc), "--as", people.reviewer, match="不能在“已审核通过”状态下发布")
    refused(stack_home, doc, 3, "interpret", str(doc), str(files.interpretation), "--as", people.drafter,
            match="不能在“已审核通过”状态下发布解读")  # fmt: skip


def test_refused_submissions_store_nothing(stack_home: Path, people: People, files: Files) -> None:
    before = documents_of(stack_home, people.drafter)
    normative = ("--kind", "normative", "--attribute", "proactive")
    cases = [
        (3, normative, files.notice, "同步审签）：请用 --interpretation-plan 附上"),
        (3, ("--attribute", "withheld"), files.secret, "须说明法律依据"),
        (2, (), files.broken, "无法读取 DOCX"),
        (2, (), files.empty, "文件为空"),
        (2, (), files.notice.with_name("不存在.txt"), "找不到文件"),
        (2, ("--attribute", "public"), files.notice, "未知公开属性"),
        (2, ("--kind", "law"), files.notice, "未知公文类型"),
        (2, ("--interpretation-plan", str(files.broken)), files.notice, "无法读取 DOCX"),
    ]
    for code, options, path, message in cases:
        result = gk(stack_home, "submit", str(path), "--as", people.drafter, *options)
        assert (result.code, message in result.stderr) == (code, True), (options, result.stderr)
    assert documents_of(stack_home, people.drafter) == before
    as_reviewer = gk(stack_home, "submit", str(files.notice), "--as", people.reviewer)
    assert as_reviewer.code == 3 and "无权" in as_reviewer.stderr


def test_usage_errors_and_unknown_names(stack_home: Path, people: People, files: Files) -> None:
    doc = submit(stack_home, people, files.notice, "--attribute", "proactive")["id"]
    refused(stack_home, doc, 2, "review", str(doc), "--as", people.reviewer, match="二选一")
    refused(stack_home, doc, 2, "review", str(doc), "--as", people.reviewer, "--approve", "--return", match="二选一")
    for comment in ((), ("--comment", "  ")):  # the policy refuses it, so the API (400) and the CLI (exit 2) do
        refused(stack_home, doc, 2, "review", str(doc), "--as", people.reviewer, "--return", *comment,
                match="退回须写明退回意见")  # fmt: skip
    refused(
        stack_home,
        doc,
        2,
        "review",
        str(doc),
        "--as",
        people.reviewer,
        "--approve",
        "--justify",
        "x",
        match="序号=理由",
    )
    refused(stack_home, doc, 2, "review", str(doc), "--as", people.reviewer, "--approve", "--justify", "9=理由",
            match="没有第9项")  # fmt: skip
    refused(stack_home, doc, 4, "review", str(doc), "--as", "无此人", "--approve", match="不存在")
    missing = gk(stack_home, "show", "999999")
    assert missing.code == 4 and "公文 999999 不存在" in missing.stderr
    as_json = gk(stack_home, "show", "999999", "--json")
    assert as_json.code == 4 and '"exit_code": 4' in as_json.stderr


def test_list_filters_by_state_and_overdue(stack_home: Path, people: People, files: Files) -> None:
    doc = through_review(stack_home, people, files.notice, today="2026-09-01")
    ok(stack_home, "sign", str(doc), "--as", people.signer, today="2026-09-01")
    overdue = ok(stack_home, "list", "--overdue", today="2026-12-31")
    row = next(r for r in overdue if r["id"] == doc)
    assert row["overdue"] is True and row["next_deadline"]["kind"] == "publication"
    assert doc not in [r["id"] for r in ok(stack_home, "list", "--overdue", today="2026-09-02")]
    assert gk(stack_home, "list", "--state", "nonsense").code == 2


def test_the_drafter_confirms_then_corrects_the_metadata_read_from_the_file(
    stack_home: Path, people: People, files: Files
) -> None:
    doc = submit(stack_home, people, files.meeting)["id"]  # no attribute: a draft
    confirmed = gk(stack_home, "metadata", str(doc), "--as", people.drafter)
    assert confirmed.code == 0, confirmed.stderr
    assert f"公文 {doc} 的元数据已核对（与正文读取一致：标题" in confirmed.stdout
    title = "关于召开全市政务公开工作会议的通知（更正）"
    fixed = ok(stack_home, "metadata", str(doc), "--as", people.drafter, "--title", title, "--doc-number",
               "示政办发[2026]9号", "--kind", "通知公告", "--domain", "教育")  # fmt: skip
    assert (fixed["state"], fixed["title"], fixed["doc_number"], fixed["kind"], fixed["subject_area"]) == (
        "draft", title, "示政办发〔2026〕9号", "notice", "education")  # fmt: skip
    assert fixed["metadata_check"]["corrected"] == ["标题", "发文字号", "公文类型", "主题分类"]
    shown = gk(stack_home, "show", str(doc))
    assert "核对元数据" in shown.stdout and "更正：标题“关于召开全市政务公开工作会议的通知”→“" in shown.stdout
    assert re.search(r"元数据：拟稿人已核对（\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}）", shown.stdout)
    assert "主题分类：拟稿人选择（自动分类为“" in shown.stdout

    metadata = ("metadata", str(doc))
    refused(stack_home, doc, 2, *metadata, "--as", people.drafter, "--title", " ", match="标题不能为空")
    refused(stack_home, doc, 2, *metadata, "--as", people.drafter, "--kind", "law", match="未知公文类型")
    refused(stack_home, doc, 3, *metadata, "--as", people.drafter, "--kind", "policy", match="解读方案")
    refused(stack_home, doc, 3, *metadata, "--as", people.other_drafter, "--title", "他人的标题",
            match="只有本公文的拟稿人才能核对元数据")  # fmt: skip
    refused(stack_home, doc, 3, *metadata, "--as", people.reviewer, match="无权执行“核对元数据”")
    refused(stack_home, doc, 4, "metadata", "999999", "--as", people.drafter, match="不存在")
    refused(stack_home, doc, 5, *metadata, "--as", people.drafter, "--expect-version", "1", "--title", "旧页面的标题",
            match="已被他人修改")  # fmt: skip
    ok(stack_home, "attribute", str(doc), "--as", people.drafter, "--attribute", "proactive")
    ok(stack_home, "review", str(doc), "--as", people.reviewer, "--approve")
    refused(stack_home, doc, 3, *metadata, "--as", people.drafter, match="不能在“已审核通过”状态下核对元数据")
