"""The transition engine both transition tables use: the documents' lifecycle and the disclosure requests.

A table is data: each rule says in which states which roles may take an action, and where the record goes.
The engine looks a request up by state, then by role, and says why when no rule allows it; a refused action
leaves the state as it is.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from policies.errors import PolicyRefusal
from policies.roles import Role

StateT = TypeVar("StateT")
ActionT = TypeVar("ActionT")


@dataclass(frozen=True, slots=True)
class Transition(Generic[StateT, ActionT]):
    """One rule: in these states, these roles may take this action, and the record moves to target.

    target None: the state stays as it is.
    """

    action: ActionT
    sources: frozenset[StateT]
    target: StateT | None
    roles: frozenset[Role]

    def after(self, state: StateT) -> StateT:
        """The state the record is in once the action is taken."""
        return state if self.target is None else self.target


RuleT = TypeVar("RuleT", bound="Transition[Any, Any]")


def find_rule(
    rules: Iterable[RuleT],
    action: object,
    state: object,
    role: Role,
    *,
    wrong_state: str,
    wrong_role: Callable[[list[RuleT]], str],
) -> RuleT | str:
    """The rule that lets this role take the action in this state, or why not: checked by state, then by role.

    wrong_state is the refusal when no rule takes the action from the state; wrong_role, given the rules that
    do, says why none of them is this role's.
    """
    candidates = [rule for rule in rules if rule.action is action and state in rule.sources]
    if not candidates:
        return wrong_state
    rule = next((rule for rule in candidates if role in rule.roles), None)
    return wrong_role(candidates) if rule is None else rule


def allowed(outcome: RuleT | str) -> RuleT:
    """The rule found, or the refusal raised with the reason why no rule allows it."""
    if isinstance(outcome, str):
        raise PolicyRefusal(outcome)
    return outcome
