"""The role pages through a real web app, real flows on the shared Prefect test server and a real database:
the role × page × state matrix, the forms (CSRF, refusals as one line, nothing changed), escaping, uploads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

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
        steps = {
            "returned": [("/review/{}", "/review/{}/return", "李审", {"comment": "请修改"})],
            "approved": [("/review/{}", "/review/{}/approve", "李审", {})],
            "signed": [("/review/{}", "/review/{}/approve", "李审", {}), ("/documents/{}", "/documents/{}/sign", "张签", {})],
        }
        steps["published"] = [*steps["signed"], ("/documents/{}", "/documents/{}/publish", "李审", {})]
        steps["interpreted"] = steps["published"]
        steps["filed"] = steps["signed"]
        for state, actions in steps.items():
            for page, action, user, data in actions:
                done = client.post(page.format(ids[state]), action.format(ids[state]), user, data)
                assert done.status_code == 303, done.text
        done = client.post(f"/documents/{ids['interpreted']}", f"/documents/{ids['interpreted']}/interpret", "甲拟",
                           {"form": "qa"}, {"file": ("问答.txt", "一问一答：问：为何？答：因为。".encode())})  # fmt: skip
        assert done.status_code == 303, done.text
        for state, document_id in ids.items():
            assert client.state(document_id) == state
        yield World(client, ids)


def test_the_documents_went_through_every_step_by_the_pages(world: World) -> None:
    page = world.client.get(f"/documents/{world.ids['interpreted']}", "李审")
    assert page.status_code == 200
    for text in ("已解读", "问答解读", "办理记录", "签发", "发布", "政策解读期限"):
        assert text in page.text
