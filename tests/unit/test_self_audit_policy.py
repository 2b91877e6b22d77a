"""The self-audit's rules: what it holds and why, which conversions are allowed, what a decision needs, when it
closes, and a spot check anyone can draw again from its seed."""

from __future__ import annotations

import random
from datetime import date

import pytest

from policies.attributes import Attribute, AttributeDecision, LegalGround
from policies.calendar import china_calendar
from policies.document_steps import Standing, conversion
from policies.errors import BadInput, PolicyRefusal
from policies.issuance import DocumentKind
from policies.lifecycle import Action, State
from policies.roles import Role
from policies.self_audit import (
    AuditState,
    Decision,
    ItemReason,
    audit_as_of,
    audit_year,
    conversion_action,
    conversion_reason,
    conversions_allowed,
    decide_close,
    decide_item,
    decide_opening,
    item_reason,
    spot_check,
    spot_check_size,
)

A = Attribute


@pytest.mark.parametrize(
    ("attribute", "applicants", "reason"),
    [
        (A.WITHHELD, 0, ItemReason.WITHHELD),
        (A.WITHHELD, 2, ItemReason.WITHHELD),
        (A.WITHHELD, 3, ItemReason.CONCENTRATED),
        (A.ON_REQUEST, 0, ItemReason.ON_REQUEST),
        (A.ON_REQUEST, 2, ItemReason.ON_REQUEST),
        (A.ON_REQUEST, 3, ItemReason.CONCENTRATED),
        (A.ON_REQUEST, 7, ItemReason.CONCENTRATED),
    ],
)
def test_an_item_is_concentrated_at_three_applicants_else_its_attribute_says_why(
    attribute: Attribute, applicants: int, reason: ItemReason
) -> None:
    assert item_reason(attribute, applicants, threshold=3) is reason


def test_the_threshold_is_configurable() -> None:
    assert item_reason(A.ON_REQUEST, 2, threshold=2) is ItemReason.CONCENTRATED
    assert item_reason(A.ON_REQUEST, 4, threshold=5) is ItemReason.ON_REQUEST


def test_a_proactive_document_is_not_audited() -> None:
    with pytest.raises(BadInput, match="不在自查范围"):
        item_reason(A.PROACTIVE, 5, threshold=3)


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (A.WITHHELD, (A.PROACTIVE, A.ON_REQUEST)),
        (A.ON_REQUEST, (A.PROACTIVE,)),
        (A.PROACTIVE, ()),
        (None, ()),
    ],
)
def test_conversions_go_towards_disclosure_only(current: Attribute | None, allowed: tuple[Attribute, ...]) -> None:
    assert conversions_allowed(current) == allowed


def decide(
    current: Attribute | None = A.WITHHELD,
    *,
    keep: str | None = None,
    to: Attribute | None = None,
    state: AuditState = AuditState.OPEN,
    role: Role = Role.REVIEWER,
    decided: bool = False,
) -> Decision:
    return decide_item(state, role, current, decided=decided, keep_reason=keep, convert_to=to).decision


def test_a_reviewer_keeps_an_item_with_a_real_reason_or_converts_it() -> None:
    assert decide(keep="涉及国家秘密，仍不宜公开") is Decision.KEEP
    assert decide(to=A.ON_REQUEST) is Decision.CONVERT
    assert decide(A.ON_REQUEST, to=A.PROACTIVE) is Decision.CONVERT
    assert decide_item(AuditState.OPEN, Role.REVIEWER, A.WITHHELD, decided=False, keep_reason="  内部事务信息  ",
                       convert_to=None).reason == "内部事务信息"  # fmt: skip


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "保留原属性须写明理由（至少4个字）"),
        ("   ", "保留原属性须写明理由（至少4个字）"),
        ("。。。", "保留原属性须写明理由（至少4个字）：“。。。”"),
        ("ok", "保留原属性须写明理由（至少4个字）：“ok”"),
        ("不公开", "保留原属性须写明理由（至少4个字）：“不公开”"),
    ],
)
def test_keeping_without_a_real_reason_is_refused_echoing_only_what_was_typed(reason: str, message: str) -> None:
    with pytest.raises(BadInput) as refused:
        decide(keep=reason)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"current": A.ON_REQUEST, "to": A.ON_REQUEST}, PolicyRefusal, "不能转为依申请公开"),
        ({"current": A.WITHHELD, "to": A.WITHHELD}, PolicyRefusal, "不能转为不予公开"),
        ({"current": None, "to": A.PROACTIVE}, PolicyRefusal, "没有对应公文"),
        ({"keep": "理由充分的说明", "to": A.PROACTIVE}, BadInput, "二选一"),
        ({}, BadInput, "二选一"),
        ({"keep": "理由充分的说明", "role": Role.SUPERVISOR}, PolicyRefusal, "只有政务公开审查员"),
        ({"keep": "理由充分的说明", "role": Role.SIGNER}, PolicyRefusal, "只有政务公开审查员"),
        ({"keep": "理由充分的说明", "state": AuditState.CLOSED}, PolicyRefusal, "已完成"),
        ({"keep": "理由充分的说明", "decided": True}, PolicyRefusal, "已作结论"),
    ],
)
def test_a_decision_outside_the_rules_is_refused_with_why(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        decide(**kwargs)  # type: ignore[arg-type]


def test_close_waits_for_every_item_and_is_the_reviewers() -> None:
    decide_close(AuditState.OPEN, Role.REVIEWER, 0)
    with pytest.raises(PolicyRefusal, match="还有 2 个自查事项未作结论"):
        decide_close(AuditState.OPEN, Role.REVIEWER, 2)
    with pytest.raises(PolicyRefusal, match="只有政务公开审查员"):
        decide_close(AuditState.OPEN, Role.SUPERVISOR, 0)
    with pytest.raises(PolicyRefusal, match="已完成"):
        decide_close(AuditState.CLOSED, Role.REVIEWER, 0)


def test_the_schedule_or_a_reviewer_opens_the_audit() -> None:
    decide_opening(None)
    decide_opening(Role.REVIEWER)
    with pytest.raises(PolicyRefusal, match="无权开始"):
        decide_opening(Role.SUPERVISOR)


def test_the_year_defaults_to_todays_and_the_count_looks_back_from_the_opening() -> None:
    assert audit_year(None, date(2026, 11, 1)) == 2026
    assert audit_year(2025, date(2026, 11, 1)) == 2025
    assert audit_as_of(2026, date(2026, 11, 2)) == date(2026, 11, 2)
    assert audit_as_of(2025, date(2026, 3, 2)) == date(2025, 11, 1)
    with pytest.raises(PolicyRefusal, match="不能提前开始"):
        audit_as_of(2027, date(2026, 11, 2))
    with pytest.raises(BadInput, match="2000年至9998年"):
        audit_year(1999, date(2026, 11, 1))


@pytest.mark.parametrize(("items", "size"), [(0, 0), (1, 1), (4, 4), (5, 5), (49, 5), (50, 5), (51, 6), (1000, 100)])
def test_the_sample_is_a_tenth_at_least_five_or_all(items: int, size: int) -> None:
    assert spot_check_size(items) == size


def test_the_same_seed_draws_the_same_sample_and_anyone_can_redraw_it() -> None:
    ids = list(range(101, 301))
    first = spot_check(reversed(ids), 42)
    assert first == spot_check(ids, 42) == sorted(random.Random(42).sample(ids, 20))
    assert len(first) == 20 and set(first) <= set(ids)
    assert spot_check(ids, 43) != first


def test_a_conversion_names_its_action_and_gives_the_reason_the_attribute_change_records() -> None:
    assert conversion_action(A.PROACTIVE) is Action.RELEASE
    assert conversion_action(A.ON_REQUEST) is Action.RECLASSIFY
    assert conversion_reason(2026, ItemReason.CONCENTRATED, A.PROACTIVE) == (
        "2026年度政务公开自查：依申请公开较为集中的信息转为主动公开"
    )


def standing(role: Role = Role.REVIEWER) -> Standing:
    return Standing(
        state=State.FILED, attribute=A.WITHHELD, kind=DocumentKind.NOTICE, formed_on=date(2026, 3, 4), index_no=None,
        text_fields={}, current_version=1, open_deadlines={}, actor="李审", role=role, is_drafter=False,
    )  # fmt: skip


WITHHELD = AttributeDecision(A.WITHHELD, (LegalGround.INTERNAL_AFFAIRS,), "内部事务")


def test_a_release_signs_the_document_for_publication_in_twenty_working_days_from_the_decision() -> None:
    change = conversion(standing(), WITHHELD, A.PROACTIVE, "自查转换", date(2026, 11, 10), china_calendar())

    assert (change.action, change.state) == (Action.RELEASE, State.SIGNED)
    assert change.fields == {"attribute": "proactive", "grounds": [], "attribute_reason": "自查转换"}
    [deadline] = change.start
    assert (deadline.kind, deadline.due, deadline.computed_from) == ("publication", date(2026, 12, 8),
                                                                     date(2026, 11, 10))  # fmt: skip
    assert change.payload["previous"] is A.WITHHELD


def test_a_reclassification_stays_filed_keeps_its_grounds_and_starts_no_clock() -> None:
    change = conversion(standing(), WITHHELD, A.ON_REQUEST, "自查转换", date(2026, 11, 10), china_calendar())

    assert (change.action, change.state, change.start) == (Action.RECLASSIFY, State.FILED, ())
    assert change.fields["grounds"] == ["internal_affairs"]


def test_only_a_reviewer_converts_and_only_a_filed_document() -> None:
    with pytest.raises(PolicyRefusal, match="政务公开审查员"):
        conversion(standing(Role.SIGNER), WITHHELD, A.PROACTIVE, "自查转换", date(2026, 11, 10), china_calendar())
