"""The yearly self-audit (自查), every November: what it reviews, how each item is decided, when it may close, and
the office's spot-check sample.

Sources: 条例 Art. 18 (periodic review of withheld information), Art. 44 (information many applicants ask for may
become proactive), the Jiangsu seed plan (November; the result reported to the office, which spot-checks).
Pure: the day, the items and the seed are parameters.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from policies.attributes import Attribute
from policies.deadlines import SELF_AUDIT_MONTH
from policies.errors import BadInput, PolicyRefusal, Remedy
from policies.labels import Labelled
from policies.lifecycle import Action, State
from policies.roles import Role

AUDITED_STATES: Final = (State.FILED,)
"""The documents in force that are not public: signed off and filed. A published document is 主动公开 by
construction (only proactive documents are published); a withdrawn one is no longer in force; a draft is not yet
formed (its attribute is still under review)."""
AUDITED_ATTRIBUTES: Final = (Attribute.WITHHELD, Attribute.ON_REQUEST)
SPOT_CHECK_SHARE: Final = 0.10
"""The office spot-checks a tenth of the items (local practice, configurable)…"""
SPOT_CHECK_MINIMUM: Final = 5
"""…and never fewer than five, or all of them when there are fewer."""
MIN_KEEP_REASON_CHARS: Final = 4
"""A reason to keep an item non-public is a sentence, not a tick: at least four characters of text."""


class ItemReason(Labelled, noun="自查事项类别"):
    """Why an item is in the audit."""

    WITHHELD = "withheld", "不予公开信息"
    ON_REQUEST = "on_request", "依申请公开信息"
    CONCENTRATED = "concentrated", "依申请公开较为集中的信息"


class AuditState(Labelled, noun="自查状态"):
    """Whether the audit is still being worked on."""

    OPEN = "open", "进行中"
    CLOSED = "closed", "已完成"


class Decision(Labelled, noun="自查结论"):
    """What the reviewer decided for an item."""

    KEEP = "keep", "维持原属性"
    CONVERT = "convert", "转换公开属性"


@dataclass(frozen=True, slots=True)
class ItemDecision:
    """A decided item: kept with its reason, or converted to a new attribute (reason optional)."""

    decision: Decision
    target: Attribute | None
    reason: str | None


def audit_year(year: int | None, today: date) -> int:
    """The audit's year: the one given, else today's (the scheduled run on 1 November passes none)."""
    chosen = today.year if year is None else year
    if not 2000 <= chosen <= 9998:
        raise BadInput(f"自查年度应在2000年至9998年之间：{chosen}")
    return chosen


def audit_as_of(year: int, today: date) -> date:
    """The day the often-requested count looks back from: the opening day, or 1 November of a past year's audit.

    An audit of a year still to come cannot be opened.
    """
    if year > today.year:
        raise PolicyRefusal(f"{year}年度自查尚未到期，不能提前开始（今天是{today.year}年）")
    return today if year == today.year else date(year, SELF_AUDIT_MONTH, 1)


def decide_opening(role: Role | None) -> None:
    """Who opens the audit: the schedule on 1 November (no person), or the disclosure office."""
    if role is not None and role is not Role.REVIEWER:
        raise PolicyRefusal(f"{role.label}无权开始年度自查（只有政务公开审查员可以）")


def item_reason(attribute: Attribute, applicants: int, *, threshold: int) -> ItemReason:
    """Why a filed, non-public document is audited: requested by `threshold` or more applicants within the year
    makes it concentrated (Art. 44), else its attribute says (Art. 18)."""
    if attribute not in AUDITED_ATTRIBUTES:
        raise BadInput(f"{attribute.label}的公文不在自查范围内")
    if applicants >= threshold:
        return ItemReason.CONCENTRATED
    return ItemReason.WITHHELD if attribute is Attribute.WITHHELD else ItemReason.ON_REQUEST


def conversions_allowed(current: Attribute | None) -> tuple[Attribute, ...]:
    """What an item may become: on-request → proactive; withheld → proactive or on-request (DOMAIN.md 7).

    An often-requested subject with no document in the system (current None) has no attribute to convert: it is
    kept with a reason (e.g. where it was published) or registered as a document first.
    """
    if current is Attribute.WITHHELD:
        return (Attribute.PROACTIVE, Attribute.ON_REQUEST)
    if current is Attribute.ON_REQUEST:
        return (Attribute.PROACTIVE,)
    return ()


def conversion_action(target: Attribute) -> Action:
    """The lifecycle action a conversion takes: released to 主动公开, or reclassified to 依申请公开."""
    return Action.RELEASE if target is Attribute.PROACTIVE else Action.RECLASSIFY


def decide_item(
    state: AuditState,
    role: Role,
    current: Attribute | None,
    *,
    decided: bool,
    keep_reason: str | None,
    convert_to: Attribute | None,
) -> ItemDecision:
    """A reviewer's decision on one undecided item of an open audit: keep with a real reason, or an allowed
    conversion (DOMAIN.md 7: on-request → proactive; withheld → proactive or on-request)."""
    if state is not AuditState.OPEN:
        raise PolicyRefusal("本年度自查已完成，不能再作结论")
    if role is not Role.REVIEWER:
        raise PolicyRefusal(f"{role.label}无权作出自查结论（只有政务公开审查员可以）")
    if decided:
        raise PolicyRefusal("该自查事项已作结论，不能重复作结论")
    if (keep_reason is None) == (convert_to is None):
        raise BadInput("请二选一：保留原公开属性（写明理由），或转换公开属性", remedy=Remedy.CHOOSE_SELF_AUDIT_DECISION)
    if convert_to is None:
        return ItemDecision(Decision.KEEP, None, _keep_reason(keep_reason))
    allowed = conversions_allowed(current)
    if convert_to not in allowed:
        have = current.label if current else "没有对应公文"
        can = "、".join(a.label for a in allowed) or "不能转换，只能说明理由后保留"
        raise PolicyRefusal(f"该事项（{have}）不能转为{convert_to.label}：可选 {can}")
    return ItemDecision(Decision.CONVERT, convert_to, None)


def conversion_reason(year: int, reason: ItemReason, target: Attribute) -> str:
    """The reason the attribute change records, as every reviewer's change of attribute must give one (80号)."""
    return f"{year}年度政务公开自查：{reason.label}转为{target.label}"


def decide_close(state: AuditState, role: Role, undecided: int) -> None:
    """Close the audit once every item is decided; the disclosure office closes it."""
    if state is not AuditState.OPEN:
        raise PolicyRefusal("本年度自查已完成")
    if role is not Role.REVIEWER:
        raise PolicyRefusal(f"{role.label}无权完成自查（只有政务公开审查员可以）")
    if undecided:
        raise PolicyRefusal(f"还有 {undecided} 个自查事项未作结论，不能完成自查")


def spot_check_size(items: int) -> int:
    """How many items the office spot-checks: a tenth, at least five, all when there are fewer."""
    return min(items, max(SPOT_CHECK_MINIMUM, math.ceil(items * SPOT_CHECK_SHARE)))


def spot_check(item_ids: Iterable[int], seed: int) -> list[int]:
    """The spot-check sample: anyone with the seed draws the same items again (ids sorted, then sampled)."""
    ordered: Sequence[int] = sorted(set(item_ids))
    return sorted(random.Random(seed).sample(ordered, spot_check_size(len(ordered))))


def _keep_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if sum(character.isalnum() for character in text) < MIN_KEEP_REASON_CHARS:
        typed = f"：“{text}”" if text else ""
        raise BadInput(f"保留原属性须写明理由（至少{MIN_KEEP_REASON_CHARS}个字）{typed}")
    return text
