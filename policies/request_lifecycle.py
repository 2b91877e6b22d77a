"""Where a disclosure request is, and who may move it (DESIGN.md "Who does what": requests are the reviewer's).

The table is read by the same engine as the documents' lifecycle (policies.transitions).
"""

from dataclasses import dataclass
from typing import Final

from policies.labels import Labelled
from policies.roles import Role
from policies.transitions import Transition, allowed, find_rule


class RequestState(Labelled, noun="申请状态"):
    """Where a request is: running, waiting for the applicant's correction or a third party, answered, closed."""

    RECEIVED = "received", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待申请人补正"
    CONSULTING = "consulting", "征求第三方意见中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已结案（逾期未补正，视为放弃申请）"


class RequestAction(Labelled, noun="申请办理操作"):
    """Something the disclosure office does with a request."""

    REGISTER = "register", "登记申请"
    REQUEST_CORRECTION = "request_correction", "告知补正"
    RECEIVE_CORRECTION = "receive_correction", "登记补正后的申请"
    START_CONSULTATION = "start_consultation", "征求第三方意见"
    END_CONSULTATION = "end_consultation", "结束征求意见"
    EXTEND = "extend", "延长答复期限"
    REPLY = "reply", "答复"
    ABANDON = "abandon", "按逾期不补正结案"


@dataclass(frozen=True, slots=True)
class RequestTransition(Transition[RequestState | None, RequestAction]):
    """One rule: from these states (None: not registered yet) these roles may act, and the request moves on."""

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

CONCLUDED: Final[frozenset[RequestState]] = frozenset(RequestState) - {
    state for rule in REQUEST_TRANSITIONS for state in rule.sources if state is not None
}
"""The states a request ends in (replied, closed): no rule moves it on from there."""


def decide_request_action(action: RequestAction, state: RequestState | None, role: Role) -> RequestState:
    """The request's state after the action (state None: not yet registered), or a refusal that says why."""
    where = "申请尚未登记" if state is None else f"申请处于“{state.label}”状态"
    rule = find_rule(
        REQUEST_TRANSITIONS,
        action,
        state,
        role,
        wrong_state=f"{where}，不能{action.label}",
        wrong_role=lambda _: f"{role.label}无权{action.label}：依申请公开由政府信息公开工作机构（政务公开审查员）办理",
    )
    target = allowed(rule).target
    assert target is not None  # every rule of the request table moves the request
    return target
