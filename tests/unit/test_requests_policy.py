"""Disclosure requests: the reply clock on real dates, every refusal, result codes, often-requested information.

Expected dates are worked out by hand from the State Council's 2025 and 2026 holiday notices; each test says
how. Day zero (the day of the event) is never counted.
"""

import copy
from datetime import date
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.attributes import LegalGround
from policies.calendar import china_calendar
from policies.deadlines import DeadlineKind
from policies.errors import BadInput, PolicyRefusal
from policies.often_requested import ApplicantMonth, applications_over_monthly_limit, often_requested
from policies.request_clock import (
    ClockChange,
    ConsultationPeriod,
    RequestClock,
    abandon_for_no_correction,
    end_consultation,
    extend,
    open_request,
    paused_working_days,
    receive_correction,
    reply,
    reply_deadline,
    request_correction,
    start_consultation,
)
from policies.request_codes import ApplicantType, Channel, applicant_key, subject_key
from policies.request_lifecycle import CONCLUDED, RequestAction, RequestState, decide_request_action
from policies.request_results import (
    ANNUAL_REPORT_ROWS,
    NotProcessedReason,
    OtherReason,
    ResultCode,
    ResultKind,
    UnavailableReason,
    parse_result,
    result_codes,
)
from policies.roles import Role

CALENDAR = china_calendar()
DISCLOSED = ResultCode(ResultKind.DISCLOSED)


def _clock(received_on: date) -> RequestClock:
    return open_request(received_on, received_on, CALENDAR).clock


def _due(change: ClockChange) -> date:
    (deadline,) = [d for d in change.deadlines if d.kind is DeadlineKind.REPLY]
    return deadline.due


# The reply clock on dates (条例 Arts. 30–33).


@pytest.mark.parametrize(
    ("received_on", "due", "how"),
    [
        (date(2026, 9, 28), date(2026, 10, 30), "国庆 10-01..07 skipped, make-up Saturday 10-10 counted"),
        (date(2026, 2, 6), date(2026, 3, 12), "春节 02-16..20 and 02-23 skipped, make-up 02-14 and 02-28 counted"),
        (date(2025, 12, 22), date(2026, 1, 20), "元旦 01-01..02 skipped, make-up Sunday 2026-01-04 counted"),
        (date(2025, 9, 26), date(2025, 10, 30), "国庆+中秋 10-01..08 skipped, make-up 09-28 and 10-11 counted"),
        (date(2026, 10, 3), date(2026, 11, 3), "received on a holiday: 10-08 is day 1, make-up 10-10 day 3"),
    ],
)
def test_the_reply_is_due_20_working_days_after_receipt(received_on: date, due: date, how: str) -> None:
    change = open_request(received_on, received_on, CALENDAR)

    assert change.clock == RequestClock(received_on=received_on, clock_start=received_on)
    assert _due(change) == due, how
    (deadline,) = change.deadlines
    assert deadline.rule == "reply_20wd" and "第三十三条" in deadline.rule_text
    assert deadline.computed_from == received_on
    assert (change.suspended, change.met) == ((), ())


def test_the_reply_deadline_explains_the_national_day_holiday() -> None:
    (deadline,) = open_request(date(2026, 9, 28), date(2026, 9, 28), CALENDAR).deadlines

    assert deadline.count is not None
    assert [named.day for named in deadline.count.makeup_workdays] == [date(2026, 10, 10)]
    assert date(2026, 10, 1) in [named.day for named in deadline.count.skipped]
    assert "2026年10月30日" in deadline.explanation()


def test_a_correction_may_be_requested_on_the_7th_working_day_after_receipt() -> None:
    # Received Mon 2026-09-28: 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), Sat 10-10 make-up (5), 10-12 (6), 10-13 (7).
    clock = _clock(date(2026, 9, 28))

    change = request_correction(clock, date(2026, 10, 13), CALENDAR)

    assert change.clock.correction_requested_on == date(2026, 10, 13)
    assert change.clock.awaiting_correction
    assert change.deadlines == ()
    assert change.suspended == (DeadlineKind.REPLY,)
    assert reply_deadline(change.clock, CALENDAR) is None


def test_a_correction_on_the_8th_working_day_is_refused_and_changes_nothing() -> None:
    clock = _clock(date(2026, 9, 28))
    before = copy.deepcopy(clock)

    with pytest.raises(PolicyRefusal, match="7个工作日内（最迟2026年10月13日）"):
        request_correction(clock, date(2026, 10, 14), CALENDAR)

    assert clock == before


def test_the_corrected_application_restarts_20_working_days_from_its_receipt() -> None:
    # Corrected Tue 2026-10-20: 10-21..23 (3), 10-26..30 (8), 11-02..06 (13), 11-09..13 (18), 11-16 (19), 11-17 (20).
    awaiting = request_correction(_clock(date(2026, 9, 28)), date(2026, 10, 9), CALENDAR).clock

    change = receive_correction(awaiting, date(2026, 10, 20), CALENDAR)

    assert change.clock.clock_start == date(2026, 10, 20)
    assert not change.clock.awaiting_correction
    assert _due(change) == date(2026, 11, 17)
    assert "第三十条" in change.deadlines[0].rule_text


def test_a_consultation_before_a_correction_does_not_move_the_restarted_clock() -> None:
    clock = start_consultation(_clock(date(2026, 9, 28)), date(2026, 9, 29), "某某公司", CALENDAR).clock
    clock = end_consultation(clock, date(2026, 9, 30), CALENDAR).clock
    clock = request_correction(clock, date(2026, 10, 8), CALENDAR).clock

    change = receive_correction(clock, date(2026, 10, 20), CALENDAR)

    assert paused_working_days(change.clock, CALENDAR) == 0
    assert _due(change) == date(2026, 11, 17)


def test_a_consultation_gives_the_third_party_15_working_days_and_suspends_the_reply() -> None:
    # Sent Tue 2026-09-29: 09-30 (1), 10-08 (2), 10-09 (3), Sat 10-10 (4), 10-12..16 (9), 10-19..23 (14), 10-26 (15).
    clock = _clock(date(2026, 9, 14))

    change = start_consultation(clock, date(2026, 9, 29), " 某某科技有限公司 ", CALENDAR)

    assert change.clock.open_consultation == ConsultationPeriod("某某科技有限公司", date(2026, 9, 29))
    (third_party,) = change.deadlines
    assert third_party.kind is DeadlineKind.THIRD_PARTY and third_party.due == date(2026, 10, 26)
    assert change.suspended == (DeadlineKind.REPLY,)
    assert reply_deadline(change.clock, CALENDAR) is None


def test_the_working_days_spent_consulting_across_national_day_move_the_reply_deadline() -> None:
    # Received Mon 2026-09-14, due 10-16 (make-up Sunday 09-20 counts, 中秋 09-25 and 国庆 do not).
    # Consulted from 09-29 to 10-12: (09-29, 10-12] holds 09-30, 10-08, 10-09, Sat 10-10, 10-12 = 5 working days.
    clock = _clock(date(2026, 9, 14))
    assert reply_deadline(clock, CALENDAR).due == date(2026, 10, 16)  # type: ignore[union-attr]
    consulting = start_consultation(clock, date(2026, 9, 29), "某某公司", CALENDAR).clock

    change = end_consultation(consulting, date(2026, 10, 12), CALENDAR)

    assert paused_working_days(change.clock, CALENDAR) == 5
    assert _due(change) == date(2026, 10, 23)
    assert change.met == (DeadlineKind.THIRD_PARTY,)
    assert "5个工作日" in change.deadlines[0].rule_text


def test_a_consultation_ended_on_the_day_it_started_pauses_nothing() -> None:
    consulting = start_consultation(_clock(date(2026, 9, 28)), date(2026, 10, 12), "某局", CALENDAR).clock

    change = end_consultation(consulting, date(2026, 10, 12), CALENDAR)

    assert _due(change) == date(2026, 10, 30)


def test_two_consultations_one_after_the_other_both_move_the_deadline() -> None:
    # (10-12, 10-14] = 2 working days, (10-16, 10-19] = 1 working day: 10-30 + 3 working days = 11-04.
    clock = _clock(date(2026, 9, 28))
    for started, ended in ((date(2026, 10, 12), date(2026, 10, 14)), (date(2026, 10, 16), date(2026, 10, 19))):
        clock = start_consultation(clock, started, "某公司", CALENDAR).clock
        clock = end_consultation(clock, ended, CALENDAR).clock

    assert paused_working_days(clock, CALENDAR) == 3
    assert reply_deadline(clock, CALENDAR).due == date(2026, 11, 4)  # type: ignore[union-attr]


def test_an_extension_on_the_last_day_adds_20_working_days() -> None:
    # Due Fri 2026-10-30; 20 more: 11-02..06 (5), 11-09..13 (10), 11-16..20 (15), 11-23..27 (20).
    clock = _clock(date(2026, 9, 28))

    change = extend(clock, date(2026, 10, 30), "需调取档案，涉及多个科室", CALENDAR)

    assert change.clock.extended and change.clock.extension_reason == "需调取档案，涉及多个科室"
    assert _due(change) == date(2026, 11, 27)
    assert change.deadlines[0].rule == "reply_extended_40wd"


def test_an_extension_after_a_consultation_counts_the_pause_too() -> None:
    clock = start_consultation(_clock(date(2026, 9, 14)), date(2026, 9, 29), "某某公司", CALENDAR).clock
    clock = end_consultation(clock, date(2026, 10, 12), CALENDAR).clock

    change = extend(clock, date(2026, 10, 23), "第三方意见需进一步核实", CALENDAR)

    assert _due(change) == CALENDAR.add(date(2026, 9, 14), 45)
    assert _due(change) == date(2026, 11, 20)


def test_a_reply_on_the_due_date_is_on_time_and_the_next_working_day_is_late() -> None:
    clock = _clock(date(2026, 9, 28))

    on_time = reply(clock, date(2026, 10, 30), DISCLOSED, CALENDAR)
    late = reply(clock, date(2026, 11, 2), DISCLOSED, CALENDAR)

    assert (on_time.due, on_time.late) == (date(2026, 10, 30), False)
    assert (late.due, late.late) == (date(2026, 10, 30), True)


def test_a_reply_on_the_spot_is_on_time() -> None:
    result = reply(_clock(date(2026, 9, 28)), date(2026, 9, 28), DISCLOSED, CALENDAR)

    assert not result.late and result.replied_on == date(2026, 9, 28)


def test_a_withheld_reply_records_its_ground_and_report_row() -> None:
    result = reply(_clock(date(2026, 9, 28)), date(2026, 10, 9), parse_result("withheld:personal_privacy"), CALENDAR)

    assert result.grounds == (LegalGround.PERSONAL_PRIVACY,)
    assert result.detail() == {
        "grounds": ["personal_privacy"],
        "withheld_part": None,
        "reason": None,
        "report_row": "withheld.4",
    }


def test_a_partial_reply_records_what_was_withheld_and_why() -> None:
    result = reply(
        _clock(date(2026, 9, 28)),
        date(2026, 10, 9),
        parse_result("partial"),
        CALENDAR,
        grounds=[LegalGround.TRADE_SECRET],
        withheld_part=" 投标报价明细 ",
        reason="涉及投标企业商业秘密",
    )

    assert result.grounds == (LegalGround.TRADE_SECRET,)
    assert result.withheld_part == "投标报价明细"
    assert result.reason == "涉及投标企业商业秘密"


def test_unclear_after_correction_is_a_valid_reply() -> None:
    clock = request_correction(_clock(date(2026, 9, 28)), date(2026, 9, 30), CALENDAR).clock
    clock = receive_correction(clock, date(2026, 10, 12), CALENDAR).clock

    result = reply(clock, date(2026, 10, 20), parse_result("unavailable:unclear"), CALENDAR)

    assert result.result.report_row.key == "unavailable.3" and not result.late


def test_an_applicant_who_never_corrects_is_closed_after_the_wait() -> None:
    # Correction asked Tue 2026-10-13; 15 working days: 10-14..16 (3), 10-19..23 (8), 10-26..30 (13), 11-02, 11-03.
    clock = request_correction(_clock(date(2026, 9, 28)), date(2026, 10, 13), CALENDAR).clock
    before = copy.deepcopy(clock)

    with pytest.raises(PolicyRefusal, match="至2026年11月3日止"):
        abandon_for_no_correction(clock, date(2026, 11, 3), CALENDAR)
    closed = abandon_for_no_correction(clock, date(2026, 11, 4), CALENDAR)

    assert clock == before
    assert closed.result.code == "other:no_correction"
    assert (closed.due, closed.late) == (None, False)


def test_the_wait_before_closing_for_no_correction_is_a_parameter() -> None:
    # 5 working days after 10-13: 10-14, 15, 16, 19, 20.
    clock = request_correction(_clock(date(2026, 9, 28)), date(2026, 10, 13), CALENDAR).clock

    with pytest.raises(PolicyRefusal):
        abandon_for_no_correction(clock, date(2026, 10, 20), CALENDAR, wait_working_days=5)
    assert abandon_for_no_correction(clock, date(2026, 10, 21), CALENDAR, wait_working_days=5).result.code == (
        "other:no_correction"
    )
    with pytest.raises(BadInput):
        abandon_for_no_correction(clock, date(2026, 12, 1), CALENDAR, wait_working_days=0)


# Every refusal changes nothing: the clock is a value, and the step returns no new one.


def _received() -> RequestClock:
    return _clock(date(2026, 9, 28))


def _awaiting() -> RequestClock:
    return request_correction(_received(), date(2026, 9, 30), CALENDAR).clock


def _corrected() -> RequestClock:
    return receive_correction(_awaiting(), date(2026, 10, 8), CALENDAR).clock


def _consulting() -> RequestClock:
    return start_consultation(_received(), date(2026, 9, 30), "某公司", CALENDAR).clock


def _extended() -> RequestClock:
    return extend(_received(), date(2026, 10, 9), "情况复杂", CALENDAR).clock


LATER = date(2026, 10, 12)
REFUSALS = {
    "a second extension": (_extended, lambda c: extend(c, LATER, "仍需时间", CALENDAR), "只能延长一次"),
    "an extension without a reason": (_received, lambda c: extend(c, LATER, "  ", CALENDAR), "须说明理由"),
    "an extension after the deadline": (
        _received,
        lambda c: extend(c, date(2026, 11, 2), "情况复杂", CALENDAR),
        "已于2026年10月30日届满",
    ),
    "an extension while the applicant corrects": (_awaiting, lambda c: extend(c, LATER, "x", CALENDAR), "补正期间"),
    "an extension while consulting": (_consulting, lambda c: extend(c, LATER, "x", CALENDAR), "正在征求"),
    "a late correction request": (
        _received,
        lambda c: request_correction(c, date(2026, 10, 14), CALENDAR),
        "7个工作日内",
    ),
    "a second correction request while correcting": (
        _awaiting,
        lambda c: request_correction(c, date(2026, 10, 8), CALENDAR),
        "一次性告知",
    ),
    "a second correction request after the correction": (
        _corrected,
        lambda c: request_correction(c, date(2026, 10, 9), CALENDAR),
        "一次性告知",
    ),
    "a correction request while consulting": (
        _consulting,
        lambda c: request_correction(c, date(2026, 10, 8), CALENDAR),
        "正在征求",
    ),
    "a corrected application nobody asked for": (
        _received,
        lambda c: receive_correction(c, LATER, CALENDAR),
        "没有待补正",
    ),
    "a consultation while consulting": (
        _consulting,
        lambda c: start_consultation(c, LATER, "另一公司", CALENDAR),
        "正在征求“某公司”",
    ),
    "a consultation while the applicant corrects": (
        _awaiting,
        lambda c: start_consultation(c, LATER, "某公司", CALENDAR),
        "补正期间",
    ),
    "ending a consultation that never started": (
        _received,
        lambda c: end_consultation(c, LATER, CALENDAR),
        "没有正在进行",
    ),
    "a withheld reply without a ground": (
        _received,
        lambda c: reply(c, LATER, parse_result("withheld"), CALENDAR),
        "须说明法律依据",
    ),
    "a withheld reply citing other_law without naming it": (
        _received,
        lambda c: reply(c, LATER, parse_result("withheld:other_law"), CALENDAR),
        "写明所依据的法律法规",
    ),
    "a partial reply without what was withheld": (
        _received,
        lambda c: reply(c, LATER, parse_result("partial"), CALENDAR, grounds=[LegalGround.PERSONAL_PRIVACY]),
        "不予公开的部分",
    ),
    "a partial reply without a ground": (
        _received,
        lambda c: reply(c, LATER, parse_result("partial"), CALENDAR, withheld_part="身份证号码"),
        "须说明法律依据",
    ),
    "a disclosed reply citing grounds": (
        _received,
        lambda c: reply(c, LATER, DISCLOSED, CALENDAR, grounds=[LegalGround.STATE_SECRET]),
        "不附不予公开的理由代码",
    ),
    "a reply while the applicant corrects": (
        _awaiting,
        lambda c: reply(c, LATER, DISCLOSED, CALENDAR),
        "补正期间",
    ),
    "a reply while consulting": (_consulting, lambda c: reply(c, LATER, DISCLOSED, CALENDAR), "正在征求"),
    "a reply closing for no correction": (
        _received,
        lambda c: reply(c, LATER, parse_result("other:no_correction"), CALENDAR),
        "逾期不补正",
    ),
    "unclear without a correction": (
        _received,
        lambda c: reply(c, LATER, parse_result("unavailable:unclear"), CALENDAR),
        "补正",
    ),
    "closing for no correction when none was asked": (
        _received,
        lambda c: abandon_for_no_correction(c, date(2026, 12, 1), CALENDAR),
        "没有待补正",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_step_raises_policy_refusal_and_changes_nothing(case: str) -> None:
    make, step, message = REFUSALS[case]
    clock = make()
    before = copy.deepcopy(clock)

    with pytest.raises(PolicyRefusal, match=message):
        step(clock)

    assert clock == before


@pytest.mark.parametrize(
    "step",
    [
        lambda c: request_correction(c, date(2026, 9, 27), CALENDAR),
        lambda c: start_consultation(c, date(2026, 9, 27), "某公司", CALENDAR),
        lambda c: extend(c, date(2026, 9, 27), "x", CALENDAR),
        lambda c: reply(c, date(2026, 9, 27), DISCLOSED, CALENDAR),
    ],
)
def test_a_step_dated_before_receipt_is_bad_input(step: object) -> None:
    clock = _received()

    with pytest.raises(BadInput, match="早于本申请上一环节的日期2026年9月28日"):
        step(clock)  # type: ignore[operator]


def test_ending_a_consultation_before_it_started_is_bad_input() -> None:
    consulting = start_consultation(_received(), date(2026, 10, 12), "某公司", CALENDAR).clock

    with pytest.raises(BadInput):
        end_consultation(consulting, date(2026, 10, 9), CALENDAR)


def test_a_consultation_needs_a_party() -> None:
    with pytest.raises(BadInput, match="第三方"):
        start_consultation(_received(), LATER, " ", CALENDAR)


# The reply deadline is never earlier than 20 working days after receipt, whatever happened.

STEPS = st.lists(
    st.tuples(st.sampled_from(["correct", "corrected", "consult", "consulted", "extend"]), st.integers(0, 20)),
    max_size=8,
)


def _step(name: str, clock: RequestClock, on: date) -> ClockChange:
    if name == "correct":
        return request_correction(clock, on, CALENDAR)
    if name == "corrected":
        return receive_correction(clock, on, CALENDAR)
    if name == "consult":
        return start_consultation(clock, on, "第三方", CALENDAR)
    if name == "consulted":
        return end_consultation(clock, on, CALENDAR)
    return extend(clock, on, "情况复杂", CALENDAR)


@settings(max_examples=300, deadline=None)
@given(received_on=st.dates(date(2025, 1, 1), date(2026, 12, 31)), steps=STEPS)
def test_the_reply_deadline_is_never_earlier_than_20_working_days_after_receipt(
    received_on: date, steps: list[tuple[str, int]]
) -> None:
    floor = CALENDAR.add(received_on, 20)
    change = open_request(received_on, received_on, CALENDAR)
    clock, dues = change.clock, [_due(change)]
    for name, gap in steps:
        on = date.fromordinal(clock.last_event_on.toordinal() + gap)
        before = copy.deepcopy(clock)
        try:
            change = _step(name, clock, on)
        except PolicyRefusal:
            assert clock == before
            continue
        clock = change.clock
        dues += [d.due for d in change.deadlines if d.kind is DeadlineKind.REPLY]
        deadline = reply_deadline(clock, CALENDAR)
        if deadline is not None:
            counted = CALENDAR.working_days_between(clock.clock_start, deadline.due)
            assert counted - paused_working_days(clock, CALENDAR) == (40 if clock.extended else 20)

    assert all(due >= floor for due in dues)
    assert dues == sorted(dues), "no step brings the reply deadline forward"


# Who may do what (DESIGN.md "Who does what": requests are the reviewer's).

S = RequestState
EXPECTED_TRANSITIONS: dict[tuple[RequestAction, RequestState | None], RequestState] = {
    (RequestAction.REGISTER, None): S.RECEIVED,
    (RequestAction.REQUEST_CORRECTION, S.RECEIVED): S.AWAITING_CORRECTION,
    (RequestAction.RECEIVE_CORRECTION, S.AWAITING_CORRECTION): S.RECEIVED,
    (RequestAction.START_CONSULTATION, S.RECEIVED): S.CONSULTING,
    (RequestAction.END_CONSULTATION, S.CONSULTING): S.RECEIVED,
    (RequestAction.EXTEND, S.RECEIVED): S.RECEIVED,
    (RequestAction.REPLY, S.RECEIVED): S.REPLIED,
    (RequestAction.ABANDON, S.AWAITING_CORRECTION): S.CLOSED,
}


@pytest.mark.parametrize(("action", "state", "role"), list(product(RequestAction, [None, *RequestState], Role)))
def test_each_action_state_and_role(action: RequestAction, state: RequestState | None, role: Role) -> None:
    expected = EXPECTED_TRANSITIONS.get((action, state))
    if expected is None:
        with pytest.raises(PolicyRefusal, match=f"不能{action.label}"):
            decide_request_action(action, state, role)
    elif role is not Role.REVIEWER:
        with pytest.raises(PolicyRefusal, match=f"{role.label}无权{action.label}"):
            decide_request_action(action, state, role)
    else:
        assert decide_request_action(action, state, role) is expected


def test_refusals_name_the_state_in_chinese() -> None:
    with pytest.raises(PolicyRefusal, match="申请处于“已答复”状态，不能延长答复期限"):
        decide_request_action(RequestAction.EXTEND, RequestState.REPLIED, Role.REVIEWER)
    with pytest.raises(PolicyRefusal, match="申请尚未登记，不能答复"):
        decide_request_action(RequestAction.REPLY, None, Role.REVIEWER)


def test_a_request_is_concluded_once_replied_or_closed_and_no_action_moves_it_on() -> None:
    assert {RequestState.REPLIED, RequestState.CLOSED} == CONCLUDED
    for state in CONCLUDED:
        for action in RequestAction:
            with pytest.raises(PolicyRefusal):
                decide_request_action(action, state, Role.REVIEWER)


# Codes: applicant types, channels, results.


def test_applicant_types_carry_the_annual_report_column_headings() -> None:
    assert [kind.label for kind in ApplicantType] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert ApplicantType.parse(" Legal ") is ApplicantType.LEGAL
    with pytest.raises(BadInput, match="natural（自然人）"):
        ApplicantType.parse("company")


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("in_person", "以提交之日为收到申请之日"),
        ("post", "以行政机关签收之日为收到申请之日"),
        ("online", "以双方确认之日为收到申请之日"),
        ("fax", "以双方确认之日为收到申请之日"),
    ],
)
def test_each_channel_says_which_day_is_the_day_of_receipt(code: str, rule: str) -> None:
    channel = Channel.parse(f" {code.upper()} ")

    assert channel is Channel(code)
    assert channel.receipt_rule == rule


def test_an_unknown_channel_is_bad_input() -> None:
    with pytest.raises(BadInput, match="in_person"):
        Channel.parse("email")


@pytest.mark.parametrize(
    ("code", "kind", "reason", "row"),
    [
        ("disclosed", ResultKind.DISCLOSED, None, "（一）予以公开"),
        ("partial", ResultKind.PARTIAL, None, "（二）部分公开"),
        ("withheld:state_secret", ResultKind.WITHHELD, LegalGround.STATE_SECRET, "（三）不予公开 1.属于国家秘密"),
        ("withheld:other_law", ResultKind.WITHHELD, LegalGround.OTHER_LAW, "（三）不予公开 2.其他法律行政法规禁止公开"),
        ("withheld:trade_secret", ResultKind.WITHHELD, LegalGround.TRADE_SECRET, "（三）不予公开 4.保护第三方合法权益"),
        (
            "withheld:personal_privacy",
            ResultKind.WITHHELD,
            LegalGround.PERSONAL_PRIVACY,
            "（三）不予公开 4.保护第三方合法权益",
        ),
        (
            "withheld:administrative_query",
            ResultKind.WITHHELD,
            LegalGround.ADMINISTRATIVE_QUERY,
            "（三）不予公开 8.属于行政查询事项",
        ),
        (
            "unavailable:not_held",
            ResultKind.UNAVAILABLE,
            UnavailableReason.NOT_HELD,
            "（四）无法提供 1.本机关不掌握相关政府信息",
        ),
        (
            "not_processed:excessive",
            ResultKind.NOT_PROCESSED,
            NotProcessedReason.EXCESSIVE,
            "（五）不予处理 4.无正当理由大量反复申请",
        ),
        ("other:unpaid", ResultKind.OTHER, OtherReason.UNPAID, "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、"),
        (" Other:Other ", ResultKind.OTHER, OtherReason.OTHER, "（六）其他处理 3.其他"),
    ],
)
def test_result_codes_parse_to_their_category_and_report_row(
    code: str, kind: ResultKind, reason: object, row: str
) -> None:
    result = parse_result(code)

    assert (result.kind, result.reason) == (kind, reason)
    assert result.report_row.title.startswith(row)


def test_every_result_code_round_trips_and_every_report_row_counts_some_result() -> None:
    codes = result_codes()

    assert len(codes) == 2 + len(LegalGround) + 3 + 5 + 3
    assert [parse_result(code).code for code in codes] == codes
    assert {parse_result(code).report_row for code in codes} == set(ANNUAL_REPORT_ROWS)


def test_result_labels_are_chinese() -> None:
    assert parse_result("withheld:personal_privacy").label == "不予公开：个人隐私"
    assert parse_result("not_processed:duplicate").label == "不予处理：重复申请"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "approved",
        "disclosed:extra",
        "partial:trade_secret",
        "withheld:secret",
        "unavailable",
        "unavailable:",
        "not_processed:lost",
        "other:",
        ":disclosed",
    ],
)
def test_a_malformed_result_code_is_bad_input_naming_the_valid_ones(code: str) -> None:
    with pytest.raises(BadInput, match="unavailable:not_held\\|needs_creation\\|unclear"):
        parse_result(code)


@pytest.mark.parametrize("code", ["withheld", "withheld:", "WITHHELD"])
def test_withheld_without_a_ground_is_refused(code: str) -> None:
    with pytest.raises(PolicyRefusal, match="须说明法律依据"):
        parse_result(code)


def test_a_result_code_cannot_be_built_with_a_reason_of_another_category() -> None:
    with pytest.raises(BadInput):
        ResultCode(ResultKind.WITHHELD, UnavailableReason.NOT_HELD)
    with pytest.raises(BadInput):
        ResultCode(ResultKind.DISCLOSED, LegalGround.STATE_SECRET)


# Keys that group applicants and subjects.


def test_applicant_keys_ignore_width_case_and_spaces() -> None:
    assert applicant_key(" 王 芳 ") == applicant_key("王芳")
    assert applicant_key("ＡＢＣ 律师事务所") == applicant_key("abc律师事务所")
    with pytest.raises(BadInput):
        applicant_key("  ")
    with pytest.raises(BadInput, match="过长"):
        applicant_key("名" * 201)


def test_subject_keys_ignore_punctuation_and_spaces() -> None:
    assert subject_key("关于2025年 学区划分的文件。") == subject_key("关于2025年学区划分的文件")
    assert subject_key("《某某办法》（试行）") == "某某办法试行"
    assert len(subject_key("某" * 500)) == 200
    with pytest.raises(BadInput):
        subject_key("。。。")


# Often-requested information (条例 Art. 44) and applications per month (国办函〔2020〕109号).

AS_OF = date(2026, 11, 1)


def test_an_item_requested_by_three_distinct_applicants_within_a_year_is_often_requested() -> None:
    requests: list[tuple[str, int | str, date]] = [
        ("王芳", 12, date(2026, 1, 5)),
        ("李明", 12, date(2026, 6, 1)),
        ("张伟", 12, AS_OF),
        ("王芳", "学区划分", date(2026, 3, 1)),
        ("王芳", "学区划分", date(2026, 4, 1)),
        ("王芳", "学区划分", date(2026, 5, 1)),
        ("李明", "学区划分", date(2026, 5, 2)),
    ]

    assert often_requested(requests, AS_OF) == {12: 3}
    assert often_requested(requests, AS_OF, threshold=2) == {12: 3, "学区划分": 2}


def test_the_often_requested_window_is_the_365_days_up_to_as_of() -> None:
    oldest_counted = date(2025, 11, 2)  # AS_OF minus 364 days
    requests: list[tuple[str, int | str, date]] = [
        ("甲", 7, date(2025, 11, 1)),
        ("乙", 7, oldest_counted),
        ("丙", 7, AS_OF),
        ("丁", 7, date(2026, 11, 2)),
    ]

    assert often_requested(requests, AS_OF, threshold=2) == {7: 2}
    assert often_requested(requests, AS_OF, threshold=3, window_days=366) == {7: 3}
    with pytest.raises(BadInput):
        often_requested(requests, AS_OF, threshold=0)


def test_more_than_ten_applications_in_a_calendar_month_is_flagged() -> None:
    requests = [("王芳", date(2026, 3, day)) for day in range(1, 12)]
    requests += [("李明", date(2026, 3, day)) for day in range(1, 11)]
    requests += [("张伟", date(2026, 3, 31))] * 6 + [("张伟", date(2026, 4, 1))] * 6

    assert applications_over_monthly_limit(requests) == {ApplicantMonth("王芳", 2026, 3): 11}
    assert applications_over_monthly_limit(requests, limit=5) == {
        ApplicantMonth("王芳", 2026, 3): 11,
        ApplicantMonth("李明", 2026, 3): 10,
        ApplicantMonth("张伟", 2026, 3): 6,
        ApplicantMonth("张伟", 2026, 4): 6,
    }


def test_an_application_cannot_be_registered_before_it_is_received() -> None:
    with pytest.raises(BadInput, match="晚于今天"):
        open_request(date(2026, 10, 2), date(2026, 10, 1), CALENDAR)
