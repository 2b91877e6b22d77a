"""Disclosure requests (依申请公开) through the real CLI against the session's stack: every clock rule on dates
across the 2025–2026 holidays and make-up working days, every refusal, replies, often-requested information."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli.client import ApiClient
from app.home.runtime import Runtime
from app.home.settings import Settings
from tests.e2e.conftest import Result, run_gongkai


@dataclass(frozen=True)
class Office:
    """The people of one test module: a reviewer of the disclosure office, a drafter and a supervisor."""

    home: Path
    reviewer: str
    drafter: str
    supervisor: str

    def run(self, *args: str, today: str | None = None, as_user: str | None = None) -> Result:
        """`gongkai ARGS --as USER` (the reviewer unless told), as of `today`."""
        return run_gongkai(self.home, *args, "--as", as_user or self.reviewer, today=today)

    def ok(self, *args: str, today: str | None = None) -> Any:
        """Run a request command as the reviewer with --json and return its output; it must succeed."""
        result = self.run(*args, "--json", today=today)
        assert result.code == 0, (args, result.stderr)
        return result.json

    def new(
        self, received: str, *extra: str, applicant: str | None = None, subject: str | None = None
    ) -> dict[str, Any]:
        """Register, on the day it arrived, an application from a new applicant about a new subject unless told."""
        return self.ok(
            "request", "new",
            "--applicant", applicant or f"申请人{uuid.uuid4().hex[:8]}",
            "--applicant-type", "natural",
            "--received", received,
            "--subject", subject or f"某项目批复文件{uuid.uuid4().hex[:8]}",
            *extra,
            today=received,
        )  # fmt: skip

    def api(self, path: str) -> Any:
        """GET an API path as the reviewer, the way the CLI calls it (for what has no command of its own)."""
        runtime = Runtime(settings=Settings.load(home=str(self.home)))
        return ApiClient(runtime, acting_as=self.reviewer).call("GET", path)

    def show(self, request_id: int, as_user: str | None = None) -> dict[str, Any]:
        """`request show --json`."""
        result = self.run("request", "show", str(request_id), "--json", as_user=as_user)
        assert result.code == 0, result.stderr
        detail: dict[str, Any] = result.json
        return detail

    def refuse(self, *args: str, today: str, as_user: str | None = None) -> str:
        """The command exits 3 with one line on stderr, which it returns."""
        result = self.run(*args, today=today, as_user=as_user)
        assert result.code == 3, (args, result.code, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        return result.stderr

    def unchanged(self, before: dict[str, Any]) -> None:
        """State, version, deadlines and audit trail are as they were (versions and trails only ever grow)."""
        assert snapshot(self.show(before["id"])) == snapshot(before)


def snapshot(detail: dict[str, Any]) -> tuple[Any, ...]:
    """What a refused step must leave unchanged: state, version, every deadline, the audit trail's length."""
    deadlines = [(d["id"], d["kind"], d["due"], d["active"], d["met_on"]) for d in detail["deadlines"]]
    return detail["state"], detail["version"], deadlines, len(detail["audit"])


def running(detail: dict[str, Any], kind: str = "reply") -> dict[str, Any] | None:
    """The deadline of this kind in force, if any."""
    found = [d for d in detail["deadlines"] if d["kind"] == kind and d["active"]]
    assert len(found) <= 1
    return found[0] if found else None


def dates(days: list[dict[str, str]]) -> list[str]:
    return [day["date"] for day in days]


@pytest.fixture(scope="module")
def office(stack_home: Path) -> Office:
    """Users with names of their own, so modules sharing the session's stack never collide."""
    suffix = uuid.uuid4().hex[:6]
    office = Office(stack_home, f"审查员{suffix}", f"拟稿人{suffix}", f"督查{suffix}")
    for name, role in ((office.reviewer, "reviewer"), (office.drafter, "drafter"), (office.supervisor, "supervisor")):
        assert run_gongkai(stack_home, "user", "add", name, "--role", role).code == 0
    return office


def test_the_reply_is_due_20_working_days_after_receipt_across_national_day(office: Office) -> None:
    request = office.new("2026-09-28", "--channel", "online")

    assert request["state"] == "received" and request["channel"] == "online"
    (deadline,) = request["deadlines"]
    assert (deadline["kind"], deadline["due"], deadline["active"]) == ("reply", "2026-10-30", True)
    assert dates(deadline["skipped"]) == ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]
    assert dates(deadline["makeup_workdays"]) == ["2026-10-10"]
    assert "国庆节" in deadline["explanation"] and "调休上班" in deadline["explanation"]
    assert [e["action"] for e in request["audit"]] == ["register", "deadline_set"]
    assert all(e["flow_run_id"] for e in request["audit"])


def test_the_spring_festival_make_up_saturdays_count_as_working_days(office: Office) -> None:
    request = office.new("2026-02-06")

    deadline = running(request)
    assert deadline is not None and deadline["due"] == "2026-03-12"
    assert dates(deadline["makeup_workdays"]) == ["2026-02-14", "2026-02-28"]
    assert "2026-02-16" in dates(deadline["skipped"]) and "2026-02-23" in dates(deadline["skipped"])


def test_a_deadline_in_a_year_whose_holidays_are_not_announced_is_provisional(office: Office) -> None:
    deadline = running(office.new("2026-12-15"))

    assert deadline is not None and deadline["due"] == "2027-01-13" and deadline["provisional"] is True
    assert "暂定" in deadline["explanation"]


def test_a_correction_on_the_7th_working_day_stops_the_clock_and_the_corrected_application_restarts_it(
    office: Office,
) -> None:
    request = office.new("2026-09-28")

    waiting = office.ok("request", "correction", str(request["id"]), today="2026-10-13")
    assert waiting["state"] == "awaiting_correction" and running(waiting) is None
    assert waiting["clock"]["correction_requested_on"] == "2026-10-13"

    corrected = office.ok("request", "corrected", str(request["id"]), today="2026-10-20")
    deadline = running(corrected)
    assert corrected["state"] == "received" and corrected["clock"]["clock_start"] == "2026-10-20"
    assert deadline is not None and (deadline["due"], deadline["computed_from"]) == ("2026-11-17", "2026-10-20")
    assert "补正" in deadline["explanation"]
    assert [e["action"] for e in corrected["audit"]][2:] == [
        "request_correction", "deadline_suspended", "receive_correction", "deadline_set",
    ]  # fmt: skip


def test_a_correction_asked_late_or_a_second_time_is_refused_and_changes_nothing(office: Office) -> None:
    late = office.new("2026-09-28")
    assert "2026年10月13日" in office.refuse("request", "correction", str(late["id"]), today="2026-10-14")
    office.unchanged(late)

    request = office.new("2026-09-28")
    waiting = office.ok("request", "correction", str(request["id"]), today="2026-10-09")
    office.refuse("request", "correction", str(request["id"]), today="2026-10-09")
    office.unchanged(waiting)
    corrected = office.ok("request", "corrected", str(request["id"]), today="2026-10-12")
    assert "一次性" in office.refuse("request", "correction", str(request["id"]), today="2026-10-13")
    office.unchanged(corrected)


def test_consulting_a_third_party_gives_it_15_working_days_and_moves_the_reply_by_the_days_spent(
    office: Office,
) -> None:
    request = office.new("2025-09-26")
    deadline = running(request)
    assert deadline is not None and deadline["due"] == "2025-10-30"
    assert dates(deadline["makeup_workdays"]) == ["2025-09-28", "2025-10-11"]

    consulting = office.ok("request", "consult", str(request["id"]), "--party", "某科技有限公司", today="2025-09-29")
    third_party = running(consulting, "third_party")
    assert consulting["state"] == "consulting" and running(consulting) is None
    assert third_party is not None and third_party["due"] == "2025-10-27"

    answered = office.ok("request", "consulted", str(request["id"]), today="2025-10-13")
    moved, met = running(answered), running(answered, "third_party")
    assert answered["state"] == "received"
    assert moved is not None and moved["due"] == "2025-11-06" and "5个工作日" in moved["explanation"]
    assert met is not None and met["met_on"] == "2025-10-13"
    assert answered["clock"]["consultations"] == [
        {"party": "某科技有限公司", "started_on": "2025-09-29", "ended_on": "2025-10-13"}
    ]


def test_an_extension_on_the_last_day_adds_20_working_days_once(office: Office) -> None:
    request = office.new("2026-09-28")

    extended = office.ok("request", "extend", str(request["id"]), "--reason", "需调取历史档案", today="2026-10-30")
    deadline = running(extended)
    assert deadline is not None and deadline["due"] == "2026-11-27" and deadline["rule"] == "reply_extended_40wd"
    assert extended["clock"]["extension_reason"] == "需调取历史档案"
    assert extended["audit"][2]["payload"]["applicant_notified"] is True

    assert "只能延长一次" in office.refuse(
        "request", "extend", str(request["id"]), "--reason", "仍需时间", today="2026-11-02"
    )
    office.unchanged(extended)


def test_an_extension_after_the_deadline_or_without_a_reason_is_refused(office: Office) -> None:
    request = office.new("2026-09-28")
    rid = str(request["id"])

    assert "届满" in office.refuse("request", "extend", rid, "--reason", "需调取档案", today="2026-11-02")
    assert "理由" in office.refuse("request", "extend", rid, "--reason", "  ", today="2026-10-29")
    office.unchanged(request)


def test_a_reply_without_its_ground_or_withheld_part_is_refused(office: Office) -> None:
    request = office.new("2026-09-28")
    rid = str(request["id"])

    assert "法律依据" in office.refuse("request", "reply", rid, "--result", "withheld", today="2026-10-20")
    assert "不予公开的部分" in office.refuse("request", "reply", rid, "--result", "partial", today="2026-10-20")
    office.refuse("request", "reply", rid, "--result", "disclosed", "--grounds", "personal_privacy", today="2026-10-20")
    office.unchanged(request)

    replied = office.ok("request", "reply", rid, "--result", "withheld:personal_privacy", today="2026-10-20")
    assert (replied["state"], replied["result"], replied["late"]) == ("replied", "withheld:personal_privacy", False)
    assert replied["reply"]["report_row"] == "withheld.4" and replied["reply"]["grounds"] == ["personal_privacy"]
    assert running(replied) is not None and running(replied)["met_on"] == "2026-10-20"  # type: ignore[index]
    office.refuse("request", "reply", rid, "--result", "disclosed", today="2026-10-21")
    office.unchanged(replied)


def test_a_partial_reply_records_what_was_withheld_and_why(office: Office) -> None:
    request = office.new("2026-09-28")

    replied = office.ok(
        "request", "reply", str(request["id"]), "--result", "partial", "--grounds", "personal_privacy",
        "--withheld-part", "第三方的身份证号码", today="2026-10-20",
    )  # fmt: skip
    assert replied["reply"]["withheld_part"] == "第三方的身份证号码"
    assert replied["reply"]["label"] == "部分公开" and replied["reply"]["report_row"] == "partial"
    assert "法律依据：个人隐私（条例第十五条）" in office.run("request", "show", str(request["id"])).stdout


def test_a_reply_after_the_due_date_is_recorded_as_late(office: Office) -> None:
    on_time, late = office.new("2026-09-28"), office.new("2026-09-28")

    in_time = office.ok("request", "reply", str(on_time["id"]), "--result", "disclosed", today="2026-10-30")
    assert in_time["late"] is False
    replied = office.ok("request", "reply", str(late["id"]), "--result", "disclosed", today="2026-11-02")
    assert replied["late"] is True and replied["reply"]["replied_on"] == "2026-11-02"
    assert replied["audit"][-2]["payload"] | {"version": None} == {
        "version": None, "result": "disclosed", "on": "2026-11-02", "due": "2026-10-30", "late": True,
        "grounds": [], "withheld_part": None, "reason": None, "report_row": "disclosed",
    }  # fmt: skip
    shown = office.run("request", "show", str(late["id"]))
    assert "逾期答复" in shown.stdout and "2026年11月2日" in shown.stdout
    assert "答复期限：2026年10月30日（已于2026年11月2日履行，逾期1个工作日）" in shown.stdout  # due Friday, Monday


def test_only_a_reviewer_may_handle_requests(office: Office) -> None:
    request = office.new("2026-09-28")
    rid = str(request["id"])
    count = len(office.ok("request", "list"))

    for who in (office.drafter, office.supervisor):
        assert "无权答复" in office.refuse(
            "request", "reply", rid, "--result", "disclosed", today="2026-10-20", as_user=who
        )
    office.refuse("request", "extend", rid, "--reason", "需时间", today="2026-10-20", as_user=office.supervisor)
    office.refuse("request", "correction", rid, today="2026-09-29", as_user=office.drafter)
    office.unchanged(request)
    drafted = office.run("request", "new", "--applicant", "某人", "--applicant-type", "natural",
                         "--received", "2026-09-28", "--subject", "某信息", as_user=office.drafter)  # fmt: skip
    assert drafted.code == 3 and len(office.ok("request", "list")) == count
    assert office.run("request", "show", rid, as_user=office.drafter).code == 3


def test_the_contact_is_shown_to_reviewers_only_and_never_audited(office: Office) -> None:
    contact = "13800138000 北京市某区某路1号"
    request = office.new("2026-09-28", "--contact", contact, applicant="王某某")

    assert office.show(request["id"])["contact"] == contact
    seen_by_supervisor = office.show(request["id"], as_user=office.supervisor)
    assert seen_by_supervisor["contact"] is None and seen_by_supervisor["applicant"] == "王某某"
    audit = json.dumps(request["audit"], ensure_ascii=False)
    assert "13800138000" not in audit and "王某某" not in audit and request["subject"] not in audit


def test_an_applicant_who_never_corrects_is_closed_after_the_wait(office: Office) -> None:
    request = office.new("2026-09-28")
    rid = str(request["id"])
    waiting = office.ok("request", "correction", rid, today="2026-10-13")

    assert "2026年11月3日" in office.refuse("request", "close", rid, today="2026-11-03")
    office.unchanged(waiting)
    closed = office.ok("request", "close", rid, today="2026-11-04")
    assert (closed["state"], closed["result"], closed["reply"]["report_row"]) == (
        "closed",
        "other:no_correction",
        "other.1",
    )
    office.refuse("request", "reply", rid, "--result", "disclosed", today="2026-11-05")
    office.unchanged(closed)


def test_information_asked_for_by_three_distinct_applicants_is_often_requested(office: Office) -> None:
    topic = uuid.uuid4().hex[:8]
    first = office.new("2026-03-02", applicant="赵一", subject=f"关于{topic}项目的环评批复")
    again = office.new("2026-04-01", applicant="赵 一", subject=f"关于{topic}项目的环评批复。")
    second = office.new("2026-05-06", applicant="钱二", subject=f"关于 {topic} 项目的环评批复")
    assert second["often_requested"]["flagged"] is False

    third = office.new("2026-06-01", applicant="孙三", subject=f"《关于{topic}项目的环评批复》")
    assert third["often_requested"]["flagged"] is True
    assert third["often_requested"]["items"][0]["applicants"] == 3
    listed = {row["id"] for row in office.ok("request", "list", "--often-requested")}
    assert {first["id"], again["id"], second["id"], third["id"]} <= listed
    assert office.show(first["id"])["often_requested"]["flagged"] is True

    key = f"关于{topic}项目的环评批复"
    in_june = office.api("/api/requests/often-requested?as_of=2026-06-01")["items"]
    assert {"subject_key": key, "subject": first["subject"], "applicants": 3} in in_june
    a_year_later = office.api("/api/requests/often-requested?as_of=2027-04-02")["items"]
    assert key not in {item.get("subject_key") for item in a_year_later}


def test_a_list_by_state_shows_each_request_with_its_reply_due(office: Office) -> None:
    request = office.new("2026-09-28")
    office.ok("request", "correction", str(request["id"]), today="2026-09-30")

    waiting = office.ok("request", "list", "--state", "awaiting_correction")
    assert request["id"] in {row["id"] for row in waiting} and {row["state"] for row in waiting} == {
        "awaiting_correction"
    }
    received = {row["id"]: row for row in office.ok("request", "list", "--state", "received")}
    assert all(row["reply_due"] for row in received.values())
    assert office.run("request", "list", "--state", "lost").code == 2


def test_bad_input_exits_2_and_an_unknown_request_exits_4(office: Office) -> None:
    base = ("request", "new", "--applicant", "某人", "--subject", "某信息")
    assert office.run(*base, "--applicant-type", "alien", "--received", "2026-09-28").code == 2
    assert office.run(*base, "--applicant-type", "natural", "--received", "2026-13-01").code == 2
    future = office.run(*base, "--applicant-type", "natural", "--received", "2026-10-02", today="2026-10-01")
    assert future.code == 2 and "晚于今天" in future.stderr
    assert office.run(*base, "--applicant-type", "natural", "--received", "2026-09-28", "--channel", "pigeon").code == 2
    assert office.run("request", "reply", "1", "--result", "maybe").code == 2
    missing = office.run("request", "show", "999999")
    assert missing.code == 4 and "999999" in missing.stderr


def test_escape_sequences_in_an_application_are_removed_and_a_name_of_escapes_only_exits_2(office: Office) -> None:
    made = office.new("2026-09-28", applicant="王\x1b[31m某\x07", subject="某项目\x1b]0;标题\x07批复")
    assert (made["applicant"], made["subject"]) == ("王某", "某项目批复")
    rid = str(made["id"])
    consulted = office.ok("request", "consult", rid, "--party", "某\x1b[2J公司", today="2026-09-29")
    assert consulted["clock"]["consultations"][0]["party"] == "某公司"
    assert "\x1b" not in office.run("request", "show", rid).stdout

    base = ("request", "new", "--applicant-type", "natural", "--received", "2026-09-28", "--subject", "某信息")
    refused = office.run(*base, "--applicant", "\x1b[2J\x07", today="2026-09-28")
    assert refused.code == 2 and "申请人姓名或名称不能为空" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "\x1b" not in refused.stderr
    unknown = office.run(*base, "--applicant", "某人", "--channel", "pi\x1b[31mgeon", today="2026-09-28")
    assert unknown.code == 2 and "'pigeon'" in unknown.stderr and "\x1b" not in unknown.stderr
