"""The transition engine on a small table of its own: found by state, then by role; a refusal says why."""

from dataclasses import dataclass

import pytest

from policies.errors import PolicyRefusal
from policies.roles import Role
from policies.transitions import Transition, allowed, find_rule


@dataclass(frozen=True, slots=True)
class Rule(Transition[str, str]):
    """A rule of the test table."""


TABLE = (
    Rule("sign", frozenset({"approved"}), "signed", frozenset({Role.SIGNER})),
    Rule("note", frozenset({"approved", "signed"}), None, frozenset({Role.REVIEWER, Role.SIGNER})),
    Rule("note", frozenset({"approved"}), None, frozenset({Role.DRAFTER})),
)


def judge(action: str, state: str, role: Role) -> Rule | str:
    return find_rule(
        TABLE,
        action,
        state,
        role,
        wrong_state=f"not in {state}",
        wrong_role=lambda rules: "only " + ",".join(sorted(r.value for rule in rules for r in rule.roles)),
    )


def test_the_rule_for_the_state_and_the_role_is_found() -> None:
    assert judge("sign", "approved", Role.SIGNER) is TABLE[0]
    assert judge("note", "approved", Role.DRAFTER) is TABLE[2]


def test_no_rule_from_the_state_gives_the_state_refusal_whatever_the_role() -> None:
    assert judge("sign", "signed", Role.SIGNER) == "not in signed"
    assert judge("sign", "signed", Role.ADMIN) == "not in signed"


def test_the_role_refusal_is_given_every_rule_that_takes_the_action_from_the_state() -> None:
    assert judge("note", "approved", Role.ADMIN) == "only drafter,reviewer,signer"
    assert judge("note", "signed", Role.DRAFTER) == "only reviewer,signer"


def test_a_rule_moves_the_record_to_its_target_or_leaves_it_where_it_is() -> None:
    assert TABLE[0].after("approved") == "signed"
    assert TABLE[1].after("signed") == "signed"


def test_allowed_passes_a_rule_through_and_raises_a_refusal_with_its_reason() -> None:
    assert allowed(TABLE[0]) is TABLE[0]
    with pytest.raises(PolicyRefusal, match=r"^not in signed$"):
        allowed(judge("sign", "signed", Role.SIGNER))
