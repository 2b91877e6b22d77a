"""What each issuance step changes, as values: state × step tables checked cell by cell, then the deadlines,
lifecycle details, resolutions and audit payloads each step returns."""

import re
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
    metadata_check,
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
from policies.metadata_check import DraftMetadata, MetadataCorrection, check_text
from policies.roles import Role
from policies.subjects import SubjectArea

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


READ = {"title": "关于做好秋季学校安全工作的通知", "doc_number": "示政办发〔2026〕12号",
        "issuer": "示例市人民政府办公室", "subject_area": "education", "subject_matched": ["学校"]}  # fmt: skip
AS_READ = DraftMetadata(title=READ["title"], doc_number=READ["doc_number"], issuer=READ["issuer"],
                        kind=DocumentKind.NOTICE, subject_area=SubjectArea.EDUCATION)  # fmt: skip


def drafter_at(state: State = S.DRAFT, *, is_drafter: bool = True, role: Role = Role.DRAFTER) -> Standing:
    return standing(state, role=role, is_drafter=is_drafter)


def check(correction: MetadataCorrection, *, state: State = S.DRAFT, as_read: bool = False,
          has_plan: bool = False) -> DocumentChange:  # fmt: skip
    return metadata_check(drafter_at(state), AS_READ, READ, correction, has_plan=has_plan, as_read=as_read)


@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED, S.UNDER_REVIEW])
def test_confirming_the_metadata_as_read_changes_nothing_and_is_recorded(state: State) -> None:
    change = check(MetadataCorrection(), state=state, as_read=True)
    assert (change.action, change.state, change.fields, change.lifecycle) == (Action.CONFIRM_METADATA, state, {}, {})
    assert change.payload == {"draft": 1, "changed": {},
                              "confirmed": ["title", "doc_number", "issuer", "subject_area"]}  # fmt: skip
    assert check_text(change.payload) == "与正文读取一致：标题、发文字号、发文机关、主题分类"


def test_a_correction_records_each_value_from_and_to_and_what_still_is_as_read() -> None:
    change = check(MetadataCorrection(title="关于做好秋季学校安全工作的通知（修订）", kind=DocumentKind.OTHER))
    assert change.fields == {"title": "关于做好秋季学校安全工作的通知（修订）", "kind": "other"}
    assert change.payload["changed"] == {
        "title": {"from": READ["title"], "to": "关于做好秋季学校安全工作的通知（修订）"},
        "kind": {"from": "notice", "to": "other"},
    }
    assert change.payload["confirmed"] == ["doc_number", "issuer", "subject_area"]
    assert check_text(change.payload) == (
        "更正：标题“关于做好秋季学校安全工作的通知”→“关于做好秋季学校安全工作的通知（修订）”，公文类型“通知公告”→“其他”；"
        "与正文读取一致：发文字号、发文机关、主题分类"
    )


def test_the_same_values_typed_again_are_a_confirmation() -> None:
    change = check(MetadataCorrection(title=f"  {READ['title']}\n", doc_number="示政办发[2026]12号",
                                      issuer=READ["issuer"], subject_area=SubjectArea.EDUCATION))  # fmt: skip
    assert change.fields == {} and change.payload["changed"] == {}


def test_a_number_read_from_a_citation_is_cleared_and_an_issuer_too() -> None:
    change = check(MetadataCorrection(doc_number="", issuer="  "))
    assert change.fields == {"doc_number": None, "issuer": None}
    assert check_text(change.payload).startswith("更正：发文字号“示政办发〔2026〕12号”→“空”，发文机关")


def test_a_typed_number_takes_the_gb_t_9704_brackets_and_a_broken_one_stays_as_typed() -> None:
    typed = check(MetadataCorrection(doc_number="示政办发（2026）013号"))
    assert typed.fields == {"doc_number": "示政办发〔2026〕13号"}
    assert check(MetadataCorrection(doc_number="示政办发2026-13")).fields == {"doc_number": "示政办发2026-13"}


def test_a_corrected_title_is_one_line_without_control_characters() -> None:
    change = check(MetadataCorrection(title="关于\x1b[31m做好\n安全工作\t的通知\x07"))
    assert change.fields == {"title": "关于做好 安全工作 的通知"}


@pytest.mark.parametrize(
    ("correction", "message"),
    [
        (MetadataCorrection(title=""), "标题不能为空"),
        (MetadataCorrection(title=" \n\t\x1b[0m "), "标题不能为空"),
        (MetadataCorrection(title="题" * 501), "标题过长：最多 500 个字符（现有 501 个）"),
        (MetadataCorrection(doc_number="号" * 101), "发文字号过长：最多 100 个字符"),
        (MetadataCorrection(issuer="机" * 201), "发文机关过长：最多 200 个字符"),
    ],
)
def test_a_value_that_cannot_be_stored_is_refused_with_its_name(correction: MetadataCorrection, message: str) -> None:
    with pytest.raises(BadInput, match=re.escape(message)):
        check(correction)


def test_the_longest_values_the_columns_hold_are_taken() -> None:
    change = check(MetadataCorrection(title="题" * 500, doc_number="号" * 100, issuer="机" * 200))
    assert set(change.fields) == {"title", "doc_number", "issuer"}


def test_confirming_as_read_with_a_value_changed_is_refused_so_no_edit_is_lost() -> None:
    with pytest.raises(BadInput, match="标题、主题分类已改动：要保存改动请点“保存更正”"):
        check(MetadataCorrection(title="新标题", subject_area=SubjectArea.CULTURE_SPORTS), as_read=True)


def test_a_document_made_a_policy_document_needs_its_interpretation_plan() -> None:
    with pytest.raises(PolicyRefusal, match="政策性文件须随文报送政策解读方案"):
        check(MetadataCorrection(kind=DocumentKind.POLICY))
    assert check(MetadataCorrection(kind=DocumentKind.POLICY), has_plan=True).fields == {"kind": "policy"}


def test_a_subject_area_chosen_by_hand_drops_the_keywords_that_matched() -> None:
    change = check(MetadataCorrection(subject_area=SubjectArea.OTHER))
    assert change.fields == {"subject_area": "other"} and change.lifecycle == {"subject_matched": []}
    assert "主题分类“教育”→“其他”" in check_text(change.payload)


@pytest.mark.parametrize(
    ("state", "role", "is_drafter", "message"),
    [
        (S.APPROVED, Role.DRAFTER, True, "不能在“已审核通过”状态下核对元数据"),
        (S.PUBLISHED, Role.DRAFTER, True, "不能在“已发布”状态下核对元数据"),
        (S.UNDER_REVIEW, Role.REVIEWER, False, "政务公开审查员无权执行“核对元数据”"),
        (S.DRAFT, Role.DRAFTER, False, "只有本公文的拟稿人才能核对元数据"),
    ],
)
def test_only_the_drafter_checks_the_metadata_and_only_before_approval(
    state: State, role: Role, is_drafter: bool, message: str
) -> None:
    at = drafter_at(state, role=role, is_drafter=is_drafter)
    with pytest.raises(PolicyRefusal, match=re.escape(message)):
        metadata_check(at, AS_READ, READ, MetadataCorrection(title="新标题"), has_plan=False)


def test_values_corrected_by_hand_stay_when_a_new_version_comes() -> None:
    corrected_title = check(MetadataCorrection(title="秋季学校安全工作通知（拟稿人更正）", doc_number=""))
    at = replace(drafter_at(S.RETURNED), text_fields={**AS_READ.codes(), **corrected_title.fields})
    new_text = "关于做好秋季学校安全工作的通知\n\n示政办发〔2026〕12号\n\n正文。\n\n示例市教育局\n2026年9月3日\n"
    draft = read_draft(new_text, "第二稿.txt", title=None, domain=None)
    assert (draft.title, draft.doc_number) == (READ["title"], READ["doc_number"])
    second = Revision(number=2, file="第二稿.txt", sha256="cd" * 32, draft=draft, findings=(), previous_findings=(),
                      previous_metadata_read=READ)  # fmt: skip
    change = resubmission(at, second)
    assert change.fields == {"issuer": "示例市教育局"}  # read from the text, it follows the text; the rest stays


@pytest.mark.parametrize("comment", [None, "", "   \n"])
def test_a_return_without_a_comment_is_refused_because_the_drafter_must_know_what_to_change(
    comment: str | None,
) -> None:
    with pytest.raises(BadInput, match="退回须写明退回意见"):
        return_to_drafter(standing(), comment)
    assert return_to_drafter(standing(), "  请删去个人信息 ").payload == {"comment": "请删去个人信息"}
