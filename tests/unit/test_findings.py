"""The confidentiality pre-check: personal data, secrecy marks and internal marks, with no false alarms."""

import itertools
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from policies.errors import BadInput
from policies.findings import (
    Finding,
    FindingKind,
    find_sensitive,
    is_id_number,
    is_id_shaped,
    is_official_email,
    is_suspected_id_number,
    luhn_valid,
    official_domain,
    redact,
)
from tests.fixtures_docs import (
    ID_CHECK_CHARS,
    ID_WEIGHTS,
    SAMPLE_BANK_CARD,
    SAMPLE_ID_NUMBER,
    SAMPLE_MOBILE,
    SAMPLE_NOTICE,
    SAMPLE_PERSONAL_DATA,
    SAMPLE_SECRET,
    make_id_number,
    make_luhn_number,
)

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def with_check_character(first_17: str) -> str:
    """Any 17 digits completed with their GB 11643 check character, whatever date they hold."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, ID_WEIGHTS, strict=True))
    return first_17 + ID_CHECK_CHARS[total % 11]


def id_ending_in_x() -> str:
    """A valid ID number whose check character is X."""
    return next(
        number
        for sequence in range(1000)
        if (number := make_id_number("440305", date(1978, 11, 2), f"{sequence:03d}")).endswith("X")
    )


def wrong_check(number: str) -> str:
    """The same number with a check character that does not fit."""
    return number[:17] + next(char for char in "0123456789X" if char != number[17])


def luhn_invalid(number: str) -> str:
    """The same number with its last digit changed so that the Luhn check fails."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def grouped(digits: str, separator: str = " ") -> str:
    """Digits written in groups of four."""
    return separator.join(digits[start : start + 4] for start in range(0, len(digits), 4))


TODAY = date(2026, 12, 2)
ID_NUMBER = make_id_number("500103", date(1985, 6, 15), "123")
ID_WITH_X = id_ending_in_x()
CHILD_ID = make_id_number("500112", date(2020, 2, 29), "046")
HONG_KONG_RESIDENT_ID = make_id_number("810000", date(1990, 1, 1), "101")
UNIONPAY_19 = make_luhn_number("622848", 19, seed=7)
VISA_16 = make_luhn_number("4", 16, seed=3)
UNIONPAY_16 = make_luhn_number("622202", 16, seed=5)

POSITIVES = [
    (f"身份证号：{ID_NUMBER}", FindingKind.ID_CARD, ID_NUMBER),
    (f"身份证号{wrong_check(ID_NUMBER)}", FindingKind.ID_CARD_SUSPECT, wrong_check(ID_NUMBER)),
    (f"公民身份号码{ID_WITH_X}。", FindingKind.ID_CARD, ID_WITH_X),
    (f"证件号{ID_WITH_X.lower()}", FindingKind.ID_CARD, ID_WITH_X.lower()),
    (f"身份证：{ID_NUMBER.translate(FULL_WIDTH)}", FindingKind.ID_CARD, ID_NUMBER.translate(FULL_WIDTH)),
    (f"王某某{ID_NUMBER}男", FindingKind.ID_CARD, ID_NUMBER),
    (f"（{CHILD_ID}）", FindingKind.ID_CARD, CHILD_ID),
    (f"港澳居民居住证{HONG_KONG_RESIDENT_ID}", FindingKind.ID_CARD, HONG_KONG_RESIDENT_ID),
    ("联系电话13983012345", FindingKind.MOBILE, "13983012345"),
    ("手机：139-8301-2345", FindingKind.MOBILE, "139-8301-2345"),
    ("手机 139 8301 2345 联系", FindingKind.MOBILE, "139 8301 2345"),
    ("电话+86 13983012345", FindingKind.MOBILE, "+86 13983012345"),
    ("电话+86-139-8301-2345", FindingKind.MOBILE, "+86-139-8301-2345"),
    ("电话8613983012345", FindingKind.MOBILE, "8613983012345"),
    ("号码19912345678。", FindingKind.MOBILE, "19912345678"),
    ("手机１３９８３０１２３４５", FindingKind.MOBILE, "１３９８３０１２３４５"),
    (f"银行卡号{UNIONPAY_19}", FindingKind.BANK_CARD, UNIONPAY_19),
    (f"卡号：{VISA_16}，", FindingKind.BANK_CARD, VISA_16),
    (f"账号 {grouped(UNIONPAY_19)} 开户行", FindingKind.BANK_CARD, grouped(UNIONPAY_19)),
    (f"账号{grouped(UNIONPAY_16, '-')}", FindingKind.BANK_CARD, grouped(UNIONPAY_16, "-")),
    ("邮箱zhangsan@example.com", FindingKind.EMAIL, "zhangsan@example.com"),
    ("li.si+gk@mail.cq.example.cn", FindingKind.EMAIL, "li.si+gk@mail.cq.example.cn"),
    ("请发送至abc_123@163.com。", FindingKind.EMAIL, "abc_123@163.com"),
    ("机密★1年\n重庆市应急管理局文件", FindingKind.SECRET_MARK, "机密★1年"),
    ("秘密★长期", FindingKind.SECRET_MARK, "秘密★长期"),
    ("绝密★启用前\n2018年普通高等学校招生全国统一考试", FindingKind.SECRET_MARK, "绝密★启用前"),
    ("绝密\n关于某事的报告", FindingKind.SECRET_MARK, "绝密"),
    ("正文\n秘密\n", FindingKind.SECRET_MARK, "秘密"),
    ("000128　机密★5年", FindingKind.SECRET_MARK, "机密★5年"),
    ("密级：秘密", FindingKind.SECRET_MARK, "秘密"),
    ("【机密】", FindingKind.SECRET_MARK, "机密"),
    ("秘密 ★ 6个月", FindingKind.SECRET_MARK, "秘密 ★ 6个月"),
    ("机密　2年\n特急", FindingKind.SECRET_MARK, "机密　2年"),
    ("机密★十年", FindingKind.SECRET_MARK, "机密★十年"),
    ("征求意见稿\n重庆市政务公开工作规定", FindingKind.INTERNAL_MARK, "征求意见稿"),
    ("重庆市政务公开工作规定（征求意见稿）", FindingKind.INTERNAL_MARK, "征求意见稿"),
    ("（讨论稿）", FindingKind.INTERNAL_MARK, "讨论稿"),
    ("送审稿", FindingKind.INTERNAL_MARK, "送审稿"),
    ("内部资料　注意保存", FindingKind.INTERNAL_MARK, "内部资料"),
    ("内部资料，注意保存", FindingKind.INTERNAL_MARK, "内部资料"),
    ("本材料仅供内部参考，不得外传。", FindingKind.INTERNAL_MARK, "不得外传"),
    ("内部传阅", FindingKind.INTERNAL_MARK, "内部传阅"),
    ("现将有关事项通知如下。内部资料，注意保存。", FindingKind.INTERNAL_MARK, "内部资料"),
    ("标注：内部资料", FindingKind.INTERNAL_MARK, "内部资料"),
    ("【内部文件】", FindingKind.INTERNAL_MARK, "内部文件"),
]


@pytest.mark.parametrize(("text", "kind", "found"), POSITIVES)
def test_finds_personal_data_and_marks(text: str, kind: FindingKind, found: str) -> None:
    findings = find_sensitive(text, today=TODAY)
    assert [(finding.kind, finding.text) for finding in findings][:1] == [(kind, found)]
    assert text[findings[0].start : findings[0].end] == found


def test_both_internal_marks_of_a_sentence_are_found() -> None:
    text = "现将有关事项通知如下。内部资料，注意保存。联系人：王芳"
    marks = [f.text for f in find_sensitive(text, today=TODAY) if f.kind is FindingKind.INTERNAL_MARK]
    assert marks == ["内部资料", "注意保存"]


NEGATIVES = [
    "渝府办发〔2018〕52号",
    "索引号：11500000MB1234567X/2018-00123",
    "索引号：000014349/2018-00123",
    "索引号：115000000000000000/2018-00123",
    "统一社会信用代码：91500000MA5U123456",
    "成文日期：2018年4月28日",
    "发布日期：2018-04-28 14:30",
    "20180428",
    "咨询电话：023-63891234",
    "电话：(010)12345678",
    "电话：（023）63891234",
    "电话：023 6389 1234",
    "市民服务热线12345，消费者投诉12315，报警110，火警119，急救120",
    "邮编：400015",
    "涉及国家秘密的汛情信息，严格按照保密规定报送",
    "不得泄露商业秘密和个人隐私",
    "全体工作人员要保守秘密",
    "信息的秘密性和完整性",
    "国家秘密、工作秘密和商业秘密",
    "国家秘密的密级分为绝密、机密、秘密三级",
    "加强机密文件管理，确保机密性",
    "对标注“秘密★1年”字样的文件，不得公开",
    "关于公开征求《重庆市政务公开工作规定（征求意见稿）》意见的公告",
    "起草过程中形成的讨论稿、征求意见稿和送审稿属于过程性信息",
    "不得将内部资料对外提供",
    "上述工作已完成。内部资料汇编另行印发。",
    f"编号{with_check_character('50010319900230123')}",
    f"编号{with_check_character('50010318500101123')}",
    f"编号{with_check_character('50010320350101123')}",
    f"编号{with_check_character('00010319850615123')}",
    f"流水号{make_id_number('110101', date(1990, 3, 7), '123')}7",
    "139830123456",
    "1398301234",
    "12345678901",
    f"卡号{luhn_invalid(UNIONPAY_19)}",
    f"订单号{make_luhn_number('2018', 16, seed=9)}",
    f"合同编号HT{UNIONPAY_19}",
    "ISBN 978-7-01-012345-6",
    "救助金额3000元，合计1,234,567.89元",
    "网址：http://www.cq.gov.cn/zwgk",
    "转发@重庆发布",
    "政务公开信箱：zwgk@jiangzhou.gov.cn",
    "举报邮箱 JUBAO@Mail.CQ.GOV.CN。",
    "（此件公开发布）",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_raises_no_false_alarm(text: str) -> None:
    assert find_sensitive(text, today=TODAY) == []


def test_a_clean_notice_full_of_numbers_dates_and_phones_has_no_findings() -> None:
    assert find_sensitive(SAMPLE_NOTICE, today=TODAY) == []


def test_the_personal_data_sample_has_one_finding_of_each_personal_kind_in_order() -> None:
    findings = find_sensitive(SAMPLE_PERSONAL_DATA, today=TODAY)
    assert [(finding.kind, finding.text) for finding in findings] == [
        (FindingKind.ID_CARD, SAMPLE_ID_NUMBER),
        (FindingKind.MOBILE, SAMPLE_MOBILE),
        (FindingKind.BANK_CARD, SAMPLE_BANK_CARD),
        (FindingKind.EMAIL, "wangmoumou@example.com"),
    ]
    assert all(SAMPLE_PERSONAL_DATA[f.start : f.end] == f.text for f in findings)


def test_the_secret_sample_has_its_mark_found_but_not_its_prose_about_state_secrets() -> None:
    findings = find_sensitive(SAMPLE_SECRET, today=TODAY)
    assert [(finding.kind, finding.text, finding.start) for finding in findings] == [
        (FindingKind.SECRET_MARK, "机密★1年", 0)
    ]


def test_a_valid_id_number_is_reported_once_as_an_id_even_when_luhn_valid() -> None:
    numbers = (make_id_number("370102", date(1970, 1, 1), f"{sequence:03d}") for sequence in range(1000))
    number = next(n for n in numbers if n[-1] != "X" and luhn_valid(n))
    assert [finding.kind for finding in find_sensitive(number, today=TODAY)] == [FindingKind.ID_CARD]


def test_the_latest_plausible_birth_year_is_the_year_of_the_day_given_not_a_constant() -> None:
    born_2035 = make_id_number("500103", date(2035, 1, 1), "123")
    assert find_sensitive(born_2035, today=TODAY) == []
    assert [f.kind for f in find_sensitive(born_2035, today=date(2035, 6, 1))] == [FindingKind.ID_CARD]
    assert [f.kind for f in find_sensitive(born_2035, today=date(2040, 1, 1))] == [FindingKind.ID_CARD]


def test_a_child_born_after_2026_is_found_once_that_year_has_come() -> None:
    born_2027 = make_id_number("500103", date(2027, 3, 1), "123")
    assert find_sensitive(born_2027, today=date(2026, 12, 31)) == []
    assert [f.kind for f in find_sensitive(born_2027, today=date(2027, 3, 2))] == [FindingKind.ID_CARD]


def test_a_finding_comes_back_from_its_stored_form_unchanged() -> None:
    (finding,) = find_sensitive(f"身份证{ID_NUMBER}", today=TODAY)
    assert Finding.from_dict(finding.to_dict()) == finding


def test_findings_carry_a_chinese_label_and_a_severity() -> None:
    findings = find_sensitive(f"机密★1年\n讨论稿\n{ID_NUMBER}", today=TODAY)
    assert [(finding.label, finding.severity) for finding in findings] == [
        ("密级标志", "secret"),
        ("内部或过程稿标志", "internal"),
        ("居民身份证号", "personal_data"),
    ]


def test_a_finding_serialises_with_the_contract_keys() -> None:
    (finding,) = find_sensitive("电话13983012345", today=TODAY)
    assert finding.to_dict() == {
        "kind": "mobile",
        "text": "13983012345",
        "start": 2,
        "end": 13,
        "label": "手机号码",
        "severity": "personal_data",
    }


# --- redaction --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (f"身份证号{ID_NUMBER}", f"身份证号{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"),
        (f"证件号{ID_WITH_X}", f"证件号{ID_WITH_X[:6]}********{ID_WITH_X[-4:]}"),
        ("电话13983012345", "电话139****2345"),
        ("电话+86 139-8301-2345", "电话+86 139-****-2345"),
        ("邮箱zhangsan@example.com", "邮箱z*******@example.com"),
        (f"卡号{VISA_16}", f"卡号{VISA_16[:6]}******{VISA_16[-4:]}"),
        (
            f"卡号{grouped(UNIONPAY_19)}",
            f"卡号{UNIONPAY_19[:4]} {UNIONPAY_19[4:6]}** **** ***{UNIONPAY_19[15]} {UNIONPAY_19[16:]}",
        ),
    ],
)
def test_redaction_masks_the_middle_and_keeps_the_length(text: str, redacted: str) -> None:
    assert redact(text, find_sensitive(text, today=TODAY)) == redacted


def test_redaction_leaves_marks_alone() -> None:
    text = f"机密★1年\n{ID_NUMBER}"
    assert redact(text, find_sensitive(text, today=TODAY)) == f"机密★1年\n{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"


def test_a_redacted_sample_has_no_personal_data_left() -> None:
    redacted = redact(SAMPLE_PERSONAL_DATA, find_sensitive(SAMPLE_PERSONAL_DATA, today=TODAY))
    assert len(redacted) == len(SAMPLE_PERSONAL_DATA)
    assert find_sensitive(redacted, today=TODAY) == []


# --- properties -------------------------------------------------------------------------------------------------

PROVINCES = ["11", "31", "44", "50", "51", "65", "81"]


@given(
    province=st.sampled_from(PROVINCES),
    rest=st.from_regex(r"[0-9]{4}", fullmatch=True),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31)),
    sequence=st.from_regex(r"[0-9]{3}", fullmatch=True),
)
def test_every_valid_id_number_inside_chinese_text_is_found(
    province: str, rest: str, born: date, sequence: str
) -> None:
    number = make_id_number(province + rest, born, sequence)
    text = f"申请人身份证号{number}，住址重庆市"
    assert [(f.kind, f.text, f.start) for f in find_sensitive(text, today=TODAY)] == [(FindingKind.ID_CARD, number, 7)]
    assert is_id_number(number, TODAY.year)
    assert not is_id_number(wrong_check(number), TODAY.year)


@given(length=st.integers(min_value=16, max_value=19), seed=st.integers(min_value=0, max_value=10_000))
def test_every_luhn_valid_unionpay_number_is_found(length: int, seed: int) -> None:
    number = make_luhn_number("62", length, seed=seed)
    assume(not is_id_shaped(number))
    assert [(f.kind, f.text) for f in find_sensitive(f"卡号{number}。", today=TODAY)] == [
        (FindingKind.BANK_CARD, number)
    ]
    assert [f.kind for f in find_sensitive(f"卡号{luhn_invalid(number)}。", today=TODAY)] == []


@given(st.text())
def test_findings_are_sorted_non_overlapping_and_point_at_their_text(text: str) -> None:
    findings = find_sensitive(text, today=TODAY)
    assert all(text[f.start : f.end] == f.text and f.start < f.end for f in findings)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert len(redact(text, findings)) == len(text)


@given(st.lists(st.sampled_from(["1", "3", "9", "6", "X", " ", "-", "+86", "★", "机密", "秘密", "\n", "：", "@a.cn"])))
def test_number_like_noise_never_breaks_the_check(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert all(text[f.start : f.end] == f.text for f in find_sensitive(text, today=TODAY))


def test_a_number_built_like_an_id_is_never_taken_for_a_card_even_with_an_implausible_year() -> None:
    number = "624717186501316648"  # Luhn valid, and a well-formed ID number of someone "born" in 1865
    assert is_id_shaped(number) and not is_id_number(number, TODAY.year)
    assert find_sensitive(f"卡号{number}。", today=TODAY) == []


# --- suspected ID numbers ------------------------------------------------------------------------------------------


def test_a_wrong_check_digit_on_a_real_region_and_birth_date_is_a_suspected_id_number() -> None:
    suspect = wrong_check(make_id_number("440305", date(1988, 2, 29), "417"))
    (finding,) = find_sensitive(f"身份证号：{suspect}", today=TODAY)
    assert (finding.kind, finding.text, finding.severity) == (FindingKind.ID_CARD_SUSPECT, suspect, "personal_data")
    assert finding.label == "疑似居民身份证号（校验位不符）" and finding.is_personal_data


def test_a_valid_id_number_stays_an_id_card_and_is_never_also_a_suspect() -> None:
    assert [f.kind for f in find_sensitive(ID_NUMBER, today=TODAY)] == [FindingKind.ID_CARD]
    assert not is_suspected_id_number(ID_NUMBER, TODAY.year)


@pytest.mark.parametrize(
    "number",
    [
        wrong_check(make_id_number("200305", date(1988, 3, 1), "417")),  # no such province
        "440305198802304175",  # 30 February
        wrong_check(make_id_number("440305", date(2035, 1, 1), "417")),  # born after today
        "440305179912314175",  # born before 1800: not built like an ID number at all
    ],
)
def test_a_wrong_check_digit_without_a_real_region_or_birth_date_is_no_suspect(number: str) -> None:
    assert not is_suspected_id_number(number, TODAY.year)
    assert FindingKind.ID_CARD_SUSPECT not in {f.kind for f in find_sensitive(number, today=TODAY)}


def test_a_suspected_id_number_is_masked_like_a_real_one() -> None:
    suspect = wrong_check(ID_NUMBER)
    assert redact(suspect, find_sensitive(suspect, today=TODAY)) == f"{suspect[:6]}********{suspect[-4:]}"


def test_a_luhn_valid_card_number_shaped_like_an_id_with_a_wrong_check_is_a_bank_card() -> None:
    numbers = (make_id_number("622305", date(1990, 1, 1), f"{sequence:03d}") for sequence in range(1000))
    card = next(
        candidate
        for candidate in (wrong_check(n) for n in numbers)
        if luhn_valid(candidate) and candidate[-1] != "X"
    )
    assert [f.kind for f in find_sensitive(card, today=TODAY)] == [FindingKind.BANK_CARD]


# --- official e-mail domains ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "domains", "official"),
    [
        ("zwgk@jiangzhou.gov.cn", (), True),
        ("xinfang@gov.cn", (), True),
        ("jubao@jiangzhou.cn", ("jiangzhou.cn",), True),
        ("jubao@mail.jiangzhou.cn", ("jiangzhou.cn",), True),
        ("jubao@jiangzhou.cn", (), False),
        ("someone@notgov.cn", (), False),
        ("someone@gov.cn.example.com", (), False),
        ("someone@jiangzhou.cn.example.com", ("jiangzhou.cn",), False),
        ("someone@163.com", ("jiangzhou.cn",), False),
    ],
)
def test_government_and_the_organisations_own_domains_are_official(
    address: str, domains: tuple[str, ...], official: bool
) -> None:
    assert is_official_email(address, domains) is official


def test_an_address_on_an_official_domain_is_not_personal_data_but_a_private_one_still_is() -> None:
    text = "来信请寄 jubao@jiangzhou.cn 或 zhangsan@163.com"
    assert [f.text for f in find_sensitive(text, today=TODAY)] == ["jubao@jiangzhou.cn", "zhangsan@163.com"]
    assert [f.text for f in find_sensitive(text, today=TODAY, official_domains=("jiangzhou.cn",))] == [
        "zhangsan@163.com"
    ]


@pytest.mark.parametrize(
    ("raw", "domain"), [("jiangzhou.cn", "jiangzhou.cn"), (" @Mail.JiangZhou.CN ", "mail.jiangzhou.cn")]
)
def test_an_official_domain_is_kept_in_lower_case_without_its_at_sign(raw: str, domain: str) -> None:
    assert official_domain(raw) == domain


@pytest.mark.parametrize("raw", ["", "jiangzhou", "jiang zhou.cn", "a@b.cn", "-x.cn", "江州.cn"])
def test_a_malformed_official_domain_is_refused_in_one_line(raw: str) -> None:
    with pytest.raises(BadInput, match="官方邮箱域名") as refused:
        official_domain(raw)
    assert "\n" not in str(refused.value)
