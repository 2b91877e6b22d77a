"""The daily deadline sweep's steps: list what is due soon and overdue (set-based), send each reminder not yet sent
through apprise, record what went out and what failed with its audit events.

Sending is grouped: one message per URL and level lists every item it covers, so a sweep over thousands of items
sends a handful of messages. A URL that fails is recorded as failed for each of its items and tried again on the
next sweep; it never stops the sweep.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import apprise
from loguru import logger

from policies.calendar import WorkingDayCalendar
from policies.deadlines import DeadlineKind
from policies.reminders import (
    DUE_SOON_WORKING_DAYS,
    ESCALATE_AFTER_WORKING_DAYS,
    ReminderItem,
    ReminderLevel,
    Standing,
    covers,
    receives,
    reminder_body,
    reminder_title,
    standing,
    sweep_window,
)
from storage.audit import NewEvent
from storage.calendar import working_calendar
from storage.models import NotifyTarget
from storage.reminders import OpenDeadline, Outcome, ReminderKey, ReminderRepository
from tasks.context import unit_of_work
from tasks.steps import step

SWEEP_ACTOR = "system:sweep"
SWEEP_ROLE = "system"


class SweepItem(NamedTuple):
    """An open deadline in the sweep and where it stands (a tuple: a sweep makes one per listed deadline)."""

    deadline: OpenDeadline
    standing: Standing

    @property
    def reminder(self) -> ReminderItem:
        """The item as a reminder's text names it."""
        d = self.deadline
        return ReminderItem(d.subject_type, d.subject_id, _kind(d.kind), d.due, d.title, d.department, self.standing)

    def to_dict(self) -> dict[str, object]:
        """The item as `sweep --json` prints it."""
        stand = self.standing
        return {
            "subject_type": self.deadline.subject_type,
            "subject_id": self.deadline.subject_id,
            "kind": self.deadline.kind,
            "kind_label": _kind(self.deadline.kind).label,
            "due": self.deadline.due.isoformat(),
            "title": self.deadline.title,
            "department": self.deadline.department,
            "level": stand.level.value,
            "working_days_left": stand.working_days_left,
            "working_days_overdue": stand.working_days_overdue,
        }


@dataclass(frozen=True, slots=True)
class Message:
    """One message to one URL: the items of one level it has not been sent yet."""

    target_id: int
    url: str
    level: ReminderLevel
    items: tuple[SweepItem, ...]


@dataclass(frozen=True, slots=True)
class SweepPlan:
    """What a sweep found on its day, and the messages it owes."""

    today: date
    working_day: bool
    within_working_days: int
    items: tuple[SweepItem, ...]
    messages: tuple[Message, ...] = field(default=())


@lru_cache(maxsize=4096)
def _kind(code: str) -> DeadlineKind:
    return DeadlineKind(code)


def classify(
    deadlines: list[OpenDeadline], today: date, calendar: WorkingDayCalendar, escalate_after: int
) -> tuple[SweepItem, ...]:
    """Each listed deadline with its standing, computed once per distinct due date on the precomputed calendar."""
    standings: dict[date, Standing] = {}
    items = []
    for deadline in deadlines:
        stand = standings.get(deadline.due)
        if stand is None:
            stand = standings[deadline.due] = standing(deadline.due, today, calendar, escalate_after)
        items.append(SweepItem(deadline, stand))
    return tuple(items)


def owed(items: tuple[SweepItem, ...], targets: list[NotifyTarget], sent: set[ReminderKey]) -> tuple[Message, ...]:
    """The messages owed: for each URL and level, the items it receives and has not been sent yet."""
    grouped: dict[tuple[int, ReminderLevel], list[SweepItem]] = defaultdict(list)
    for target in targets:
        target_id = target.id or 0
        for item in items:
            level = item.standing.level
            if (
                receives(level, target.role)
                and covers(target.department, item.deadline.department)
                and (item.deadline.deadline_id, level.value, target_id) not in sent
            ):
                grouped[(target_id, level)].append(item)
    urls = {target.id or 0: target.url for target in targets}
    return tuple(Message(tid, urls[tid], level, tuple(found)) for (tid, level), found in grouped.items())


@step
def plan_sweep(
    today: date | None = None,
    within_working_days: int = DUE_SOON_WORKING_DAYS,
    escalate_after: int = ESCALATE_AFTER_WORKING_DAYS,
) -> SweepPlan:
    """List the open deadlines due within the window or overdue (one SELECT) and the reminders owed for them."""
    with unit_of_work(today, readonly=True) as uow:
        day = uow.clock.today()
        calendar = working_calendar(uow.calendar)
        window = sweep_window(day, calendar, within_working_days)
        reminders = ReminderRepository(uow.session)
        items = classify(reminders.open_deadlines(window.last_due), day, calendar, escalate_after)
        targets = list(reminders.targets())
        sent = reminders.sent_keys(window.last_due) if targets else set()
    working = calendar.is_working_day(day)
    return SweepPlan(day, working, within_working_days, items, owed(items, targets, sent) if working else ())


def send(url: str, title: str, body: str) -> str | None:
    """Send one message through apprise; None when it went out, else why not (never raises)."""
    notifier = apprise.Apprise()
    if not notifier.add(url):
        return "apprise 无法识别此通知地址"
    try:
        delivered = notifier.notify(body=body, title=title)
    except Exception as error:  # an apprise plugin failing in its own way must not stop the sweep
        return f"{type(error).__name__}: {error}"
    return None if delivered else "发送失败（通知服务未接受）"


@step
def send_reminders(plan: SweepPlan) -> list[Outcome]:
    """Send each owed message; a failure is an outcome like a success, so every URL is tried."""
    outcomes: list[Outcome] = []
    for message in plan.messages:
        title = reminder_title(message.level, len(message.items), plan.today)
        error = send(message.url, title, reminder_body(message.level, [item.reminder for item in message.items]))
        if error:
            logger.warning("reminder to target {} failed: {}", message.target_id, error)
        outcomes.extend(
            Outcome(item.deadline, message.level.value, message.target_id, error is None, error)
            for item in message.items
        )
    return outcomes


@step
def record_reminders(outcomes: list[Outcome], today: date | None = None) -> int:
    """Store every outcome and its audit event (reminder_sent / reminder_failed on the item) in one transaction;
    returns how many reminders went out."""
    if not outcomes:
        return 0
    with unit_of_work(today) as uow:
        day = uow.clock.today()
        ReminderRepository(uow.session).record(outcomes, day)
        events = [_event(outcome) for outcome in outcomes]
        uow.audit.append_many(events, at=uow.clock.now(), flow_run_id=uow.flow_run_id)
        uow.commit()
    return sum(outcome.sent for outcome in outcomes)


def _event(outcome: Outcome) -> NewEvent:
    deadline = outcome.deadline
    payload: dict[str, object] = {
        "kind": deadline.kind, "due": deadline.due, "level": outcome.level, "target_id": outcome.target_id,
    }  # fmt: skip
    if outcome.error:
        payload["error"] = outcome.error
    return NewEvent(
        actor=SWEEP_ACTOR,
        role=SWEEP_ROLE,
        action="reminder_sent" if outcome.sent else "reminder_failed",
        subject_type=deadline.subject_type,
        subject_id=deadline.subject_id,
        payload=payload,
    )
