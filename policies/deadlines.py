"""Deadline rules of 政务公开: each a small function citing its source, computed on the working-day calendar.

Day counts are module constants so that a locality with a stricter rule can configure them.
"""

from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from enum import StrEnum

from policies.calendar import WorkingDayCalendar, WorkingDayCount, provisional_note
from policies.dates import chinese_date
from policies.errors import BadInput
from policies.labels import Labelled

PUBLICATION_WORKING_DAYS = 20
INTERPRETATION_WORKING_DAYS = 3
REPLY_WORKING_DAYS = 20
EXTENSION_WORKING_DAYS = 20
CORRECTION_NOTICE_WORKING_DAYS = 7
THIRD_PARTY_WORKING_DAYS = 15
SELF_AUDIT_MONTH = 11

_REGULATION = "《中华人民共和国政府信息公开条例》"


class DeadlineKind(Labelled, noun="期限类型"):
    """What a deadline is for."""

    PUBLICATION = "publication", "公开期限"
    INTERPRETATION = "interpretation", "政策解读期限"
    REPLY = "reply", "答复期限"
    CORRECTION_NOTICE = "correction_notice", "告知补正期限"
    THIRD_PARTY = "third_party", "第三方提出意见期限"
    SELF_AUDIT = "self_audit", "自查期限"
    ANNUAL_REPORT = "annual_report", "年度报告期限"


class OrganKind(StrEnum):
    """Who publishes an annual report: a government department, or a county-level-or-above government."""

    DEPARTMENT = "department"
    GOVERNMENT = "government"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A due date with the rule that produced it and, for working-day rules, how it was counted."""

    kind: DeadlineKind
    due: date
    rule: str
    rule_text: str
    computed_from: date
    count: WorkingDayCount | None
    provisional: bool

    def to_dict(self) -> dict[str, object]:
        """The deadline as JSON-ready data, with its Chinese explanation."""
        return {
            "kind": self.kind.value,
            "due": self.due.isoformat(),
            "rule": self.rule,
            "rule_text": self.rule_text,
            "computed_from": self.computed_from.isoformat(),
            "provisional": self.provisional,
            "explanation": self.explanation(),
            "skipped": [named.to_dict() for named in self.count.skipped] if self.count else [],
            "makeup_workdays": [named.to_dict() for named in self.count.makeup_workdays] if self.count else [],
        }

    def explanation(self) -> str:
        """The rule and how the date was computed, in Chinese."""
        if self.count is not None:
            return f"{self.rule_text}。{self.count.explanation()}"
        text = f"{self.rule_text}。截止日期为{chinese_date(self.due)}。"
        return text + provisional_note([self.due.year]) if self.provisional else text


def _counted(
    kind: DeadlineKind, rule: str, rule_text: str, start: date, working_days: int, calendar: WorkingDayCalendar
) -> Deadline:
    count = calendar.explain(start, working_days)
    return Deadline(kind, count.due, rule, rule_text, start, count, count.provisional)


def publication_due(formed_or_changed_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """条例 Art. 26: proactive information is published within 20 working days of being formed or changed."""
    return _counted(
        DeadlineKind.PUBLICATION,
        f"publication_{PUBLICATION_WORKING_DAYS}wd",
        f"{_REGULATION}第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起"
        f"{PUBLICATION_WORKING_DAYS}个工作日内及时公开",
        formed_or_changed_on,
        PUBLICATION_WORKING_DAYS,
        calendar,
    )


def interpretation_due(published_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """国办发〔2016〕19号: the interpretation is published within 3 working days after the document."""
    return _counted(
        DeadlineKind.INTERPRETATION,
        f"interpretation_{INTERPRETATION_WORKING_DAYS}wd",
        f"国办发〔2016〕19号：政策性文件公开后{INTERPRETATION_WORKING_DAYS}个工作日内发布政策解读材料",
        published_on,
        INTERPRETATION_WORKING_DAYS,
        calendar,
    )


def reply_due(
    received_on: date, calendar: WorkingDayCalendar, *, paused_working_days: int = 0, extended: bool = False
) -> Deadline:
    """条例 Art. 33: reply within 20 working days of receipt, 20 more if extended; consultation time not counted."""
    if paused_working_days < 0:
        raise BadInput(f"暂停的工作日数不能为负数 / paused working days must not be negative: {paused_working_days}")
    working_days = REPLY_WORKING_DAYS + (EXTENSION_WORKING_DAYS if extended else 0)
    rule_text = f"{_REGULATION}第三十三条：不能当场答复的，应当自收到申请之日起{REPLY_WORKING_DAYS}个工作日内予以答复"
    if extended:
        rule_text += f"；经政府信息公开工作机构负责人同意并告知申请人，延长答复期限{EXTENSION_WORKING_DAYS}个工作日"
    if paused_working_days:
        rule_text += f"；征求第三方和其他机关意见所需时间（{paused_working_days}个工作日）不计算在期限内"
    return _counted(
        DeadlineKind.REPLY,
        f"reply_extended_{working_days}wd" if extended else f"reply_{working_days}wd",
        rule_text,
        received_on,
        working_days + paused_working_days,
        calendar,
    )


def correction_notice_due(received_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """条例 Art. 30: a request for correction (补正) is sent within 7 working days of receipt, once."""
    return _counted(
        DeadlineKind.CORRECTION_NOTICE,
        f"correction_notice_{CORRECTION_NOTICE_WORKING_DAYS}wd",
        f"{_REGULATION}第三十条：申请内容不明确的，行政机关应当自收到申请之日起"
        f"{CORRECTION_NOTICE_WORKING_DAYS}个工作日内一次性告知申请人作出补正",
        received_on,
        CORRECTION_NOTICE_WORKING_DAYS,
        calendar,
    )


def third_party_due(consult_started_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """条例 Art. 32: a consulted third party answers within 15 working days."""
    return _counted(
        DeadlineKind.THIRD_PARTY,
        f"third_party_{THIRD_PARTY_WORKING_DAYS}wd",
        f"{_REGULATION}第三十二条：第三方应当自收到征求意见书之日起{THIRD_PARTY_WORKING_DAYS}个工作日内提出意见",
        consult_started_on,
        THIRD_PARTY_WORKING_DAYS,
        calendar,
    )


def self_audit_due(year: int, calendar: WorkingDayCalendar) -> Deadline:
    """Jiangsu practice on 条例 Art. 18/44: the yearly self-audit closes on the last working day of November."""
    due = calendar.last_working_day_of_month(year, SELF_AUDIT_MONTH)
    return Deadline(
        kind=DeadlineKind.SELF_AUDIT,
        due=due,
        rule="self_audit_last_workday_nov",
        rule_text=(
            f"{_REGULATION}第十八条、第四十四条及江苏省工作实践：每年{SELF_AUDIT_MONTH}月开展不予公开、"
            f"依申请公开信息自查，最迟于{SELF_AUDIT_MONTH}月最后一个工作日完成"
        ),
        computed_from=date(year, SELF_AUDIT_MONTH, 1),
        count=None,
        provisional=calendar.is_provisional(due),
    )


def annual_report_due(report_year: int, organ: OrganKind) -> Deadline:
    """条例 Art. 49: last year's report by 31 January (departments) or 31 March (governments), calendar dates."""
    if not MINYEAR <= report_year < MAXYEAR:
        raise BadInput(f"报告年度无效 / invalid report year: {report_year}")
    if organ is OrganKind.DEPARTMENT:
        due, rule = date(report_year + 1, 1, 31), "annual_report_jan31"
        rule_text = (
            f"{_REGULATION}第四十九条：县级以上人民政府部门应当在每年1月31日前"
            "向本级政府信息公开工作主管部门提交上一年度政府信息公开工作年度报告并向社会公布"
        )
    else:
        due, rule = date(report_year + 1, 3, 31), "annual_report_mar31"
        rule_text = (
            f"{_REGULATION}第四十九条：县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前"
            "向社会公布本级政府上一年度政府信息公开工作年度报告"
        )
    return Deadline(
        kind=DeadlineKind.ANNUAL_REPORT,
        due=due,
        rule=rule,
        rule_text=rule_text,
        computed_from=date(report_year, 12, 31),
        count=None,
        provisional=False,
    )


def met_in_time(due: date | None, on: date) -> bool | None:
    """Whether something done on `on` met its due date; None when nothing was due."""
    return None if due is None else on <= due


class DeadlineStatus(Labelled, noun="期限状态"):
    """Where a stored deadline stands on a given day."""

    PENDING = "pending", "未到期"
    OVERDUE = "overdue", "已逾期"
    MET = "met", "按时完成"
    MET_LATE = "met_late", "逾期完成"
    SUPERSEDED = "superseded", "已重新起算"


def deadline_status(due: date, met_on: date | None, *, active: bool, today: date) -> DeadlineStatus:
    """Met (in time or late), superseded by a restart, overdue once the due date has passed, else pending."""
    if met_on is not None:
        return DeadlineStatus.MET if met_on <= due else DeadlineStatus.MET_LATE
    if not active:
        return DeadlineStatus.SUPERSEDED
    return DeadlineStatus.OVERDUE if today > due else DeadlineStatus.PENDING


def working_days_late(due: date, on: date, calendar: WorkingDayCalendar) -> int:
    """How late something done (or still not done) on `on` is: the working days in (due, on], 0 when in time.

    Once the due date has passed it is at least one: a deadline due on a Friday is one working day late on the
    Saturday after, as on the Monday.
    """
    return max(calendar.working_days_between(due, on), 1) if on > due else 0


def is_overdue(deadline: Deadline, today: date) -> bool:
    """True once the due date has passed (the due date itself is still in time)."""
    return deadline_status(deadline.due, None, active=True, today=today) is DeadlineStatus.OVERDUE


def is_due_soon(deadline: Deadline, today: date, calendar: WorkingDayCalendar, within_working_days: int = 3) -> bool:
    """True when the deadline is not overdue and falls within the next `within_working_days` working days."""
    if within_working_days < 0:
        raise BadInput(f"提醒工作日数不能为负数 / reminder working days must not be negative: {within_working_days}")
    if is_overdue(deadline, today):
        return False
    return calendar.working_days_between(today, deadline.due) <= within_working_days
