"""Administration of one installation: the schema, the organisation, users, and local calendar overrides."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from app.home.passwords import hash_password
from app.home.runtime import Runtime
from app.home.tokens import new_token, token_digest
from policies.calendar import WorkingDayCount
from policies.errors import BadInput
from policies.findings import official_domain
from policies.login import validate_password
from policies.roles import Role, validate_user_name
from storage.audit import NewEvent
from storage.calendar import working_calendar
from storage.logins import LoginRepository
from storage.models import Department, User
from storage.private import private_dir
from storage.uow import UnitOfWork

ORGANISATION_KINDS = ("department", "government")


def initialise(
    runtime: Runtime,
    *,
    org_code: str | None,
    org_name: str | None,
    org_kind: str | None,
    official_domains: list[str] | None = None,
) -> dict[str, Any]:
    """Create or upgrade the schema and make sure the organisation exists; running it again changes nothing.

    official_domains, when given, replace the organisation's official e-mail domains (not personal data)."""
    if org_kind is not None and org_kind not in ORGANISATION_KINDS:
        raise BadInput(f"机关类型应为 department（部门）或 government（政府）：{org_kind!r}")
    domains = sorted({official_domain(raw) for raw in official_domains}) if official_domains is not None else None
    private_dir(runtime.settings.home)
    runtime.database.upgrade()
    with runtime.unit_of_work() as uow:
        organisation = uow.organisations.default()
        changes: dict[str, Any] = {}
        if organisation is None:
            organisation = uow.organisations.ensure(
                code=org_code or "GONGKAI", name=org_name or "本机关", kind=org_kind or "department"
            )
            changes = {"code": organisation.code, "name": organisation.name, "kind": organisation.kind}
        else:
            for name, value in (("code", org_code), ("name", org_name), ("kind", org_kind)):
                if value is not None and getattr(organisation, name) != value:
                    setattr(organisation, name, value)
                    changes[name] = value
        if domains is not None and organisation.official_domains != domains:
            organisation.official_domains = domains
            changes["official_domains"] = domains
        uow.session.add(organisation)
        if changes:
            uow.record(
                NewEvent(
                    actor=runtime.local_admin, role="admin", action="init",
                    subject_type="organisation", subject_id=str(organisation.id), payload=changes,
                )
            )
        uow.commit()
        return {
            "home": str(runtime.settings.home),
            "database": runtime.database.url.render_as_string(hide_password=True),
            "organisation": {
                "code": organisation.code,
                "name": organisation.name,
                "kind": organisation.kind,
                "official_domains": organisation.official_domains,
            },
            "changed": bool(changes),
        }


def add_user(runtime: Runtime, *, name: str, role: str, department: str | None) -> dict[str, Any]:
    """Register a user with one role (and a department), audited."""
    name = validate_user_name(name)
    parsed_role = Role.parse(role)
    if department is not None and not department.strip():
        raise BadInput("部门名称不能为空")
    with runtime.unit_of_work() as uow:
        department_id = None
        if department is not None:
            organisation = uow.organisations.default()
            if organisation is None:
                raise BadInput("尚未设置机关：请先运行 gongkai init")
            department_id = uow.organisations.department(organisation.id or 0, department.strip()).id
        user = uow.users.add(name=name, role=parsed_role.value, department_id=department_id)
        uow.record(
            NewEvent(
                actor=runtime.local_admin, role="admin", action="user_add", subject_type="user",
                subject_id=user.name, payload={"role": user.role, "department": department},
            )
        )
        uow.commit()
        return {"id": user.id, "name": user.name, "role": user.role, "department": department}


def issue_token(runtime: Runtime, *, name: str) -> dict[str, Any]:
    """Give a user a new API token (replacing any earlier one); only its digest is stored."""
    token = new_token()
    with runtime.unit_of_work() as uow:
        user = uow.users.get(name)
        user.token_hash = token_digest(token)
        uow.session.add(user)
        uow.record(
            NewEvent(actor=runtime.local_admin, role="admin", action="token_issued", subject_type="user",
                     subject_id=user.name)
        )
        uow.commit()
    return {"name": name, "token": token}


def set_password(runtime: Runtime, *, name: str, password: str) -> dict[str, Any]:
    """Set a user's password (its argon2 hash only is stored); the user's open sessions end, audited."""
    password = validate_password(password)
    with runtime.unit_of_work() as uow:
        user = uow.users.get(name)
        user.password_hash = hash_password(password)
        ended = _end_sessions(runtime, uow, user, "password_set")
    return {"name": name, "password_set": True, "sessions_ended": ended}


def disable_user(runtime: Runtime, *, name: str) -> dict[str, Any]:
    """Disable a user: no login, no token, every open session ended; audited. The user stays in the records."""
    with runtime.unit_of_work() as uow:
        user = uow.users.get(name)
        user.active = False
        user.token_hash = None
        ended = _end_sessions(runtime, uow, user, "user_disabled")
    return {"name": name, "active": False, "sessions_ended": ended}


def _end_sessions(runtime: Runtime, uow: UnitOfWork, user: User, action: str) -> int:
    """Store the changed user, end their open sessions and record the change; commits. How many sessions ended."""
    uow.session.add(user)
    ended = LoginRepository(uow.session).end_all_for(user, uow.clock.now())
    uow.record(
        NewEvent(actor=runtime.local_admin, role="admin", action=action, subject_type="user",
                 subject_id=user.name, payload={"sessions_ended": ended})
    )  # fmt: skip
    uow.commit()
    return ended


def list_users(runtime: Runtime) -> list[dict[str, Any]]:
    """Every user: name, role, department, whether active and whether a password or token is set (never a hash)."""
    with runtime.unit_of_work(readonly=True) as uow:
        departments = {d.id: d.name for d in uow.session.exec(select(Department)).all()}
        return [
            {
                "name": user.name,
                "role": user.role,
                "department": departments.get(user.department_id) if user.department_id else None,
                "active": user.active,
                "has_password": user.password_hash is not None,
                "has_token": user.token_hash is not None,
            }
            for user in uow.users.list()
        ]


def count_working_days(runtime: Runtime, start: date, working_days: int) -> WorkingDayCount:
    """The date N working days after START, with the holidays skipped and the make-up days counted."""
    if working_days < 0:
        raise BadInput(f"工作日数不能为负：{working_days}")
    with runtime.unit_of_work(readonly=True) as uow:
        calendar = working_calendar(uow.calendar)
    return calendar.explain(start, working_days)


def set_calendar_override(runtime: Runtime, *, day: date, working: bool, name: str) -> dict[str, Any]:
    """Declare a local extra day off or extra working day, audited."""
    if not name.strip():
        raise BadInput("请说明调整的名称或依据（如：某地方性节日）")
    with runtime.unit_of_work() as uow:
        record = uow.calendar.put(day=day, working=working, name=name.strip())
        uow.record(
            NewEvent(
                actor=runtime.local_admin, role="admin", action="calendar_override", subject_type="calendar",
                subject_id=day.isoformat(), payload={"working": working, "name": record.name},
            )
        )
        uow.commit()
    return {"date": day.isoformat(), "working": working, "name": name.strip()}


def remove_calendar_override(runtime: Runtime, *, day: date) -> dict[str, Any]:
    """Drop a local override, audited."""
    with runtime.unit_of_work() as uow:
        uow.calendar.remove(day)
        uow.record(
            NewEvent(
                actor=runtime.local_admin, role="admin", action="calendar_override_removed",
                subject_type="calendar", subject_id=day.isoformat(),
            )
        )
        uow.commit()
    return {"date": day.isoformat(), "removed": True}


def list_calendar_overrides(runtime: Runtime) -> list[dict[str, Any]]:
    """Every local override."""
    with runtime.unit_of_work(readonly=True) as uow:
        return [{"date": r.day.isoformat(), "working": r.working, "name": r.name} for r in uow.calendar.all()]
