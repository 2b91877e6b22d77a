"""The requests API's option values at its edge: control characters and escape sequences in an applicant's name,
the application's text, a consulted party, an extension's reason and a reply's particulars are removed; a value
left empty by that is refused with one line (400) and registers nothing. The list takes an optional slice."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from app.home.settings import Settings
from app.stack.supervisor import local_token

TODAY = "2026-09-02"


def office(settings: Settings) -> dict[str, str]:
    """The reviewer's headers, through the home's local token, as of TODAY."""
    return {"Authorization": f"Local {local_token(settings.home)}", "X-Gongkai-Today": TODAY,
            "X-Gongkai-As": quote("李审")}  # fmt: skip


def new(client: TestClient, settings: Settings, **fields: Any) -> Any:
    body = {"applicant": "张三", "applicant_type": "natural", "received": TODAY, "subject": "某项目环评报告", **fields}
    return client.post("/api/requests", json=body, headers=office(settings))


def test_control_characters_in_a_request_s_values_are_removed(client: TestClient, settings: Settings) -> None:
    made = new(client, settings, applicant="张\x00三\x1b[31m", subject="某项目\x1b]0;标题\x07环评\n报告",
               contact="\x9b2J13900000000")  # fmt: skip
    assert made.status_code == 200, made.text
    detail = made.json()
    assert (detail["applicant"], detail["subject"], detail["contact"]) == ("张三", "某项目环评\n报告", "13900000000")
    path, headers = f"/api/requests/{detail['id']}", office(settings)

    consulted = client.post(f"{path}/consult", json={"party": "某\x1b[2J公司\x00"}, headers=headers)
    assert consulted.json()["clock"]["consultations"][0]["party"] == "某公司"
    assert client.post(f"{path}/consulted", headers=headers).status_code == 200
    extended = client.post(f"{path}/extend", json={"reason": "需调取\x08档案\x1b[0m"}, headers=headers)
    assert extended.json()["clock"]["extension_reason"] == "需调取档案"
    reply = {"result": "partial", "grounds": ["personal_privacy"], "withheld_part": "身份证号\x00",
             "reason": "隐\x7f私"}  # fmt: skip
    replied = client.post(f"{path}/reply", json=reply, headers=headers).json()["reply"]
    assert (replied["withheld_part"], replied["reason"]) == ("身份证号", "隐私")


def test_a_name_of_control_characters_only_is_refused_and_registers_nothing(
    client: TestClient, settings: Settings
) -> None:
    refused = new(client, settings, applicant="\x1b[31m\x00\x07")
    assert refused.status_code == 400 and "申请人姓名或名称不能为空" in refused.json()["error"]
    unknown = new(client, settings, applicant_type="ali\x1b[2Jen")
    assert unknown.status_code == 400 and "'alien'" in unknown.json()["error"]
    assert client.get("/api/requests", headers=office(settings)).json() == []


def test_the_list_takes_an_optional_slice(client: TestClient, settings: Settings) -> None:
    ids = [new(client, settings, applicant=f"申请人{n}", subject=f"某信息{n}").json()["id"] for n in range(3)]
    headers = office(settings)

    def listed(query: str) -> list[int]:
        answer = client.get(f"/api/requests{query}", headers=headers)
        assert answer.status_code == 200, answer.text
        return [row["id"] for row in answer.json()]

    assert listed("") == ids and listed("?limit=2") == ids[:2] and listed("?limit=2&offset=2") == ids[2:]
    for bad in ("?limit=0", "?limit=1001", "?offset=-1", "?limit=x"):
        assert client.get(f"/api/requests{bad}", headers=headers).status_code == 400, bad
