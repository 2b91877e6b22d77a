"""The labelled enums: one declaration of code and Chinese label, one parser that reads either."""

import pytest

from policies.attributes import Attribute, LegalGround
from policies.deadlines import DeadlineStatus
from policies.errors import BadInput
from policies.findings import FindingKind
from policies.issuance import DocumentKind, InterpretationForm, Validity
from policies.labels import Labelled
from policies.lifecycle import Action, State
from policies.request_codes import ApplicantType, Channel
from policies.request_lifecycle import RequestAction, RequestState
from policies.request_results import ResultKind
from policies.roles import Role
from policies.subjects import SubjectArea

ENUMS: list[type[Labelled]] = [
    Role, State, Action, Attribute, LegalGround, DocumentKind, InterpretationForm, Validity, DeadlineStatus,
    ApplicantType, Channel, ResultKind, RequestState, RequestAction, SubjectArea, FindingKind,
]  # fmt: skip
MEMBERS = [member for enum in ENUMS for member in enum]


@pytest.mark.parametrize("member", MEMBERS, ids=str)
def test_a_member_is_read_from_its_code_in_any_case_and_with_spaces_around(member: Labelled) -> None:
    assert type(member).parse(member.value) is member
    assert type(member).parse(f"  {member.value.upper()}\n") is member


@pytest.mark.parametrize("member", MEMBERS, ids=str)
def test_a_member_is_read_from_its_chinese_label(member: Labelled) -> None:
    assert type(member).parse(f" {member.label} ") is member


@pytest.mark.parametrize("enum", ENUMS, ids=lambda enum: enum.__name__)
def test_labels_are_chinese_and_name_one_member_each(enum: type[Labelled]) -> None:
    labels = [member.label for member in enum]
    assert len(set(labels)) == len(labels)
    assert all(label and not label.isascii() for label in labels)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda enum: enum.__name__)
@pytest.mark.parametrize("text", ["", "nonsense", "其它未知", "pro active"])
def test_an_unknown_code_is_bad_input_that_lists_every_code(enum: type[Labelled], text: str) -> None:
    with pytest.raises(BadInput) as refused:
        enum.parse(text)
    message = str(refused.value)
    assert message.startswith("未知") and f" '{text}'：可选 " in message
    assert all(member.value in message for member in enum)


@pytest.mark.parametrize(
    ("enum", "message"),
    [
        (Attribute, "未知公开属性 'x'：可选 proactive、on_request、withheld"),
        (Validity, "未知有效性 'x'：可选 effective、withdrawn"),
        (Channel, "未知申请渠道 'x'：可选 in_person（当面提交）、post（邮寄）、online（互联网渠道）、fax（传真）"),
    ],
)
def test_the_refusal_lists_labels_beside_the_codes_only_where_the_enum_asks(
    enum: type[Labelled], message: str
) -> None:
    with pytest.raises(BadInput) as refused:
        enum.parse("x")
    assert str(refused.value) == message


def test_a_member_is_its_code_wherever_a_string_is_expected() -> None:
    assert Attribute.PROACTIVE == "proactive"
    assert f"{LegalGround.OTHER_LAW}" == "other_law"
    assert Attribute("withheld") is Attribute.WITHHELD
    assert ResultKind.WITHHELD.heading == "（三）不予公开"


def test_extra_values_travel_with_their_member() -> None:
    assert Attribute.ON_REQUEST.mark == "（此件依申请公开）"
    assert LegalGround.TRADE_SECRET.article == "第十五条"
    assert LegalGround.OTHER_LAW.article is None
    assert Channel.POST.receipt_rule == "以行政机关签收之日为收到申请之日"


def test_an_unknown_code_is_echoed_on_one_line_without_control_characters_or_escapes() -> None:
    with pytest.raises(BadInput) as refused:
        Channel.parse("po\x1b[31mst\x00\nbox" + "x" * 100)
    message = str(refused.value)
    assert message.startswith("未知申请渠道 'post box") and "\x1b" not in message and "\x00" not in message
    assert "\n" not in message and "x" * 40 not in message
