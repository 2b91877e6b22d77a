"""Roles and user names."""

import pytest

from policies.errors import BadInput
from policies.roles import Role, validate_user_name


@pytest.mark.parametrize(
    ("role", "label"),
    [
        (Role.DRAFTER, "拟稿人"),
        (Role.REVIEWER, "政务公开审查员"),
        (Role.SIGNER, "签发人"),
        (Role.SUPERVISOR, "督查人员"),
        (Role.ADMIN, "系统管理员"),
    ],
)
def test_every_role_has_a_chinese_label(role: Role, label: str) -> None:
    assert role.label == label


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("drafter", Role.DRAFTER),
        ("reviewer", Role.REVIEWER),
        ("signer", Role.SIGNER),
        ("supervisor", Role.SUPERVISOR),
        ("admin", Role.ADMIN),
        ("  reviewer\n", Role.REVIEWER),
        ("Signer", Role.SIGNER),
        ("拟稿人", Role.DRAFTER),
    ],
)
def test_a_role_is_read_from_its_code_or_its_chinese_name(text: str, role: Role) -> None:
    assert Role.parse(text) is role


@pytest.mark.parametrize("text", ["", "boss", "审查员", "draft", "admins", "review er"])
def test_parse_role_refuses_an_unknown_role_and_lists_the_choices(text: str) -> None:
    with pytest.raises(BadInput) as refused:
        Role.parse(text)
    assert str(refused.value) == f"未知角色 '{text}'：可选 drafter、reviewer、signer、supervisor、admin"


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("张三", "张三"),
        ("欧阳娜娜", "欧阳娜娜"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("  王五 ", "王五"),
        ("李四2", "李四2"),
        ("zhang.san", "zhang.san"),
        ("li_si-2", "li_si-2"),
        ("Admin", "Admin"),
        ("a", "a"),
        ("𠀀一", "𠀀一"),
        ("a" * 64, "a" * 64),
        ("赵" * 64, "赵" * 64),
    ],
)
def test_chinese_names_and_ascii_logins_are_accepted(name: str, kept: str) -> None:
    assert validate_user_name(name) == kept


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("\t\n", "不能为空"),
        ("a" * 65, "过长"),
        ("赵" * 65, "过长"),
        ("zhang\x00san", "控制字符"),
        ("zhang\tsan", "控制字符"),
        ("张\u200b三", "不可见字符"),
        ("...", "只由标点符号"),
        ("·", "只由标点符号"),
        ("-_-", "只由标点符号"),
        ("！？", "只由标点符号"),
        ("张 三", "不允许的字符 ' '"),
        ("alice@example.com", "不允许的字符 '@'"),
        ("<script>", "不允许的字符 '<'"),
        ("robert'); drop", "不允许的字符 '''"),
        ("ｚｈａｎｇ", "不允许的字符 'ｚ'"),
        ("张三😀", "不允许的字符 '😀'"),
        ("Zoë", "不允许的字符 'ë'"),
    ],
)
def test_bad_user_names_are_refused_with_the_reason(name: str, why: str) -> None:
    with pytest.raises(BadInput) as refused:
        validate_user_name(name)
    assert why in str(refused.value)
