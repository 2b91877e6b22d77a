"""Refusals name the domain only; the command line adds how to remedy them with its own flags and commands."""

from collections.abc import Callable

import pytest

from app.cli.client import CLI_REMEDIES, cli_message
from policies.attributes import LegalGround
from policies.errors import GongkaiError, Remedy
from policies.issuance import DocumentKind, attribute_at_submission, require_attribute, require_interpretation_plan
from policies.request_results import ResultCode, ResultKind
from policies.roles import Role
from policies.self_audit import AuditState, decide_item


def refusal(action: Callable[[], object]) -> GongkaiError:
    with pytest.raises(GongkaiError) as raised:
        action()
    return raised.value


@pytest.mark.parametrize(
    ("action", "remedy", "printed"),
    [
        (
            lambda: require_interpretation_plan(DocumentKind.NORMATIVE, has_plan=False),
            Remedy.ATTACH_INTERPRETATION_PLAN,
            "行政规范性文件须随文报送政策解读方案（同步组织、同步审签）：请用 --interpretation-plan 附上",
        ),
        (
            lambda: require_attribute(None),
            Remedy.SET_ATTRIBUTE,
            "尚未确定公开属性，不能送审：请先用 gongkai attribute 设置",
        ),
        (
            lambda: attribute_at_submission(None, None, [LegalGround.TRADE_SECRET], None),
            Remedy.NAME_ATTRIBUTE,
            "给出理由代码时须同时指明公开属性：请用 --attribute 指明",
        ),
        (
            lambda: ResultCode(ResultKind.WITHHELD),
            Remedy.NAME_REPLY_GROUND,
            "不予公开的答复须说明法律依据（条例第三十六条）：请用 --result withheld:<理由代码> 指明，理由代码可选 "
            + "、".join(ground.value for ground in LegalGround),
        ),
        (
            lambda: decide_item(AuditState.OPEN, Role.REVIEWER, None, decided=False, keep_reason=None, convert_to=None),
            Remedy.CHOOSE_SELF_AUDIT_DECISION,
            "请二选一：保留原公开属性（写明理由），或转换公开属性："
            "保留请用 --keep --reason 理由，转换请用 --convert 属性",
        ),
    ],
)
def test_a_policy_refusal_names_its_remedy_and_the_cli_says_which_flag(
    action: Callable[[], object], remedy: Remedy, printed: str
) -> None:
    error = refusal(action)
    assert error.remedy is remedy
    assert "--" not in str(error) and "gongkai" not in str(error)
    assert cli_message(str(error), remedy.value) == printed


def test_every_remedy_has_its_cli_sentence_and_a_message_without_one_is_printed_as_it_is() -> None:
    assert set(CLI_REMEDIES) == set(Remedy)
    assert cli_message("不能签发", None) == "不能签发"
    assert cli_message("不能签发", "unknown_remedy") == "不能签发"
