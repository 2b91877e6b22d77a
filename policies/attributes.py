"""The disclosure attribute (公开属性) of a document and the legal grounds for not disclosing it proactively.

Sources: 国办发〔2016〕80号 实施细则 (the attribute is decided while drafting, travels with the document,
and a non-proactive attribute states its legal reason); 政府信息公开条例 (国务院令第711号) Arts. 14–16, 36.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from policies.errors import BadInput, PolicyRefusal
from policies.roles import Role


class Attribute(StrEnum):
    """How a document is disclosed."""

    PROACTIVE = "proactive"
    ON_REQUEST = "on_request"
    WITHHELD = "withheld"

    @property
    def label(self) -> str:
        """The canonical Chinese term: 主动公开, 依申请公开 or 不予公开."""
        return _ATTRIBUTE_TEXT[self][0]

    @property
    def mark(self) -> str:
        """The annotation printed under the date line of the document (80号 实施细则)."""
        return _ATTRIBUTE_TEXT[self][1]


_ATTRIBUTE_TEXT: Final[dict[Attribute, tuple[str, str]]] = {
    Attribute.PROACTIVE: ("主动公开", "（此件公开发布）"),
    Attribute.ON_REQUEST: ("依申请公开", "（此件依申请公开）"),
    Attribute.WITHHELD: ("不予公开", "（此件不予公开）"),
}


class LegalGround(StrEnum):
    """A ground for not disclosing proactively, by the code shared by the CLI, the API and the database."""

    STATE_SECRET = "state_secret"
    LAW_PROHIBITED = "law_prohibited"
    SECURITY_STABILITY = "security_stability"
    TRADE_SECRET = "trade_secret"
    PERSONAL_PRIVACY = "personal_privacy"
    INTERNAL_AFFAIRS = "internal_affairs"
    PROCESS_INFO = "process_info"
    ENFORCEMENT_FILE = "enforcement_file"
    ADMINISTRATIVE_QUERY = "administrative_query"
    OTHER_LAW = "other_law"

    @property
    def article(self) -> str | None:
        """The article of the 条例 that gives this ground; None for other_law, whose reason cites the law."""
        return _GROUND_TEXT[self][0]

    @property
    def label(self) -> str:
        """The ground's name as the annual report and the reply letters spell it."""
        return _GROUND_TEXT[self][1]


_GROUND_TEXT: Final[dict[LegalGround, tuple[str | None, str]]] = {
    LegalGround.STATE_SECRET: ("第十四条", "国家秘密"),
    LegalGround.LAW_PROHIBITED: ("第十四条", "法律、行政法规禁止公开"),
    LegalGround.SECURITY_STABILITY: ("第十四条", "危及“三安全一稳定”"),
    LegalGround.TRADE_SECRET: ("第十五条", "商业秘密"),
    LegalGround.PERSONAL_PRIVACY: ("第十五条", "个人隐私"),
    LegalGround.INTERNAL_AFFAIRS: ("第十六条", "内部事务信息"),
    LegalGround.PROCESS_INFO: ("第十六条", "过程性信息"),
    LegalGround.ENFORCEMENT_FILE: ("第十六条", "行政执法案卷"),
    LegalGround.ADMINISTRATIVE_QUERY: ("第三十六条", "行政查询事项"),
    LegalGround.OTHER_LAW: (None, "其他法律法规规定"),
}


@dataclass(frozen=True)
class AttributeDecision:
    """A document's attribute, the grounds that justify it and the reason given in words."""

    attribute: Attribute
    grounds: tuple[LegalGround, ...]
    reason: str | None


def parse_attribute(text: str) -> Attribute:
    """The attribute named by its code (proactive, on_request, withheld)."""
    try:
        return Attribute(text.strip().lower())
    except ValueError:
        choices = "、".join(attribute.value for attribute in Attribute)
        raise BadInput(f"未知公开属性 '{text}'：可选 {choices}") from None


def parse_grounds(codes: Iterable[str]) -> tuple[LegalGround, ...]:
    """The grounds named by their codes, each once, in the order given."""
    grounds: dict[LegalGround, None] = {}
    for code in codes:
        try:
            grounds[LegalGround(code.strip().lower())] = None
        except ValueError:
            choices = "、".join(ground.value for ground in LegalGround)
            raise BadInput(f"未知理由代码 '{code}'：可选 {choices}") from None
    return tuple(grounds)


def decide_attribute(
    attribute: Attribute, grounds: Sequence[LegalGround], reason: str | None
) -> AttributeDecision:
    """The attribute set while drafting; a non-proactive one cites a ground (80号 实施细则; 条例 14–16)."""
    reason = _clean(reason)
    if attribute is Attribute.PROACTIVE:
        if grounds:
            codes = "、".join(ground.value for ground in grounds)
            raise PolicyRefusal(f"主动公开的公文不附不公开的理由代码（收到 {codes}）")
        return AttributeDecision(attribute, (), reason)
    if LegalGround.ADMINISTRATIVE_QUERY in grounds:
        raise PolicyRefusal(
            "理由代码 administrative_query（行政查询事项）只适用于依申请公开的答复，不适用于公文的公开属性"
        )
    return AttributeDecision(attribute, _checked_grounds(attribute.label, grounds, reason), reason)


def check_reply_grounds(grounds: Sequence[LegalGround], reason: str | None) -> tuple[LegalGround, ...]:
    """The grounds of a 不予公开 reply to a request, administrative_query included (条例 Arts. 14–16, 36)."""
    return _checked_grounds("不予公开的答复", grounds, _clean(reason))


def change_needs_reason(current: AttributeDecision | None, new: AttributeDecision, *, by_role: Role) -> bool:
    """Whether a reviewer or signer is changing the attribute, which they must explain (80号 实施细则)."""
    changes = current is not None and current.attribute is not new.attribute
    return changes and by_role in (Role.REVIEWER, Role.SIGNER)


def decide_attribute_change(
    current: AttributeDecision | None, new: AttributeDecision, *, by_role: Role
) -> AttributeDecision:
    """The new attribute, if a reviewer or signer who changes it gives a reason (80号 实施细则)."""
    if current is not None and change_needs_reason(current, new, by_role=by_role) and not _clean(new.reason):
        raise PolicyRefusal(
            f"{by_role.label}将公开属性由“{current.attribute.label}”改为“{new.attribute.label}”，须说明理由"
        )
    return new


def _checked_grounds(
    subject: str, grounds: Sequence[LegalGround], reason: str | None
) -> tuple[LegalGround, ...]:
    if not grounds:
        raise PolicyRefusal(f"{subject}须说明法律依据（至少一项理由代码）")
    if LegalGround.OTHER_LAW in grounds and reason is None:
        raise PolicyRefusal("理由代码 other_law（其他法律法规规定）须在理由中写明所依据的法律法规")
    return tuple(dict.fromkeys(grounds))


def _clean(reason: str | None) -> str | None:
    return (reason or "").strip() or None
