"""Disclosure requests (依申请公开): intake codes, the reply clock, replies, and often-requested information.

Sources: 政府信息公开条例 (国务院令第711号) Arts. 27–33, 36, 44; 国办公开办函〔2021〕30号 (the annual report's
result categories); 国办函〔2020〕109号 (applications per applicant per month). Pure: "today" and the
working-day calendar are parameters, and every value is immutable — a step returns a new clock.

Day-zero rule throughout: the day of an event is not counted. A consultation that starts on S and ends on E
pauses the reply clock for the working days in (S, E]: S is an ordinary day of the agency's own time, E is day
zero of the resumed clock — the same convention as `WorkingDayCalendar.working_days_between`.
"""

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, NamedTuple

from policies.attributes import LegalGround, check_reply_grounds
from policies.calendar import WorkingDayCalendar, chinese_date
from policies.deadlines import (
    CORRECTION_NOTICE_WORKING_DAYS,
    Deadline,
    DeadlineKind,
    correction_notice_due,
    reply_due,
    third_party_due,
)
from policies.errors import BadInput, PolicyRefusal
from policies.roles import Role

CORRECTION_WAIT_WORKING_DAYS: Final = 15
"""Local practice: the correction notice gives the applicant 15 working days (条例 Art. 30 sets no number)."""
OFTEN_REQUESTED_THRESHOLD: Final = 3
"""Local practice on 条例 Art. 44: information requested by 3 or more distinct applicants becomes proactive."""
OFTEN_REQUESTED_WINDOW_DAYS: Final = 365
"""The often-requested count looks back one year (local practice)."""
MONTHLY_FREE_APPLICATIONS: Final = 10
"""国办函〔2020〕109号: up to 10 applications per applicant per calendar month are free; more are flagged."""
KEY_LENGTH: Final = 200
"""The longest applicant or subject key; storage sizes its columns by it."""


class ApplicantType(StrEnum):
    """Who applies: a natural person or one of the kinds of organisation (国办公开办函〔2021〕30号 table 三)."""

    NATURAL = "natural"
    BUSINESS = "business"
    RESEARCH = "research"
    NONPROFIT = "nonprofit"
    LEGAL = "legal"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The column heading of the annual report's table 三."""
        return _APPLICANT_LABELS[self]


_APPLICANT_LABELS: Final[dict[ApplicantType, str]] = {
    ApplicantType.NATURAL: "自然人",
    ApplicantType.BUSINESS: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.NONPROFIT: "社会公益组织",
    ApplicantType.LEGAL: "法律服务机构",
    ApplicantType.OTHER: "其他",
}


class Channel(StrEnum):
    """How an application arrived; each implies its receipt date (条例 Art. 31).

    The registering reviewer enters the receipt date the channel implies: in person, the day the applicant
    submitted it; by post, the day the agency signed for it; online or by fax, the day both sides confirmed it.
    """

    IN_PERSON = "in_person"
    POST = "post"
    ONLINE = "online"
    FAX = "fax"

    @property
    def label(self) -> str:
        """The channel's name as shown to people."""
        return _CHANNEL_TEXT[self][0]

    @property
    def receipt_rule(self) -> str:
        """Which day counts as the day of receipt for this channel (条例 Art. 31)."""
        return _CHANNEL_TEXT[self][1]


_CHANNEL_TEXT: Final[dict[Channel, tuple[str, str]]] = {
    Channel.IN_PERSON: ("当面提交", "以提交之日为收到申请之日"),
    Channel.POST: ("邮寄", "以行政机关签收之日为收到申请之日"),
    Channel.ONLINE: ("互联网渠道", "以双方确认之日为收到申请之日"),
    Channel.FAX: ("传真", "以双方确认之日为收到申请之日"),
}


def parse_applicant_type(text: str) -> ApplicantType:
    """The applicant type named by its code (natural, business, research, nonprofit, legal, other)."""
    try:
        return ApplicantType(text.strip().lower())
    except ValueError:
        choices = "、".join(f"{kind.value}（{kind.label}）" for kind in ApplicantType)
        raise BadInput(f"未知申请人类型 '{text}'：可选 {choices}") from None


def parse_channel(text: str) -> Channel:
    """The channel named by its code (in_person, post, online, fax)."""
    try:
        return Channel(text.strip().lower())
    except ValueError:
        choices = "、".join(f"{channel.value}（{channel.label}）" for channel in Channel)
        raise BadInput(f"未知申请渠道 '{text}'：可选 {choices}") from None


def applicant_key(name: str) -> str:
    """The applicant's name normalised (NFKC, case, spaces), so that one applicant counts once (条例 Art. 44)."""
    key = "".join(unicodedata.normalize("NFKC", name).casefold().split())
    if not key:
        raise BadInput("申请人姓名或名称不能为空")
    if len(key) > KEY_LENGTH:
        raise BadInput(f"申请人姓名或名称过长：{len(key)} 个字符，最多 {KEY_LENGTH} 个")
    return key


def subject_key(subject: str) -> str:
    """The subject normalised for grouping: NFKC, case folded, spaces and punctuation dropped, first 200 characters."""
    text = unicodedata.normalize("NFKC", subject).casefold()
    key = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")
    if not key:
        raise BadInput("申请内容（所需政府信息的描述）不能为空")
    return key[:KEY_LENGTH]


# The results of a request (条例 Art. 36) as the annual report counts them (国办公开办函〔2021〕30号).


class ResultKind(StrEnum):
    """The six result categories of the annual report's table 三, row 三."""

    DISCLOSED = "disclosed"
    PARTIAL = "partial"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_PROCESSED = "not_processed"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The category's name: 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理."""
        return _KIND_TEXT[self][1]

    @property
    def heading(self) -> str:
        """The category's row heading in table 三, e.g. （三）不予公开."""
        return f"{_KIND_TEXT[self][0]}{self.label}"


_KIND_TEXT: Final[dict[ResultKind, tuple[str, str]]] = {
    ResultKind.DISCLOSED: ("（一）", "予以公开"),
    ResultKind.PARTIAL: ("（二）", "部分公开"),
    ResultKind.WITHHELD: ("（三）", "不予公开"),
    ResultKind.UNAVAILABLE: ("（四）", "无法提供"),
    ResultKind.NOT_PROCESSED: ("（五）", "不予处理"),
    ResultKind.OTHER: ("（六）", "其他处理"),
}


class UnavailableReason(StrEnum):
    """Why the information cannot be provided (条例 Art. 36 (四)(五); 30号 table 三 （四）)."""

    NOT_HELD = "not_held"
    NEEDS_CREATION = "needs_creation"
    UNCLEAR = "unclear"


class NotProcessedReason(StrEnum):
    """Why the application is not processed (条例 Arts. 35, 36 (六), 39; 30号 table 三 （五）)."""

    COMPLAINT = "complaint"
    DUPLICATE = "duplicate"
    PUBLICATION = "publication"
    EXCESSIVE = "excessive"
    CONFIRMATION = "confirmation"


class OtherReason(StrEnum):
    """Other ways a request ends (条例 Arts. 30, 42; 30号 table 三 （六）)."""

    NO_CORRECTION = "no_correction"
    UNPAID = "unpaid"
    OTHER = "other"


ResultReason = LegalGround | UnavailableReason | NotProcessedReason | OtherReason


@dataclass(frozen=True, slots=True)
class AnnualReportRow:
    """A row of the annual report's table 三, row 三 (国办公开办函〔2021〕30号): its category, number and name."""

    kind: ResultKind
    number: int | None
    label: str

    @property
    def key(self) -> str:
        """A stable key for the row: the category code, with the row number where the category has items."""
        return self.kind.value if self.number is None else f"{self.kind.value}.{self.number}"

    @property
    def title(self) -> str:
        """The row as printed: （三）不予公开 4.保护第三方合法权益."""
        return self.kind.heading if self.number is None else f"{self.kind.heading} {self.number}.{self.label}"


K, _row = ResultKind, AnnualReportRow  # short names, so the table below reads one row per line

ANNUAL_REPORT_ROWS: Final[tuple[AnnualReportRow, ...]] = (
    _row(K.DISCLOSED, None, "予以公开"),
    _row(K.PARTIAL, None, "部分公开"),
    _row(K.WITHHELD, 1, "属于国家秘密"),
    _row(K.WITHHELD, 2, "其他法律行政法规禁止公开"),
    _row(K.WITHHELD, 3, "危及“三安全一稳定”"),
    _row(K.WITHHELD, 4, "保护第三方合法权益"),
    _row(K.WITHHELD, 5, "属于三类内部事务信息"),
    _row(K.WITHHELD, 6, "属于四类过程性信息"),
    _row(K.WITHHELD, 7, "属于行政执法案卷"),
    _row(K.WITHHELD, 8, "属于行政查询事项"),
    _row(K.UNAVAILABLE, 1, "本机关不掌握相关政府信息"),
    _row(K.UNAVAILABLE, 2, "没有现成信息需要另行制作"),
    _row(K.UNAVAILABLE, 3, "补正后申请内容仍不明确"),
    _row(K.NOT_PROCESSED, 1, "信访举报投诉类申请"),
    _row(K.NOT_PROCESSED, 2, "重复申请"),
    _row(K.NOT_PROCESSED, 3, "要求提供公开出版物"),
    _row(K.NOT_PROCESSED, 4, "无正当理由大量反复申请"),
    _row(K.NOT_PROCESSED, 5, "要求行政机关确认或重新出具已获取信息"),
    _row(K.OTHER, 1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    _row(K.OTHER, 2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    _row(K.OTHER, 3, "其他"),
)
_ROWS: Final[dict[str, AnnualReportRow]] = {row.key: row for row in ANNUAL_REPORT_ROWS}

# Which row counts each result; other_law is counted with the laws and regulations that prohibit disclosure.
_REPORT_ROW_OF: Final[dict[ResultReason | None, str]] = {
    LegalGround.STATE_SECRET: "withheld.1",
    LegalGround.LAW_PROHIBITED: "withheld.2",
    LegalGround.OTHER_LAW: "withheld.2",
    LegalGround.SECURITY_STABILITY: "withheld.3",
    LegalGround.TRADE_SECRET: "withheld.4",
    LegalGround.PERSONAL_PRIVACY: "withheld.4",
    LegalGround.INTERNAL_AFFAIRS: "withheld.5",
    LegalGround.PROCESS_INFO: "withheld.6",
    LegalGround.ENFORCEMENT_FILE: "withheld.7",
    LegalGround.ADMINISTRATIVE_QUERY: "withheld.8",
    UnavailableReason.NOT_HELD: "unavailable.1",
    UnavailableReason.NEEDS_CREATION: "unavailable.2",
    UnavailableReason.UNCLEAR: "unavailable.3",
    NotProcessedReason.COMPLAINT: "not_processed.1",
    NotProcessedReason.DUPLICATE: "not_processed.2",
    NotProcessedReason.PUBLICATION: "not_processed.3",
    NotProcessedReason.EXCESSIVE: "not_processed.4",
    NotProcessedReason.CONFIRMATION: "not_processed.5",
    OtherReason.NO_CORRECTION: "other.1",
    OtherReason.UNPAID: "other.2",
    OtherReason.OTHER: "other.3",
}

_REASONS_OF: Final[dict[ResultKind, type[ResultReason] | None]] = {
    ResultKind.DISCLOSED: None,
    ResultKind.PARTIAL: None,
    ResultKind.WITHHELD: LegalGround,
    ResultKind.UNAVAILABLE: UnavailableReason,
    ResultKind.NOT_PROCESSED: NotProcessedReason,
    ResultKind.OTHER: OtherReason,
}


@dataclass(frozen=True, slots=True)
class ResultCode:
    """A reply's result: its category and, except for disclosed and partial, the reason or legal ground."""

    kind: ResultKind
    reason: ResultReason | None = None

    def __post_init__(self) -> None:
        """A result is complete or refused: withheld without a ground is refused (条例 Art. 36 (三))."""
        expected = _REASONS_OF[self.kind]
        if self.kind is ResultKind.WITHHELD and self.reason is None:
            raise PolicyRefusal("不予公开的答复须说明法律依据：withheld:<理由代码>，" + _ground_choices())
        if (self.reason is None) != (expected is None) or (expected and not isinstance(self.reason, expected)):
            given = self.kind.value if self.reason is None else f"{self.kind.value}:{self.reason}"
            raise BadInput(f"答复结果 '{given}' 无效：{_result_syntax()}")

    @property
    def code(self) -> str:
        """The code shared by the CLI, the API and the database, e.g. withheld:personal_privacy."""
        return self.kind.value if self.reason is None else f"{self.kind.value}:{self.reason.value}"

    @property
    def report_row(self) -> AnnualReportRow:
        """The row of the annual report's table 三 that counts this result (国办公开办函〔2021〕30号)."""
        return _ROWS[_REPORT_ROW_OF.get(self.reason, self.kind.value)]

    @property
    def label(self) -> str:
        """The result in Chinese, e.g. 不予公开：个人隐私 or 无法提供：本机关不掌握相关政府信息."""
        if self.reason is None:
            return self.kind.label
        detail = self.reason.label if isinstance(self.reason, LegalGround) else self.report_row.label
        return f"{self.kind.label}：{detail}"


def result_codes() -> list[str]:
    """Every valid result code, in the order of the annual report's table 三."""
    codes = []
    for kind, reasons in _REASONS_OF.items():
        codes += [kind.value] if reasons is None else [f"{kind.value}:{reason.value}" for reason in reasons]
    return codes


def _ground_choices() -> str:
    return "理由代码可选 " + "、".join(ground.value for ground in LegalGround)


def _result_syntax() -> str:
    """The valid codes as DESIGN.md writes them: withheld:<ground>, unavailable:not_held|needs_creation|unclear…."""
    forms = []
    for kind, reasons in _REASONS_OF.items():
        if reasons is None:
            forms.append(kind.value)
        elif reasons is LegalGround:
            forms.append(f"{kind.value}:<理由代码>")
        else:
            forms.append(f"{kind.value}:{'|'.join(reason.value for reason in reasons)}")
    return f"可选 {'、'.join(forms)}（{_ground_choices()}）"


def parse_result(text: str) -> ResultCode:
    """The result named by its code: disclosed, partial, withheld:<ground>, unavailable:…, not_processed:…, other:…."""
    unknown = BadInput(f"未知答复结果 '{text}'：{_result_syntax()}")
    head, colon, tail = text.strip().lower().partition(":")
    if head not in {kind.value for kind in ResultKind}:
        raise unknown
    kind = ResultKind(head)
    reasons = _REASONS_OF[kind]
    if reasons is None and colon:
        raise unknown
    if reasons is None or not tail:
        return ResultCode(kind)  # a category that needs a reason refuses to be built without one
    if tail not in {reason.value for reason in reasons}:
        raise unknown
    return ResultCode(kind, reasons(tail))


# Where a request is, and who may move it (DESIGN.md "Who does what": requests are the reviewer's).


class RequestState(StrEnum):
    """Where a request is: running, waiting for the applicant's correction or a third party, answered, closed."""

    RECEIVED = "received"
    AWAITING_CORRECTION = "awaiting_correction"
    CONSULTING = "consulting"
    REPLIED = "replied"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The state's name as shown to people."""
        return _STATE_LABELS[self]


_STATE_LABELS: Final[dict[RequestState, str]] = {
    RequestState.RECEIVED: "办理中",
    RequestState.AWAITING_CORRECTION: "待申请人补正",
    RequestState.CONSULTING: "征求第三方意见中",
    RequestState.REPLIED: "已答复",
    RequestState.CLOSED: "已结案（逾期未补正，视为放弃申请）",
}


class RequestAction(StrEnum):
    """Something the disclosure office does with a request."""

    REGISTER = "register"
    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    EXTEND = "extend"
    REPLY = "reply"
    ABANDON = "abandon"

    @property
    def label(self) -> str:
        """The action's name as shown to people."""
        return _ACTION_LABELS[self]


_ACTION_LABELS: Final[dict[RequestAction, str]] = {
    RequestAction.REGISTER: "登记申请",
    RequestAction.REQUEST_CORRECTION: "告知补正",
    RequestAction.RECEIVE_CORRECTION: "登记补正后的申请",
    RequestAction.START_CONSULTATION: "征求第三方意见",
    RequestAction.END_CONSULTATION: "结束征求意见",
    RequestAction.EXTEND: "延长答复期限",
    RequestAction.REPLY: "答复",
    RequestAction.ABANDON: "按逾期不补正结案",
}


@dataclass(frozen=True, slots=True)
class RequestTransition:
    """One rule: from these states (None: not registered yet) these roles may act, and the request moves on."""

    action: RequestAction
    sources: frozenset[RequestState | None]
    target: RequestState
    roles: frozenset[Role]


RS, RA = RequestState, RequestAction  # short names, so each rule below reads on one line
_REVIEWER: Final = frozenset({Role.REVIEWER})

REQUEST_TRANSITIONS: Final[tuple[RequestTransition, ...]] = (
    RequestTransition(RA.REGISTER, frozenset({None}), RS.RECEIVED, _REVIEWER),
    RequestTransition(RA.REQUEST_CORRECTION, frozenset({RS.RECEIVED}), RS.AWAITING_CORRECTION, _REVIEWER),
    RequestTransition(RA.RECEIVE_CORRECTION, frozenset({RS.AWAITING_CORRECTION}), RS.RECEIVED, _REVIEWER),
    RequestTransition(RA.START_CONSULTATION, frozenset({RS.RECEIVED}), RS.CONSULTING, _REVIEWER),
    RequestTransition(RA.END_CONSULTATION, frozenset({RS.CONSULTING}), RS.RECEIVED, _REVIEWER),
    RequestTransition(RA.EXTEND, frozenset({RS.RECEIVED}), RS.RECEIVED, _REVIEWER),
    RequestTransition(RA.REPLY, frozenset({RS.RECEIVED}), RS.REPLIED, _REVIEWER),
    RequestTransition(RA.ABANDON, frozenset({RS.AWAITING_CORRECTION}), RS.CLOSED, _REVIEWER),
)


def decide_request_action(action: RequestAction, state: RequestState | None, role: Role) -> RequestState:
    """The request's state after the action (state None: not yet registered), or a refusal that says why."""
    rules = [rule for rule in REQUEST_TRANSITIONS if rule.action is action and state in rule.sources]
    if not rules:
        where = "申请尚未登记" if state is None else f"申请处于“{state.label}”状态"
        raise PolicyRefusal(f"{where}，不能{action.label}")
    rule = next((rule for rule in rules if role in rule.roles), None)
    if rule is None:
        raise PolicyRefusal(f"{role.label}无权{action.label}：依申请公开由政府信息公开工作机构（政务公开审查员）办理")
    return rule.target


# The reply clock (条例 Arts. 30–33).


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


# Often-requested information (条例 Art. 44) and applications per month (国办函〔2020〕109号).

RequestedItem = int | str
"""What a request asks for: a document id (int) when linked to documents, otherwise its subject key (str)."""


class ApplicantMonth(NamedTuple):
    """An applicant in a calendar month."""

    applicant_key: str
    year: int
    month: int


def often_requested(
    requests: Iterable[tuple[str, RequestedItem, date]],
    as_of: date,
    *,
    threshold: int = OFTEN_REQUESTED_THRESHOLD,
    window_days: int = OFTEN_REQUESTED_WINDOW_DAYS,
) -> dict[RequestedItem, int]:
    """Items asked for by at least `threshold` distinct applicants in the `window_days` up to as_of (Art. 44)."""
    if threshold < 1 or window_days < 1:
        raise BadInput(f"较为集中的申请：人数和天数须为正数（{threshold}人，{window_days}天）")
    since = as_of - timedelta(days=window_days)
    applicants: defaultdict[RequestedItem, set[str]] = defaultdict(set)
    for key, item, received_on in requests:
        if since < received_on <= as_of:
            applicants[item].add(key)
    return {item: len(keys) for item, keys in applicants.items() if len(keys) >= threshold}


def applications_over_monthly_limit(
    requests: Iterable[tuple[str, date]], *, limit: int = MONTHLY_FREE_APPLICATIONS
) -> dict[ApplicantMonth, int]:
    """Applicants with more than `limit` applications in a calendar month, and how many (国办函〔2020〕109号)."""
    counts = Counter(ApplicantMonth(key, day.year, day.month) for key, day in requests)
    return {month: count for month, count in counts.items() if count > limit}
