"""The issuance lifecycle, checked cell by cell against a table written by hand from DESIGN.md."""

from itertools import product

import pytest

from policies.attributes import Attribute
from policies.errors import PolicyRefusal
from policies.lifecycle import (
    TRANSITIONS,
    Action,
    State,
    allowed_actions,
    can_publish,
    decide,
    decide_publication,
    decide_withdrawal,
    sign_off_action,
)
from policies.roles import Role

OWN = "the document's own drafter only"
OTHERS = "anyone but the document's drafter (separation of duties)"
ANYONE = "whoever holds the role"

# Every allowed cell, written out by hand; every (action, state) pair not listed here is refused for everyone.
# (action, state): (the one role that may, whose document, the state afterwards)
EXPECTED: dict[tuple[Action, State], tuple[Role, str, State]] = {
    (Action.SUBMIT, State.DRAFT): (Role.DRAFTER, OWN, State.UNDER_REVIEW),
    (Action.SET_ATTRIBUTE, State.DRAFT): (Role.DRAFTER, OWN, State.DRAFT),
    (Action.SET_ATTRIBUTE, State.RETURNED): (Role.DRAFTER, OWN, State.RETURNED),
    (Action.SET_ATTRIBUTE, State.UNDER_REVIEW): (Role.REVIEWER, OTHERS, State.UNDER_REVIEW),
    (Action.SET_ATTRIBUTE, State.APPROVED): (Role.SIGNER, OTHERS, State.APPROVED),
    (Action.CONFIRM_METADATA, State.DRAFT): (Role.DRAFTER, OWN, State.DRAFT),
    (Action.CONFIRM_METADATA, State.RETURNED): (Role.DRAFTER, OWN, State.RETURNED),
    (Action.CONFIRM_METADATA, State.UNDER_REVIEW): (Role.DRAFTER, OWN, State.UNDER_REVIEW),
    (Action.APPROVE, State.UNDER_REVIEW): (Role.REVIEWER, OTHERS, State.APPROVED),
    (Action.RETURN, State.UNDER_REVIEW): (Role.REVIEWER, OTHERS, State.RETURNED),
    (Action.RESUBMIT, State.RETURNED): (Role.DRAFTER, OWN, State.UNDER_REVIEW),
    (Action.SIGN, State.APPROVED): (Role.SIGNER, OTHERS, State.SIGNED),
    (Action.FILE, State.APPROVED): (Role.SIGNER, OTHERS, State.FILED),
    (Action.PUBLISH, State.SIGNED): (Role.REVIEWER, ANYONE, State.PUBLISHED),
    (Action.INTERPRET, State.PUBLISHED): (Role.DRAFTER, OWN, State.INTERPRETED),
    (Action.AMEND, State.PUBLISHED): (Role.DRAFTER, OWN, State.UNDER_REVIEW),
    (Action.AMEND, State.INTERPRETED): (Role.DRAFTER, OWN, State.UNDER_REVIEW),
    (Action.WITHDRAW, State.PUBLISHED): (Role.REVIEWER, ANYONE, State.WITHDRAWN),
    (Action.WITHDRAW, State.INTERPRETED): (Role.REVIEWER, ANYONE, State.WITHDRAWN),
    (Action.RELEASE, State.FILED): (Role.REVIEWER, ANYONE, State.SIGNED),
    (Action.RECLASSIFY, State.FILED): (Role.REVIEWER, ANYONE, State.FILED),
}

# What a refusal must name, by why it is refused.
WRONG_STATE, WRONG_ROLE, OWN_DOCUMENT, NOT_OWN_DOCUMENT = "state", "role", "own document", "not own document"


def expected_outcome(action: Action, state: State, role: Role, actor_is_drafter: bool) -> State | str:
    """The new state, or why the cell is refused, read from EXPECTED in the order: state, role, person."""
    if (action, state) not in EXPECTED:
        return WRONG_STATE
    who, whose, target = EXPECTED[(action, state)]
    if role is not who:
        return WRONG_ROLE
    if whose == OTHERS and actor_is_drafter:
        return OWN_DOCUMENT
    if whose == OWN and not actor_is_drafter:
        return NOT_OWN_DOCUMENT
    return target


CELLS = list(product(State, Action, Role, (True, False)))


def cell_id(cell: tuple[State, Action, Role, bool]) -> str:
    state, action, role, actor_is_drafter = cell
    return f"{state}-{action}-{role}-{'own' if actor_is_drafter else 'other'}"


def test_the_table_covers_every_combination_of_state_action_role_and_drafter() -> None:
    assert len(CELLS) == 9 * 14 * 5 * 2


@pytest.mark.parametrize("cell", CELLS, ids=[cell_id(c) for c in CELLS])
def test_every_cell_moves_or_is_refused_as_the_table_says(cell: tuple[State, Action, Role, bool]) -> None:
    state, action, role, actor_is_drafter = cell
    expected = expected_outcome(action, state, role, actor_is_drafter)
    if isinstance(expected, State):
        assert decide(action, state, role, actor_is_drafter=actor_is_drafter) is expected
        return
    with pytest.raises(PolicyRefusal) as refused:
        decide(action, state, role, actor_is_drafter=actor_is_drafter)
    message = str(refused.value)
    assert action.label in message
    if expected == WRONG_STATE:
        assert message == f"不能在“{state.label}”状态下{action.label}"
    elif expected == WRONG_ROLE:
        assert role.label in message and "无权" in message
    elif expected == OWN_DOCUMENT:
        assert "本人起草" in message and "职责分离" in message
    else:
        assert "只有本公文的拟稿人" in message


@pytest.mark.parametrize(
    ("state", "role", "actor_is_drafter"),
    list(product(State, Role, (True, False))),
)
def test_allowed_actions_lists_exactly_the_cells_the_table_allows(
    state: State, role: Role, actor_is_drafter: bool
) -> None:
    expected = [a for a in Action if isinstance(expected_outcome(a, state, role, actor_is_drafter), State)]
    assert allowed_actions(state, role, actor_is_drafter=actor_is_drafter) == expected


def test_no_two_rules_overlap_so_the_table_is_unambiguous() -> None:
    for first, second in product(TRANSITIONS, repeat=2):
        if first is not second and first.action is second.action:
            assert not (first.sources & second.sources and first.roles & second.roles)


def test_every_action_has_a_rule() -> None:
    assert {t.action for t in TRANSITIONS} == set(Action)


def test_drafter_submits_own_draft_for_review() -> None:
    assert decide(Action.SUBMIT, State.DRAFT, Role.DRAFTER, actor_is_drafter=True) is State.UNDER_REVIEW


def test_reviewer_approves_and_returns() -> None:
    assert decide(Action.APPROVE, State.UNDER_REVIEW, Role.REVIEWER, actor_is_drafter=False) is State.APPROVED
    assert decide(Action.RETURN, State.UNDER_REVIEW, Role.REVIEWER, actor_is_drafter=False) is State.RETURNED


def test_drafter_resubmits_a_returned_document_as_a_new_version() -> None:
    assert decide(Action.RESUBMIT, State.RETURNED, Role.DRAFTER, actor_is_drafter=True) is State.UNDER_REVIEW


def test_signer_cannot_sign_own_document() -> None:
    with pytest.raises(PolicyRefusal, match="签发人不能对本人起草的公文签发（职责分离）"):
        decide(Action.SIGN, State.APPROVED, Role.SIGNER, actor_is_drafter=True)


def test_reviewer_cannot_approve_own_document() -> None:
    with pytest.raises(PolicyRefusal, match="职责分离"):
        decide(Action.APPROVE, State.UNDER_REVIEW, Role.REVIEWER, actor_is_drafter=True)


def test_reviewer_cannot_change_the_attribute_of_own_document() -> None:
    with pytest.raises(PolicyRefusal, match="职责分离"):
        decide(Action.SET_ATTRIBUTE, State.UNDER_REVIEW, Role.REVIEWER, actor_is_drafter=True)


def test_cannot_sign_a_document_under_review() -> None:
    with pytest.raises(PolicyRefusal, match="不能在“审查中”状态下签发"):
        decide(Action.SIGN, State.UNDER_REVIEW, Role.SIGNER, actor_is_drafter=False)


def test_supervisor_cannot_publish() -> None:
    with pytest.raises(PolicyRefusal, match="督查人员无权执行“发布”"):
        decide(Action.PUBLISH, State.SIGNED, Role.SUPERVISOR, actor_is_drafter=False)


def test_the_state_is_checked_before_the_role() -> None:
    with pytest.raises(PolicyRefusal, match="不能在“草稿”状态下发布"):
        decide(Action.PUBLISH, State.DRAFT, Role.SUPERVISOR, actor_is_drafter=False)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_and_admins_change_nothing(role: Role) -> None:
    for state, actor_is_drafter in product(State, (True, False)):
        assert allowed_actions(state, role, actor_is_drafter=actor_is_drafter) == []


def test_drafter_may_set_the_attribute_of_own_draft_but_not_of_another() -> None:
    assert decide(Action.SET_ATTRIBUTE, State.DRAFT, Role.DRAFTER, actor_is_drafter=True) is State.DRAFT
    with pytest.raises(PolicyRefusal, match="只有本公文的拟稿人才能设置公开属性"):
        decide(Action.SET_ATTRIBUTE, State.DRAFT, Role.DRAFTER, actor_is_drafter=False)


def test_drafter_cannot_change_the_attribute_once_under_review() -> None:
    with pytest.raises(PolicyRefusal, match=r"拟稿人无权执行“设置公开属性”.*政务公开审查员"):
        decide(Action.SET_ATTRIBUTE, State.UNDER_REVIEW, Role.DRAFTER, actor_is_drafter=True)


def test_the_drafter_checks_the_metadata_read_from_the_file_until_the_review_is_done() -> None:
    for state in (State.DRAFT, State.RETURNED, State.UNDER_REVIEW):
        assert decide(Action.CONFIRM_METADATA, state, Role.DRAFTER, actor_is_drafter=True) is state
    with pytest.raises(PolicyRefusal, match="不能在“已审核通过”状态下核对元数据"):
        decide(Action.CONFIRM_METADATA, State.APPROVED, Role.DRAFTER, actor_is_drafter=True)
    with pytest.raises(PolicyRefusal, match=r"政务公开审查员无权执行“核对元数据”.*只有拟稿人"):
        decide(Action.CONFIRM_METADATA, State.UNDER_REVIEW, Role.REVIEWER, actor_is_drafter=False)


def test_signer_may_finally_fix_the_attribute_before_signing() -> None:
    assert decide(Action.SET_ATTRIBUTE, State.APPROVED, Role.SIGNER, actor_is_drafter=False) is State.APPROVED


def test_whoever_drafts_interprets() -> None:
    assert decide(Action.INTERPRET, State.PUBLISHED, Role.DRAFTER, actor_is_drafter=True) is State.INTERPRETED
    with pytest.raises(PolicyRefusal, match="只有本公文的拟稿人才能发布解读"):
        decide(Action.INTERPRET, State.PUBLISHED, Role.DRAFTER, actor_is_drafter=False)


def test_amending_a_published_document_sends_it_back_to_review() -> None:
    for state in (State.PUBLISHED, State.INTERPRETED):
        assert decide(Action.AMEND, state, Role.DRAFTER, actor_is_drafter=True) is State.UNDER_REVIEW


def test_withdrawn_documents_are_final() -> None:
    for role, actor_is_drafter in product(Role, (True, False)):
        assert allowed_actions(State.WITHDRAWN, role, actor_is_drafter=actor_is_drafter) == []


def test_a_filed_document_moves_only_by_the_self_audits_conversions() -> None:
    for role, actor_is_drafter in product(Role, (True, False)):
        expected = [Action.RELEASE, Action.RECLASSIFY] if role is Role.REVIEWER else []
        assert allowed_actions(State.FILED, role, actor_is_drafter=actor_is_drafter) == expected


@pytest.mark.parametrize(
    ("attribute", "action"),
    [
        (Attribute.PROACTIVE, Action.SIGN),
        (Attribute.ON_REQUEST, Action.FILE),
        (Attribute.WITHHELD, Action.FILE),
    ],
)
def test_sign_off_signs_proactive_documents_and_files_others(attribute: Attribute, action: Action) -> None:
    assert sign_off_action(attribute) is action


def test_only_proactive_documents_can_be_published() -> None:
    assert can_publish(Attribute.PROACTIVE)
    decide_publication(Attribute.PROACTIVE)
    for attribute in (Attribute.ON_REQUEST, Attribute.WITHHELD):
        assert not can_publish(attribute)
        with pytest.raises(PolicyRefusal, match=f"只有主动公开的公文才能发布（本公文为{attribute.label}）"):
            decide_publication(attribute)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_withdrawal_needs_a_reason(reason: str | None) -> None:
    with pytest.raises(PolicyRefusal, match="撤回已发布的公文须说明理由"):
        decide_withdrawal(reason)


def test_withdrawal_keeps_the_reason_stripped() -> None:
    assert decide_withdrawal("  政策已废止 ") == "政策已废止"


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (State.DRAFT, "草稿"),
        (State.UNDER_REVIEW, "审查中"),
        (State.RETURNED, "已退回"),
        (State.APPROVED, "已审核通过"),
        (State.SIGNED, "已签发"),
        (State.PUBLISHED, "已发布"),
        (State.INTERPRETED, "已解读"),
        (State.FILED, "已归档（不公开）"),
        (State.WITHDRAWN, "已撤回"),
    ],
)
def test_states_have_chinese_labels(state: State, label: str) -> None:
    assert state.label == label


@pytest.mark.parametrize(
    ("action", "code", "label"),
    [
        (Action.SUBMIT, "submit", "提交审查"),
        (Action.SET_ATTRIBUTE, "set_attribute", "设置公开属性"),
        (Action.APPROVE, "approve", "审查通过"),
        (Action.RETURN, "return", "退回修改"),
        (Action.RESUBMIT, "resubmit", "重新提交"),
        (Action.SIGN, "sign", "签发"),
        (Action.FILE, "file", "签发归档"),
        (Action.PUBLISH, "publish", "发布"),
        (Action.INTERPRET, "interpret", "发布解读"),
        (Action.AMEND, "amend", "修改"),
        (Action.WITHDRAW, "withdraw", "撤回"),
    ],
)
def test_actions_have_codes_and_chinese_labels(action: Action, code: str, label: str) -> None:
    assert action.value == code
    assert action.label == label
