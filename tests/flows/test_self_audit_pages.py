"""年度自查 through its page: opened by the office, an item kept with a reason, closed; supervisors read it,
drafters and signers are refused."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from app.home.runtime import Runtime
from tests.flows.pages_client import PageClient, page_app
from tests.flows.test_pages import UNMARKED, upload


def test_the_office_opens_decides_and_closes_the_self_audit_through_its_page(tmp_path: Path, template_db: Path) -> None:
    with page_app(tmp_path, template_db) as client:
        document_id = upload(client, "甲拟", UNMARKED, attribute="withheld", grounds="internal_affairs")
        review, document = f"/review/{document_id}", f"/documents/{document_id}"
        for page, action, user in ((review, f"{review}/approve", "李审"), (document, f"{document}/sign", "张签")):
            assert client.post(page, action, user).status_code == 303
        assert client.state(document_id) == "filed"

        assert "尚未开始" in client.get("/self-audit", "李审").text
        assert client.get("/self-audit", "甲拟").status_code == 403
        assert client.get("/self-audit", "张签").status_code == 403
        assert client.get("/self-audit?year=abc", "李审").status_code == 404
        assert client.post("/self-audit", "/self-audit/2026/open", "周督").status_code == 403
        future = client.get("/self-audit?year=2027", "李审").text
        assert "2027年尚未到来" in future and 'action="/self-audit/2027/open"' not in future
        early = client.post("/self-audit?year=2026", "/self-audit/2027/open", "李审")
        assert early.status_code == 403 and "2027年度自查尚未到期，不能提前开始" in early.text
        assert "尚未开始" in client.get("/self-audit?year=2027", "李审").text  # nothing was opened
        assert client.post("/self-audit", "/self-audit/2026/open", "李审").status_code == 303

        shown = client.get("/self-audit", "李审").text
        assert "不予公开信息" in shown and "已作结论 0 / 1 项" in shown
        item = re.search(r'action="/self-audit/2026/items/(\d+)"', shown)
        assert item is not None
        refused = client.post("/self-audit", "/self-audit/2026/close", "李审")
        assert refused.status_code in (400, 403) and 'class="error"' in refused.text
        action = f"/self-audit/2026/items/{item.group(1)}"
        too_short = client.post("/self-audit", action, "李审", {"decision": "keep", "reason": "内部"})
        assert too_short.status_code in (400, 403) and 'class="error"' in too_short.text
        assert f'id="reason-{item.group(1)}" type="text" name="reason" value="内部"' in too_short.text  # as typed
        kept = client.post("/self-audit", action, "李审", {"decision": "keep", "reason": "仍属内部事务信息"})
        assert kept.status_code == 303, kept.text
        assert kept.headers["location"].startswith("/self-audit?year=2026&notice=")  # one "?": the year stays 2026
        after = client.get(kept.headers["location"], "李审")
        assert after.status_code == 200 and "自查结论已保存" in after.text and "已作结论 1 / 1 项" in after.text
        assert client.post("/self-audit", "/self-audit/2026/close", "李审").status_code == 303

        supervisor = client.get("/self-audit?year=2026", "周督").text
        assert "已作结论 1 / 1 项" in supervisor and "维持原属性" in supervisor and "仍属内部事务信息" in supervisor
        assert "按时完成" in supervisor and "逾期" not in supervisor  # closed on 9月1日, due 11月30日
        assert re.search(r'method="post" action="/(?!logout)', supervisor) is None


def _on(client: PageClient, today: date) -> None:
    runtime: Runtime = client.app.state.runtime
    client.app.state.runtime = Runtime(settings=replace(runtime.settings, today=today))
    client.browsers.clear()  # a session of another day has expired: each person signs in again


def test_a_self_audit_past_its_due_date_says_so_open_and_closed(tmp_path: Path, template_db: Path) -> None:
    with page_app(tmp_path, template_db) as client:
        assert client.post("/self-audit", "/self-audit/2026/open", "李审").status_code == 303
        _on(client, date(2026, 12, 3))
        late = client.get("/self-audit?year=2026", "周督").text
        assert "2026年11月30日 <span class=\"overdue\">已逾期，尚未完成</span>" in late
        assert client.post("/self-audit?year=2026", "/self-audit/2026/close", "李审").status_code == 303
        closed = client.get("/self-audit?year=2026", "周督").text
        assert "逾期完成（期限2026年11月30日）" in closed and "2026年12月3日（李审）" in closed
        assert "已逾期，尚未完成" not in closed and "按时完成" not in closed
