"""The role pages through a real web app, real flows on the shared Prefect test server and a real database:
the role × page × state matrix, the forms (CSRF, refusals as one line, nothing changed), escaping, uploads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest

from app.home.runtime import Runtime
from storage.uow import UnitOfWork
from tests.fixtures_docs import SAMPLE_NOTICE, SAMPLE_PERSONAL_DATA
from tests.flows.pages_client import PageClient, page_app

HOSTILE_TITLE = '<script>alert("x")</script>关于<b>加粗</b>的通知'
DOCUMENT_ID = re.compile(r"/documents/(\d+)")
UNMARKED = SAMPLE_NOTICE.replace("（此件公开发布）\n", "")


def upload(client: PageClient, user: str, text: str, name: str = "通知.txt", **fields: str) -> int:
    """Upload through 我的文件; the new document's number."""
    files = {"file": (name, text.encode())}
    if fields.get("kind") in ("policy", "normative"):
        files["plan"] = ("解读方案.txt", "解读方案：以问答形式解读。".encode())
    answer = client.post("/my", "/my", user, data=fields, files=files)
    assert answer.status_code == 303, answer.text
    found = DOCUMENT_ID.search(answer.headers["location"])
    assert found is not None
    return int(found.group(1))


Step = tuple[str, str, str, dict[str, str]]


@dataclass
class World:
    """Documents in every state, drafted in 甲拟's department."""

    client: PageClient
    ids: dict[str, int]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[World]:
    with page_app(tmp_path_factory.mktemp("pages"), template_db) as client:
        ids: dict[str, int] = {}
        ids["draft"] = upload(client, "甲拟", UNMARKED)
        for state in ("under_review", "returned", "approved", "signed", "published", "interpreted", "filed"):
            attribute = "withheld" if state == "filed" else "proactive"
            fields = {"attribute": attribute, "kind": "policy"}
            if attribute == "withheld":
                fields["grounds"] = "internal_affairs"
            ids[state] = upload(client, "甲拟", UNMARKED, **fields)
        approve: Step = ("/review/{}", "/review/{}/approve", "李审", {})
        sign: Step = ("/documents/{}", "/documents/{}/sign", "张签", {})
        steps: dict[str, list[Step]] = {
            "returned": [("/review/{}", "/review/{}/return", "李审", {"comment": "请修改"})],
            "approved": [approve],
            "signed": [approve, sign],
        }
        steps["published"] = [*steps["signed"], ("/documents/{}", "/documents/{}/publish", "李审", {})]
        steps["interpreted"] = steps["published"]
        steps["filed"] = steps["signed"]
        for state, actions in steps.items():
            for page, action, user, data in actions:
                done = client.post(page.format(ids[state]), action.format(ids[state]), user, data)
                assert done.status_code == 303, done.text
        answers = {"file": ("问答.txt", "一问一答：问：为何？答：因为。".encode())}
        page = f"/documents/{ids['interpreted']}"
        done = client.post(page, f"{page}/interpret", "甲拟", {"form": "qa"}, answers)
        assert done.status_code == 303, done.text
        for state, document_id in ids.items():
            assert client.state(document_id) == state
        yield World(client, ids)


def test_the_documents_went_through_every_step_by_the_pages(world: World) -> None:
    page = world.client.get(f"/documents/{world.ids['interpreted']}", "李审")
    assert page.status_code == 200
    for text in ("已解读", "问答解读", "办理记录", "签发", "发布", "政策解读期限"):
        assert text in page.text


STATES = ("draft", "under_review", "returned", "approved", "signed", "published", "interpreted", "filed")
ROLES = {"甲拟": "drafter", "乙拟": "other_drafter", "李审": "reviewer", "张签": "signer", "周督": "supervisor"}
# Who may open each page, whatever the document's state: written out by hand, not derived from the code.
OPENS = {
    "/my": {"drafter", "other_drafter"},
    "/review": {"reviewer"},
    "/review/{id}": {"reviewer"},
    "/sign": {"signer"},
    "/publish": {"reviewer", "supervisor"},
    "/interpret": {"drafter", "other_drafter", "reviewer", "supervisor"},
    "/documents": set(ROLES.values()),
    "/dashboard": {"reviewer", "supervisor"},
    "/documents/{id}": {"drafter", "reviewer", "signer", "supervisor"},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("page", OPENS)
def test_who_gets_which_page_in_each_state(world: World, page: str, state: str) -> None:
    path = page.format(id=world.ids[state])
    for user, role in ROLES.items():
        answer = world.client.get(path, user)
        if role in OPENS[page]:
            expected = 200
        elif role == "other_drafter" and page == "/documents/{id}":
            expected = 404  # another department's document is not there at all
        else:
            expected = 403
        assert answer.status_code == expected, (user, path)
        assert answer.headers["content-type"].startswith("text/html")
        if expected != 200:
            assert ("无权访问" if expected == 403 else "页面不存在") in answer.text
    nobody = world.client.get(path, None)
    assert nobody.status_code == 303 and nobody.headers["location"] == "/login"


@pytest.mark.parametrize(
    ("queue", "user", "state"),
    [("/review", "李审", "under_review"), ("/sign", "张签", "approved"), ("/publish", "李审", "signed"),
     ("/interpret", "甲拟", "published")],
)  # fmt: skip
def test_a_queue_holds_the_documents_in_its_state_only(world: World, queue: str, user: str, state: str) -> None:
    listed = {int(n) for n in re.findall(r'href="/(?:review|documents)/(\d+)"', world.client.get(queue, user).text)}
    assert listed == {world.ids[state]}


@pytest.mark.parametrize(
    ("state", "user", "form"),
    [("draft", "甲拟", "/attribute"), ("under_review", "李审", "/approve"), ("approved", "张签", "/sign"),
     ("signed", "李审", "/publish"), ("published", "甲拟", "/interpret"), ("returned", "甲拟", "/resubmit")],
)  # fmt: skip
def test_each_page_offers_the_step_its_reader_may_take_now_and_no_other(
    world: World, state: str, user: str, form: str
) -> None:
    page = "/review/{}" if form == "/approve" else "/documents/{}"
    document_id = world.ids[state]
    shown = world.client.get(page.format(document_id), user).text
    forms = set(re.findall(rf'action="/(?:review|documents)/{document_id}(/\w+)"', shown))
    assert form in forms
    supervisor = world.client.get(f"/documents/{document_id}", "周督").text
    assert re.search(r'method="post" action="/(?!logout)', supervisor) is None


def test_unknown_and_oversized_ids_are_the_404_page(world: World) -> None:
    for path in ("/documents/999999", f"/documents/{2**64}", "/documents/abc", "/documents/²", f"/review/{2**70}"):
        answer = world.client.get(path, "李审")
        assert answer.status_code == 404 and "页面不存在" in answer.text, path


def test_a_page_shows_codes_by_their_chinese_names_only(world: World) -> None:
    texts = [world.client.get(f"/documents/{world.ids[s]}", "李审").text for s in STATES]
    texts += [world.client.get(f"/review/{world.ids['filed']}", "李审").text, world.client.get("/my", "甲拟").text]
    for text in texts:
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)[^>]*>.*?</\1>", "", text, flags=re.S))
        for code in ("proactive", "on_request", "withheld", "internal_affairs", "under_review", "published",
                     "drafter", "reviewer", "publication", "interpretation", "personal_data"):  # fmt: skip
            assert re.search(rf"\b{code}\b", visible) is None, code
    filed = texts[STATES.index("filed")]
    assert "不予公开" in filed and "内部事务信息（条例第十六条）" in filed


def test_a_deadline_says_how_it_was_computed(world: World) -> None:
    page = world.client.get(f"/documents/{world.ids['signed']}", "李审").text
    assert "公开期限" in page and "自2026年9月1日起算" in page
    assert "跳过的节假日" in page and "国庆节" in page  # 20 working days from 9月1日 cross 国庆 2026
    assert "计入的调休工作日" in page
    # said once: the lists under the sentence, not also inside it
    assert "跳过节假日：" not in page and "计入调休上班日：" not in page
    assert page.count("跳过的节假日") == page.count('<td class="nowrap">公开期限</td>') == 1
    row = re.search(r'<td class="nowrap">公开期限</td><td class="nowrap">[^<]+</td>\s*<td class="nowrap">', page)
    assert row is not None  # 期限, 截止日期 and 状态 keep to one line; only 如何计算 wraps


def test_a_returned_document_opens_with_the_reviewers_comment_and_the_resubmit_form(world: World) -> None:
    document_id = world.ids["returned"]
    page = world.client.get(f"/documents/{document_id}", "甲拟").text
    comment = re.search(r'<div class="returned" id="return-comment"[^>]*>(.*?)</div>', page, flags=re.S)
    assert comment is not None
    assert re.fullmatch(r"<strong>退回意见</strong>（李审，2026年9月1日 \d\d:\d\d）：请修改", comment.group(1))
    first_form = page.index('<form class="box"')
    resubmit = f'<form class="box" method="post" action="/documents/{document_id}/resubmit"'
    assert page.index("return-comment") < first_form == page.index(resubmit)
    assert page.index("重新提交修改稿") < page.index(f'action="/documents/{document_id}/attribute"')
    assert "确定公开属性后，公文即送政务公开审查" not in page and "修改稿重新提交后，公文再次送政务公开审查" in page
    draft = world.client.get(f"/documents/{world.ids['draft']}", "甲拟").text
    assert "return-comment" not in draft and "确定公开属性后，公文即送政务公开审查" in draft
    mine = world.client.get("/my", "甲拟").text
    assert mine.count("见退回意见") == 1 and f'href="/documents/{document_id}#return-comment">见退回意见' in mine


def test_the_sign_form_says_the_sign_date_becomes_the_date_formed_and_that_the_text_differs(world: World) -> None:
    page = world.client.get(f"/documents/{world.ids['approved']}", "张签").text
    form = page[page.index(f'action="/documents/{world.ids["approved"]}/sign"') :]
    form = form[: form.index("</form>")]
    assert "签发日即成文日期（2026年9月1日）" in form
    warning = re.search(r'<p class="warn" id="formed-date-warning">([^<]+)</p>', form)
    assert warning is not None
    assert "正文落款日期为2018年4月28日" in warning.group(1) and "二者不一致" in warning.group(1)
    assert form.index("formed-date-warning") < form.index('<button type="submit">')


def test_a_published_date_mismatch_left_unexplained_says_so_instead_of_pending(world: World) -> None:
    published = world.client.get(f"/documents/{world.ids['published']}", "李审").text
    assert "已提示（发布时未说明）" in published and "待处理" not in published
    signed = world.client.get(f"/documents/{world.ids['signed']}", "李审").text
    assert "待处理" in signed and 'name="justify_' in signed  # before publication it is open, and 发布 asks about it


def test_the_withdraw_form_has_its_heading_and_the_timeline_no_arrow_from_nothing(world: World) -> None:
    page = world.client.get(f"/documents/{world.ids['published']}", "李审").text
    assert "<h2>撤回（须说明理由）</h2>" in page
    actions = page[: page.index("<h2>元数据</h2>")]
    withdraw = f'<form class="box" method="post" action="/documents/{world.ids["published"]}/withdraw"'
    assert actions.rindex('<form class="box"') == actions.index(withdraw)  # the last of the steps
    assert "— →" not in page and '<span class="muted">草稿</span>' in page  # 登记草稿 starts from nothing


@pytest.fixture
def client(tmp_path: Path, template_db: Path) -> Iterator[PageClient]:
    with page_app(tmp_path, template_db) as fresh:
        yield fresh


def _document_count(client: PageClient) -> int:
    return len(re.findall(r'<tr>\s*<td>\d+</td>', client.get("/documents", "李审").text))


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(client: PageClient) -> None:
    files = {"file": ("通知.txt", UNMARKED.encode())}
    refused = client.post("/my", "/my", "甲拟", {"attribute": "proactive"}, files, token=False)
    assert refused.status_code == 403 and "CSRF" in refused.text
    assert _document_count(client) == 0
    document_id = upload(client, "甲拟", UNMARKED, attribute="proactive")
    refused = client.post(f"/review/{document_id}", f"/review/{document_id}/approve", "李审", token=False)
    assert refused.status_code == 403 and client.state(document_id) == "under_review"


def test_refusals_show_one_chinese_line_and_change_nothing(client: PageClient) -> None:
    personal = upload(client, "甲拟", SAMPLE_PERSONAL_DATA, attribute="proactive")
    refused = client.post(f"/review/{personal}", f"/review/{personal}/approve", "李审")
    assert refused.status_code == 403
    line = re.search(r'<p class="error" role="alert">([^<]+)</p>', refused.text)
    assert line is not None and "\n" not in line.group(1) and "Traceback" not in refused.text
    assert client.state(personal) == "under_review"

    no_file = client.post("/my", "/my", "甲拟", {"attribute": "proactive"})
    assert no_file.status_code == 400 and "请选择要上传的文件" in no_file.text

    bad_grounds = client.post("/my", "/my", "甲拟", {"attribute": "withheld"}, {"file": ("a.txt", UNMARKED.encode())})
    assert bad_grounds.status_code == 403 and "法律依据" in bad_grounds.text
    assert _document_count(client) == 1

    stale_form = {"comment": "请删除", "version": "1"}
    stale = client.post(f"/review/{personal}", f"/review/{personal}/return", "李审", stale_form)
    assert stale.status_code == 409 and client.state(personal) == "under_review"

    not_mine = client.post(f"/documents/{personal}", f"/documents/{personal}/sign", "周督")
    assert not_mine.status_code == 403 and client.state(personal) == "under_review"


def test_a_personal_data_finding_is_marked_where_it_is_and_kept_with_a_reason(client: PageClient) -> None:
    document_id = upload(client, "甲拟", SAMPLE_PERSONAL_DATA, attribute="proactive")
    page = client.get(f"/review/{document_id}", "李审").text
    marks = re.findall(r'<mark id="finding-(\d+)" class="personal_data">([^<]+)<sup>', page)
    assert marks and all(text in SAMPLE_PERSONAL_DATA for _, text in marks)
    keep = {f"keep_{number}": "当事人同意公开（见附件授权书）" for number, _ in marks}
    approved = client.post(f"/review/{document_id}", f"/review/{document_id}/approve", "李审", keep)
    assert approved.status_code == 303 and client.state(document_id) == "approved"
    shown = client.get(f"/documents/{document_id}", "张签").text
    assert "保留（审查员已说明理由）：当事人同意公开（见附件授权书）" in shown


def test_html_in_a_title_is_escaped_on_every_page(client: PageClient) -> None:
    document_id = upload(client, "甲拟", UNMARKED, title=HOSTILE_TITLE, attribute="proactive", kind="policy")
    steps = [
        ([("/my", "甲拟"), ("/review", "李审"), (f"/review/{document_id}", "李审"), ("/documents", "周督")],
         (f"/review/{document_id}", f"/review/{document_id}/approve", "李审")),
        ([("/sign", "张签"), (f"/documents/{document_id}", "张签")],
         (f"/documents/{document_id}", f"/documents/{document_id}/sign", "张签")),
        ([("/publish", "李审"), (f"/documents/{document_id}", "周督")],
         (f"/documents/{document_id}", f"/documents/{document_id}/publish", "李审")),
        ([("/interpret", "甲拟"), (f"/documents/{document_id}", "甲拟")], None),
    ]  # fmt: skip
    for pages, then in steps:
        for path, user in pages:
            text = client.get(path, user).text
            assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text, path
            assert "<script>" not in text and "<b>加粗</b>" not in text, path
        if then is not None:
            assert client.post(*then).status_code == 303


def test_a_hostile_file_name_cannot_escape_the_file_store(client: PageClient, tmp_path: Path) -> None:
    hostile = "../../../../../../tmp/..\\..\\.逃逸.txt"
    document_id = upload(client, "甲拟", UNMARKED, name=hostile, attribute="proactive")
    page = client.get(f"/documents/{document_id}", "李审").text
    assert "逃逸.txt" in page and "../" not in page
    stored = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert stored and all(re.fullmatch(r"[0-9a-f]{64}", p.name) for p in stored)
    assert not list(Path("/tmp").glob("逃逸*")) and not list(tmp_path.parent.glob("逃逸*"))


def test_the_dashboard_shows_what_falls_due_this_week_then_what_is_overdue(client: PageClient) -> None:
    document_id = upload(client, "甲拟", UNMARKED, attribute="proactive")
    client.post(f"/review/{document_id}", f"/review/{document_id}/approve", "李审")
    client.post(f"/documents/{document_id}", f"/documents/{document_id}/sign", "张签")
    with UnitOfWork(client.database, readonly=True) as uow:
        due = uow.deadlines.active_for("document", document_id)[0].due
    runtime: Runtime = client.app.state.runtime
    listed = re.compile(rf'href="/documents/{document_id}"')
    for today, heading in ((due - timedelta(days=2), "本周到期（1 件）"), (due + timedelta(days=1), "已逾期（1 件）")):
        client.app.state.runtime = Runtime(settings=replace(runtime.settings, today=today))
        client.browsers.pop("周督", None)  # a session of another day has expired: sign in again
        page = client.get("/dashboard", "周督").text
        assert heading in page and listed.search(page), today


def test_a_documents_own_attribute_mark_and_its_events_times_are_shown_as_a_person_reads_them(
    client: PageClient,
) -> None:
    document_id = upload(client, "甲拟", SAMPLE_NOTICE, attribute="proactive")  # its text carries （此件公开发布）
    page = client.get(f"/documents/{document_id}", "李审").text
    assert re.search(r"<th>公开属性标注</th><td>主动公开</td>", page)
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）", page) and " UTC" not in page


def test_a_refused_review_form_comes_back_with_what_the_reviewer_typed(client: PageClient) -> None:
    document_id = upload(client, "甲拟", SAMPLE_PERSONAL_DATA, attribute="proactive")
    review = f"/review/{document_id}"
    numbers = re.findall(r'name="keep_(\d+)"', client.get(review, "李审").text)
    assert len(numbers) >= 2  # one kept with a reason, the rest left open: refused
    typed = {f"keep_{numbers[0]}": "当事人书面同意公开", "comment": "其余个人信息请核实"}
    refused = client.post(review, f"{review}/approve", "李审", typed)
    assert refused.status_code == 403 and client.state(document_id) == "under_review"
    assert 'value="当事人书面同意公开"' in refused.text and 'value="其余个人信息请核实"' in refused.text
    assert refused.text.count('value="其余个人信息请核实"') == 1  # the approve form's comment, not the return form's

    silent = client.post(review, f"{review}/return", "李审", {"comment": "  "})
    assert silent.status_code == 400 and "退回须写明退回意见" in silent.text
    assert client.state(document_id) == "under_review"

    grounds_missing = {"attribute": "withheld", "reason": "属内部管理信息"}
    attribute = client.post(review, f"{review}/attribute", "李审", grounds_missing)
    assert attribute.status_code == 403 and "法律依据" in attribute.text
    assert "<h1>审查：" in attribute.text  # the review page again, not the drafter's confirmation form
    assert re.search(r'value="withheld" checked', attribute.text) and ">属内部管理信息</textarea>" in attribute.text
    with UnitOfWork(client.database, readonly=True) as uow:
        assert uow.documents.get(document_id).attribute == "proactive"

    changed = client.post(review, f"{review}/attribute", "李审", {**grounds_missing, "grounds": "internal_affairs"})
    assert changed.status_code == 303 and changed.headers["location"].startswith(review + "?notice=")


def test_the_review_page_says_what_to_do_with_a_secrecy_mark_before_the_reviewer_tries(client: PageClient) -> None:
    marked = "秘密★1年\n" + SAMPLE_NOTICE
    document_id = upload(client, "甲拟", marked, attribute="proactive")
    page = client.get(f"/review/{document_id}", "李审").text
    assert "正文带有密级标志“秘密★1年”，主动公开的公文不能审查通过" in page
    unmarked = upload(client, "甲拟", SAMPLE_NOTICE, attribute="proactive")
    assert "正文带有密级标志" not in client.get(f"/review/{unmarked}", "李审").text


def test_publishing_on_the_page_explains_a_date_line_unlike_the_date_formed(client: PageClient) -> None:
    document_id = upload(client, "甲拟", UNMARKED, attribute="proactive")
    for page, action, user in ((f"/review/{document_id}", f"/review/{document_id}/approve", "李审"),
                               (f"/documents/{document_id}", f"/documents/{document_id}/sign", "张签")):  # fmt: skip
        assert client.post(page, action, user).status_code == 303
    page = f"/documents/{document_id}"
    shown = client.get(page, "李审").text
    number = re.search(r'name="justify_(\d+)"', shown)
    assert number is not None
    field = f"justify_{number.group(1)}"
    short = client.post(page, f"{page}/publish", "李审", {field: "有误"})
    assert short.status_code == 400 and "不是一句说明" in short.text and ">有误</textarea>" in short.text
    assert client.state(document_id) == "signed"
    reason = "正文落款日期为印发前拟定日期，以签发日期为成文日期"
    assert client.post(page, f"{page}/publish", "李审", {field: reason}).status_code == 303
    published = client.get(page, "李审").text
    assert f"保留（审查员已说明理由）：{reason}" in published and "待处理" not in published
    assert "已提示（发布时未说明）" not in published


def test_a_refused_upload_keeps_what_was_typed_and_asks_for_the_file_again(client: PageClient) -> None:
    fields = {"kind": "policy", "title": "关于调整低保标准的通知", "domain": "social_assistance",
              "attribute": "on_request", "grounds": ["process_info", "internal_affairs"],
              "reason": "尚在研究阶段，暂不主动公开"}  # fmt: skip
    refused = client.post("/my", "/my", "甲拟", fields, {"file": ("低保.txt", UNMARKED.encode())})
    assert refused.status_code in (400, 403) and "解读方案" in refused.text
    page = refused.text
    assert '<option value="policy" selected>' in page and '<option value="other" selected>' not in page
    assert 'value="关于调整低保标准的通知"' in page and '<option value="social_assistance" selected>' in page
    assert 'name="attribute" value="on_request" checked' in page
    assert 'value="process_info" checked' in page and 'value="internal_affairs" checked' in page
    assert ">尚在研究阶段，暂不主动公开</textarea>" in page and "请重新选择文件" in page
    assert _document_count(client) == 0
    fresh = client.get("/my", "甲拟").text
    assert "请重新选择文件" not in fresh and '<option value="other" selected>' in fresh
