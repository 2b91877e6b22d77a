"""The reply clock of a disclosure request (条例 Arts. 30–33) and the reply that ends it (Art. 36).

Pure: "today" and the working-day calendar are parameters, and every value is immutable — a step returns a
new clock.

Day-zero rule throughout: the day of an event is not counted. A consultation that starts on S and ends on E
pauses the reply clock for the working days in (S, E]: S is an ordinary day of the agency's own time, E is day
zero of the resumed clock — the same convention as `WorkingDayCalendar.working_days_between`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from policies.attributes import LegalGround, check_reply_grounds
from policies.calendar import WorkingDayCalendar
from policies.dates import chinese_date
from policies.deadlines import (
    CORRECTION_NOTICE_WORKING_DAYS,
    Deadline,
    DeadlineKind,
    correction_notice_due,
    reply_due,
    third_party_due,
)
from policies.errors import BadInput, PolicyRefusal
from policies.request_lifecycle import RequestAction
from policies.request_results import OtherReason, ResultCode, ResultKind, UnavailableReason

CORRECTION_WAIT_WORKING_DAYS: Final = 15
"""Local practice: the correction notice gives the applicant 15 working days (条例 Art. 30 sets no number)."""


@dataclass(frozen=True, slots=True)
class ConsultationPeriod:
    """A consultation of a third party or another agency; open while ended_on is None (条例 Arts. 32–33)."""

    party: str
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True, slots=True)
class RequestClock:
    """What the reply deadline depends on: receipt, correction, consultations and the extension (条例 Arts. 30–33).

    clock_start is the day the 20 working days count from: the day of receipt, or the day the corrected
    application was received (Art. 30).
    """

    received_on: date
    clock_start: date
    correction_requested_on: date | None = None
    corrected_on: date | None = None
    consultations: tuple[ConsultationPeriod, ...] = ()
    extended_on: date | None = None
    extension_reason: str | None = None

    @property
    def awaiting_correction(self) -> bool:
        """True between the correction notice and the corrected application: no reply deadline runs (Art. 30)."""
        return self.correction_requested_on is not None and self.corrected_on is None

    @property
    def open_consultation(self) -> ConsultationPeriod | None:
        """The consultation under way, if any: its time does not count (Art. 33)."""
        return next((c for c in self.consultations if c.ended_on is None), None)

    @property
    def extended(self) -> bool:
        """True once the reply deadline was extended (Art. 33: once, at most 20 working days)."""
        return self.extended_on is not None

    @property
    def last_event_on(self) -> date:
        """The date of the latest step; a new step cannot be dated before it."""
        dates = [self.received_on, self.clock_start, self.correction_requested_on, self.extended_on]
        for consultation in self.consultations:
            dates += [consultation.started_on, consultation.ended_on]
        return max(day for day in dates if day is not None)


@dataclass(frozen=True, slots=True)
class ClockChange:
    """A step's outcome: the new clock and what happens to the request's deadlines.

    deadlines: set by the step, each replacing the one of its kind; suspended: stop running without being met;
    met: met on the day of the step.
    """

    clock: RequestClock
    deadlines: tuple[Deadline, ...] = ()
    suspended: tuple[DeadlineKind, ...] = ()
    met: tuple[DeadlineKind, ...] = ()


def paused_working_days(clock: RequestClock, calendar: WorkingDayCalendar) -> int:
    """The working days spent on ended consultations since the clock started, which do not count (Art. 33)."""
    return sum(
        calendar.working_days_between(max(c.started_on, clock.clock_start), c.ended_on)
        for c in clock.consultations
        if c.ended_on is not None
    )


def reply_deadline(clock: RequestClock, calendar: WorkingDayCalendar) -> Deadline | None:
    """The reply deadline in force (Art. 33), or None while the applicant corrects or a party is consulted."""
    if clock.awaiting_correction or clock.open_consultation is not None:
        return None
    deadline = reply_due(
        clock.clock_start, calendar, paused_working_days=paused_working_days(clock, calendar), extended=clock.extended
    )
    if clock.corrected_on is None:
        return deadline
    return replace(
        deadline,
        rule_text=f"{deadline.rule_text}；申请人补正的，自收到补正后的申请之日起计算（第三十条）",
    )


def open_request(received_on: date, today: date, calendar: WorkingDayCalendar) -> ClockChange:
    """A registered request: the reply is due 20 working days after the day of receipt (条例 Arts. 31, 33).

    An application is registered once received, so its receipt date cannot lie after today.
    """
    if received_on > today:
        raise BadInput(f"收到申请的日期{chinese_date(received_on)}晚于今天（{chinese_date(today)}）：申请须收到后登记")
    clock = RequestClock(received_on=received_on, clock_start=received_on)
    return ClockChange(clock, deadlines=_reply(clock, calendar))


def request_correction(clock: RequestClock, on: date, calendar: WorkingDayCalendar) -> ClockChange:
    """Ask the applicant to correct, once, within 7 working days of receipt; the reply clock stops (Art. 30)."""
    _check_date(clock, on)
    if clock.correction_requested_on is not None:
        raise PolicyRefusal(
            f"已于{chinese_date(clock.correction_requested_on)}告知补正：补正只能一次性告知（条例第三十条）"
        )
    window = correction_notice_due(clock.received_on, calendar)
    if on > window.due:
        raise PolicyRefusal(
            f"告知补正须在收到申请之日起{CORRECTION_NOTICE_WORKING_DAYS}个工作日内（最迟{chinese_date(window.due)}），"
            f"{chinese_date(on)}已超过期限（条例第三十条）"
        )
    _check_running(clock, RequestAction.REQUEST_CORRECTION)
    return ClockChange(replace(clock, correction_requested_on=on), suspended=(DeadlineKind.REPLY,))


def receive_correction(clock: RequestClock, on: date, calendar: WorkingDayCalendar) -> ClockChange:
    """The corrected application arrived: 20 working days run again from that day (Art. 30)."""
    _check_date(clock, on)
    if not clock.awaiting_correction:
        raise PolicyRefusal("本申请没有待补正的告知，不能登记补正后的申请")
    corrected = replace(clock, corrected_on=on, clock_start=on)
    return ClockChange(corrected, deadlines=_reply(corrected, calendar))


def start_consultation(clock: RequestClock, on: date, party: str, calendar: WorkingDayCalendar) -> ClockChange:
    """Consult a third party in writing: it has 15 working days, and the reply clock pauses (Arts. 32–33)."""
    _check_date(clock, on)
    party = party.strip()
    if not party:
        raise BadInput("须写明征求意见的第三方或其他机关")
    _check_running(clock, RequestAction.START_CONSULTATION)
    consulting = replace(clock, consultations=(*clock.consultations, ConsultationPeriod(party, on)))
    return ClockChange(consulting, deadlines=(third_party_due(on, calendar),), suspended=(DeadlineKind.REPLY,))


def end_consultation(clock: RequestClock, on: date, calendar: WorkingDayCalendar) -> ClockChange:
    """The consultation ended: the reply deadline moves out by the working days in (start, end] (Art. 33)."""
    _check_date(clock, on)
    current = clock.open_consultation
    if current is None:
        raise PolicyRefusal("本申请没有正在进行的征求意见")
    ended = replace(
        clock,
        consultations=tuple(replace(c, ended_on=on) if c is current else c for c in clock.consultations),
    )
    return ClockChange(ended, deadlines=_reply(ended, calendar), met=(DeadlineKind.THIRD_PARTY,))


def extend(clock: RequestClock, on: date, reason: str, calendar: WorkingDayCalendar) -> ClockChange:
    """Extend the reply deadline once, by 20 working days, with a reason, before it lapses (Art. 33)."""
    _check_date(clock, on)
    if clock.extended_on is not None:
        raise PolicyRefusal(
            f"答复期限已于{chinese_date(clock.extended_on)}延长过：只能延长一次，最长20个工作日（条例第三十三条）"
        )
    reason = reason.strip()
    if not reason:
        raise PolicyRefusal("延长答复期限须说明理由，并经政府信息公开工作机构负责人同意（条例第三十三条）")
    deadline = _running_deadline(clock, RequestAction.EXTEND, calendar)
    if on > deadline.due:
        raise PolicyRefusal(f"答复期限已于{chinese_date(deadline.due)}届满，不能再延长（条例第三十三条）")
    extended = replace(clock, extended_on=on, extension_reason=reason)
    return ClockChange(extended, deadlines=_reply(extended, calendar))


@dataclass(frozen=True, slots=True)
class Reply:
    """How a request ended: the result, when, whether late, and for withholding, what and why (Art. 36)."""

    result: ResultCode
    replied_on: date
    due: date | None
    late: bool
    grounds: tuple[LegalGround, ...] = ()
    withheld_part: str | None = None
    reason: str | None = None

    def detail(self) -> dict[str, object]:
        """The result's particulars as JSON-ready data (stored with the request)."""
        return {
            "grounds": [ground.value for ground in self.grounds],
            "withheld_part": self.withheld_part,
            "reason": self.reason,
            "report_row": self.result.report_row.key,
        }


def reply(
    clock: RequestClock,
    on: date,
    result: ResultCode,
    calendar: WorkingDayCalendar,
    *,
    grounds: Iterable[LegalGround] = (),
    withheld_part: str | None = None,
    reason: str | None = None,
) -> Reply:
    """Answer the request (Art. 36); late when after the reply deadline (Art. 33).

    withheld:<ground> cites its ground (more may be given in `grounds`); partial states what was withheld and
    on which grounds; other_law needs the law cited in `reason`.
    """
    _check_date(clock, on)
    deadline = _running_deadline(clock, RequestAction.REPLY, calendar)
    given = tuple(grounds)
    withheld_part = (withheld_part or "").strip() or None
    reason = (reason or "").strip() or None
    if result.kind is ResultKind.WITHHELD:
        assert isinstance(result.reason, LegalGround)  # ResultCode guarantees it
        given = check_reply_grounds((result.reason, *given), reason)
    elif result.kind is ResultKind.PARTIAL:
        if withheld_part is None:
            raise PolicyRefusal("部分公开的答复须写明不予公开的部分（条例第三十七条）")
        given = check_reply_grounds(given, reason)
    elif given:
        raise PolicyRefusal(f"“{result.label}”的答复不附不予公开的理由代码")
    if result.reason is OtherReason.NO_CORRECTION:
        raise PolicyRefusal("申请人逾期未补正的，按“逾期不补正”结案，不作答复")
    if result.reason is UnavailableReason.UNCLEAR and clock.corrected_on is None:
        raise PolicyRefusal("“补正后申请内容仍不明确”只适用于已告知补正并收到补正的申请（条例第三十条）")
    return Reply(result, on, deadline.due, on > deadline.due, given, withheld_part, reason)


def abandon_for_no_correction(
    clock: RequestClock,
    on: date,
    calendar: WorkingDayCalendar,
    *,
    wait_working_days: int = CORRECTION_WAIT_WORKING_DAYS,
) -> Reply:
    """Close as other:no_correction once the applicant's time to correct has passed (Art. 30; wait: local practice)."""
    _check_date(clock, on)
    if wait_working_days < 1:
        raise BadInput(f"补正期限须至少1个工作日：{wait_working_days}")
    if not clock.awaiting_correction:
        raise PolicyRefusal("本申请没有待补正的告知，不能按逾期不补正结案")
    assert clock.correction_requested_on is not None  # awaiting_correction guarantees it
    last_day = calendar.add(clock.correction_requested_on, wait_working_days)
    if on <= last_day:
        raise PolicyRefusal(
            f"申请人补正期限（告知后{wait_working_days}个工作日）至{chinese_date(last_day)}止，"
            "期满仍未补正的才视为放弃申请（条例第三十条）"
        )
    return Reply(ResultCode(ResultKind.OTHER, OtherReason.NO_CORRECTION), on, None, False)


def _reply(clock: RequestClock, calendar: WorkingDayCalendar) -> tuple[Deadline, ...]:
    deadline = reply_deadline(clock, calendar)
    return () if deadline is None else (deadline,)


def _check_date(clock: RequestClock, on: date) -> None:
    """A step cannot be dated before the one before it."""
    if on < clock.last_event_on:
        raise BadInput(f"日期{chinese_date(on)}早于本申请上一环节的日期{chinese_date(clock.last_event_on)}")


def _check_running(clock: RequestClock, action: RequestAction) -> None:
    """Refuse a step that needs the reply clock running: not while correcting or consulting."""
    if clock.awaiting_correction:
        raise PolicyRefusal(f"申请人补正期间不能{action.label}")
    if (consultation := clock.open_consultation) is not None:
        raise PolicyRefusal(f"正在征求“{consultation.party}”的意见，不能{action.label}")


def _running_deadline(clock: RequestClock, action: RequestAction, calendar: WorkingDayCalendar) -> Deadline:
    _check_running(clock, action)
    deadline = reply_deadline(clock, calendar)
    assert deadline is not None  # the clock runs
    return deadline

