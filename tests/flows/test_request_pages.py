"""依申请公开 through its pages: register, the clock stopped for a correction and restarted, extended, the reply
with its result by its Chinese name; who may open the pages; refusals shown as one line, nothing changed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

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
    assert "补正期间不计入答复期限" in shown and "需调取档案" in shown and "已重新计算或暂停" in shown

    refused = client.post(page, f"{page}/reply", "李审", {"result": "withheld"})
    assert refused.status_code == 403 and "法律依据" in refused.text and 'class="error"' in refused.text
    partial = {"result": "partial", "grounds": "personal_privacy", "withheld_part": "身份证号", "reason": "隐私"}
    done = client.post(page, f"{page}/reply", "李审", partial)
    assert done.status_code == 303, done.text
    shown = client.get(page, "周督").text
    assert "部分公开" in shown and "已答复" in shown and "13900000000" not in shown
    assert re.search(r"\b(partial|replied|natural|in_person)\b", re.sub(r"<[^>]+>", " ", shown)) is None
    assert re.search(r'method="post" action="/(?!logout)', shown) is None


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
    assert "<td>1</td>" not in client.get("/requests", "李审").text
    no_token = client.post("/requests", "/requests", "李审", {"applicant": "张三"}, token=False)
    assert no_token.status_code == 403 and "CSRF" in no_token.text
