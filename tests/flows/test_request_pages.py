"""依申请公开 through its pages: register, the clock stopped for a correction and restarted, extended, the reply
with its result by its Chinese name; who may open the pages; refusals shown as one line, nothing changed; the list
paged (the overdue first), and control characters kept out of what the office types."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from storage.models import DeadlineRecord, DisclosureRequest
from storage.uow import UnitOfWork
from tests.flows.pages_client import PageClient, page_app

REQUEST_ID = re.compile(r"/requests/(\d+)")


@pytest.fixture
def client(tmp_path: Path, template_db: Path) -> Iterator[PageClient]:
    with page_app(tmp_path, template_db) as fresh:
        yield fresh


def register(client: PageClient, **fields: str) -> int:
    form = {"applicant": "张三", "applicant_type": "natural", "channel": "in_person", "received": "2026-09-01",
            "subject": "某项目环评报告<script>x</script>", "contact": "13900000000", **fields}  # fmt: skip
    answer = client.post("/requests", "/requests", "李审", form)
    assert answer.status_code == 303, answer.text
    found = REQUEST_ID.search(answer.headers["location"])
    assert found is not None
    return int(found.group(1))


def test_a_request_is_registered_stopped_restarted_extended_and_answered_through_its_pages(client: PageClient) -> None:
    request_id = register(client)
    page = f"/requests/{request_id}"
    shown = client.get(page, "李审").text
    assert "答复期限" in shown and "2026年9月1日" in shown and "13900000000" in shown
    assert "&lt;script&gt;x&lt;/script&gt;" in shown and "<script>x" not in shown

    for step, data in (("correction", {}), ("corrected", {}), ("extend", {"reason": "需调取档案"})):
        done = client.post(page, f"{page}/{step}", "李审", data)
        assert done.status_code == 303, done.text
    shown = client.get(page, "李审").text
    assert "补正期间不计入答复期限" in shown and "需调取档案" in shown
    assert [kind for kind, _id in reply_rows(shown)] == ["superseded", "superseded", "live"]

    refused = client.post(page, f"{page}/reply", "李审", {"result": "withheld"})
    assert refused.status_code == 403 and "法律依据" in refused.text and 'class="error"' in refused.text
    assert [kind for kind, _id in reply_rows(refused.text)] == ["superseded", "superseded", "live"]
    half_done = {"result": "partial", "grounds": "trade_secret", "reason": "涉及商业秘密"}
    refused = client.post(page, f"{page}/reply", "李审", half_done)
    assert refused.status_code == 403 and "不予公开的部分" in refused.text
    assert '<option value="partial" selected>' in refused.text and 'value="trade_secret" checked' in refused.text
    assert ">涉及商业秘密</textarea>" in refused.text and 'name="reason" value=""' in refused.text  # extension's
    partial = {"result": "partial", "grounds": "personal_privacy", "withheld_part": "身份证号", "reason": "隐私"}
    done = client.post(page, f"{page}/reply", "李审", partial)
    assert done.status_code == 303, done.text
    shown = client.get(page, "周督").text
    assert "部分公开" in shown and "已答复" in shown and "13900000000" not in shown
    assert re.search(r"\b(partial|replied|natural|in_person)\b", re.sub(r"<[^>]+>", " ", shown)) is None
    assert re.search(r'method="post" action="/(?!logout)', shown) is None


DEADLINE_ROW = re.compile(r'<tr id="deadline-(\d+)"(?: class="(\w+)")?><td>答复期限</td>(.*?)</tr>', re.S)


def reply_rows(page: str) -> list[tuple[str, int]]:
    """The page's 答复期限 rows in order, each as superseded (greyed, pointing at the row that replaced it), stopped
    (the clock stopped, nothing replaced it yet) or live (the one in force), with the id it points at or its own."""
    rows = []
    for number, css, cells in DEADLINE_ROW.findall(page):
        if css == "superseded":
            pointer = re.search(r'已重新计算（<a href="#deadline-(\d+)">见下</a>）', cells)
            assert pointer is not None and "<details><summary>原计算方法（已不适用）</summary>" in cells, cells
            rows.append(("superseded", int(pointer.group(1))))
        else:
            rows.append(("stopped" if "已暂停" in cells else "live", int(number)))
    return rows


def test_after_a_consultation_the_page_shows_one_live_reply_deadline_and_the_superseded_one_greyed(
    client: PageClient,
) -> None:
    request_id = register(client)
    page = f"/requests/{request_id}"
    assert client.post(page, f"{page}/consult", "李审", {"party": "某科技有限公司"}).status_code == 303
    consulting = client.get(page, "周督").text
    [(kind, first)] = reply_rows(consulting)
    assert kind == "stopped" and "已暂停（征求意见期间不计算）" in consulting

    assert client.post(page, f"{page}/consulted", "李审", {}).status_code == 303
    shown = client.get(page, "周督").text
    [(old, points_at), (live, live_id)] = reply_rows(shown)
    assert (old, live) == ("superseded", "live") and points_at == live_id != first
    assert f'<tr id="deadline-{live_id}"><td>答复期限</td><td class="due">2026年9月29日</td>' in shown
    assert "征求第三方意见</th><td>某科技有限公司：2026年9月1日起，2026年9月1日答复" in shown


def test_a_late_reply_says_by_how_many_working_days_and_names_its_legal_grounds_with_their_articles(
    client: PageClient,
) -> None:
    late = f"/requests/{register(client, received='2026-07-01')}"  # due 2026年7月29日; replied 2026年9月1日
    partial = {"result": "partial", "grounds": ["trade_secret", "personal_privacy"],
               "withheld_part": "报价单及工艺参数", "reason": "涉及企业经营信息"}  # fmt: skip
    assert client.post(late, f"{late}/reply", "李审", partial).status_code == 303
    shown = client.get(late, "周督").text
    # 2026年7月30日 to 9月1日: 34 days, of which 24 are working days (July 30–31, 21 in August, September 1)
    assert "逾期办结（2026年9月1日，逾期24个工作日）" in shown and "已办结" not in shown
    grounds = "法律依据：商业秘密（条例第十五条）、个人隐私（条例第十五条）"
    assert f"部分公开（2026年9月1日，逾期）；不予公开部分：报价单及工艺参数；{grounds}；理由：涉及企业经营信息" in shown

    in_time = f"/requests/{register(client, received='2026-08-31')}"
    withheld = {"result": "withheld:other_law", "grounds": "state_secret", "reason": "《某某条例》第八条"}
    assert client.post(in_time, f"{in_time}/reply", "李审", withheld).status_code == 303
    shown = client.get(in_time, "周督").text
    assert "已办结（2026年9月1日）" in shown and "逾期" not in shown
    assert "法律依据：其他法律法规规定、国家秘密（条例第十四条）；理由：《某某条例》第八条" in shown


def test_an_overdue_reply_deadline_says_by_how_many_working_days(client: PageClient) -> None:
    page = f"/requests/{register(client, received='2026-08-03')}"  # due 2026年8月31日, a Monday
    shown = client.get(page, "李审").text
    assert '<tr id="deadline-' in shown and 'class="overdue"><td>答复期限</td>' in shown
    assert "已逾期1个工作日" in shown


def test_only_the_office_and_supervisors_open_the_request_pages(client: PageClient) -> None:
    request_id = register(client)
    for path in ("/requests", f"/requests/{request_id}"):
        for user, expected in (("李审", 200), ("周督", 200), ("王芳", 403), ("张签", 403)):
            assert client.get(path, user).status_code == expected, (path, user)
    assert client.get("/requests/99999", "李审").status_code == 404
    supervisor = client.post("/requests", "/requests", "周督", {"applicant": "李四"})
    assert supervisor.status_code == 403


def test_a_bad_registration_is_one_line_and_registers_nothing(client: PageClient) -> None:
    bad = {"applicant": "张三", "applicant_type": "martian", "received": "2026-09-01", "subject": "某文件"}
    answer = client.post("/requests", "/requests", "李审", bad)
    assert answer.status_code == 400 and "未知申请人类型" in answer.text
    assert 'name="applicant" value="张三"' in answer.text and ">某文件</textarea>" in answer.text
    assert 'name="received" value="2026-09-01"' in answer.text
    assert "<td>1</td>" not in client.get("/requests", "李审").text
    no_token = client.post("/requests", "/requests", "李审", {"applicant": "张三"}, token=False)
    assert no_token.status_code == 403 and "CSRF" in no_token.text


ROW = re.compile(r"<tr><td>(\d+)</td>")


def seed(client: PageClient, open_count: int, replied_count: int) -> tuple[list[int], list[int]]:
    """Open requests whose reply falls due a day earlier for each later one (the last 30 already overdue on
    2026-09-01), and replied ones received a day apart; returns both lists of ids in the order received."""
    with UnitOfWork(client.database) as uow:
        made = []
        for n in range(open_count + replied_count):
            replied = n >= open_count
            made.append(DisclosureRequest(
                applicant_name=f"申请人{n}", applicant_type="natural", applicant_key=f"申请人{n}",
                applicant_contact=f"1390000{n:04d}", channel="in_person", received_on=date(2026, 6, 1) + timedelta(n),
                subject=f"某信息{n}", subject_key=f"某信息{n}", state="replied" if replied else "received",
                clock_start=date(2026, 6, 1) + timedelta(n), result="disclosed" if replied else None,
            ))  # fmt: skip
        uow.session.add_all(made)
        uow.session.flush()
        for n, request in enumerate(made):
            replied = n >= open_count
            due = date(2026, 9, 1) + timedelta(days=open_count - 31 - n)
            uow.session.add(DeadlineRecord(
                subject_type="request", subject_id=request.id or 0, kind="reply", due=due, rule="reply_20wd",
                rule_text="20个工作日内答复", computed_from=request.received_on,
                met_on=request.received_on if replied else None,
            ))  # fmt: skip
        uow.commit()
        ids = [request.id or 0 for request in made]
    return ids[:open_count], ids[open_count:]


def listed(client: PageClient, path: str, user: str = "李审") -> tuple[list[int], str]:
    page = client.get(path, user)
    assert page.status_code == 200, page.text
    return [int(n) for n in ROW.findall(page.text)], page.text


def test_the_requests_page_pages_through_them_overdue_first_then_the_replied_newest_first(client: PageClient) -> None:
    opened, replied = seed(client, 110, 10)
    by_deadline = opened[::-1]  # each later one falls due earlier
    expected = by_deadline + replied[::-1]

    first, text = listed(client, "/requests")
    assert first == expected[:50] and "共 120 件，第 1/3 页" in text
    assert text.count("（已逾期）") == 30 and 'href="/requests?page=2" rel="next"' in text
    second, text = listed(client, "/requests?page=2")
    assert second == expected[50:100] and "第 2/3 页" in text and "（已逾期）" not in text
    assert 'href="/requests?page=1" rel="prev"' in text and 'href="/requests?page=3" rel="next"' in text
    beyond, text = listed(client, "/requests?page=99")
    assert beyond == expected[100:] and "第 3/3 页" in text and 'rel="next"' not in text
    assert listed(client, "/requests?page=abc")[0] == expected[:50]


def test_a_supervisor_reads_the_requests_page_without_contacts_or_forms_and_a_drafter_is_refused(
    client: PageClient,
) -> None:
    seed(client, 60, 0)
    rows, text = listed(client, "/requests?page=2", "周督")
    assert len(rows) == 10 and "<td>申请人0</td>" in text
    assert "1390000" not in text and 'method="post" action="/requests"' not in text
    assert re.search(r'method="post" action="/(?!logout)', text) is None
    assert 'method="post" action="/requests"' in client.get("/requests", "李审").text
    for user in ("王芳", "张签"):
        refused = client.get("/requests?page=2", user)
        assert refused.status_code == 403 and "申请人" not in refused.text


def test_control_characters_in_a_registration_are_removed_and_one_left_empty_is_refused(client: PageClient) -> None:
    typed = {"applicant": "张\x00三\x1b[31m", "subject": "某项目\x07环评\n报告", "contact": "139\x1b]0;x\x07"}
    request_id = register(client, **typed)
    with UnitOfWork(client.database, readonly=True) as uow:
        stored = uow.requests.get(request_id)
        assert (stored.applicant_name, stored.subject, stored.applicant_contact) == ("张三", "某项目环评\n报告", "139")
    page = f"/requests/{request_id}"
    assert client.post(page, f"{page}/consult", "李审", {"party": "某\x1b[2J公司\x00"}).status_code == 303
    with UnitOfWork(client.database, readonly=True) as uow:
        assert [c.party for c in uow.requests.consultations(request_id)] == ["某公司"]

    empty = {"applicant": "\x1b[31m\x00", "applicant_type": "natural", "received": "2026-09-01", "subject": "某文件"}
    answer = client.post("/requests", "/requests", "李审", empty)
    assert answer.status_code == 400 and "请填写申请人和申请内容" in answer.text
    assert listed(client, "/requests")[0] == [request_id]
