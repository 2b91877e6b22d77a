"""The issuance lifecycle of a document: its states, the actions that move it, and who may take each one.

Sources: 国办发〔2016〕80号 实施细则 (review by the disclosure office before sign-off; the attribute
travels with the document), 政府信息公开条例 Arts. 17 and 26, 国办发〔2016〕19号 (谁起草、谁解读),
DESIGN.md "Who does what".
"""

from dataclasses import dataclass
from typing import Final

from policies.attributes import Attribute
from policies.errors import PolicyRefusal
from policies.labels import Labelled
from policies.roles import Role
from policies.transitions import Transition, allowed, find_rule


class State(Labelled, noun="公文状态"):
    """Where a document is in its lifecycle."""

    DRAFT = "draft", "草稿"
    UNDER_REVIEW = "under_review", "审查中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核通过"
    SIGNED = "signed", "已签发"
    PUBLISHED = "published", "已发布"
    INTERPRETED = "interpreted", "已解读"
    FILED = "filed", "已归档（不公开）"
    WITHDRAWN = "withdrawn", "已撤回"


class Action(Labelled, noun="公文操作"):
    """Something a person does to a document."""

    SUBMIT = "submit", "提交审查"
    SET_ATTRIBUTE = "set_attribute", "设置公开属性"
    CONFIRM_METADATA = "confirm_metadata", "核对元数据"
    APPROVE = "approve", "审查通过"
    RETURN = "return", "退回修改"
    RESUBMIT = "resubmit", "重新提交"
    SIGN = "sign", "签发"
    FILE = "file", "签发归档"
    PUBLISH = "publish", "发布"
    INTERPRET = "interpret", "发布解读"
    AMEND = "amend", "修改"
    WITHDRAW = "withdraw", "撤回"
    RELEASE = "release", "自查转为主动公开"
    RECLASSIFY = "reclassify", "自查转为依申请公开"


@dataclass(frozen=True, slots=True)
class DocumentTransition(Transition[State, Action]):
    """A rule of the document table; it may also say which person of the role may act.

    drafter_only: only the document's own drafter may act. not_by_drafter: separation of duties, nobody reviews
    or signs a document they drafted.
    """

    drafter_only: bool = False
    not_by_drafter: bool = False


def _in(*states: State) -> frozenset[State]:
    return frozenset(states)


def _by(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


S, A, R = State, Action, Role  # short names, so each rule below reads on one line

TRANSITIONS: Final[tuple[DocumentTransition, ...]] = (
    DocumentTransition(A.SUBMIT, _in(S.DRAFT), S.UNDER_REVIEW, _by(R.DRAFTER), drafter_only=True),
    DocumentTransition(A.SET_ATTRIBUTE, _in(S.DRAFT, S.RETURNED), None, _by(R.DRAFTER), drafter_only=True),
    DocumentTransition(A.SET_ATTRIBUTE, _in(S.UNDER_REVIEW), None, _by(R.REVIEWER), not_by_drafter=True),
    DocumentTransition(A.CONFIRM_METADATA, _in(S.DRAFT, S.RETURNED, S.UNDER_REVIEW), None, _by(R.DRAFTER),
                       drafter_only=True),
    DocumentTransition(A.SET_ATTRIBUTE, _in(S.APPROVED), None, _by(R.SIGNER), not_by_drafter=True),
    DocumentTransition(A.APPROVE, _in(S.UNDER_REVIEW), S.APPROVED, _by(R.REVIEWER), not_by_drafter=True),
    DocumentTransition(A.RETURN, _in(S.UNDER_REVIEW), S.RETURNED, _by(R.REVIEWER), not_by_drafter=True),
    DocumentTransition(A.RESUBMIT, _in(S.RETURNED), S.UNDER_REVIEW, _by(R.DRAFTER), drafter_only=True),
    DocumentTransition(A.SIGN, _in(S.APPROVED), S.SIGNED, _by(R.SIGNER), not_by_drafter=True),
    DocumentTransition(A.FILE, _in(S.APPROVED), S.FILED, _by(R.SIGNER), not_by_drafter=True),
    DocumentTransition(A.PUBLISH, _in(S.SIGNED), S.PUBLISHED, _by(R.REVIEWER)),
    DocumentTransition(A.INTERPRET, _in(S.PUBLISHED), S.INTERPRETED, _by(R.DRAFTER), drafter_only=True),
    DocumentTransition(A.AMEND, _in(S.PUBLISHED, S.INTERPRETED), S.UNDER_REVIEW, _by(R.DRAFTER), drafter_only=True),
    DocumentTransition(A.WITHDRAW, _in(S.PUBLISHED, S.INTERPRETED), S.WITHDRAWN, _by(R.REVIEWER)),
    DocumentTransition(A.RELEASE, _in(S.FILED), S.SIGNED, _by(R.REVIEWER)),
    DocumentTransition(A.RECLASSIFY, _in(S.FILED), None, _by(R.REVIEWER)),
)
"""The drafter confirms or corrects the metadata read from the file while the document is a draft, returned or in
review (a draft uploaded with its attribute goes straight to review); once approved, the record is the reviewed one.
The self-audit's conversions (条例 Arts. 18, 44) start from a filed document: one released to 主动公开 is signed
again in effect (formed, owing publication in 20 working days from the decision) and goes the normal publish way;
one reclassified 不予公开 → 依申请公开 stays filed."""


def decide(action: Action, state: State, role: Role, *, actor_is_drafter: bool) -> State:
    """The document's state after the action, or a refusal that says why (DESIGN.md "Who does what")."""
    return allowed(_judge(action, state, role, actor_is_drafter=actor_is_drafter)).after(state)


def allowed_actions(state: State, role: Role, *, actor_is_drafter: bool) -> list[Action]:
    """The actions this person may take on a document in this state, for menus and buttons."""
    return [
        action
        for action in Action
        if isinstance(_judge(action, state, role, actor_is_drafter=actor_is_drafter), DocumentTransition)
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


def _judge(action: Action, state: State, role: Role, *, actor_is_drafter: bool) -> DocumentTransition | str:
    """The rule that allows the action, or why it is refused: checked by state, then role, then person."""

    def who_may(rules: list[DocumentTransition]) -> str:
        names = "、".join(r.label for r in Role if any(r in rule.roles for rule in rules))
        return f"{role.label}无权执行“{action.label}”（“{state.label}”状态下只有{names}可以）"

    wrong_state = f"不能在“{state.label}”状态下{action.label}"
    rule = find_rule(TRANSITIONS, action, state, role, wrong_state=wrong_state, wrong_role=who_may)
    if isinstance(rule, str):
        return rule
    if rule.not_by_drafter and actor_is_drafter:
        return f"{role.label}不能对本人起草的公文{action.label}（职责分离）"
    if rule.drafter_only and not actor_is_drafter:
        return f"只有本公文的拟稿人才能{action.label}"
    return rule
