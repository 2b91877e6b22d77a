"""The layout of a document (GB/T 9704-2012): the red header (版头), the own 发文字号 under it, the title, and the
signature block (落款: the organ above the date line, the attribute mark below it).

Each rule is a named function that says why; each returns what it found with the line it found it on, so the
drafter sees where a field came from. The reader works on the pieces of policies.metadata_lines.cut_pieces
with the disclosure-page fields already taken out (policies.metadata_header).
"""

import re
from dataclasses import dataclass
from datetime import date

from policies.metadata_lines import (
    ATTRIBUTE_MARK,
    FULL_WIDTH,
    SPACE,
    Line,
    ends_as_title,
    is_date_line,
    is_number_line,
    is_organ,
    parse_chinese_date,
)

TITLE_SCAN_LINES = 40
MAX_TITLE_LINES = 4
MAX_HEADING_LENGTH = 80
SIGNATURE_GAP = 3
MAX_JOINT_ORGANS = 4
ATTRIBUTE_MARKS = {
    "此件公开发布": "proactive",
    "此件主动公开": "proactive",
    "此件依申请公开": "on_request",
    "此件不予公开": "withheld",
    "此件不公开": "withheld",
}

_SIGNER = re.compile(r"[\s\u3000]*签发人[:：].*$")
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
_SITE_SUFFIX = re.compile(r"[_｜|－—-]+[^_｜|－—-]{2,30}$")
"""A page title's site name after the document's title: …的通知_江州市人民政府网."""


@dataclass(frozen=True, slots=True)
class Found:
    """A value read from the layout, the line it stood on, and the rule that read it."""

    value: str
    line: Line
    rule: str

    def source(self) -> str:
        """Where the value was read and by which rule, as the drafter is shown it."""
        return f"{self.line.where()}：{self.rule}"


@dataclass(frozen=True, slots=True)
class Top:
    """The head of a document: its red header's organs, its own number, its title, and where its body starts."""

    header: Found | None
    header_organs: tuple[str, ...]
    doc_number: Found | None
    title: Found | None
    end: int


@dataclass(frozen=True, slots=True)
class Signature:
    """The signature block: the organ above the date line, and the date line."""

    issuer: Found | None
    formed_on: date | None
    date_line: Found | None


def read_top(lines: list[Line]) -> Top:
    """Walk the head: skip marks, note the header and the own number, collect the title until the body starts."""
    header: Found | None = None
    organs: tuple[str, ...] = ()
    number: Found | None = None
    title: list[Line] = []
    closed = False
    end = 0
    for index, line in enumerate(lines[:TITLE_SCAN_LINES]):
        text = line.text
        if not text:
            closed = closed or bool(title)
            continue
        found_organs = header_organs(text)
        if is_number_line(_SIGNER.sub("", text)):
            if title and header is None and all(is_organ(piece.text) for piece in title):
                header, organs, title = _letter_header(title), tuple(piece.text for piece in title), []
            number = number or Found(_SIGNER.sub("", text).strip(), line, _number_rule(header, title))
            closed = closed or bool(title)
        elif found_organs and not title:
            if header is None:
                header, organs = Found("、".join(found_organs), line, f"版头“{text}”"), found_organs
        elif _is_mark_line(text):
            pass
        elif is_date_line(text):
            closed = closed or bool(title)  # a date under the title, or the opening repeated
        elif closed or _is_body_line(text) or len(title) == MAX_TITLE_LINES:
            break
        elif title and ends_as_title(_joined(title)) and not text.startswith(("的", "》")):
            closed = True
            break
        elif title and _starts_new_title(title, text):
            title = [line]
        else:
            title.append(line)
        end = index + 1
    return Top(header, organs, number, _title(title, has_header=header is not None), end)


def read_signature(lines: list[Line], *, after: int) -> Signature:
    """The first date line below the head that sits under an organ's name, else the last date line."""
    date_lines = [i for i in range(after, len(lines)) if is_date_line(lines[i].text)]
    for i in date_lines:
        issuer = _issuer_above(lines, i)
        if issuer:
            found = Found(lines[i].text, lines[i], "落款日期（落款机关下的日期行）")
            return Signature(issuer=issuer, formed_on=parse_chinese_date(lines[i].text), date_line=found)
    if date_lines:
        last = lines[date_lines[-1]]
        found = Found(last.text, last, "正文后的最后一个日期行（其上无落款机关）")
        return Signature(issuer=None, formed_on=parse_chinese_date(last.text), date_line=found)
    return Signature(issuer=None, formed_on=None, date_line=None)


def attribute_mark(lines: list[Line]) -> Found | None:
    """The disclosure attribute from its mark line under the date line, e.g. （此件公开发布）."""
    for line in lines:
        if ATTRIBUTE_MARK.fullmatch(line.text):
            bare = line.text.strip("（）() \t\u3000")
            return Found(ATTRIBUTE_MARKS[bare], line, f"附注“{line.text}”")
    return None


def header_organs(text: str) -> tuple[str, ...] | None:
    """The organs of a "XX人民政府办公室文件" header line; two organs of a joint header, even interleaved."""
    match = _HEADER.fullmatch(text)
    if not match or "关于" in text:
        return None
    names = tuple(re.split(rf"{SPACE}+", match["issuer"].strip()))
    if all(is_organ(name) for name in names):
        return names
    return _interleaved_organs(names)


def title_organs(title: str) -> tuple[str, ...]:
    """The organs a title names before its 关于 (重庆市教育委员会　重庆市财政局关于…), if they read as organs."""
    before, found, _ = title.partition("关于")
    names = tuple(name for name in re.split(rf"{SPACE}+", before) if name)
    return names if found and names and all(is_organ(name) for name in names) else ()


def full_name_of(abbreviation: str, full_names: tuple[str, ...]) -> str | None:
    """The full name a signature abbreviates (市府办 → 江州市人民政府办公室): its characters in order, fewer."""
    for full in full_names:
        if len(abbreviation) < len(full) and _in_order(abbreviation, full):
            return full
    return None


def _letter_header(lines: list[Line]) -> Found:
    """The letter format's header (信函格式, GB/T 9704 §10.1): the organ's name alone above the number."""
    return Found("、".join(line.text for line in lines), lines[0], "信函格式版头（发文字号上方的机关名称）")


def _interleaved_organs(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """A flattened joint header, "江州 经济开发区 市 社会事业局": the place once, then each organ's own words."""
    place, *rest = tokens
    if is_organ(place) or len(place) > MAX_JOINT_ORGANS or not rest:
        return None
    names: list[str] = []
    current = ""
    for token in rest:
        current += token
        if is_organ(place + current):
            names.append(place + current)
            current = ""
    return tuple(names) if not current and len(names) >= 2 else None


def _issuer_above(lines: list[Line], index: int) -> Found | None:
    """The organ names just above a date line, joined by 、 when issued jointly (several on a line or pieces)."""
    names: list[str] = []
    first: Line | None = None
    for line in reversed(lines[max(0, index - SIGNATURE_GAP - MAX_JOINT_ORGANS) : index]):
        if not line.text:
            if names:
                break
            continue
        pieces = re.split(r"[ \t\u3000]{2,}|\t", line.text)
        if not all(is_organ(piece) for piece in pieces) or len(names) + len(pieces) > MAX_JOINT_ORGANS:
            break
        names[:0], first = pieces, line
        if not line.flattened:
            break
    if first is None:
        return None
    return Found("、".join(names), first, "落款机关（日期行上方的机关名称）")


def _title(lines: list[Line], *, has_header: bool) -> Found | None:
    """The title from its lines: stray spaces inside it dropped, a page's site name after it cut off."""
    if not lines:
        return None
    text = _joined(lines)
    site = _SITE_SUFFIX.search(text)
    if site and ends_as_title(text[: site.start()]):
        text = text[: site.start()]
    where = "版头与主送机关之间的标题" if has_header else "正文前的标题"
    rule = where + (f"（跨 {len(lines)} 行，已连接）" if len(lines) > 1 else "")
    return Found(text, lines[0], rule)


def _joined(lines: list[Line]) -> str:
    """Title lines joined; a space inside the title is dropped unless it separates organs of a joint title."""
    pieces = [piece for line in lines for piece in re.split(rf"({SPACE}+)", line.text) if piece]
    text = ""
    for piece in pieces:
        if re.fullmatch(rf"{SPACE}+", piece):
            text += piece if is_organ(text.split()[-1] if text.split() else text) else ""
        else:
            text += piece
    return text


def _starts_new_title(title: list[Line], text: str) -> bool:
    """Whether a heading starts the title afresh: the lines before had no 关于 and were not organ names."""
    before = _joined(title)
    return "关于" in text and "关于" not in before and not all(is_organ(line.text) for line in title)


def _number_rule(header: Found | None, title: list[Line]) -> str:
    """Which own-number rule read the number: under the header, under the title, or at the head."""
    if header and not title:
        return "版头下的发文字号"
    return "标题下的发文字号" if title else "正文前的发文字号"


def _is_mark_line(text: str) -> bool:
    """Copy number, secrecy, urgency and draft marks, the signer, the attribute mark: none of them is a title."""
    return bool(
        _MARK_LINE.fullmatch(text.translate(FULL_WIDTH)) or _SIGNER.match(text) or ATTRIBUTE_MARK.fullmatch(text)
    )


def _is_body_line(text: str) -> bool:
    """Whether a line starts the body: the addressee line (ends with a colon), a sentence, or a long line."""
    return text.endswith(("：", ":")) or "。" in text or "，" in text or len(text) > MAX_HEADING_LENGTH


def _in_order(short: str, long: str) -> bool:
    """Whether every character of `short` appears in `long`, in the same order."""
    rest = iter(long)
    return all(char in rest for char in short)
