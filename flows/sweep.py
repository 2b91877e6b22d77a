"""The daily deadline sweep (`gongkai sweep`; scheduled 08:30 Asia/Shanghai in prefect.yaml) as a flow of set-based
tasks: list what is due soon and overdue, send the reminders not yet sent, record them, and leave a markdown
artifact that summarises the sweep on the run's page.

On a non-working day the scheduled run sends nothing and says so; a run asked for by hand (`scheduled=False`, the
CLI and the API) still lists, and still sends nothing: reminders go out on working days only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from loguru import logger
from prefect import flow
from prefect.artifacts import acreate_markdown_artifact

from policies.dates import chinese_date
from policies.reminders import DUE_SOON_WORKING_DAYS, ESCALATE_AFTER_WORKING_DAYS, ReminderLevel
from tasks.context import ensure_configured
from tasks.sweep import SweepItem, SweepPlan, plan_sweep, record_reminders, send_reminders

ARTIFACT_KEY = "deadline-sweep"
ARTIFACT_ROWS = 50
TABLE_HEAD = "| 事项 | 期限类型 | 截止日期 | 工作日 | 科室 |"


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What a sweep found and did."""

    today: date
    working_day: bool
    skipped: bool
    within_working_days: int
    due_soon: tuple[SweepItem, ...]
    overdue: tuple[SweepItem, ...]
    reminders: int
    failed: int

    def message(self) -> str:
        """One Chinese line saying what the sweep did."""
        day = chinese_date(self.today)
        if self.skipped:
            return f"{day}不是工作日：定时期限巡查不执行，不发送提醒。"
        head = f"{day}期限巡查：即将到期{len(self.due_soon)}项，已逾期{len(self.overdue)}项"
        if not self.working_day:
            return f"{head}；今天不是工作日，只列出，不发送提醒。"
        tail = f"，另有{self.failed}条发送失败（下次巡查重发）" if self.failed else ""
        return f"{head}；发送提醒{self.reminders}条{tail}。"

    def to_dict(self) -> dict[str, object]:
        """`sweep --json`: {"today", "working_day", "skipped", "due_soon", "overdue", "reminders", "failed", …}."""
        return {
            "today": self.today.isoformat(),
            "working_day": self.working_day,
            "skipped": self.skipped,
            "within_working_days": self.within_working_days,
            "due_soon": [item.to_dict() for item in self.due_soon],
            "overdue": [item.to_dict() for item in self.overdue],
            "reminders": self.reminders,
            "failed": self.failed,
            "message": self.message(),
        }


def _result(plan: SweepPlan, *, skipped: bool, reminders: int, failed: int) -> SweepResult:
    due_soon = tuple(item for item in plan.items if item.standing.level is ReminderLevel.DUE_SOON)
    overdue = tuple(item for item in plan.items if item.standing.level is not ReminderLevel.DUE_SOON)
    return SweepResult(
        plan.today, plan.working_day, skipped, plan.within_working_days,
        () if skipped else due_soon, () if skipped else overdue, reminders, failed,
    )  # fmt: skip


def summary_markdown(result: SweepResult) -> str:
    """The run's artifact: the sweep's line, then the first items of each list as tables."""
    parts = [f"# 期限巡查 {chinese_date(result.today)}", "", result.message()]
    for heading, items in (("即将到期", result.due_soon), ("已逾期", result.overdue)):
        if not items:
            continue
        parts += ["", f"## {heading}（{len(items)}项）", "", TABLE_HEAD, "|---|---|---|---|---|"]
        for item in items[:ARTIFACT_ROWS]:
            stand = item.standing
            days = f"逾期{stand.working_days_overdue}" if stand.working_days_overdue else f"剩{stand.working_days_left}"
            name = f"{item.deadline.subject_type} {item.deadline.subject_id}"
            title = f"《{item.deadline.title}》" if item.deadline.title else ""
            parts.append(
                f"| {name}{title} | {item.reminder.kind.label} | {chinese_date(item.deadline.due)} | {days} | "
                f"{item.deadline.department or '—'} |"
            )
        if len(items) > ARTIFACT_ROWS:
            parts.append(f"\n（另有{len(items) - ARTIFACT_ROWS}项未列出）")
    return "\n".join(parts)


@flow(name="deadline-sweep", log_prints=False, validate_parameters=False)
async def deadline_sweep(
    today: date | None = None,
    within_working_days: int = DUE_SOON_WORKING_DAYS,
    escalate_after: int = ESCALATE_AFTER_WORKING_DAYS,
    scheduled: bool = True,
) -> SweepResult:
    """List what is due soon and overdue, send each reminder once, record it; nothing on a scheduled non-working day."""
    ensure_configured()
    plan = plan_sweep(today, within_working_days, escalate_after)
    if plan.working_day:
        outcomes = send_reminders(plan)
        sent = record_reminders(outcomes, plan.today)
        result = _result(plan, skipped=False, reminders=sent, failed=len(outcomes) - sent)
    else:
        result = _result(plan, skipped=scheduled, reminders=0, failed=0)
    logger.info(result.message())
    await acreate_markdown_artifact(key=ARTIFACT_KEY, markdown=summary_markdown(result), description=result.message())
    return result
