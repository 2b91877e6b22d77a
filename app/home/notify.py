"""Where reminders go (`gongkai notify add|list|remove`): apprise URLs, each for one department or all, and for a
role (supervisor: the escalations). Every change is audited; the URL itself is a secret and is shown masked."""

from __future__ import annotations

from typing import Any

from policies.errors import BadInput
from policies.reminders import mask_url, validate_notify_url
from policies.roles import Role
from storage.audit import NewEvent
from storage.models import NotifyTarget
from storage.reminders import ReminderRepository
from storage.uow import UnitOfWork

MAX_DEPARTMENT_LENGTH = 100


def shown(target: NotifyTarget) -> dict[str, Any]:
    """A target as `notify list` prints it: the URL masked."""
    return {
        "id": target.id,
        "url": mask_url(target.url),
        "department": target.department,
        "role": target.role,
        "role_label": Role(target.role).label if target.role else None,
    }


def _event(actor: str, action: str, target: NotifyTarget) -> NewEvent:
    payload = {"url": mask_url(target.url), "department": target.department, "role": target.role}
    return NewEvent(actor=actor, role="admin", action=action, subject_type="notify_target",
                    subject_id=target.id or 0, payload=payload)  # fmt: skip


def add_target(uow: UnitOfWork, actor: str, *, url: str, department: str | None, role: str | None) -> dict[str, Any]:
    """Store an apprise URL for reminders, audited (with the URL masked)."""
    checked = validate_notify_url(url)
    if department is not None:
        department = department.strip()
        if not department or len(department) > MAX_DEPARTMENT_LENGTH:
            raise BadInput("科室名称不能为空，且不超过100个字符")
    parsed = Role.parse(role).value if role is not None else None
    target = ReminderRepository(uow.session).add_target(url=checked, department=department, role=parsed)
    uow.record(_event(actor, "notify_target_added", target))
    uow.commit()
    return shown(target)


def list_targets(uow: UnitOfWork) -> list[dict[str, Any]]:
    """The URLs in use, masked."""
    return [shown(target) for target in ReminderRepository(uow.session).targets()]


def remove_target(uow: UnitOfWork, actor: str, target_id: int) -> dict[str, Any]:
    """Stop sending to a URL, audited; NotFound for an unknown id."""
    target = ReminderRepository(uow.session).remove_target(target_id)
    uow.record(_event(actor, "notify_target_removed", target))
    uow.commit()
    return {**shown(target), "removed": True}
