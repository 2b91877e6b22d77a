"""The daily deadline sweep's rules: what is due soon, what is overdue, which reminder each deserves and who gets it,
and the reminder's Chinese text. Pure: today and the calendar are parameters.

A deadline is due soon when it is not overdue and falls within DUE_SOON_WORKING_DAYS working days (条例 Art. 26/33
deadlines are met on the due date itself); overdue once the due date has passed; escalated to the supervisors
when overdue by more than ESCALATE_AFTER_WORKING_DAYS working days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from policies.calendar import WorkingDayCalendar
from policies.dates import chinese_date
from policies.deadlines import DeadlineKind, working_days_late
from policies.errors import BadInput
from policies.labels import Labelled
from policies.roles import Role

DUE_SOON_WORKING_DAYS = 2
ESCALATE_AFTER_WORKING_DAYS = 3
MAX_NOTIFY_URL_LENGTH = 2000


class ReminderLevel(Labelled, noun="提醒级别"):
    """How urgent a reminder is."""

    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    ESCALATED = "escalated", "逾期督办"


class SubjectType(Labelled, noun="事项类型"):
    """What a deadline belongs to."""

    DOCUMENT = "document", "公文"
    REQUEST = "request", "政府信息公开申请"
    SELF_AUDIT = "self_audit", "年度自查"
    ANNUAL_REPORT = "annual_report", "年度报告"


@dataclass(frozen=True, slots=True)
class SweepWindow:
    """The due dates a sweep lists, as a range a single SQL statement can select: due on or before `last_due`."""

    today: date
    last_due: date
    within_working_days: int


def sweep_window(
    today: date, calendar: WorkingDayCalendar, within_working_days: int = DUE_SOON_WORKING_DAYS
) -> SweepWindow:
    """Everything open and due no later than the last day within `within_working_days` working days of today.

    A due date is within N working days when at most N working days lie in (today, due]: every day before the
    (N+1)-th working day after today.
    """
    if within_working_days < 0:
        raise BadInput(f"提醒工作日数不能为负数：{within_working_days}")
    return SweepWindow(today, calendar.add(today, within_working_days + 1) - timedelta(days=1), within_working_days)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one open deadline stands on the sweep's day: working days left (≥ 0) or overdue (> 0)."""

    level: ReminderLevel
    working_days_left: int
    working_days_overdue: int


def standing(
    due: date, today: date, calendar: WorkingDayCalendar, escalate_after: int = ESCALATE_AFTER_WORKING_DAYS
) -> Standing:
    """Due soon while due ≥ today; overdue after; escalated once overdue by more than `escalate_after` working days.

    Overdue working days count the working days in (due, today], so a deadline due on a Friday is one working day
    overdue on the Monday after.
    """
    if today <= due:
        return Standing(ReminderLevel.DUE_SOON, calendar.working_days_between(today, due), 0)
    late = working_days_late(due, today, calendar)
    level = ReminderLevel.ESCALATED if late > escalate_after else ReminderLevel.OVERDUE
    return Standing(level, 0, late)


def receives(level: ReminderLevel, target_role: str | None) -> bool:
    """Supervisors' URLs receive escalations only; every other URL receives due-soon and overdue reminders."""
    if target_role == Role.SUPERVISOR:
        return level is ReminderLevel.ESCALATED
    return level is not ReminderLevel.ESCALATED


def covers(target_department: str | None, item_department: str | None) -> bool:
    """A URL without a department receives every department's reminders; one with a department, its own only."""
    return target_department is None or target_department == item_department


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One open deadline as a reminder names it."""

    subject_type: str
    subject_id: int
    kind: DeadlineKind
    due: date
    title: str | None
    department: str | None
    standing: Standing


def subject_name(subject_type: str, subject_id: int, title: str | None) -> str:
    """公文《title》, 第N号政府信息公开申请 (an application's own words are personal data), or the subject's name."""
    if subject_type == SubjectType.DOCUMENT:
        return f"公文《{title}》（编号{subject_id}）" if title else f"公文（编号{subject_id}）"
    if subject_type == SubjectType.REQUEST:
        return f"第{subject_id}号政府信息公开申请"
    known = next((member for member in SubjectType if member.value == subject_type), None)
    label = known.label if known else subject_type
    return f"{label}《{title}》" if title else f"{label}（编号{subject_id}）"


def reminder_line(item: ReminderItem) -> str:
    """One line: what, for which document or request, due when, how many working days left or overdue, whose."""
    when = (
        f"已逾期{item.standing.working_days_overdue}个工作日"
        if item.standing.working_days_overdue
        else ("今日到期" if item.standing.working_days_left == 0 else f"还剩{item.standing.working_days_left}个工作日")
    )
    department = item.department or "未指定科室"
    name = subject_name(item.subject_type, item.subject_id, item.title)
    return f"{item.kind.label}：{name}，截止{chinese_date(item.due)}，{when}，责任科室：{department}"


def reminder_title(level: ReminderLevel, count: int, today: date) -> str:
    """The heading of one reminder message."""
    return f"【政务公开{level.label}提醒】{chinese_date(today)}：{count}项"


def reminder_body(level: ReminderLevel, items: list[ReminderItem]) -> str:
    """The body of one reminder message: a line per item, and what the level asks for."""
    asks = {
        ReminderLevel.DUE_SOON: "以下事项即将到期，请按期办理：",
        ReminderLevel.OVERDUE: "以下事项已超过法定期限，请尽快办理：",
        ReminderLevel.ESCALATED: f"以下事项逾期超过{ESCALATE_AFTER_WORKING_DAYS}个工作日，提请督办：",
    }
    return "\n".join([asks[level], *(f"{n}. {reminder_line(item)}" for n, item in enumerate(items, 1))])


_SECRET_QUERY = re.compile(
    r"(?i)([?&](?:access_?token|token|key|secret|sign|password|pass|apikey|api_key|webhook)=)[^&#]*"
)


_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{12,}")


def validate_notify_url(url: str) -> str:
    """An apprise URL as given (scheme://…), stripped; BadInput for anything else."""
    url = url.strip()
    if not url or len(url) > MAX_NOTIFY_URL_LENGTH or any(ch.isspace() for ch in url):
        raise BadInput(
            f"通知地址无效（应为 apprise 地址，如 json://host/path、mailto://…、dingtalk://…）：{url[:80]!r}"
        )
    scheme, sep, rest = url.partition("://")
    if not sep or not rest or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        raise BadInput(
            f"通知地址无效（应为 apprise 地址，如 json://host/path、mailto://…、dingtalk://…）：{url[:80]!r}"
        )
    return url


def mask_url(url: str) -> str:
    """The URL with its secrets hidden: the password, a token standing as user or host (DingTalk, WeCom bots),
    tokens and keys in the query, and each path segment after the host (webhooks carry their key there)."""
    parts = urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    if _TOKEN_LIKE.fullmatch(host):  # dingtalk://TOKEN/, wecombot://BOTKEY: the "host" is the secret
        host = host[:4] + "***"
    if at:
        user, has_password, _ = userinfo.partition(":")
        userinfo = f"{user}:***" if has_password else ("***" if _TOKEN_LIKE.fullmatch(user) else user)
    netloc = f"{userinfo}@{host}" if at else host
    path = re.sub(r"[^/]+", lambda m: m.group(0)[:2] + "***" if len(m.group(0)) > 4 else "***", parts.path)
    query = _SECRET_QUERY.sub(r"\1***", f"?{parts.query}")[1:] if parts.query else ""
    masked = f"{parts.scheme}://{netloc}{path}"
    return f"{masked}?{query}" if query else masked
