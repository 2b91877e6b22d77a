"""What each issuance step changes, as values: state × step tables checked cell by cell, then the deadlines,
lifecycle details, resolutions and audit payloads each step returns."""

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from policies.attributes import Attribute, AttributeDecision, LegalGround
from policies.calendar import china_calendar
from policies.deadlines import DeadlineKind
from policies.document_steps import (
    DocumentChange,
    FindingsReview,
    IndexNumbering,
    Resolution,
    Revision,
    Standing,
    amendment,
    approval,
    attribute_setting,
    interpretation,
    publication,
    resubmission,
    return_to_drafter,
    review_start,
    sign_off,
    withdrawal,
)
from policies.errors import BadInput, PolicyRefusal
from policies.findings import Finding
from policies.issuance import DocumentKind, InterpretationForm, read_draft
from policies.lifecycle import Action, State
from policies.roles import Role

CALENDAR = china_calendar()
TODAY = date(2026, 10, 9)
S = State


def finding(kind: str, text: str, severity: str) -> Finding:
    return Finding.from_dict({"kind": kind, "text": text, "start": 0, "end": len(text), "label": kind,
                              "severity": severity})  # fmt: skip


SIGNED_TEXT = "关于某事的通知\n\n正文。\n\n示例市人民政府办公室\n2026年10月9日"
NOTHING_TO_RESOLVE = FindingsReview(findings=(), resolved=frozenset(), justifications={})
PHONE = finding("mobile", "13983012345", "personal_data")
SECRET = finding("secret_mark", "机密★1年", "secret")


def standing(
    state: State = S.UNDER_REVIEW,
    *,
    role: Role = Role.REVIEWER,
    is_drafter: bool = False,
    attribute: Attribute | None = Attribute.PROACTIVE,
    kind: DocumentKind = DocumentKind.NOTICE,
    open_deadlines: Mapping[DeadlineKind, date] | None = None,
    index_no: str | None = None,
    formed_on: date | None = date(2026, 9, 28),
) -> Standing:
    return Standing(
        state=state, attribute=attribute, kind=kind, formed_on=formed_on, index_no=index_no,
        text_fields={"title": "旧标题", "doc_number": None, "issuer": "示例市人民政府办公室"},
        current_version=1, open_deadlines=open_deadlines or {}, actor="某人", role=role, is_drafter=is_drafter,
    )  # fmt: skip


def revision(previous: tuple[Finding, ...] = (), now: tuple[Finding, ...] = ()) -> Revision:
    draft = read_draft("新标题\n\n正文。", "修改稿.txt", title=None, domain=None)
    return Revision(
        number=2, file="修改稿.txt", sha256="ab" * 32, draft=draft, findings=now, previous_findings=previous,
        previous_metadata_read={"title": "旧标题"},
    )  # fmt: skip


Step = Callable[[Standing], DocumentChange]
STEPS: dict[str, tuple[Step, Role, bool]] = {
    "set_attribute_by_drafter": (
        lambda s: attribute_setting(s, None, Attribute.PROACTIVE, (), None), Role.DRAFTER, True,
    ),
    "review": (lambda s: review_start(s, ()), Role.DRAFTER, True),
    "approve": (lambda s: approval(s, (), frozenset(), {}, None), Role.REVIEWER, False),
    "return": (lambda s: return_to_drafter(s, "请修改"), Role.REVIEWER, False),
    "resubmit": (lambda s: resubmission(s, revision()), Role.DRAFTER, True),
    "sign": (lambda s: sign_off(s, TODAY, CALENDAR, text=SIGNED_TEXT, in_text=TODAY), Role.SIGNER, False),
    "publish": (lambda s: publication(s, TODAY, CALENDAR, NOTHING_TO_RESOLVE)[0], Role.REVIEWER, False),
    "interpret": (lambda s: interpretation(s, InterpretationForm.TEXT, TODAY), Role.DRAFTER, True),
    "amend": (lambda s: amendment(s, revision(), TODAY, CALENDAR), Role.DRAFTER, True),
    "withdraw": (lambda s: withdrawal(s, "政策调整", TODAY), Role.REVIEWER, False),
}
# Where each step may be taken, and the state it leads to; every other state refuses it.
EXPECTED: dict[str, dict[State, State]] = {
    "set_attribute_by_drafter": {S.DRAFT: S.DRAFT, S.RETURNED: S.RETURNED},
    "review": {S.DRAFT: S.UNDER_REVIEW},
    "approve": {S.UNDER_REVIEW: S.APPROVED},
    "return": {S.UNDER_REVIEW: S.RETURNED},
    "resubmit": {S.RETURNED: S.UNDER_REVIEW},
    "sign": {S.APPROVED: S.SIGNED},
    "publish": {S.SIGNED: S.PUBLISHED},
    "interpret": {S.PUBLISHED: S.INTERPRETED},
    "amend": {S.PUBLISHED: S.UNDER_REVIEW, S.INTERPRETED: S.UNDER_REVIEW},
    "withdraw": {S.PUBLISHED: S.WITHDRAWN, S.INTERPRETED: S.WITHDRAWN},
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("name", list(STEPS))
def test_each_step_leads_where_the_table_says_and_is_refused_everywhere_else(name: str, state: State) -> None:
    step, role, is_drafter = STEPS[name]
    at = standing(state, role=role, is_drafter=is_drafter)
    if state in EXPECTED[name]:
        assert step(at).state is EXPECTED[name][state]
    else:
        with pytest.raises(PolicyRefusal):
            step(at)


@pytest.mark.parametrize(
    ("attribute", "running", "action", "state", "starts"),
    [
        (Attribute.PROACTIVE, False, Action.SIGN, S.SIGNED, [(DeadlineKind.PUBLICATION, date(2026, 11, 5))]),
        (Attribute.PROACTIVE, True, Action.SIGN, S.SIGNED, []),
        (Attribute.ON_REQUEST, False, Action.FILE, S.FILED, []),
        (Attribute.WITHHELD, False, Action.FILE, S.FILED, []),
    ],
)
def test_signing_fixes_the_date_formed_and_starts_the_publication_clock_unless_one_runs(
    attribute: Attribute, running: bool, action: Action, state: State, starts: list[tuple[DeadlineKind, date]]
) -> None:
    opened = {DeadlineKind.PUBLICATION: date(2026, 10, 30)} if running else {}
    change = sign_off(standing(S.APPROVED, role=Role.SIGNER, attribute=attribute, open_deadlines=opened), TODAY,
                      CALENDAR, text=SIGNED_TEXT, in_text=TODAY)  # fmt: skip
    assert (change.action, change.state) == (action, state)
    assert [(d.kind, d.due) for d in change.start] == starts
    assert change.fields == {"formed_on": TODAY} and change.payload == {"formed_on": TODAY}
    assert change.lifecycle == {"signed_by": "某人", "signed_on": TODAY}


def test_signing_needs_the_attribute() -> None:
    with pytest.raises(PolicyRefusal, match="公开属性"):
        at = standing(S.APPROVED, role=Role.SIGNER, attribute=None)
        sign_off(at, TODAY, CALENDAR, text=SIGNED_TEXT, in_text=None)


@pytest.mark.parametrize(
    ("due", "on_time"),
    [(date(2026, 10, 9), True), (date(2026, 10, 8), False), (None, None)],
)
def test_publication_meets_the_publication_clock_and_says_whether_in_time(
    due: date | None, on_time: bool | None
) -> None:
    opened = {DeadlineKind.PUBLICATION: due} if due else {}
    change, _ = publication(standing(S.SIGNED, open_deadlines=opened), TODAY, CALENDAR, NOTHING_TO_RESOLVE)
    assert change.meet == (DeadlineKind.PUBLICATION,) and change.on_time is on_time
    assert change.payload == {"published_on": TODAY, "due": due, "on_time": on_time}
    assert change.lifecycle == {"published_version": 1, "published_on_time": on_time, "validity": "effective"}


@pytest.mark.parametrize(
    ("index_no", "formed_on", "numbering"),
    [
        (None, date(2025, 12, 30), IndexNumbering(None, 2025)),
        (None, None, IndexNumbering(None, 2026)),
        ("ORG/2025-00007", date(2025, 12, 30), IndexNumbering("ORG/2025-00007", 2025)),
    ],
)
def test_a_publication_keeps_its_index_number_or_numbers_in_the_year_formed(
    index_no: str | None, formed_on: date | None, numbering: IndexNumbering
) -> None:
    at = standing(S.SIGNED, index_no=index_no, formed_on=formed_on)
    _, numbered = publication(at, TODAY, CALENDAR, NOTHING_TO_RESOLVE)
    assert numbered == numbering


def test_the_index_number_goes_first_into_the_fields_and_the_audit_payload() -> None:
    change, _ = publication(standing(S.SIGNED), TODAY, CALENDAR, NOTHING_TO_RESOLVE)
    numbered = change.numbered("ORG/2026-00001")
    assert list(numbered.payload) == ["index_no", "published_on", "due", "on_time"]
    assert numbered.fields == {"index_no": "ORG/2026-00001", "published_on": TODAY}


@pytest.mark.parametrize(
    ("kind", "owes"),
    [(DocumentKind.POLICY, True), (DocumentKind.NORMATIVE, True), (DocumentKind.NOTICE, False)],
)
def test_a_published_policy_document_owes_its_interpretation(kind: DocumentKind, owes: bool) -> None:
    change, _ = publication(standing(S.SIGNED, kind=kind), TODAY, CALENDAR, NOTHING_TO_RESOLVE)
    assert [d.kind for d in change.start] == ([DeadlineKind.INTERPRETATION] if owes else [])


def test_publishing_a_document_that_is_not_proactive_is_refused() -> None:
    with pytest.raises(PolicyRefusal):
        publication(standing(S.SIGNED, attribute=Attribute.ON_REQUEST), TODAY, CALENDAR, NOTHING_TO_RESOLVE)


def test_an_interpretation_meets_its_clock_and_records_whether_in_time() -> None:
    late = standing(S.PUBLISHED, role=Role.DRAFTER, is_drafter=True,
                    open_deadlines={DeadlineKind.INTERPRETATION: date(2026, 10, 8)})  # fmt: skip
    change = interpretation(late, InterpretationForm.QA, TODAY).recording(interpretation=7)
    assert change.meet == (DeadlineKind.INTERPRETATION,) and change.on_time is False
    assert change.payload == {"interpretation": 7, "form": InterpretationForm.QA, "due": date(2026, 10, 8),
                              "on_time": False}  # fmt: skip


def test_a_withdrawal_owes_nothing_more_and_says_why() -> None:
    opened = {DeadlineKind.INTERPRETATION: date(2026, 10, 13), DeadlineKind.PUBLICATION: date(2026, 11, 6)}
    change = withdrawal(standing(S.PUBLISHED, open_deadlines=opened), "  政策调整  ", TODAY)
    assert change.supersede == (DeadlineKind.INTERPRETATION, DeadlineKind.PUBLICATION)
    assert change.payload == {"reason": "政策调整"}
    assert change.lifecycle == {"validity": "withdrawn", "withdrawn_on": TODAY, "withdrawal_reason": "政策调整"}
    assert change.start == () and change.meet == ()


def test_a_withdrawal_without_a_reason_is_refused() -> None:
    with pytest.raises(PolicyRefusal):
        withdrawal(standing(S.PUBLISHED), "  ", TODAY)


def test_approval_records_each_justified_finding_and_its_reason() -> None:
    change = approval(standing(), (PHONE,), frozenset(), {1: "  权利人同意  "}, "同意")
    assert change.resolutions == (Resolution(1, ("mobile", "13983012345"), "justified", "权利人同意"),)
    assert change.payload == {"draft": 1, "comment": "同意", "justified": {1: "  权利人同意  "}}


@pytest.mark.parametrize(
    ("findings", "resolved", "justified", "error"),
    [
        ((PHONE,), frozenset(), {}, PolicyRefusal),
        ((SECRET,), frozenset(), {}, PolicyRefusal),
        ((PHONE,), frozenset(), {2: "理由"}, BadInput),
        ((PHONE,), frozenset(), {1: " "}, PolicyRefusal),
    ],
)
def test_approval_is_refused_while_a_finding_stands(
    findings: tuple[Finding, ...], resolved: frozenset[tuple[str, str]], justified: dict[int, str], error: type
) -> None:
    with pytest.raises(error):
        approval(standing(), findings, resolved, justified, None)


def test_approval_passes_once_the_personal_data_was_resolved_earlier() -> None:
    change = approval(standing(), (PHONE,), frozenset({("mobile", "13983012345")}), {}, None)
    assert change.state is S.APPROVED and change.resolutions == ()


def test_a_resubmission_records_what_it_redacted_and_takes_the_new_texts_metadata() -> None:
    change = resubmission(standing(S.RETURNED, role=Role.DRAFTER, is_drafter=True), revision(previous=(PHONE,)))
    assert change.resolutions == (Resolution(2, ("mobile", "13983012345"), "redacted", None),)
    assert change.fields == {"title": "新标题"}
    assert change.payload["redacted"] == [{"kind": "mobile", "text": "13983012345"}]
    assert change.payload["metadata"] == {"title": "新标题"}


def test_an_amendment_restarts_the_publication_clock_and_leaves_the_metadata_for_its_publication() -> None:
    change = amendment(standing(S.PUBLISHED, role=Role.DRAFTER, is_drafter=True), revision(), TODAY, CALENDAR)
    assert [(d.kind, d.computed_from) for d in change.start] == [(DeadlineKind.PUBLICATION, TODAY)]
    assert change.fields == {} and change.payload["metadata"] == {"title": "新标题"}


def test_a_reviewer_who_changes_the_attribute_says_why() -> None:
    current = attribute_setting(standing(S.DRAFT, role=Role.DRAFTER, is_drafter=True), None, Attribute.PROACTIVE,
                                (), None)  # fmt: skip
    assert current.fields == {"attribute": "proactive", "grounds": [], "attribute_reason": None}
    decision = _decision(current.payload)
    with pytest.raises(PolicyRefusal):
        attribute_setting(standing(), decision, Attribute.WITHHELD, (LegalGround.STATE_SECRET,), None)
    changed = attribute_setting(standing(), decision, Attribute.WITHHELD, (LegalGround.STATE_SECRET,), "涉密")
    assert changed.payload["previous"] is Attribute.PROACTIVE


def test_a_refused_step_changes_nothing_it_was_given() -> None:
    at = standing(S.PUBLISHED)
    before = replace(at)
    with pytest.raises(PolicyRefusal):
        sign_off(at, TODAY, CALENDAR, text=SIGNED_TEXT, in_text=None)
    assert at == before


def _decision(payload: Mapping[str, Any]) -> AttributeDecision:
    return AttributeDecision(payload["attribute"], tuple(payload["grounds"]), payload["reason"])
