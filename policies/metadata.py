"""Read a document's metadata from its text: title, own 发文字号, 成文日期, 发文机关, 索引号, attribute mark.

Where the rules come from: GB/T 9704-2012 (党政机关公文格式) for the header, the 发文字号 and the signature
block; the disclosure pages' metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期)
for the "字段：值" headers, which win over what is read from the layout. Nothing here raises on odd text:
a broken number or date is simply not found.
"""

import re
from dataclasses import dataclass
from datetime import date

FIELD_NAMES = (
    "索引号",
    "主题分类",
    "发文机关",
    "发布机构",
    "成文日期",
    "标题",
    "名称",
    "发文字号",
    "文号",
    "发布日期",
    "有效性",
    "公开方式",
    "公开属性",
)
TITLE_FIELDS = ("标题", "名称")
NUMBER_FIELDS = ("发文字号", "文号")
DATE_FIELDS = ("成文日期",)
ISSUER_FIELDS = ("发文机关", "发布机构")
ATTRIBUTE_FIELDS = ("公开属性", "公开方式")

ATTRIBUTE_MARKS = {
    "此件公开发布": "proactive",
    "此件主动公开": "proactive",
    "此件依申请公开": "on_request",
    "此件不予公开": "withheld",
    "此件不公开": "withheld",
}
ATTRIBUTE_WORDS = {"主动公开": "proactive", "依申请公开": "on_request", "不予公开": "withheld"}

ORGAN_SUFFIXES = (
    "政府", "办公室", "办公厅", "委员会", "委", "局", "厅", "部", "署", "院", "会", "中心", "办", "处",
    "所", "站", "队", "馆", "组", "室", "委员会办公室", "管委会", "公司", "集团", "学校", "大学", "医院",
)  # fmt: skip
TITLE_SCAN_LINES = 40
MAX_TITLE_LINES = 4
MAX_HEADING_LENGTH = 80
SIGNATURE_GAP = 3
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－．／：", "0123456789-./:")
_OPEN = re.escape("〔[［(（【")
_CLOSE = re.escape("〕]］)）】")
_DOC_NUMBER = re.compile(
    rf"(?P<code>[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z]{{0,19}})"
    rf"[{_OPEN}](?P<year>[0-9]{{4}})[{_CLOSE}]第?(?P<seq>[0-9]{{1,6}})号"
)
_NUMBER_SHAPE = re.compile(rf"[^\s，。、；：:《》]{{1,20}}[{_OPEN}][^{_CLOSE}]{{0,8}}[{_CLOSE}][^\s号]{{0,8}}号")
_SIGNER = re.compile(r"[\s\u3000]*签发人[:：].*$")
_FIELD = re.compile(rf"(?:^|(?<=\s))({'|'.join(FIELD_NAMES)})(?:\s*[:：]|\t)[ \t\u3000]*")
_HEADER = re.compile(r"(?P<issuer>[^，。、：:；《》]{2,60}?)[ \t\u3000]*文件")
_MARK_WORD = (
    r"(?:绝密|机密|秘密|特急|加急|特提|平急|讨论稿|征求意见稿|送审稿|代拟稿|修改稿|草案|内部资料|内部传阅|内部文件"
    r"|注意保存|不得外传)"
)
_MARK_PERIOD = r"(?:长期|启用前|[0-9]{1,3}\s*(?:年|个月)|[一二三四五六七八九十]{1,3}(?:年|个月))"
_MARK_LINE = re.compile(
    rf"(?:[0-9]{{6}})?(?:\s*[（(【\[]?{_MARK_WORD}(?:\s*★\s*{_MARK_PERIOD}?|\s*{_MARK_PERIOD})?[）)】\]]?)*"
    r"|第[0-9]{1,6}号"
)
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = "〇零○ＯO0一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
_DATE_FORMS = (
    re.compile(r"(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日"),
    re.compile(r"(?P<y>[0-9]{4})\s*(?P<sep>[-./])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<d>[0-9]{1,2})"),
    re.compile(rf"(?P<y>[{_CN_YEAR}]{{4}})\s*年\s*(?P<m>[{_CN_SMALL}]{{1,3}})\s*月\s*(?P<d>[{_CN_SMALL}]{{1,4}})\s*日"),
)
_DATE_SHAPE = re.compile(
    rf"[0-9{_CN_YEAR}]{{2,4}}\s*年\s*[0-9{_CN_SMALL}]{{1,4}}\s*月\s*[0-9{_CN_SMALL}]{{1,4}}\s*日"
    r"|[0-9]{4}\s*[-./]\s*[0-9]{1,2}\s*[-./]\s*[0-9]{1,2}"
)


@dataclass(frozen=True)
class DocumentMetadata:
    """What a document says about itself; None where it says nothing readable."""

    title: str | None
    doc_number: str | None
    formed_on: date | None
    issuer: str | None
    index_no: str | None
    attribute_mark: str | None
    fields: dict[str, str]


def read_metadata(text: str) -> DocumentMetadata:
    """Read the metadata of a document's text; "字段：值" headers win over the layout."""
    lines = [line.strip() for line in text.split("\n")]
    fields = read_fields(lines)
    top = _read_top(lines)
    signature = _read_signature(lines, after=top.end)
    field_number = _first(fields, NUMBER_FIELDS)
    field_date = _first(fields, DATE_FIELDS)
    return DocumentMetadata(
        title=_first(fields, TITLE_FIELDS) or top.title,
        doc_number=(normalise_doc_number(field_number) if field_number else None) or top.doc_number,
        formed_on=(parse_chinese_date(field_date) if field_date else None) or signature.formed_on,
        issuer=_first(fields, ISSUER_FIELDS) or signature.issuer or top.header_issuer,
        index_no=fields.get("索引号") or None,
        attribute_mark=_field_attribute(fields) or _attribute_mark(lines),
        fields=fields,
    )


def normalise_doc_number(raw: str) -> str | None:
    """A 发文字号 in the GB/T 9704 form 代字〔年份〕序号号 (brackets 〔〕, no leading zeros, no 第); None if broken."""
    compact = re.sub(r"\s+", "", raw.translate(_FULL_WIDTH))
    if len(compact) >= 2 and compact[0] in "（(" and compact[-1] in "）)":
        compact = compact[1:-1]
    match = _DOC_NUMBER.fullmatch(compact)
    if not match or not EARLIEST_YEAR <= int(match["year"]) <= LATEST_YEAR or int(match["seq"]) == 0:
        return None
    return f"{match['code']}〔{match['year']}〕{int(match['seq'])}号"


def parse_chinese_date(raw: str) -> date | None:
    """A date written 2018年4月28日, 2018-04-27, 2018.4.28, with full-width digits or 二〇一八年四月二十八日."""
    compact = raw.strip().translate(_FULL_WIDTH)
    for form in _DATE_FORMS:
        match = form.fullmatch(compact)
        if match:
            return _valid_date(_cn_year(match["y"]), _cn_number(match["m"]), _cn_number(match["d"]))
    return None


def read_fields(lines: list[str]) -> dict[str, str]:
    """The disclosure-page "字段：值" headers, several per line allowed; the first value of a field wins."""
    fields: dict[str, str] = {}
    for line in lines:
        matches = list(_FIELD.finditer(line))
        for position, match in enumerate(matches):
            end = matches[position + 1].start() if position + 1 < len(matches) else len(line)
            fields.setdefault(match[1], line[match.end() : end].strip())
    return fields


@dataclass(frozen=True)
class _Top:
    """What the head of a document gives: the header's issuer, the own number, the title, where the body starts."""

    header_issuer: str | None
    doc_number: str | None
    title: str | None
    end: int


def _read_top(lines: list[str]) -> _Top:
    """Walk the head of the document: skip marks and fields, note the header and own number, collect the title."""
    header_issuer: str | None = None
    number_line: str | None = None
    title: list[str] = []
    title_closed = False
    end = 0
    for index, line in enumerate(lines[:TITLE_SCAN_LINES]):
        if not line:
            title_closed = title_closed or bool(title)
            continue
        number = _number_line(line)
        issuer = _header_issuer(line)
        if number is not None:
            number_line = number_line or number
            title_closed = title_closed or bool(title)
        elif issuer and not title:
            header_issuer = header_issuer or issuer
        elif _FIELD.match(line) or _MARK_LINE.fullmatch(line.translate(_FULL_WIDTH)) or _SIGNER.match(line):
            pass
        elif title_closed or _is_body_line(line) or _is_date_line(line) or len(title) == MAX_TITLE_LINES:
            break
        else:
            title.append(line)
        end = index + 1
    return _Top(
        header_issuer=header_issuer,
        doc_number=normalise_doc_number(number_line) if number_line else None,
        title="".join(title) or None,
        end=end,
    )


@dataclass(frozen=True)
class _Signature:
    """The signature block: the issuing organ above the date line, and the date."""

    issuer: str | None
    formed_on: date | None


def _read_signature(lines: list[str], *, after: int) -> _Signature:
    """The first date line below the body that sits under an organ's name, else the last date line."""
    date_lines = [i for i in range(after, len(lines)) if _is_date_line(lines[i])]
    for i in date_lines:
        issuer = _issuer_above(lines, i)
        if issuer:
            return _Signature(issuer=issuer, formed_on=parse_chinese_date(lines[i]))
    if date_lines:
        return _Signature(issuer=None, formed_on=parse_chinese_date(lines[date_lines[-1]]))
    return _Signature(issuer=None, formed_on=None)


def _issuer_above(lines: list[str], index: int) -> str | None:
    """The organ names on the nearest non-empty line above a date line, joined by 、 when issued jointly."""
    for line in reversed(lines[max(0, index - SIGNATURE_GAP) : index]):
        if line:
            names = re.split(r"[ \t\u3000]{2,}|\t", line)
            return "、".join(names) if all(_is_organ(name) for name in names) else None
    return None


def _is_organ(name: str) -> bool:
    """Whether a short piece of text reads as an organ's name: no punctuation, ends in an organ suffix."""
    return 2 <= len(name) <= 40 and not re.search(r"[，。、；：:！？《》“”]", name) and name.endswith(ORGAN_SUFFIXES)


def _header_issuer(line: str) -> str | None:
    """The organ of a "XX人民政府办公室文件" header line."""
    match = _HEADER.fullmatch(line)
    if not match or "关于" in line:
        return None
    names = re.split(r"[ \t\u3000]+", match["issuer"].strip())
    return "、".join(names) if all(_is_organ(name) for name in names) else None


def _number_line(line: str) -> str | None:
    """The number on a line that is only a 发文字号 (perhaps in brackets, perhaps with 签发人), else None."""
    candidate = _SIGNER.sub("", line).strip()
    if len(candidate) >= 2 and candidate[0] in "（(" and candidate[-1] in "）)":
        candidate = candidate[1:-1].strip()
    return candidate if _NUMBER_SHAPE.fullmatch(candidate.translate(_FULL_WIDTH)) else None


def _is_body_line(line: str) -> bool:
    """Whether a line starts the body: the addressee line (ends with a colon), a sentence, or a long line."""
    return line.endswith(("：", ":")) or "。" in line or "，" in line or len(line) > MAX_HEADING_LENGTH


def _is_date_line(line: str) -> bool:
    """Whether a line is nothing but a date."""
    return bool(_DATE_SHAPE.fullmatch(line.translate(_FULL_WIDTH)))


def _attribute_mark(lines: list[str]) -> str | None:
    """The disclosure attribute from its mark line, e.g. （此件公开发布）."""
    for line in lines:
        bare = line.strip("（）() \t\u3000")
        if bare in ATTRIBUTE_MARKS:
            return ATTRIBUTE_MARKS[bare]
    return None


def _field_attribute(fields: dict[str, str]) -> str | None:
    """The disclosure attribute from a 公开属性 or 公开方式 field."""
    value = _first(fields, ATTRIBUTE_FIELDS)
    return ATTRIBUTE_WORDS.get(value) if value else None


def _first(fields: dict[str, str], names: tuple[str, ...]) -> str | None:
    """The first non-empty value among the named fields."""
    return next((fields[name] for name in names if fields.get(name)), None)


def _cn_year(raw: str) -> int:
    """A year in Arabic digits or written digit by digit in Chinese numerals (二〇一八)."""
    return int("".join(str(_CN_DIGITS[ch]) if ch in _CN_DIGITS else ch for ch in raw))


def _cn_number(raw: str) -> int | None:
    """A month or day in Arabic digits or Chinese numerals up to 三十一; None when malformed."""
    if raw.isascii():
        return int(raw)
    tens, _, units = raw.rpartition("十")
    if "十" not in raw:
        return _CN_DIGITS.get(raw) if len(raw) == 1 else None
    if len(tens) > 1 or len(units) > 1 or "十" in tens + units:
        return None
    ten_value = _CN_DIGITS.get(tens, 0) if tens else 1
    unit_value = _CN_DIGITS.get(units, 0) if units else 0
    if (tens and ten_value == 0) or (units and unit_value == 0):
        return None
    return ten_value * 10 + unit_value


def _valid_date(year: int, month: int | None, day: int | None) -> date | None:
    """The date, or None when it does not exist."""
    if month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
