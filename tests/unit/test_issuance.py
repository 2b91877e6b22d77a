"""Issuance rules beside the transition table, as tables of cases: plan, attribute at submission, approval,
justification, redaction, 索引号, which deadlines each event starts, and where a deadline stands."""

from datetime import date

import pytest

from policies.attributes import Attribute, LegalGround
from policies.calendar import china_calendar
from policies.errors import BadInput, PolicyRefusal, Remedy
from policies.findings import Finding
from policies.issuance import (
    DocumentKind,
    InterpretationForm,
    attribute_at_submission,
    can_start_review,
    deadlines_on_amend,
    deadlines_on_publish,
    deadlines_on_sign,
    decide_approval,
    decide_justification,
    format_index_no,
    index_year,
    metadata_from_new_version,
    read_draft,
    redacted_between,
    require_attribute,
    require_interpretation_plan,
    unresolved_personal_data,
)
from policies.subjects import SubjectArea
from tests.fixtures_docs import SAMPLE_NOTICE

CALENDAR = china_calendar()


def finding(kind: str, text: str, severity: str) -> Finding:
    return Finding.from_dict(
        {"kind": kind, "text": text, "start": 0, "end": len(text), "label": kind, "severity": severity}
    )


PHONE = finding("mobile", "13983012345", "personal_data")
ID_CARD = finding("id_card", "500103196203080214", "personal_data")
SECRET = finding("secret_mark", "机密★1年", "secret")
DRAFT_MARK = finding("internal_mark", "征求意见稿", "internal")


@pytest.mark.parametrize(
    ("kind", "has_plan", "refused"),
    [
        (DocumentKind.POLICY, False, True),
        (DocumentKind.NORMATIVE, False, True),
        (DocumentKind.POLICY, True, False),
        (DocumentKind.NORMATIVE, True, False),
        (DocumentKind.NOTICE, False, False),
        (DocumentKind.OTHER, False, False),
    ],
)
def test_policy_and_normative_documents_come_with_their_interpretation_plan(
    kind: DocumentKind, has_plan: bool, refused: bool
) -> None:
    if refused:
        with pytest.raises(PolicyRefusal, match="解读方案"):
            require_interpretation_plan(kind, has_plan=has_plan)
    else:
        require_interpretation_plan(kind, has_plan=has_plan)


@pytest.mark.parametrize(
    ("chosen", "mark", "grounds", "expected"),
    [
        (Attribute.PROACTIVE, None, (), Attribute.PROACTIVE),
        (None, "proactive", (), Attribute.PROACTIVE),
        (None, "withheld", (LegalGround.STATE_SECRET,), Attribute.WITHHELD),
        (None, "withheld", (), None),
        (None, None, (), None),
        (Attribute.ON_REQUEST, "proactive", (LegalGround.PROCESS_INFO,), Attribute.ON_REQUEST),
    ],
)
def test_a_draft_starts_with_the_chosen_attribute_else_its_own_complete_mark(
    chosen: Attribute | None, mark: str | None, grounds: tuple[LegalGround, ...], expected: Attribute | None
) -> None:
    decision = attribute_at_submission(chosen, mark, grounds, None)
    assert (decision.attribute if decision else None) is expected


def test_a_chosen_non_proactive_attribute_without_grounds_is_refused_and_grounds_alone_are_bad_input() -> None:
    with pytest.raises(PolicyRefusal, match="须说明法律依据"):
        attribute_at_submission(Attribute.WITHHELD, None, (), None)
    with pytest.raises(BadInput, match="须同时指明公开属性") as refused:
        attribute_at_submission(None, None, (LegalGround.PROCESS_INFO,), None)
    assert refused.value.remedy is Remedy.NAME_ATTRIBUTE


def test_review_needs_an_attribute_and_starts_only_from_a_draft() -> None:
    with pytest.raises(PolicyRefusal, match="尚未确定公开属性"):
        require_attribute(None)
    assert require_attribute("withheld") is Attribute.WITHHELD
    assert can_start_review("proactive", "draft")
    assert not can_start_review(None, "draft")
    assert not can_start_review("proactive", "returned")


@pytest.mark.parametrize(
    ("attribute", "findings", "resolved", "refusal"),
    [
        (Attribute.PROACTIVE, [SECRET], set(), "密级标志“机密★1年”"),
        (Attribute.WITHHELD, [SECRET], set(), None),
        (Attribute.PROACTIVE, [DRAFT_MARK], set(), None),
        (Attribute.PROACTIVE, [PHONE, ID_CARD], set(), "第1项、第2项"),
        (Attribute.PROACTIVE, [PHONE, ID_CARD], {("mobile", "13983012345")}, "第2项"),
        (Attribute.WITHHELD, [PHONE], set(), "第1项"),
        (Attribute.PROACTIVE, [PHONE, ID_CARD], {("mobile", "13983012345"), ("id_card", "500103196203080214")}, None),
    ],
)
def test_approval_needs_no_secrecy_mark_on_a_proactive_document_and_every_personal_datum_resolved(
    attribute: Attribute, findings: list[dict[str, object]], resolved: set[tuple[str, str]], refusal: str | None
) -> None:
    if refusal is None:
        decide_approval(attribute, findings, resolved)
    else:
        with pytest.raises(PolicyRefusal, match=refusal):
            decide_approval(attribute, findings, resolved)


def test_only_personal_data_findings_are_justified_and_always_with_a_reason() -> None:
    findings = [SECRET, PHONE]
    assert decide_justification(findings, 2, "权利人同意") is PHONE
    with pytest.raises(BadInput, match="没有第3项"):
        decide_justification(findings, 3, "理由")
    with pytest.raises(BadInput, match="不是个人信息"):
        decide_justification(findings, 1, "理由")
    with pytest.raises(PolicyRefusal, match="须说明理由"):
        decide_justification(findings, 2, "  ")
    assert unresolved_personal_data(findings, set()) == [2]


def test_personal_data_a_new_version_no_longer_has_counts_as_redacted() -> None:
    assert redacted_between([PHONE, ID_CARD, SECRET], [ID_CARD]) == [("mobile", "13983012345")]
    assert redacted_between([SECRET], []) == []


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{code}/{year}-{seq:05d}", "11500000MB1234567X/2026-00042"),
        ("{code}-{year}-{seq}", "11500000MB1234567X-2026-42"),
    ],
)
def test_the_index_number_follows_the_organisations_pattern(pattern: str, expected: str) -> None:
    assert format_index_no(pattern, code="11500000MB1234567X", year=2026, seq=42) == expected


@pytest.mark.parametrize("pattern", ["{code}/{month}", "{code}/{seq:xyz}", "{0}"])
def test_a_broken_index_pattern_is_bad_input(pattern: str) -> None:
    with pytest.raises(BadInput, match="索引号格式"):
        format_index_no(pattern, code="C", year=2026, seq=1)


def test_the_index_year_is_the_year_of_formation_else_of_publication() -> None:
    assert index_year(date(2026, 12, 30), date(2027, 1, 4)) == 2026
    assert index_year(None, date(2027, 1, 4)) == 2027


def test_signing_a_proactive_document_starts_the_20_working_day_publication_clock() -> None:
    [due] = deadlines_on_sign(Attribute.PROACTIVE, date(2026, 9, 28), CALENDAR, clock_running=False)
    assert (due.kind.value, due.due) == ("publication", date(2026, 10, 30))
    assert deadlines_on_sign(Attribute.WITHHELD, date(2026, 9, 28), CALENDAR, clock_running=False) == []
    assert deadlines_on_sign(Attribute.PROACTIVE, date(2026, 9, 28), CALENDAR, clock_running=True) == []


@pytest.mark.parametrize(
    ("kind", "owes"), [(DocumentKind.POLICY, True), (DocumentKind.NORMATIVE, True), (DocumentKind.NOTICE, False)]
)
def test_publishing_a_policy_or_normative_document_starts_the_3_working_day_interpretation_clock(
    kind: DocumentKind, owes: bool
) -> None:
    deadlines = deadlines_on_publish(kind, date(2026, 10, 9), CALENDAR)
    assert [(d.kind.value, d.due) for d in deadlines] == ([("interpretation", date(2026, 10, 13))] if owes else [])


def test_an_amendment_restarts_the_publication_clock_from_the_change() -> None:
    [due] = deadlines_on_amend(date(2026, 11, 2), CALENDAR)
    assert (due.computed_from, due.due) == (date(2026, 11, 2), date(2026, 11, 30))


def test_a_draft_is_read_from_its_text_and_the_drafters_options_win() -> None:
    read = read_draft(SAMPLE_NOTICE, "通知.txt", title=None, domain=None)
    assert read.title.startswith("重庆市人民政府办公室关于做好2018年义务教育")
    assert (read.doc_number, read.formed_on, read.attribute_mark) == (
        "渝府办发〔2018〕52号",
        date(2018, 4, 28),
        "proactive",
    )
    assert read.subject is SubjectArea.EDUCATION and "教育" in read.subject_matched
    chosen = read_draft(SAMPLE_NOTICE, "通知.txt", title="另拟标题", domain=SubjectArea.HEALTH)
    assert (chosen.title, chosen.subject, chosen.subject_matched) == ("另拟标题", SubjectArea.HEALTH, ())
    assert read_draft("正文一段。", "某文件.txt", title=None, domain=None).title == "某文件"


def test_codes_are_parsed_or_refused_as_bad_input() -> None:
    assert DocumentKind.parse(" Policy ") is DocumentKind.POLICY
    assert InterpretationForm.parse("qa").label == "问答解读"
    with pytest.raises(BadInput, match="未知公文类型"):
        DocumentKind.parse("law")
    with pytest.raises(BadInput, match="未知解读形式"):
        InterpretationForm.parse("poster")


FIRST = (
    "关于做好秋季学校安全工作的通知（征求意见稿）\n\n示政办发〔2026〕12号\n\n正文。\n\n示例市人民政府办公室\n2026年9月1日\n"
)
SECOND = "关于做好秋季学校安全工作的通知\n\n示政办发〔2026〕13号\n\n正文。\n\n示例市人民政府办公室\n2026年9月3日\n"


def test_a_resubmitted_text_brings_its_own_title_and_number_when_they_were_read_from_the_text() -> None:
    before = read_draft(FIRST, "a.txt", title=None, domain=None)
    current = {"title": before.title, "doc_number": before.doc_number, "issuer": before.issuer}
    after = read_draft(SECOND, "b.txt", title=None, domain=None)
    assert metadata_from_new_version(current, before.metadata_read, after) == {
        "title": "关于做好秋季学校安全工作的通知",
        "doc_number": "示政办发〔2026〕13号",
    }


def test_a_title_set_by_hand_stays_when_a_new_version_comes() -> None:
    before = read_draft(FIRST, "a.txt", title=None, domain=None)
    current = {"title": "秋季学校安全工作通知（拟稿人确认）", "doc_number": before.doc_number, "issuer": before.issuer}
    after = read_draft(SECOND, "b.txt", title=None, domain=None)
    assert metadata_from_new_version(current, before.metadata_read, after) == {"doc_number": "示政办发〔2026〕13号"}
