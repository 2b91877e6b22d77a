"""The automatic confidentiality pre-check (保密审查预检): personal data, secrecy marks and internal marks in a text.

Personal data is protected by 条例 Art. 15; secrecy marks follow GB/T 9704-2012 §7.2.2 (密级和保密期限, e.g.
机密★1年); internal and draft marks point at Art. 16 process information. Numbers are checked, not just shaped:
居民身份证号 by the GB 11643 check character and a plausible birth date, bank cards by the Luhn check. A number
with a known province and a real birth date but a wrong check character is still suspected to be an ID number
(a typing error in a real one is as personal as the real one). E-mail addresses on government domains (*.gov.cn)
and on the organisation's own official domains are the office's, not a person's: they are not personal data.
"""

import bisect
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from policies.errors import BadInput
from policies.labels import Labelled


class FindingKind(Labelled, noun="预检发现类型"):
    """What a finding is; the codes are shared with the CLI, the API and the database."""

    ID_CARD = "id_card", "居民身份证号"
    ID_CARD_SUSPECT = "id_card_suspect", "疑似居民身份证号（校验位不符）"
    MOBILE = "mobile", "手机号码"
    BANK_CARD = "bank_card", "银行卡号"
    EMAIL = "email", "电子邮箱"
    SECRET_MARK = "secret_mark", "密级标志"
    INTERNAL_MARK = "internal_mark", "内部或过程稿标志"
    FORMED_DATE_MISMATCH = "formed_date_mismatch", "正文落款日期与成文日期不一致"


LABELS = {kind: kind.label for kind in FindingKind}
SEVERITIES = {
    FindingKind.ID_CARD: "personal_data",
    FindingKind.ID_CARD_SUSPECT: "personal_data",
    FindingKind.MOBILE: "personal_data",
    FindingKind.BANK_CARD: "personal_data",
    FindingKind.EMAIL: "personal_data",
    FindingKind.SECRET_MARK: "secret",
    FindingKind.INTERNAL_MARK: "internal",
    FindingKind.FORMED_DATE_MISMATCH: "formed_date",
}

EARLIEST_BIRTH_YEAR = 1900
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PROVINCES = frozenset(
    str(code)
    for code in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66))
) | {"71", "81", "82", "83"}
CARD_FIRST_DIGITS = "34569"
GOVERNMENT_DOMAIN = "gov.cn"
SECRET_WORDS = ("绝密", "机密", "秘密")
INTERNAL_WORDS = ("讨论稿", "征求意见稿", "送审稿", "内部资料", "内部传阅", "内部文件", "注意保存", "不得外传")

_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ＋＠", "0123456789Xx+@")
_SPACE = r"[ \t\u3000]"
_OPEN = re.escape("（(【[〔")
_CLOSE = re.escape("）)】]〕")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_BANK_CARD = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{16,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?)(?![0-9A-Za-z])"
)
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+86|0086|86)[ -]?)?1[3-9][0-9](?P<sep>[ -]?)[0-9]{4}(?P=sep)[0-9]{4}(?![0-9A-Za-z])"
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}"
    r"(?![A-Za-z0-9-])"
)
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}")
_PERIOD = r"(?:长期|启用前|解密前|[0-9]{1,3}" + _SPACE + r"*(?:年|个月)|[一二三四五六七八九十]{1,3}(?:年|个月))"
_WORDS = "|".join(SECRET_WORDS)
_SECRET_STARRED = re.compile(rf"(?<![\u4e00-\u9fff“‘「『\"'《])(?:{_WORDS}){_SPACE}*★(?:{_SPACE}*{_PERIOD})?")
_SECRET_STANDING = re.compile(
    rf"(?:^|(?<={_SPACE})|(?<=[{_OPEN}])|(?<=密级[:：]))(?:{_WORDS})(?:{_SPACE}*{_PERIOD})?(?={_SPACE}|[{_CLOSE}]|$)",
    re.MULTILINE,
)
_INTERNAL_STANDING = re.compile(
    rf"(?:^|(?<={_SPACE})|(?<=[{_OPEN}，,；;。：:]))(?:{'|'.join(INTERNAL_WORDS)})(?={_SPACE}|[{_CLOSE}，,。；;]|$)",
    re.MULTILINE,
)
_CITED = re.compile(r"《[^《》\n]*》|“[^“”\n]*”|‘[^‘’\n]*’|「[^「」\n]*」|『[^『』\n]*』|\"[^\"\n]*\"")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the pre-check found, with its position in the text and how serious it is."""

    kind: FindingKind
    text: str
    start: int
    end: int
    label: str
    severity: str

    def to_dict(self) -> dict[str, str | int]:
        """The finding as JSON-ready data."""
        return {
            "kind": self.kind.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "severity": self.severity,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """A finding read back from its JSON form (as stored with a document version)."""
        return cls(
            kind=FindingKind(data["kind"]),
            text=str(data["text"]),
            start=int(data["start"]),
            end=int(data["end"]),
            label=str(data["label"]),
            severity=str(data["severity"]),
        )

    @property
    def is_personal_data(self) -> bool:
        """Whether the finding is personal data (条例 Art. 15), which review must see redacted or justified."""
        return self.severity == "personal_data"


def find_sensitive(text: str, *, today: date, official_domains: Collection[str] = ()) -> list[Finding]:
    """Every personal number, e-mail address, secrecy mark and internal mark in the text, in order of position.

    An ID number counts when its holder was born between 1900 and this year (`today` is the caller's date);
    `official_domains` are the organisation's own mail domains, whose addresses are not personal data.
    """
    latest_birth_year = today.year
    scan = text.translate(_FULL_WIDTH)
    ids = list(_ID_CARD.finditer(scan))
    spans = [
        *((FindingKind.ID_CARD, m) for m in ids if is_id_number(m[0], latest_birth_year)),
        *((FindingKind.ID_CARD_SUSPECT, m) for m in ids if is_suspected_id_number(m[0], latest_birth_year)),
        *((FindingKind.BANK_CARD, m) for m in _BANK_CARD.finditer(scan) if _is_bank_card(m[0])),
        *((FindingKind.MOBILE, m) for m in _MOBILE.finditer(scan)),
        *((FindingKind.EMAIL, m) for m in _EMAIL.finditer(scan) if not is_official_email(m[0], official_domains)),
        *((FindingKind.SECRET_MARK, m) for m in _marks(scan, _SECRET_STARRED, _SECRET_STANDING)),
        *((FindingKind.INTERNAL_MARK, m) for m in _marks(scan, _INTERNAL_STANDING)),
    ]
    findings: list[Finding] = []
    for kind, match in sorted(spans, key=lambda span: (span[1].start(), -span[1].end())):
        if findings and match.start() < findings[-1].end:
            continue
        findings.append(
            Finding(
                kind=kind,
                text=text[match.start() : match.end()],
                start=match.start(),
                end=match.end(),
                label=kind.label,
                severity=SEVERITIES[kind],
            )
        )
    return findings


def redact(text: str, findings: Iterable[Finding]) -> str:
    """The text with each personal-data finding masked in place, its length kept: 500103********0217."""
    chars = list(text)
    for finding in findings:
        if finding.is_personal_data:
            chars[finding.start : finding.end] = _mask(finding.kind, text[finding.start : finding.end])
    return "".join(chars)


def is_id_number(candidate: str, latest_birth_year: int) -> bool:
    """Whether 18 characters are a 居民身份证号: known province, real birth date in range, GB 11643 check."""
    born = _id_birth_date(candidate)
    return born is not None and EARLIEST_BIRTH_YEAR <= born.year <= latest_birth_year


def is_suspected_id_number(candidate: str, latest_birth_year: int) -> bool:
    """Whether 18 characters are built like a 居民身份证号 (known province, real birth date in range) whose check
    character is wrong: a mistyped ID number is still a person's, unless the digits are a valid bank card."""
    born = _id_birth_date(candidate, checked=False)
    return (
        born is not None
        and EARLIEST_BIRTH_YEAR <= born.year <= latest_birth_year
        and _id_birth_date(candidate) is None
        and not _is_bank_card(candidate)
    )


def is_official_email(address: str, official_domains: Collection[str] = ()) -> bool:
    """Whether an e-mail address is on a government domain (*.gov.cn) or one of the organisation's official
    domains: an office's mailbox, published to be written to, not a person's data (条例 Art. 15)."""
    domain = address.rpartition("@")[2].lower().rstrip(".")
    official = (GOVERNMENT_DOMAIN, *(d.lower() for d in official_domains))
    return any(domain == name or domain.endswith("." + name) for name in official)


def official_domain(raw: str) -> str:
    """An official mail domain as the organisation lists it (jiangzhou.cn, @mail.jiangzhou.cn → lower case)."""
    domain = raw.strip().lower().lstrip("@")
    if not _DOMAIN.fullmatch(domain):
        raise BadInput(f"官方邮箱域名“{raw}”无效：应形如 jiangzhou.gov.cn 或 mail.example.cn")
    return domain


def is_id_shaped(candidate: str) -> bool:
    """Whether 18 characters are built like an ID number (province, real date, check character), whatever the year."""
    return _id_birth_date(candidate) is not None


def _id_birth_date(candidate: str, *, checked: bool = True) -> date | None:
    """The birth date of a number built like an ID number (province, real date, and unless `checked` is False
    the check character), else None."""
    if not re.fullmatch(r"[0-9]{6}(?:18|19|20)[0-9]{9}[0-9Xx]", candidate) or candidate[:2] not in ID_PROVINCES:
        return None
    total = sum(int(digit) * weight for digit, weight in zip(candidate[:17], ID_WEIGHTS, strict=True))
    if checked and ID_CHECK_CHARS[total % 11] != candidate[17].upper():
        return None
    try:
        return date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return None


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn check used by bank card numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _is_bank_card(candidate: str) -> bool:
    """Whether 16–19 digits read as a card number: a card scheme's first digit, Luhn valid, not built as an ID."""
    digits = re.sub(r"[ -]", "", candidate)
    return digits[0] in CARD_FIRST_DIGITS and luhn_valid(digits) and not is_id_shaped(digits)


def _marks(scan: str, *patterns: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of mark patterns, except inside a citation 《…》 or quotation “…”, where a mark is only mentioned."""
    cited = [match.span() for match in _CITED.finditer(scan)]
    starts = [start for start, _ in cited]
    for pattern in patterns:
        for match in pattern.finditer(scan):
            nearest = bisect.bisect_left(starts, match.start()) - 1
            if nearest < 0 or cited[nearest][1] <= match.start():
                yield match


def _mask(kind: FindingKind, value: str) -> str:
    """Stars over the middle of a number (or an e-mail's name after its first letter), other characters kept."""
    if kind is FindingKind.EMAIL:
        name, _, domain = value.partition("@")
        return name[:1] + "*" * (len(name) - 1) + "@" + domain
    positions = [index for index, char in enumerate(value) if char.isalnum()]
    head, tail = (len(positions) - 8, 4) if kind is FindingKind.MOBILE else (6, 4)
    hidden = set(positions[head : len(positions) - tail])
    return "".join("*" if index in hidden else char for index, char in enumerate(value))
