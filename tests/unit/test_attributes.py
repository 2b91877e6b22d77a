"""Disclosure attributes (公开属性) and their legal grounds (条例 Arts. 14–16)."""

import pytest

from policies.attributes import (
    Attribute,
    AttributeDecision,
    LegalGround,
    change_needs_reason,
    check_reply_grounds,
    decide_attribute,
    decide_attribute_change,
    parse_grounds,
)
from policies.errors import BadInput, PolicyRefusal
from policies.roles import Role

G = LegalGround


@pytest.mark.parametrize(
    ("attribute", "code", "label", "mark"),
    [
        (Attribute.PROACTIVE, "proactive", "主动公开", "（此件公开发布）"),
        (Attribute.ON_REQUEST, "on_request", "依申请公开", "（此件依申请公开）"),
        (Attribute.WITHHELD, "withheld", "不予公开", "（此件不予公开）"),
    ],
)
def test_each_attribute_has_its_code_label_and_mark(
    attribute: Attribute, code: str, label: str, mark: str
) -> None:
    assert (attribute.value, attribute.label, attribute.mark) == (code, label, mark)


@pytest.mark.parametrize(
    ("ground", "code", "article", "label"),
    [
        (G.STATE_SECRET, "state_secret", "第十四条", "国家秘密"),
        (G.LAW_PROHIBITED, "law_prohibited", "第十四条", "法律、行政法规禁止公开"),
        (G.SECURITY_STABILITY, "security_stability", "第十四条", "危及“三安全一稳定”"),
        (G.TRADE_SECRET, "trade_secret", "第十五条", "商业秘密"),
        (G.PERSONAL_PRIVACY, "personal_privacy", "第十五条", "个人隐私"),
        (G.INTERNAL_AFFAIRS, "internal_affairs", "第十六条", "内部事务信息"),
        (G.PROCESS_INFO, "process_info", "第十六条", "过程性信息"),
        (G.ENFORCEMENT_FILE, "enforcement_file", "第十六条", "行政执法案卷"),
        (G.ADMINISTRATIVE_QUERY, "administrative_query", "第三十六条", "行政查询事项"),
        (G.OTHER_LAW, "other_law", None, "其他法律法规规定"),
    ],
)
def test_each_ground_has_its_code_article_and_label(
    ground: LegalGround, code: str, article: str | None, label: str
) -> None:
    assert (ground.value, ground.article, ground.label) == (code, article, label)


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("proactive", Attribute.PROACTIVE),
        ("on_request", Attribute.ON_REQUEST),
        ("withheld", Attribute.WITHHELD),
        (" Withheld ", Attribute.WITHHELD),
        ("主动公开", Attribute.PROACTIVE),
    ],
)
def test_an_attribute_is_read_from_its_code_or_its_chinese_term(text: str, attribute: Attribute) -> None:
    assert Attribute.parse(text) is attribute


@pytest.mark.parametrize("text", ["", "public", "公开", "on-request"])
def test_parse_attribute_refuses_an_unknown_code_and_lists_the_choices(text: str) -> None:
    with pytest.raises(BadInput) as refused:
        Attribute.parse(text)
    assert str(refused.value) == f"未知公开属性 '{text}'：可选 proactive、on_request、withheld"


@pytest.mark.parametrize(
    ("codes", "grounds"),
    [
        ([], ()),
        (["state_secret"], (G.STATE_SECRET,)),
        (["process_info", "personal_privacy"], (G.PROCESS_INFO, G.PERSONAL_PRIVACY)),
        (["process_info", "personal_privacy", "process_info"], (G.PROCESS_INFO, G.PERSONAL_PRIVACY)),
        ([" other_law "], (G.OTHER_LAW,)),
    ],
)
def test_parse_grounds_keeps_each_code_once_in_order(codes: list[str], grounds: tuple[LegalGround, ...]) -> None:
    assert parse_grounds(codes) == grounds


@pytest.mark.parametrize("bad", ["secret", "", "第十四条", "state-secret"])
def test_parse_grounds_names_the_unknown_code_and_the_valid_ones(bad: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_grounds(["trade_secret", bad])
    message = str(refused.value)
    assert f"未知理由代码 '{bad}'" in message
    assert all(ground.value in message for ground in LegalGround)


@pytest.mark.parametrize(
    ("attribute", "grounds", "reason", "decision"),
    [
        (Attribute.PROACTIVE, [], None, AttributeDecision(Attribute.PROACTIVE, (), None)),
        (Attribute.PROACTIVE, [], "  ", AttributeDecision(Attribute.PROACTIVE, (), None)),
        (
            Attribute.ON_REQUEST,
            [G.PERSONAL_PRIVACY],
            None,
            AttributeDecision(Attribute.ON_REQUEST, (G.PERSONAL_PRIVACY,), None),
        ),
        (
            Attribute.WITHHELD,
            [G.PROCESS_INFO, G.INTERNAL_AFFAIRS, G.PROCESS_INFO],
            " 内部请示 ",
            AttributeDecision(Attribute.WITHHELD, (G.PROCESS_INFO, G.INTERNAL_AFFAIRS), "内部请示"),
        ),
        (
            Attribute.WITHHELD,
            [G.OTHER_LAW],
            "《中华人民共和国档案法》第二十八条",
            AttributeDecision(Attribute.WITHHELD, (G.OTHER_LAW,), "《中华人民共和国档案法》第二十八条"),
        ),
    ],
)
def test_decide_attribute_accepts_a_well_founded_attribute(
    attribute: Attribute, grounds: list[LegalGround], reason: str | None, decision: AttributeDecision
) -> None:
    assert decide_attribute(attribute, grounds, reason) == decision


@pytest.mark.parametrize(
    ("attribute", "grounds", "reason", "why"),
    [
        (Attribute.PROACTIVE, [G.STATE_SECRET], None, "主动公开的公文不附不予公开的法律依据（收到：国家秘密）"),
        (Attribute.ON_REQUEST, [], "涉及个人信息", "依申请公开须说明法律依据：请至少选择一项"),
        (Attribute.WITHHELD, [], None, "不予公开须说明法律依据：请至少选择一项"),
        (Attribute.WITHHELD, [G.ADMINISTRATIVE_QUERY], "查询", "只适用于依申请公开的答复"),
        (Attribute.ON_REQUEST, [G.PERSONAL_PRIVACY, G.ADMINISTRATIVE_QUERY], None, "“行政查询事项”（条例第三十六条）"),
        (Attribute.WITHHELD, [G.OTHER_LAW], None, "选择“其他法律法规规定”的，须在理由中写明"),
        (Attribute.ON_REQUEST, [G.TRADE_SECRET, G.OTHER_LAW], "  ", "须在理由中写明所依据的法律法规"),
    ],
)
def test_decide_attribute_refuses_an_attribute_without_proper_grounds(
    attribute: Attribute, grounds: list[LegalGround], reason: str | None, why: str
) -> None:
    with pytest.raises(PolicyRefusal) as refused:
        decide_attribute(attribute, grounds, reason)
    assert why in str(refused.value)


def test_a_reply_may_cite_administrative_query() -> None:
    assert check_reply_grounds([G.ADMINISTRATIVE_QUERY, G.ADMINISTRATIVE_QUERY], None) == (G.ADMINISTRATIVE_QUERY,)


@pytest.mark.parametrize(
    ("grounds", "reason", "why"),
    [
        ([], "不予公开", "不予公开的答复须说明法律依据"),
        ([G.OTHER_LAW], None, "须在理由中写明所依据的法律法规"),
    ],
)
def test_a_withholding_reply_needs_proper_grounds(grounds: list[LegalGround], reason: str | None, why: str) -> None:
    with pytest.raises(PolicyRefusal, match=why):
        check_reply_grounds(grounds, reason)


PROACTIVE = AttributeDecision(Attribute.PROACTIVE, (), None)
WITHHELD = AttributeDecision(Attribute.WITHHELD, (G.PROCESS_INFO,), None)
WITHHELD_EXPLAINED = AttributeDecision(Attribute.WITHHELD, (G.PROCESS_INFO,), "属于内部请示，尚未定稿")
WITHHELD_OTHER_GROUND = AttributeDecision(Attribute.WITHHELD, (G.INTERNAL_AFFAIRS,), None)


@pytest.mark.parametrize(
    ("current", "new", "role", "needs_reason"),
    [
        (PROACTIVE, WITHHELD, Role.REVIEWER, True),
        (PROACTIVE, WITHHELD, Role.SIGNER, True),
        (WITHHELD, PROACTIVE, Role.REVIEWER, True),
        (PROACTIVE, WITHHELD, Role.DRAFTER, False),
        (None, WITHHELD, Role.REVIEWER, False),
        (WITHHELD, WITHHELD_OTHER_GROUND, Role.REVIEWER, False),
        (PROACTIVE, PROACTIVE, Role.SIGNER, False),
    ],
)
def test_a_reviewer_or_signer_who_changes_the_attribute_must_say_why(
    current: AttributeDecision | None, new: AttributeDecision, role: Role, needs_reason: bool
) -> None:
    assert change_needs_reason(current, new, by_role=role) is needs_reason


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.SIGNER])
def test_reviewer_or_signer_cannot_change_the_attribute_without_a_reason(role: Role) -> None:
    with pytest.raises(PolicyRefusal) as refused:
        decide_attribute_change(PROACTIVE, WITHHELD, by_role=role)
    assert str(refused.value) == f"{role.label}将公开属性由“主动公开”改为“不予公开”，须说明理由"


def test_reviewer_changes_the_attribute_with_a_reason() -> None:
    assert decide_attribute_change(PROACTIVE, WITHHELD_EXPLAINED, by_role=Role.REVIEWER) == WITHHELD_EXPLAINED


def test_drafter_changes_own_attribute_without_a_reason() -> None:
    assert decide_attribute_change(PROACTIVE, WITHHELD, by_role=Role.DRAFTER) == WITHHELD


def test_reviewer_setting_the_first_attribute_needs_no_reason() -> None:
    assert decide_attribute_change(None, WITHHELD, by_role=Role.REVIEWER) == WITHHELD
