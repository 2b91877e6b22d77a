"""The self-audit's HTTP API and its report files: open as the home's holder, decide with Chinese names, refusals as
statuses with exit codes, the report as JSON, .xlsx (Chinese headers, widths) and self-contained HTML; and the
CLI's own refusals before it calls anything. Through FastAPI's TestClient on the flows' Prefect server."""

from __future__ import annotations

import base64
from io import BytesIO
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.cli.main import main
from app.home.settings import Settings
from app.reports.self_audit_html import render_html
from app.reports.self_audit_xlsx import render_xlsx
from app.stack.supervisor import local_token
from storage.read.models.self_audit import SelfAuditReport


def headers(settings: Settings, user: str | None, today: str) -> dict[str, str]:
    found = {"Authorization": f"Local {local_token(settings.home)}", "X-Gongkai-Today": today}
    return found | ({"X-Gongkai-As": quote(user)} if user else {})


def filed(client: TestClient, settings: Settings, attribute: str, title: str) -> int:
    body = {
        "filename": "通知.txt",
        "content": base64.b64encode(f"{title}\n\n各科室：\n　　现将有关事项通知如下。".encode()).decode(),
        "title": title,
        "attribute": attribute,
        "grounds": ["internal_affairs"],
    }
    created = client.post("/api/documents", json=body, headers=headers(settings, "王芳", "2026-03-02"))
    assert created.status_code == 201, created.text
    document_id = int(created.json()["id"])
    review = {"decision": "approve"}
    client.post(f"/api/documents/{document_id}/review", json=review, headers=headers(settings, "李审", "2026-03-03"))
    signed = client.post(f"/api/documents/{document_id}/sign", headers=headers(settings, "张签", "2026-03-04"))
    assert signed.json()["state"] == "filed", signed.text
    return document_id


def test_the_audit_through_the_api_and_its_report_files(client: TestClient, settings: Settings) -> None:
    withheld = filed(client, settings, "withheld", "关于内部人事安排的通知")
    on_request = filed(client, settings, "on_request", "关于某路段施工的通知")
    holder = headers(settings, None, "2026-11-02")

    opened = client.post("/api/self-audits", json={"year": 2026}, headers=holder)
    assert opened.status_code == 200, opened.text
    body = opened.json()
    assert body["due"] == "2026-11-30"
    assert [(item["document"], item["reason"]) for item in body["items"]] == [
        (withheld, "withheld"),
        (on_request, "on_request"),
    ]
    assert client.post("/api/self-audits", json={"year": 2026}, headers=holder).json() == body
    first, second = (item["id"] for item in body["items"])

    reviewer = headers(settings, "李审", "2026-11-10")
    refused = client.post(f"/api/self-audits/items/{first}/decision", json={"convert": "公开"}, headers=reviewer)
    assert (refused.status_code, refused.json()["exit_code"]) == (400, 2)
    supervisor = headers(settings, "周督", "2026-11-10")
    keep = {"keep": True, "reason": "涉及第三方商业秘密"}
    refused = client.post(f"/api/self-audits/items/{second}/decision", json=keep, headers=supervisor)
    assert (refused.status_code, refused.json()["exit_code"]) == (403, 3)
    converted = client.post(f"/api/self-audits/items/{first}/decision", json={"convert": "主动公开"}, headers=reviewer)
    assert (converted.json()["to"], converted.json()["decision"]) == ("proactive", "convert")
    refused = client.post("/api/self-audits/2026/close", headers=reviewer)
    assert (refused.status_code, refused.json()["exit_code"]) == (403, 3) and "还有 1 个" in refused.json()["error"]
    client.post(f"/api/self-audits/items/{second}/decision", json=keep, headers=reviewer)
    closed = client.post("/api/self-audits/2026/close", headers=reviewer)
    assert closed.status_code == 200, closed.text

    read = client.get("/api/self-audits/2026", headers=supervisor).json()
    assert {key: read[key] for key in ("items", "decided", "converted", "kept")} == {
        "items": 2, "decided": 2, "converted": 1, "kept": 1,
    }  # fmt: skip
    assert read["spot_check"]["items"] == [first, second] and isinstance(read["spot_check"]["seed"], int)
    assert client.get("/api/self-audits/2026", headers=headers(settings, "王芳", "2026-11-10")).status_code == 403
    assert client.get("/api/self-audits/2025", headers=supervisor).status_code == 404

    report = SelfAuditReport.model_validate(read)
    book = load_workbook(BytesIO(render_xlsx(report)))
    assert book.sheetnames == ["自查情况", "逐项结论", "抽查样本"]
    decisions = book["逐项结论"]
    assert [cell.value for cell in decisions[1]][:5] == ["事项编号", "公文编号", "标题或申请内容", "发文字号", "类别"]
    assert decisions["C2"].value == "关于内部人事安排的通知" and decisions["H2"].value == "转换公开属性"
    assert decisions.column_dimensions["C"].width == 44
    summary = {row[0].value: row[1].value for row in book["自查情况"].iter_rows(min_row=3)}
    assert (summary["自查事项"], summary["维持原属性"], summary["转换公开属性"]) == (2, 1, 1)
    assert summary["其中：不予公开转为主动公开"] == 1

    html = render_html(report)
    assert "2026年度政务公开自查情况" in html and "涉及第三方商业秘密" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html and "<link" not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["self-audit", "report", "--year", "2026", "--format", "pdf"], "未知报告格式"),
        (["self-audit", "report", "--year", "2026", "--format", "xlsx"], "须用 --output"),
        (["self-audit", "decide", "1", "--as", "李审"], "二选一"),
        (["self-audit", "decide", "1", "--as", "李审", "--keep", "--convert", "主动公开"], "二选一"),
    ],
)
def test_the_cli_refuses_bad_input_in_one_line_before_calling_anything(
    args: list[str], message: str, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--home", str(settings.home), *args])
    error = capsys.readouterr().err
    assert exited.value.code == 2 and message in error and len(error.strip().splitlines()) == 1
