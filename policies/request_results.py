"""The results of a disclosure request (条例 Art. 36) as the annual report counts them.

Sources: 政府信息公开条例 (国务院令第711号) Arts. 30, 35–39, 42; 国办公开办函〔2021〕30号 (the result categories
and rows of the annual report's table 三).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from policies.attributes import LegalGround
from policies.errors import BadInput, PolicyRefusal, Remedy
from policies.labels import Labelled


class ResultKind(Labelled, noun="答复结果类别"):
    """The six result categories of the annual report's table 三, row 三: 予以公开, 部分公开, 不予公开, ….

    Each is declared with its code, its name and the number of its row heading.
    """

    DISCLOSED = "disclosed", "予以公开", "（一）"
    PARTIAL = "partial", "部分公开", "（二）"
    WITHHELD = "withheld", "不予公开", "（三）"
    UNAVAILABLE = "unavailable", "无法提供", "（四）"
    NOT_PROCESSED = "not_processed", "不予处理", "（五）"
    OTHER = "other", "其他处理", "（六）"

    def __init__(self, *declared: str) -> None:
        _code, _label, self._number = declared

    @property
    def heading(self) -> str:
        """The category's row heading in table 三, e.g. （三）不予公开."""
        return f"{self._number}{self.label}"


class UnavailableReason(StrEnum):
    """Why the information cannot be provided (条例 Art. 36 (四)(五); 30号 table 三 （四）)."""

    NOT_HELD = "not_held"
    NEEDS_CREATION = "needs_creation"
    UNCLEAR = "unclear"


class NotProcessedReason(StrEnum):
    """Why the application is not processed (条例 Arts. 35, 36 (六), 39; 30号 table 三 （五）)."""

    COMPLAINT = "complaint"
    DUPLICATE = "duplicate"
    PUBLICATION = "publication"
    EXCESSIVE = "excessive"
    CONFIRMATION = "confirmation"


class OtherReason(StrEnum):
    """Other ways a request ends (条例 Arts. 30, 42; 30号 table 三 （六）)."""

    NO_CORRECTION = "no_correction"
    UNPAID = "unpaid"
    OTHER = "other"


ResultReason = LegalGround | UnavailableReason | NotProcessedReason | OtherReason


@dataclass(frozen=True, slots=True)
class AnnualReportRow:
    """A row of the annual report's table 三, row 三 (国办公开办函〔2021〕30号): its category, number and name."""

    kind: ResultKind
    number: int | None
    label: str

    @property
    def key(self) -> str:
        """A stable key for the row: the category code, with the row number where the category has items."""
        return self.kind.value if self.number is None else f"{self.kind.value}.{self.number}"

    @property
    def title(self) -> str:
        """The row as printed: （三）不予公开 4.保护第三方合法权益."""
        return self.kind.heading if self.number is None else f"{self.kind.heading} {self.number}.{self.label}"


K, _row = ResultKind, AnnualReportRow  # short names, so the table below reads one row per line

ANNUAL_REPORT_ROWS: Final[tuple[AnnualReportRow, ...]] = (
    _row(K.DISCLOSED, None, "予以公开"),
    _row(K.PARTIAL, None, "部分公开"),
    _row(K.WITHHELD, 1, "属于国家秘密"),
    _row(K.WITHHELD, 2, "其他法律行政法规禁止公开"),
    _row(K.WITHHELD, 3, "危及“三安全一稳定”"),
    _row(K.WITHHELD, 4, "保护第三方合法权益"),
    _row(K.WITHHELD, 5, "属于三类内部事务信息"),
    _row(K.WITHHELD, 6, "属于四类过程性信息"),
    _row(K.WITHHELD, 7, "属于行政执法案卷"),
    _row(K.WITHHELD, 8, "属于行政查询事项"),
    _row(K.UNAVAILABLE, 1, "本机关不掌握相关政府信息"),
    _row(K.UNAVAILABLE, 2, "没有现成信息需要另行制作"),
    _row(K.UNAVAILABLE, 3, "补正后申请内容仍不明确"),
    _row(K.NOT_PROCESSED, 1, "信访举报投诉类申请"),
    _row(K.NOT_PROCESSED, 2, "重复申请"),
    _row(K.NOT_PROCESSED, 3, "要求提供公开出版物"),
    _row(K.NOT_PROCESSED, 4, "无正当理由大量反复申请"),
    _row(K.NOT_PROCESSED, 5, "要求行政机关确认或重新出具已获取信息"),
    _row(K.OTHER, 1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    _row(K.OTHER, 2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    _row(K.OTHER, 3, "其他"),
)
_ROWS: Final[dict[str, AnnualReportRow]] = {row.key: row for row in ANNUAL_REPORT_ROWS}

# Which row counts each result; other_law is counted with the laws and regulations that prohibit disclosure.
_REPORT_ROW_OF: Final[dict[ResultReason | None, str]] = {
    LegalGround.STATE_SECRET: "withheld.1",
    LegalGround.LAW_PROHIBITED: "withheld.2",
    LegalGround.OTHER_LAW: "withheld.2",
    LegalGround.SECURITY_STABILITY: "withheld.3",
    LegalGround.TRADE_SECRET: "withheld.4",
    LegalGround.PERSONAL_PRIVACY: "withheld.4",
    LegalGround.INTERNAL_AFFAIRS: "withheld.5",
    LegalGround.PROCESS_INFO: "withheld.6",
    LegalGround.ENFORCEMENT_FILE: "withheld.7",
    LegalGround.ADMINISTRATIVE_QUERY: "withheld.8",
    UnavailableReason.NOT_HELD: "unavailable.1",
    UnavailableReason.NEEDS_CREATION: "unavailable.2",
    UnavailableReason.UNCLEAR: "unavailable.3",
    NotProcessedReason.COMPLAINT: "not_processed.1",
    NotProcessedReason.DUPLICATE: "not_processed.2",
    NotProcessedReason.PUBLICATION: "not_processed.3",
    NotProcessedReason.EXCESSIVE: "not_processed.4",
    NotProcessedReason.CONFIRMATION: "not_processed.5",
    OtherReason.NO_CORRECTION: "other.1",
    OtherReason.UNPAID: "other.2",
    OtherReason.OTHER: "other.3",
}

_REASONS_OF: Final[dict[ResultKind, type[ResultReason] | None]] = {
    ResultKind.DISCLOSED: None,
    ResultKind.PARTIAL: None,
    ResultKind.WITHHELD: LegalGround,
    ResultKind.UNAVAILABLE: UnavailableReason,
    ResultKind.NOT_PROCESSED: NotProcessedReason,
    ResultKind.OTHER: OtherReason,
}


@dataclass(frozen=True, slots=True)
class ResultCode:
    """A reply's result: its category and, except for disclosed and partial, the reason or legal ground."""

    kind: ResultKind
    reason: ResultReason | None = None

    def __post_init__(self) -> None:
        """A result is complete or refused: withheld without a ground is refused (条例 Art. 36 (三))."""
        expected = _REASONS_OF[self.kind]
        if self.kind is ResultKind.WITHHELD and self.reason is None:
            raise PolicyRefusal("不予公开的答复须说明法律依据（条例第三十六条）", remedy=Remedy.NAME_REPLY_GROUND)
        if (self.reason is None) != (expected is None) or (expected and not isinstance(self.reason, expected)):
            given = self.kind.value if self.reason is None else f"{self.kind.value}:{self.reason}"
            raise BadInput(f"答复结果 '{given}' 无效：{_result_syntax()}")

    @property
    def code(self) -> str:
        """The code shared by the CLI, the API and the database, e.g. withheld:personal_privacy."""
        return self.kind.value if self.reason is None else f"{self.kind.value}:{self.reason.value}"

    @property
    def report_row(self) -> AnnualReportRow:
        """The row of the annual report's table 三 that counts this result (国办公开办函〔2021〕30号)."""
        return _ROWS[_REPORT_ROW_OF.get(self.reason, self.kind.value)]

    @property
    def label(self) -> str:
        """The result in Chinese, e.g. 不予公开：个人隐私 or 无法提供：本机关不掌握相关政府信息."""
        if self.reason is None:
            return self.kind.label
        detail = self.reason.label if isinstance(self.reason, LegalGround) else self.report_row.label
        return f"{self.kind.label}：{detail}"


def result_codes() -> list[str]:
    """Every valid result code, in the order of the annual report's table 三."""
    codes = []
    for kind, reasons in _REASONS_OF.items():
        codes += [kind.value] if reasons is None else [f"{kind.value}:{reason.value}" for reason in reasons]
    return codes


def _ground_choices() -> str:
    return "理由代码可选 " + "、".join(ground.value for ground in LegalGround)


def _result_syntax() -> str:
    """The valid codes as DESIGN.md writes them: withheld:<ground>, unavailable:not_held|needs_creation|unclear…."""
    forms = []
    for kind, reasons in _REASONS_OF.items():
        if reasons is None:
            forms.append(kind.value)
        elif reasons is LegalGround:
            forms.append(f"{kind.value}:<理由代码>")
        else:
            forms.append(f"{kind.value}:{'|'.join(reason.value for reason in reasons)}")
    return f"可选 {'、'.join(forms)}（{_ground_choices()}）"


def parse_result(text: str) -> ResultCode:
    """The result named by its code: disclosed, partial, withheld:<ground>, unavailable:…, not_processed:…, other:…."""
    unknown = BadInput(f"未知答复结果 '{text}'：{_result_syntax()}")
    head, colon, tail = text.strip().lower().partition(":")
    if head not in {kind.value for kind in ResultKind}:
        raise unknown
    kind = ResultKind(head)
    reasons = _REASONS_OF[kind]
    if reasons is None and colon:
        raise unknown
    if reasons is None or not tail:
        return ResultCode(kind)  # a category that needs a reason refuses to be built without one
    if tail not in {reason.value for reason in reasons}:
        raise unknown
    return ResultCode(kind, reasons(tail))
