"""The "字段：值" header block of a disclosure page (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期 …).

Pages lay the block out every way: names padded with ASCII or full-width spaces ("索  引 号:", "标      题："),
ASCII or full-width colons, several fields on one line, a bullet before the name and the value on the line
below, empty fields, the block repeated; a web page glues "信息来源：… 发布日期：… 浏览次数：…" to the title.
The reader takes the first non-empty value of each field and says on which line it stood; the pieces of text
the block used are handed back removed, so the layout reader never takes a field's value for a title.
It reads the pieces of policies.metadata_lines.cut_pieces, so a flattened block arrives one field a piece.
"""

import re
from dataclasses import dataclass

from policies.metadata_lines import (
    SPACE,
    Line,
    ends_as_title,
    is_date_line,
    normalise_doc_number,
    parse_chinese_date,
)

BLOCK_FIELDS = (
    "索引号", "主题分类", "发文机关", "发布机构", "成文日期", "标题", "名称", "发文字号", "文号", "发布日期",
    "发文日期", "生效日期", "废止日期", "有效性", "公开方式", "公开属性", "体裁分类", "组配分类", "服务对象",
    "主题词", "关键词", "公文种类", "信息分类", "所属机构", "来源",
)  # fmt: skip
"""Fields that only count as fields at the start of a line, after a bullet or after a space."""
TAIL_FIELDS = ("信息来源", "发布时间", "浏览次数", "点击数", "访问量", "阅读次数", "访问次数")
"""A web page's line under the title; glued to the title without a space as often as with one."""
CHECKED_VALUES = {
    "索引号": lambda value: bool(re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z/\-_.]{3,60}", value)),
    "成文日期": lambda value: parse_chinese_date(value) is not None,
    "发布日期": is_date_line,
    "发文日期": is_date_line,
    "发文字号": lambda value: normalise_doc_number(value) is not None,
    "文号": lambda value: normalise_doc_number(value) is not None,
    "有效性": lambda value: value in ("有效", "失效", "废止", "已废止", "已失效", "已修改"),
}
"""What a value on the line below its field name must look like before it is taken (the line may be a title)."""
BULLETS = "·•●■◆▪◇○-*"
TITLE_FIELDS = ("标题", "名称")
MAX_VALUE_LENGTH = 120


def _spaced(name: str) -> str:
    """The name with any padding between its characters: 索  引 号, 标      题."""
    return f"{SPACE}*".join(re.escape(char) for char in name)


_NAMES = sorted(BLOCK_FIELDS, key=len, reverse=True)
_FIELD = re.compile(
    rf"(?:(?:^|(?<=[\s{re.escape(BULLETS)}]))(?P<block>{'|'.join(_spaced(n) for n in _NAMES)})"
    rf"|(?P<tail>{'|'.join(map(re.escape, TAIL_FIELDS))}))"
    rf"(?:{SPACE}*[:：]|\t)[ \t\u3000\xa0]*"
)


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A header field's value and the line it was read from."""

    value: str
    line: Line


@dataclass(frozen=True, slots=True)
class HeaderBlock:
    """The fields read (first non-empty value each) and the lines with every piece the block used taken out."""

    fields: dict[str, FieldValue]
    remaining: list[Line]


def read_header_block(lines: list[Line]) -> HeaderBlock:
    """The disclosure-page fields anywhere in the text; a value on the line below a lone field name is taken
    when it looks like that field's value."""
    fields: dict[str, FieldValue] = {}
    remaining: list[Line] = []
    skip_next = False
    for position, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        matches = list(_FIELD.finditer(line.text))
        if not matches:
            remaining.append(line)
            continue
        before = line.text[: matches[0].start()].strip(f" \t\u3000{BULLETS}")
        if before:
            remaining.append(Line(line.number, before, line.flattened))
        for index, match in enumerate(matches):
            name = _field_name(match)
            end = matches[index + 1].start() if index + 1 < len(matches) else len(line.text)
            value = line.text[match.end() : end].strip(" \t\u3000\xa0")
            if value and name not in fields:
                fields[name] = FieldValue(value, line)
        lone = len(matches) == 1 and not before and not line.text[matches[0].end() :].strip()
        following = lines[position + 1] if position + 1 < len(lines) else None
        if lone and following and _is_value_below(_field_name(matches[0]), following):
            fields.setdefault(_field_name(matches[0]), FieldValue(following.text.strip(BULLETS + " "), following))
            skip_next = True
    return HeaderBlock(fields=fields, remaining=remaining)


def holds_fields(text: str) -> bool:
    """Whether a line holds a header field ("发文字号：…")."""
    return bool(_FIELD.search(text))


def raw_fields(block: HeaderBlock) -> dict[str, str]:
    """The fields as the document states them, name → value (kept with the version for the drafter)."""
    return {name: field.value for name, field in block.fields.items()}


def _field_name(match: re.Match[str]) -> str:
    """The field's name without its padding."""
    return re.sub(SPACE, "", match["block"] or match["tail"])


def _is_value_below(name: str, line: Line) -> bool:
    """Whether the line below a lone field name is its value: not a field itself, and shaped like the value."""
    text = line.text.strip(BULLETS + " ")
    if not text or _FIELD.search(text):
        return False
    check = CHECKED_VALUES.get(name)
    if check:
        return check(text)
    return len(text) <= MAX_VALUE_LENGTH and (name in TITLE_FIELDS or not ends_as_title(text))
