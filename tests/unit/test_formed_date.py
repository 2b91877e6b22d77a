"""成文日期 against the text: the sign date is the formation date; a date line that differs is said and resolved."""

from datetime import date

import pytest

from policies.attributes import Attribute
from policies.calendar import china_calendar
from policies.document_steps import FindingsReview, Standing, publication, sign_off
from policies.errors import BadInput
from policies.findings import Finding, FindingKind
from policies.formed_date import (
    FormedDateCheck,
    FormedDateResolutions,
    decide_formed_date_resolutions,
    formed_date_mismatch,
    public_date_note,
    text_formed_on,
)
from policies.issuance import DocumentKind, decide_justification, finding_key, is_real_reason
from policies.lifecycle import State
from policies.roles import Role

CALENDAR = china_calendar()
SIGNED_ON = date(2026, 9, 11)
TEXT = "关于某事的通知\n\n　　请于2026年9月10日前报送。\n\n示例市人民政府办公室\n2026年9月10日\n（此件公开发布）"
REASON = "正文落款日期为印发前拟定日期，以签发日期为成文日期"


def standing(state: State, role: Role) -> Standing:
    return Standing(
        state=state, attribute=Attribute.PROACTIVE, kind=DocumentKind.NOTICE, formed_on=None, index_no=None,
        text_fields={}, current_version=1, open_deadlines={}, actor="某人", role=role, is_drafter=False,
    )  # fmt: skip


def mismatch() -> Finding:
    found = formed_date_mismatch(TEXT, date(2026, 9, 10), SIGNED_ON)
    assert found is not None
    return found


def test_a_date_line_unlike_the_sign_date_is_a_finding_on_the_signature_blocks_date() -> None:
    found = mismatch()
    assert (found.kind, found.text) == (FindingKind.FORMED_DATE_MISMATCH, "2026年9月10日")
    assert found.severity == "formed_date"
    assert TEXT[found.start : found.end] == "2026年9月10日" and found.start == TEXT.rindex("2026年9月10日")
    assert not found.is_personal_data


@pytest.mark.parametrize("in_text", [SIGNED_ON, None])
def test_a_date_line_equal_to_the_sign_date_or_none_at_all_is_no_finding(in_text: date | None) -> None:
    assert formed_date_mismatch(TEXT, in_text, SIGNED_ON) is None


def test_signing_leaves_the_finding_and_records_both_dates() -> None:
    change = sign_off(standing(State.APPROVED, Role.SIGNER), SIGNED_ON, CALENDAR, text=TEXT, in_text=date(2026, 9, 10))
    assert change.fields == {"formed_on": SIGNED_ON}
    assert change.payload == {"formed_on": SIGNED_ON, "formed_on_in_text": date(2026, 9, 10)}
    assert change.findings_added == (mismatch(),)


def test_signing_a_text_whose_date_line_agrees_adds_nothing() -> None:
    change = sign_off(standing(State.APPROVED, Role.SIGNER), SIGNED_ON, CALENDAR, text=TEXT, in_text=SIGNED_ON)
    assert change.findings_added == () and change.payload == {"formed_on": SIGNED_ON}


def test_publication_is_not_held_up_by_an_unexplained_mismatch_but_records_it() -> None:
    review = FindingsReview((mismatch(),), frozenset(), {})
    change, _ = publication(standing(State.SIGNED, Role.REVIEWER), date(2026, 9, 14), CALENDAR, review)
    assert change.state is State.PUBLISHED and change.resolutions == ()
    assert change.payload["formed_date_unexplained"] == [1]


def test_publication_with_a_reason_resolves_the_mismatch_as_justified() -> None:
    review = FindingsReview((mismatch(),), frozenset(), {1: f" {REASON} "})
    change, _ = publication(standing(State.SIGNED, Role.REVIEWER), date(2026, 9, 14), CALENDAR, review)
    (resolution,) = change.resolutions
    assert (resolution.key, resolution.resolution, resolution.reason) == (finding_key(mismatch()), "justified", REASON)
    assert change.payload["justified"] == {1: f" {REASON} "} and "formed_date_unexplained" not in change.payload


def test_a_mismatch_resolved_before_needs_no_new_reason() -> None:
    decided = decide_formed_date_resolutions((mismatch(),), {finding_key(mismatch())}, {})
    assert decided == FormedDateResolutions(justified=frozenset(), unexplained=())


def test_the_public_page_notes_which_date_is_the_formation_date_only_when_they_differ() -> None:
    assert public_date_note(date(2026, 9, 10), SIGNED_ON) == (
        "注：本件成文日期以签发日期2026年9月11日为准，正文落款日期2026年9月10日有误。"
    )
    assert public_date_note(SIGNED_ON, SIGNED_ON) is None and public_date_note(None, SIGNED_ON) is None


@pytest.mark.parametrize(
    ("justifications", "message"),
    [
        ({2: REASON}, "没有第2项"),
        ({1: "x"}, "不是一句说明"),
        ({1: "同意"}, "不是一句说明"),
    ],
)
def test_a_bad_publication_reason_is_refused_as_bad_input(justifications: dict[int, str], message: str) -> None:
    with pytest.raises(BadInput, match=message):
        decide_formed_date_resolutions((mismatch(),), set(), justifications)


def test_a_personal_data_finding_is_not_explained_at_publication() -> None:
    phone = Finding(FindingKind.MOBILE, "13983012345", 0, 11, "手机号码", "personal_data")
    with pytest.raises(BadInput, match="不是成文日期与正文不一致"):
        decide_formed_date_resolutions((phone,), set(), {1: REASON})


def test_the_signer_is_told_both_dates_before_signing_and_after() -> None:
    before = FormedDateCheck(date(2026, 9, 10), SIGNED_ON, signed=False)
    after = FormedDateCheck(date(2026, 9, 10), SIGNED_ON, signed=True)
    assert before.differs and before.explanation() == (
        "正文落款日期为2026年9月10日，今日签发则成文日期为2026年9月11日，二者不一致：以签发日为准，正文须更正或在发布时说明"
    )
    assert "成文日期为签发日2026年9月11日" in after.explanation()
    assert not FormedDateCheck(SIGNED_ON, SIGNED_ON, signed=True).differs
    assert FormedDateCheck(None, SIGNED_ON, signed=False).explanation() == "正文未写落款日期：成文日期以签发日为准"


@pytest.mark.parametrize(
    ("read", "day"), [({"formed_on": "2026-09-10"}, date(2026, 9, 10)), ({"formed_on": None}, None), ({}, None),
                      ({"formed_on": "not a date"}, None)],
)  # fmt: skip
def test_the_date_read_with_a_version_comes_back_as_a_date(read: dict[str, object], day: date | None) -> None:
    assert text_formed_on(read) == day


# --- reasons are real sentences -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "real"),
    [
        ("权利人书面同意公开", True),
        ("公示期内依法公开", True),
        ("x", False),
        ("无", False),
        ("同意公开", False),
        ("无无无无无无", False),
        ("xxxxxxxxxxxxxxxx", False),
        ("  ", False),
    ],
)
def test_a_reason_is_a_real_sentence(reason: str, real: bool) -> None:
    assert is_real_reason(reason) is real


def test_keeping_personal_data_for_x_is_refused_with_a_one_line_chinese_message_as_bad_input() -> None:
    phone = Finding(FindingKind.MOBILE, "13983012345", 0, 11, "手机号码", "personal_data")
    with pytest.raises(BadInput) as refused:
        decide_justification([phone], 1, "x")
    assert str(refused.value) == (
        "第1项的理由“x”不是一句说明：请用至少 5 个汉字写明为何可以公开（如：权利人已书面同意公开）"
    )
    assert refused.value.exit_code == 2
