"""成文日期 against the text: the sign date is the formation date; a date line typed in the text that differs is wrong.

GB/T 9704-2012 §7.3.5.3: the 成文日期 is the date the responsible leader signed the document off (for a joint
document, the last signature). DOMAIN.md: when the date line typed in the text differs, the text is wrong, not
the record — say so to the signer. The document then carries a finding of kind formed_date_mismatch until it is
resolved: explained by the disclosure office at publication, or gone from a corrected version signed again.
Publication is not held up by it (Art. 26's 20 working days run from the signature), but the public page never
shows two different dates without a word: it says under the metadata table which date is the 成文日期.
"""

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from policies.dates import chinese_date
from policies.errors import BadInput
from policies.findings import SEVERITIES, Finding, FindingKind
from policies.issuance import MIN_REASON_HANZI, FindingKey, finding_key, is_real_reason
from policies.metadata_lines import DATE_SHAPE, parse_chinese_date

_DATE = re.compile(DATE_SHAPE)


@dataclass(frozen=True, slots=True)
class FormedDateCheck:
    """The date line read from the text beside the 成文日期 (the sign date, or today's when not yet signed)."""

    in_text: date | None
    formed_on: date
    signed: bool

    @property
    def differs(self) -> bool:
        """Whether the text states a date line other than the 成文日期."""
        return self.in_text is not None and self.in_text != self.formed_on

    def explanation(self) -> str:
        """What the signer (before signing) or the disclosure office (after) is told, in one line."""
        if self.in_text is None:
            return "正文未写落款日期：成文日期以签发日为准"
        if not self.differs:
            return f"正文落款日期{chinese_date(self.in_text)}与成文日期一致"
        formed = f"成文日期为签发日{chinese_date(self.formed_on)}" if self.signed else (
            f"今日签发则成文日期为{chinese_date(self.formed_on)}"
        )  # fmt: skip
        return (
            f"正文落款日期为{chinese_date(self.in_text)}，{formed}，二者不一致：以签发日为准，正文须更正或在发布时说明"
        )


def text_formed_on(metadata_read: Mapping[str, Any]) -> date | None:
    """The 成文日期 the reader found in a version's text (stored as ISO text with the version)."""
    raw = metadata_read.get("formed_on")
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def formed_date_mismatch(text: str, in_text: date | None, signed_on: date) -> Finding | None:
    """The finding a signature leaves when the text's date line differs from the sign date, placed on the last
    date in the text that reads as that date (the signature block's), else None."""
    if in_text is None or in_text == signed_on:
        return None
    spans = [m for m in _DATE.finditer(text) if parse_chinese_date(m[0]) == in_text]
    start, end = spans[-1].span() if spans else (0, 0)
    kind = FindingKind.FORMED_DATE_MISMATCH
    shown = text[start:end] if spans else chinese_date(in_text)
    return Finding(kind=kind, text=shown, start=start, end=end, label=kind.label, severity=SEVERITIES[kind])


@dataclass(frozen=True, slots=True)
class FormedDateResolutions:
    """At publication: the mismatches explained now (their keys), and the numbers of those still unexplained."""

    justified: frozenset[FindingKey]
    unexplained: tuple[int, ...]


def decide_formed_date_resolutions(
    findings: Sequence[Finding], resolved: Collection[FindingKey], justifications: Mapping[int, str]
) -> FormedDateResolutions:
    """Publication: the formed_date_mismatch findings the office explains now, each with a real sentence, and
    those left unexplained (recorded with the publication; the public page notes the date either way)."""
    now: set[FindingKey] = set()
    for number, reason in sorted(justifications.items()):
        finding = _mismatch(findings, number)
        if not is_real_reason(reason):
            raise BadInput(
                f"第{number}项的说明“{reason.strip()}”不是一句说明：请用至少 {MIN_REASON_HANZI} 个汉字写明"
                "（如：正文落款日期为印发前拟定日期，以签发日期为成文日期）"
            )
        now.add(finding_key(finding))
    unexplained = tuple(
        number
        for number, finding in enumerate(findings, 1)
        if finding.kind is FindingKind.FORMED_DATE_MISMATCH and finding_key(finding) not in {*resolved, *now}
    )
    return FormedDateResolutions(frozenset(now), unexplained)


def public_date_note(in_text: date | None, formed_on: date | None) -> str | None:
    """The public page's note when the published text's date line is not the 成文日期 of its metadata table."""
    if in_text is None or formed_on is None or in_text == formed_on:
        return None
    return f"注：本件成文日期以签发日期{chinese_date(formed_on)}为准，正文落款日期{chinese_date(in_text)}有误。"


def _mismatch(findings: Sequence[Finding], number: int) -> Finding:
    """The numbered finding, which must be a formed_date_mismatch."""
    if not 1 <= number <= len(findings):
        raise BadInput(f"没有第{number}项预检发现（共 {len(findings)} 项）")
    finding = findings[number - 1]
    if finding.kind is not FindingKind.FORMED_DATE_MISMATCH:
        raise BadInput(f"第{number}项（{finding.label}）不是成文日期与正文不一致，发布时无需说明")
    return finding
