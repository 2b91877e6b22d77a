"""The issuance lifecycle of a document: its states, the actions that move it, and who may take each one.

Sources: 国办发〔2016〕80号 实施细则 (review by the disclosure office before sign-off; the attribute
travels with the document), 政府信息公开条例 Arts. 17 and 26, 国办发〔2016〕19号 (谁起草、谁解读),
DESIGN.md "Who does what".
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from policies.attributes import Attribute
from policies.errors import PolicyRefusal
from policies.roles import Role


class State(StrEnum):
    """Where a document is in its lifecycle."""

    DRAFT = "draft"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    APPROVED = "approved"
    SIGNED = "signed"
    PUBLISHED = "published"
    INTERPRETED = "interpreted"
    FILED = "filed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The state's name as shown to people."""
        return _STATE_LABELS[self]


_STATE_LABELS: Final[dict[State, str]] = {
    State.DRAFT: "草稿",
    State.UNDER_REVIEW: "审查中",
    State.RETURNED: "已退回",
    State.APPROVED: "已审核通过",
    State.SIGNED: "已签发",
    State.PUBLISHED: "已发布",
    State.INTERPRETED: "已解读",
    State.FILED: "已归档（不公开）",
    State.WITHDRAWN: "已撤回",
}


class Action(StrEnum):
    """Something a person does to a document."""

    SUBMIT = "submit"
    SET_ATTRIBUTE = "set_attribute"
    APPROVE = "approve"
    RETURN = "return"
    RESUBMIT = "resubmit"
    SIGN = "sign"
    FILE = "file"
    PUBLISH = "publish"
    INTERPRET = "interpret"
    AMEND = "amend"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        """The action's name as shown to people."""
        return _ACTION_LABELS[self]


_ACTION_LABELS: Final[dict[Action, str]] = {
    Action.SUBMIT: "提交审查",
    Action.SET_ATTRIBUTE: "设置公开属性",
    Action.APPROVE: "审查通过",
    Action.RETURN: "退回修改",
    Action.RESUBMIT: "重新提交",
    Action.SIGN: "签发",
    Action.FILE: "签发归档",
    Action.PUBLISH: "发布",
    Action.INTERPRET: "发布解读",
    Action.AMEND: "修改",
    Action.WITHDRAW: "撤回",
}


@dataclass(frozen=True)
class Transition:
    """One rule: in these states, these roles may take this action, and the document moves to target.

    target None: the state stays as it is. drafter_only: only the document's own drafter may act.
    not_by_drafter: separation of duties, nobody reviews or signs a document they drafted.
    """

    action: Action
    sources: frozenset[State]
    target: State | None
    roles: frozenset[Role]
    drafter_only: bool = False
    not_by_drafter: bool = False


def _in(*states: State) -> frozenset[State]:
    return frozenset(states)


def _by(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


S, A, R = State, Action, Role  # short names, so each rule below reads on one line

TRANSITIONS: Final[tuple[Transition, ...]] = (
    Transition(A.SUBMIT, _in(S.DRAFT), S.UNDER_REVIEW, _by(R.DRAFTER), drafter_only=True),
    Transition(A.SET_ATTRIBUTE, _in(S.DRAFT, S.RETURNED), None, _by(R.DRAFTER), drafter_only=True),
    Transition(A.SET_ATTRIBUTE, _in(S.UNDER_REVIEW), None, _by(R.REVIEWER), not_by_drafter=True),
    Transition(A.SET_ATTRIBUTE, _in(S.APPROVED), None, _by(R.SIGNER), not_by_drafter=True),
    Transition(A.APPROVE, _in(S.UNDER_REVIEW), S.APPROVED, _by(R.REVIEWER), not_by_drafter=True),
    Transition(A.RETURN, _in(S.UNDER_REVIEW), S.RETURNED, _by(R.REVIEWER), not_by_drafter=True),
    Transition(A.RESUBMIT, _in(S.RETURNED), S.UNDER_REVIEW, _by(R.DRAFTER), drafter_only=True),
    Transition(A.SIGN, _in(S.APPROVED), S.SIGNED, _by(R.SIGNER), not_by_drafter=True),
    Transition(A.FILE, _in(S.APPROVED), S.FILED, _by(R.SIGNER), not_by_drafter=True),
    Transition(A.PUBLISH, _in(S.SIGNED), S.PUBLISHED, _by(R.REVIEWER)),
    Transition(A.INTERPRET, _in(S.PUBLISHED), S.INTERPRETED, _by(R.DRAFTER), drafter_only=True),
    Transition(A.AMEND, _in(S.PUBLISHED, S.INTERPRETED), S.UNDER_REVIEW, _by(R.DRAFTER), drafter_only=True),
    Transition(A.WITHDRAW, _in(S.PUBLISHED, S.INTERPRETED), S.WITHDRAWN, _by(R.REVIEWER)),
)


def decide(action: Action, state: State, role: Role, *, actor_is_drafter: bool) -> State:
    """The document's state after the action, or a refusal that says why (DESIGN.md "Who does what")."""
    outcome = _judge(action, state, role, actor_is_drafter=actor_is_drafter)
    if isinstance(outcome, str):
        raise PolicyRefusal(outcome)
    return outcome.target or state


def allowed_actions(state: State, role: Role, *, actor_is_drafter: bool) -> list[Action]:
    """The actions this person may take on a document in this state, for menus and buttons."""
    return [
        action
        for action in Action
        if isinstance(_judge(action, state, role, actor_is_drafter=actor_is_drafter), Transition)
    ]


def sign_off_action(attribute: Attribute) -> Action:
    """How the signer signs off: a proactive document is signed for publication, any other is filed."""
    return Action.SIGN if attribute is Attribute.PROACTIVE else Action.FILE


def can_publish(attribute: Attribute) -> bool:
    """Whether a document with this attribute is published at all (条例 Art. 26: proactive information)."""
    return attribute is Attribute.PROACTIVE


def decide_publication(attribute: Attribute) -> None:
    """Refuse to publish a document that is not 主动公开 (条例 Art. 26)."""
    if not can_publish(attribute):
        raise PolicyRefusal(f"只有主动公开的公文才能发布（本公文为{attribute.label}）")


def decide_withdrawal(reason: str | None) -> str:
    """The reason for withdrawing a published document, which must be given."""
    reason = (reason or "").strip()
    if not reason:
        raise PolicyRefusal("撤回已发布的公文须说明理由")
    return reason


def _judge(action: Action, state: State, role: Role, *, actor_is_drafter: bool) -> Transition | str:
    """The rule that allows the action, or why it is refused: checked by state, then role, then person."""
    rules = [t for t in TRANSITIONS if t.action is action and state in t.sources]
    if not rules:
        return f"不能在“{state.label}”状态下{action.label}"
    rule = next((t for t in rules if role in t.roles), None)
    if rule is None:
        allowed = "、".join(r.label for r in Role if any(r in t.roles for t in rules))
        return f"{role.label}无权执行“{action.label}”（“{state.label}”状态下只有{allowed}可以）"
    if rule.not_by_drafter and actor_is_drafter:
        return f"{role.label}不能对本人起草的公文{action.label}（职责分离）"
    if rule.drafter_only and not actor_is_drafter:
        return f"只有本公文的拟稿人才能{action.label}"
    return rule
