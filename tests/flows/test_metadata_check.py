"""The drafter confirms or corrects the metadata read from the file (我的文件 → the document page), through the real
flow, task and database: by the API with a stale version and Chinese names, and by the page with its CSRF token,
its refusals on one line that change nothing, escaping, and a correction that outlives a new version."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.home.settings import Settings
from app.stack.supervisor import local_token
from storage.uow import UnitOfWork
from tests.fixtures_docs import SAMPLE_NOTICE
from tests.flows.pages_client import PageClient, page_app

TODAY = "2026-09-02"
READ_TITLE = "重庆市人民政府办公室关于做好2018年义务教育阶段学校招生入学工作的通知"
CORRECTED = "关于做好2018年义务教育招生入学工作的通知（拟稿人更正）"
ERROR_LINE = re.compile(r'<p class="error" role="alert">([^<]+)</p>')


def stored(database: Any, document_id: int) -> tuple[str, str, str | None, str, str, int, int]:
    """What the check may change, the version, and how many audit events the document has."""
    with UnitOfWork(database, readonly=True) as uow:
        document = uow.documents.get(document_id)
        events = len(uow.audit.events_for("document", document_id))
        return (document.state, document.title, document.doc_number, document.kind, document.subject_area,
                document.version, events)  # fmt: skip


# --- the API ---


@pytest.fixture
def api(client: TestClient) -> TestClient:
    """The web app's JSON API (the flows tier's `client`), beside the pages."""
    return client


def acting_as(settings: Settings, user: str, **headers: str) -> dict[str, str]:
    token = local_token(settings.home)
    return {"Authorization": f"Local {token}", "X-Gongkai-As": quote(user), "X-Gongkai-Today": TODAY, **headers}


def submitted(api: TestClient, settings: Settings, **options: str) -> dict[str, Any]:
    body = {"filename": "通知.txt", "content": base64.b64encode(SAMPLE_NOTICE.encode()).decode(), **options}
    response = api.post("/api/documents", json=body, headers=acting_as(settings, "王芳"))
    assert response.status_code == 201, response.text
    detail: dict[str, Any] = response.json()
    return detail


def test_the_api_confirms_the_metadata_as_read_with_an_empty_body(api: TestClient, settings: Settings) -> None:
    detail = submitted(api, settings, attribute="proactive")
    assert detail["state"] == "under_review" and detail["metadata_check"] is None
    assert detail["metadata"]["title"] == READ_TITLE
    answer = api.post(f"/api/documents/{detail['id']}/metadata", json={}, headers=acting_as(settings, "王芳"))
    assert answer.status_code == 200, answer.text
    checked = answer.json()
    assert checked["state"] == "under_review" and checked["title"] == READ_TITLE
    assert checked["metadata_check"]["by"] == "王芳" and checked["metadata_check"]["corrected"] == []
    event = checked["audit"][-1]
    assert (event["action"], event["action_label"]) == ("confirm_metadata", "核对元数据")
    assert event["payload"]["changed"] == {} and "title" in event["payload"]["confirmed"]
    assert event["from_state"] == event["to_state"] == "under_review"


def test_the_api_corrects_with_chinese_names_and_records_from_and_to(api: TestClient, settings: Settings) -> None:
    detail = submitted(api, settings)
    body = {"title": CORRECTED, "doc_number": "", "kind": "通知公告", "domain": "社会救助和社会福利"}
    headers = acting_as(settings, "王芳", **{"If-Match": str(detail["version"])})
    answer = api.post(f"/api/documents/{detail['id']}/metadata", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    checked = answer.json()
    assert (checked["title"], checked["doc_number"], checked["kind"], checked["subject_area"]) == (
        CORRECTED, None, "notice", "social_assistance")  # fmt: skip
    assert checked["subject_matched"] == []
    assert checked["metadata"]["sources"]["title"] == f"拟稿人填写（正文中读到的是“{READ_TITLE}”）"
    assert checked["subject_source"] == "拟稿人选择（自动分类为“教育”）"
    changed = checked["audit"][-1]["payload"]["changed"]
    assert changed == {
        "title": {"from": READ_TITLE, "to": CORRECTED},
        "doc_number": {"from": "渝府办发〔2018〕52号", "to": None},
        "kind": {"from": "other", "to": "notice"},
        "subject_area": {"from": "education", "to": "social_assistance"},
    }
    assert checked["metadata_check"]["corrected"] == ["标题", "发文字号", "公文类型", "主题分类"]
    said = f"更正：标题“{READ_TITLE}”→“{CORRECTED}”，发文字号“渝府办发〔2018〕52号”→“空”"
    assert checked["audit"][-1]["detail"].startswith(said)


@pytest.mark.parametrize(
    ("user", "body", "headers", "status", "exit_code", "says"),
    [
        ("王芳", {"title": "新"}, {"If-Match": "1"}, 409, 5, None),
        ("李审", {"title": "新"}, {}, 403, 3, "政务公开审查员无权执行“核对元数据”"),
        ("赵拟", {"title": "新"}, {}, 404, 4, None),  # no department: another drafter's document is not there
        ("周督", {}, {}, 403, 3, None),
        ("王芳", {"kind": "法律"}, {}, 400, 2, "未知公文类型"),
        ("王芳", {"domain": "体育"}, {}, 400, 2, "未知"),
        ("王芳", {"title": " \n "}, {}, 400, 2, "标题不能为空"),
        ("王芳", {"issuer": "机" * 201}, {}, 400, 2, "发文机关过长"),
        ("王芳", {"kind": "policy"}, {}, 403, 3, "须随文报送政策解读方案"),
    ],
)
def test_a_refused_check_says_why_in_one_line_and_changes_nothing(
    api: TestClient, settings: Settings, user: str, body: dict[str, str], headers: dict[str, str], status: int,
    exit_code: int, says: str | None,
) -> None:  # fmt: skip
    detail = submitted(api, settings, attribute="proactive")
    assert api.post(f"/api/documents/{detail['id']}/metadata", json={}, headers=acting_as(settings, "王芳")).is_success
    before = api.get(f"/api/documents/{detail['id']}", headers=acting_as(settings, "王芳")).json()
    path = f"/api/documents/{detail['id']}/metadata"
    answer = api.post(path, json=body, headers=acting_as(settings, user, **headers))
    assert (answer.status_code, answer.json()["exit_code"]) == (status, exit_code), answer.text
    assert "\n" not in answer.json()["error"] and (says is None or says in answer.json()["error"])
    after = api.get(f"/api/documents/{detail['id']}", headers=acting_as(settings, "王芳")).json()
    assert after == before


def test_no_check_once_the_review_approved_it(api: TestClient, settings: Settings) -> None:
    detail = submitted(api, settings, attribute="proactive")
    path = f"/api/documents/{detail['id']}"
    assert api.post(f"{path}/review", json={"decision": "approve"}, headers=acting_as(settings, "李审")).is_success
    answer = api.post(f"{path}/metadata", json={"title": "新"}, headers=acting_as(settings, "王芳"))
    assert answer.status_code == 403 and answer.json()["error"] == "不能在“已审核通过”状态下核对元数据"


# --- the pages ---


@pytest.fixture
def pages(tmp_path: Path, template_db: Path) -> Iterator[PageClient]:
    with page_app(tmp_path, template_db) as client:
        yield client


def upload(client: PageClient, text: str = SAMPLE_NOTICE, **fields: str) -> int:
    answer = client.post("/my", "/my", "甲拟", data=fields, files={"file": ("通知.txt", text.encode())})
    assert answer.status_code == 303, answer.text
    assert "请核对读取的元数据" in client.get(answer.headers["location"], "甲拟").text
    found = re.search(r"/documents/(\d+)", answer.headers["location"])
    assert found is not None
    return int(found.group(1))


def correct(client: PageClient, document_id: int, user: str = "甲拟", *, decision: str = "correct",
            token: bool = True, **fields: str) -> Any:  # fmt: skip
    page = f"/documents/{document_id}"
    form = {"title": READ_TITLE, "doc_number": "渝府办发〔2018〕52号", "issuer": "重庆市人民政府办公室",
            "kind": "other", "domain": "education", "decision": decision, **fields}  # fmt: skip
    shown = "/my" if user == "乙拟" else page  # another department's drafter cannot open the document
    return client.post(shown, f"{page}/metadata", user, form, token=token)


def test_the_form_shows_each_value_with_where_it_was_read(pages: PageClient) -> None:
    document_id = upload(pages, attribute="proactive")  # straight to review: the drafter still checks
    page = pages.get(f"/documents/{document_id}", "甲拟").text
    assert "<h2>核对元数据</h2>" in page and "元数据：未核对（自动读取）" in page
    assert f'name="title" value="{READ_TITLE}"' in page
    assert 'name="doc_number" value="渝府办发〔2018〕52号"' in page
    assert re.search(r"读取依据：第\d+行", page)  # the line of the text each value was read on
    assert "读取依据：按正文关键词自动分类（命中：" in page and "读取依据：不从正文读取（上传时选择）" in page
    assert '<option value="education" selected>教育</option>' in page
    assert '<option value="other" selected>其他</option>' in page
    assert 'value="confirm">确认无误</button>' in page and 'value="correct" class="secondary">保存更正</button>' in page
    assert "<h2>核对元数据</h2>" not in pages.get(f"/documents/{document_id}", "李审").text


def test_the_drafter_confirms_then_corrects_and_the_page_and_trail_say_so(pages: PageClient) -> None:
    document_id = upload(pages, SAMPLE_NOTICE.replace("（此件公开发布）\n", ""))  # no attribute mark: a draft
    confirmed = correct(pages, document_id, decision="confirm")
    assert confirmed.status_code == 303, confirmed.text
    page = pages.get(f"/documents/{document_id}", "甲拟").text
    assert re.search(r"元数据：拟稿人已核对（\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}）", page)
    assert "<strong>核对元数据</strong>" in page and "与正文读取一致：标题、发文字号、发文机关、主题分类" in page

    corrected = correct(pages, document_id, title=CORRECTED, doc_number="", kind="notice", domain="health")
    assert corrected.status_code == 303, corrected.text
    page = pages.get(f"/documents/{document_id}", "甲拟").text
    assert "，更正了标题、发文字号、公文类型、主题分类" in page
    said = f"更正：标题“{READ_TITLE}”→“{CORRECTED}”，发文字号“渝府办发〔2018〕52号”→“空”，公文类型“其他”→“通知公告”"
    assert said in page
    assert f"<h1>{CORRECTED}</h1>" in page and "<tr><th>发文字号</th><td>（未读取到）</td></tr>" in page
    assert f"拟稿人填写（正文中读到的是“{READ_TITLE}”）" in page
    assert "读取依据：拟稿人删除（正文中读到的是“渝府办发〔2018〕52号”）" in page
    assert stored(pages.database, document_id)[:5] == ("draft", CORRECTED, None, "notice", "health")


def test_confirming_with_an_edit_is_refused_so_the_edit_is_not_lost(pages: PageClient) -> None:
    document_id = upload(pages)
    before = stored(pages.database, document_id)
    refused = correct(pages, document_id, decision="confirm", title=CORRECTED)
    assert refused.status_code == 400
    line = ERROR_LINE.search(refused.text)
    assert line is not None and line.group(1) == "标题已改动：要保存改动请点“保存更正”，“确认无误”只确认原有的值"
    assert f'name="title" value="{CORRECTED}"' in refused.text  # the page again, with what was typed
    assert stored(pages.database, document_id) == before
    saved = pages.browser("甲拟").post(f"/documents/{document_id}/metadata", data={
        **dict(re.findall(r'name="(title|doc_number|issuer|csrf_token|version)" value="([^"]*)"', refused.text)),
        "kind": "other", "domain": "education", "decision": "correct"})  # fmt: skip
    assert saved.status_code == 303 and stored(pages.database, document_id)[1] == CORRECTED


@pytest.mark.parametrize(
    ("user", "status", "says"),
    [("乙拟", 404, "页面不存在"), ("李审", 403, "政务公开审查员无权执行“核对元数据”"), ("周督", 403, "无权")],
)
def test_nobody_but_the_drafter_checks_it(pages: PageClient, user: str, status: int, says: str) -> None:
    document_id = upload(pages, attribute="proactive")
    before = stored(pages.database, document_id)
    answer = correct(pages, document_id, user, title=CORRECTED)
    assert answer.status_code == status and says in answer.text
    assert stored(pages.database, document_id) == before


def test_a_stale_form_a_missing_token_an_empty_title_and_a_wrong_state_change_nothing(pages: PageClient) -> None:
    document_id = upload(pages, attribute="proactive")
    before = stored(pages.database, document_id)
    stale = correct(pages, document_id, title=CORRECTED, version=str(before[5] - 1))
    assert stale.status_code == 409 and ERROR_LINE.search(stale.text)
    no_token = correct(pages, document_id, title=CORRECTED, token=False)
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    empty = correct(pages, document_id, title="  ")
    assert empty.status_code == 400 and "标题不能为空" in empty.text
    assert stored(pages.database, document_id) == before

    approved = pages.post(f"/review/{document_id}", f"/review/{document_id}/approve", "李审")
    assert approved.status_code == 303
    assert "<h2>核对元数据</h2>" not in pages.get(f"/documents/{document_id}", "甲拟").text
    after_review = stored(pages.database, document_id)
    late = correct(pages, document_id, title=CORRECTED)
    assert late.status_code == 403 and "不能在“已审核通过”状态下核对元数据" in late.text
    assert stored(pages.database, document_id) == after_review


def test_html_in_a_corrected_title_is_escaped(pages: PageClient) -> None:
    document_id = upload(pages)
    hostile = '<script>alert("x")</script>关于<b>加粗</b>的通知'
    refused = correct(pages, document_id, title=hostile, decision="confirm")  # shown again in the form, escaped
    assert refused.status_code == 400 and 'value="&lt;script&gt;alert(&#34;x&#34;)' in refused.text
    assert "<script>alert" not in refused.text
    assert correct(pages, document_id, title=hostile).status_code == 303
    for path in (f"/documents/{document_id}", "/my"):
        text = pages.get(path, "甲拟").text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text, path
        assert "<script>alert" not in text and "<b>加粗</b>" not in text, path


def test_a_corrected_title_stays_when_a_new_version_comes_and_the_new_version_is_unchecked(pages: PageClient) -> None:
    document_id = upload(pages, attribute="proactive")
    assert correct(pages, document_id, title=CORRECTED, doc_number="").status_code == 303
    returned = pages.post(f"/review/{document_id}", f"/review/{document_id}/return", "李审", {"comment": "请修改"})
    assert returned.status_code == 303
    second = SAMPLE_NOTICE.replace("渝府办发〔2018〕52号", "渝府办发〔2018〕53号")
    page = f"/documents/{document_id}"
    resubmitted = pages.post(page, f"{page}/resubmit", "甲拟", files={"file": ("第二稿.txt", second.encode())})
    assert resubmitted.status_code == 303, resubmitted.text
    state, title, doc_number, *_ = stored(pages.database, document_id)
    assert (state, title, doc_number) == ("under_review", CORRECTED, None)  # both set by hand: they stay
    shown = pages.get(page, "甲拟").text
    assert "元数据：未核对（自动读取）" in shown and "<h2>核对元数据</h2>" in shown
