"""The disclosure attribute (公开属性) of a document and the legal grounds for not disclosing it proactively.

Sources: 国办发〔2016〕80号 实施细则 (the attribute is decided while drafting, travels with the document,
and a non-proactive attribute states its legal reason); 政府信息公开条例 (国务院令第711号) Arts. 14–16, 36.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policies.errors import PolicyRefusal
from policies.labels import Labelled
from policies.roles import Role


class Attribute(Labelled, noun="公开属性"):
    """How a document is disclosed: the canonical term, and the mark printed under the date line (80号 实施细则)."""

    PROACTIVE = "proactive", "主动公开", "（此件公开发布）"
    ON_REQUEST = "on_request", "依申请公开", "（此件依申请公开）"
    WITHHELD = "withheld", "不予公开", "（此件不予公开）"

    def __init__(self, *declared: str) -> None:
        _code, _label, self._mark = declared

    @property
    def mark(self) -> str:
        """The annotation printed under the date line of the document (80号 实施细则)."""
        return self._mark


class LegalGround(Labelled, noun="理由代码"):
    """A ground for not disclosing proactively: its code, its name in the annual report, the 条例 article."""

    STATE_SECRET = "state_secret", "国家秘密", "第十四条"
    LAW_PROHIBITED = "law_prohibited", "法律、行政法规禁止公开", "第十四条"
    SECURITY_STABILITY = "security_stability", "危及“三安全一稳定”", "第十四条"
    TRADE_SECRET = "trade_secret", "商业秘密", "第十五条"
    PERSONAL_PRIVACY = "personal_privacy", "个人隐私", "第十五条"
    INTERNAL_AFFAIRS = "internal_affairs", "内部事务信息", "第十六条"
    PROCESS_INFO = "process_info", "过程性信息", "第十六条"
    ENFORCEMENT_FILE = "enforcement_file", "行政执法案卷", "第十六条"
    ADMINISTRATIVE_QUERY = "administrative_query", "行政查询事项", "第三十六条"
    OTHER_LAW = "other_law", "其他法律法规规定", None

    def __init__(self, *declared: str | None) -> None:
        _code, _label, self._article = declared

    @property
    def article(self) -> str | None:
        """The article of the 条例 that gives this ground; None for other_law, whose reason cites the law."""
        return self._article


@dataclass(frozen=True)
class AttributeDecision:
    """A document's attribute, the grounds that justify it and the reason given in words."""

    attribute: Attribute
    grounds: tuple[LegalGround, ...]
    reason: str | None


def parse_grounds(codes: Iterable[str]) -> tuple[LegalGround, ...]:
    """The grounds named by their codes (or names), each once, in the order given."""
    return tuple(dict.fromkeys(LegalGround.parse(code) for code in codes))


def decide_attribute(
    attribute: Attribute, grounds: Sequence[LegalGround], reason: str | None
) -> AttributeDecision:
    """The attribute set while drafting; a non-proactive one cites a ground (80号 实施细则; 条例 14–16)."""
    reason = _clean(reason)
    if attribute is Attribute.PROACTIVE:
        if grounds:
            named = "、".join(ground.label for ground in grounds)
            raise PolicyRefusal(f"主动公开的公文不附不予公开的法律依据（收到：{named}）")
        return AttributeDecision(attribute, (), reason)
    if LegalGround.ADMINISTRATIVE_QUERY in grounds:
        raise PolicyRefusal("“行政查询事项”（条例第三十六条）只适用于依申请公开的答复，不适用于公文的公开属性")
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
        raise PolicyRefusal(f"{subject}须说明法律依据：请至少选择一项")
    if LegalGround.OTHER_LAW in grounds and reason is None:
        raise PolicyRefusal("选择“其他法律法规规定”的，须在理由中写明所依据的法律法规")
    return tuple(dict.fromkeys(grounds))


def _clean(reason: str | None) -> str | None:
    return (reason or "").strip() or None
