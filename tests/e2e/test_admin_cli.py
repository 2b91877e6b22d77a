"""The administration commands through the real CLI: init, user add|password|disable|list, calendar, audit verify."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from tests.e2e.conftest import GONGKAI, REPO, run_gongkai


def _initialised(home: Path) -> Path:
    assert run_gongkai(home, "init").code == 0
    return home


def test_init_creates_the_schema_and_running_it_again_changes_nothing(home: Path) -> None:
    organisation = ("--org-code", "11500000MB1234567X", "--org-name", "示例市人民政府办公室")
    first = run_gongkai(home, "init", *organisation, "--json")
    again = run_gongkai(home, "init", "--json")
    assert first.code == 0 and again.code == 0
    assert first.json["changed"] is True and again.json["changed"] is False
    assert again.json["organisation"] == {
        "code": "11500000MB1234567X", "name": "示例市人民政府办公室", "kind": "department", "official_domains": []
    }
    assert (home / "gongkai.db").exists()


def test_init_keeps_the_organisations_official_mail_domains_and_refuses_a_malformed_one(home: Path) -> None:
    first = run_gongkai(home, "init", "--official-domain", "JiangZhou.CN", "--official-domain", "@mail.jz.cn", "--json")
    again = run_gongkai(home, "init", "--json")
    assert first.json["organisation"]["official_domains"] == ["jiangzhou.cn", "mail.jz.cn"]
    assert again.json["changed"] is False and again.json["organisation"]["official_domains"] == first.json[
        "organisation"]["official_domains"]  # fmt: skip
    refused = run_gongkai(home, "init", "--official-domain", "jiang zhou")
    assert refused.code == 2 and refused.stderr.strip().count("\n") == 0 and "官方邮箱域名" in refused.stderr


def test_init_refuses_an_unknown_organisation_kind(home: Path) -> None:
    result = run_gongkai(home, "init", "--org-kind", "ministry")
    assert result.code == 2 and "department" in result.stderr and "Traceback" not in result.stderr


def test_commands_before_init_say_what_to_do(home: Path) -> None:
    result = run_gongkai(home, "user", "add", "张三", "--role", "drafter")
    assert result.code == 2 and "gongkai init" in result.stderr


def test_user_add_registers_a_user_with_a_role_and_department(home: Path) -> None:
    _initialised(home)
    result = run_gongkai(home, "user", "add", "王芳", "--role", "drafter", "--dept", "政策法规科", "--json")
    assert result.code == 0
    assert result.json | {"id": None} == {"id": None, "name": "王芳", "role": "drafter", "department": "政策法规科"}


def test_user_add_refuses_unknown_roles_empty_absurd_and_taken_names(home: Path) -> None:
    _initialised(home)
    assert run_gongkai(home, "user", "add", "李四", "--role", "reviewer").code == 0
    for args in (
        ("user", "add", "王五", "--role", "boss"),
        ("user", "add", "", "--role", "drafter"),
        ("user", "add", "   ", "--role", "drafter"),
        ("user", "add", "x" * 65, "--role", "drafter"),
        ("user", "add", "!!!", "--role", "drafter"),
        ("user", "add", "a\tb", "--role", "drafter"),
        ("user", "add", "李四", "--role", "signer"),
        ("user", "add", "赵六"),
    ):
        result = run_gongkai(home, *args)
        assert result.code == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    users = sqlite3.connect(home / "gongkai.db").execute("SELECT name, role FROM users").fetchall()
    assert users == [("李四", "reviewer")]


def test_errors_come_as_json_with_the_json_flag(home: Path) -> None:
    _initialised(home)
    result = run_gongkai(home, "user", "add", "王五", "--role", "boss", "--json")
    assert result.code == 2 and '"exit_code": 2' in result.stderr


def test_calendar_add_crosses_national_day_and_counts_the_makeup_saturday(home: Path) -> None:
    _initialised(home)
    result = run_gongkai(home, "calendar", "add", "2026-09-28", "20", "--json")
    assert result.code == 0
    assert result.json["date"] == "2026-10-30"
    assert {d["date"] for d in result.json["skipped"]} == {"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06",
                                                          "2026-10-07"}
    assert [d["date"] for d in result.json["makeup_workdays"]] == ["2026-10-10"]
    assert result.json["provisional"] is False


def test_calendar_add_in_plain_text_explains_in_chinese(home: Path) -> None:
    result = run_gongkai(_initialised(home), "calendar", "add", "2026-09-28", "20")
    assert result.code == 0 and "2026年10月30日" in result.stdout and "国庆节" in result.stdout


def test_calendar_add_flags_a_year_without_an_official_notice(home: Path) -> None:
    result = run_gongkai(_initialised(home), "calendar", "add", "2026-12-20", "20", "--json")
    assert result.code == 0 and result.json["provisional"] is True and 2027 in result.json["provisional_years"]


def test_a_local_holiday_moves_the_date_and_is_audited(home: Path) -> None:
    _initialised(home)
    assert run_gongkai(home, "calendar", "set", "2026-11-23", "--holiday", "本地纪念日").code == 0
    assert run_gongkai(home, "calendar", "add", "2026-11-20", "1", "--json").json["date"] == "2026-11-24"
    assert run_gongkai(home, "calendar", "unset", "2026-11-23").code == 0
    assert run_gongkai(home, "calendar", "add", "2026-11-20", "1", "--json").json["date"] == "2026-11-23"
    actions = [r[0] for r in sqlite3.connect(home / "gongkai.db").execute("SELECT action FROM audit_event")]
    assert actions.count("calendar_override") == 1 and actions.count("calendar_override_removed") == 1


def test_calendar_add_refuses_bad_dates_and_counts(home: Path) -> None:
    _initialised(home)
    for args in (("2026-02-30", "3"), ("tomorrow", "3"), ("2026-09-28", "-1"), ("2026-09-28", "x"),
                 ("1800-01-01", "3")):
        result = run_gongkai(home, "calendar", "add", *args)
        assert result.code == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_audit_verify_passes_on_an_intact_chain(home: Path) -> None:
    _initialised(home)
    run_gongkai(home, "user", "add", "王芳", "--role", "drafter")
    result = run_gongkai(home, "audit", "verify", "--json")
    assert result.code == 0 and result.json["intact"] is True and result.json["events"] == 2


def test_audit_verify_names_the_first_tampered_event(home: Path) -> None:
    _initialised(home)
    for name in ("王芳", "李审", "赵签"):
        run_gongkai(home, "user", "add", name, "--role", "drafter")
    with sqlite3.connect(home / "gongkai.db") as connection:
        connection.execute("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 3")
    result = run_gongkai(home, "audit", "verify")
    assert result.code != 0 and "事件 3" in result.stderr


def test_today_must_be_a_date(home: Path) -> None:
    result = run_gongkai(_initialised(home), "calendar", "add", "2026-09-28", "1", "--today", "2026-13-01")
    assert result.code == 2 and "--today" in result.stderr


def _with_stdin(home: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """`gongkai ARGS` with this text piped to standard input."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PREFECT_API_URL"))}
    environment.update(GONGKAI_HOME=str(home))
    return subprocess.run([*GONGKAI, *args], input=stdin, env=environment, cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_user_password_reads_standard_input_and_stores_only_an_argon2_hash(home: Path) -> None:
    _initialised(home)
    assert run_gongkai(home, "user", "add", "王芳", "--role", "drafter", "--dept", "办公室").code == 0
    done = _with_stdin(home, "user", "password", "王芳", stdin="一个足够长的密码 with spaces\n")
    assert done.returncode == 0 and "已设置 王芳 的密码" in done.stdout and "一个足够长" not in done.stdout
    with sqlite3.connect(home / "gongkai.db") as db:
        (stored,) = db.execute("SELECT password_hash FROM users WHERE name = '王芳'").fetchone()
    assert stored.startswith("$argon2id$") and "足够长" not in stored
    listed = run_gongkai(home, "user", "list", "--json").json
    assert listed == [{"name": "王芳", "role": "drafter", "department": "办公室", "active": True,
                       "has_password": True, "has_token": False}]  # fmt: skip
    assert "$argon2" not in run_gongkai(home, "user", "list").stdout


def test_user_password_refuses_short_empty_and_command_line_passwords(home: Path) -> None:
    _initialised(home)
    assert run_gongkai(home, "user", "add", "王芳", "--role", "drafter").code == 0
    short = _with_stdin(home, "user", "password", "王芳", stdin="short\n")
    empty = _with_stdin(home, "user", "password", "王芳", stdin="")
    on_the_line = _with_stdin(home, "user", "password", "王芳", "一个足够长的密码啊啊啊", stdin="")
    assert short.returncode == 2 and "密码过短" in short.stderr
    assert empty.returncode == 2 and "标准输入" in empty.stderr
    assert on_the_line.returncode == 2 and "Traceback" not in on_the_line.stderr
    assert run_gongkai(home, "user", "list", "--json").json[0]["has_password"] is False
    assert _with_stdin(home, "user", "password", "无此人", stdin="一个足够长的密码啊啊啊\n").returncode == 4


def test_user_disable_keeps_the_user_but_ends_its_access(home: Path) -> None:
    _initialised(home)
    assert run_gongkai(home, "user", "add", "李审", "--role", "reviewer").code == 0
    assert run_gongkai(home, "user", "token", "李审").code == 0
    done = run_gongkai(home, "user", "disable", "李审", "--json")
    assert done.code == 0 and done.json == {"name": "李审", "active": False, "sessions_ended": 0}
    assert run_gongkai(home, "user", "list").stdout.strip() == "李审  政务公开审查员  （无部门）  已停用  未设密码"
    assert run_gongkai(home, "user", "list", "--json").json[0]["has_token"] is False
    assert run_gongkai(home, "user", "disable", "李审").code == 4
    assert run_gongkai(home, "audit", "verify").code == 0
