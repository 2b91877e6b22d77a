"""The lines of a real document's text as the metadata reader sees them, and the shapes it looks for in them.

Real input is messy: copies saved from disclosure web pages keep the site's chrome (登录 | 注册, 字号：大 中 小,
breadcrumbs, 打印本页 关闭窗口); exports flatten the whole text onto one or two lines; numbers and dates come
with stray spaces. This module gives each piece of text the number of the line it came from (so every field
can say where it was read), drops the chrome, and cuts flattened lines back into the pieces they were.
Dates follow DOMAIN.md (2018年4月28日, 2018-04-27, 二〇一八年四月二十八日); 发文字号 GB/T 9704-2012 §7.2.5.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from policies.page_chrome import PAGE_SEPARATORS, PAGE_WORDS

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
FLAT_LINE = 160  # a line longer than this once held several lines: cut it at its spaces
FULL_WIDTH = str.maketrans("０１２３４５６７８９－．／：", "0123456789-./:")
SPACE = r"[ \t\u3000\xa0]"
OPEN = re.escape("〔[［(（【")
CLOSE = re.escape("〕]］)）】")
ORGAN_SUFFIXES = (
    "政府", "办公室", "办公厅", "委员会", "委", "局", "厅", "部", "署", "院", "会", "中心", "办", "处",
    "所", "站", "队", "馆", "组", "室", "管委会", "公司", "集团", "学校", "大学", "医院", "开发区", "新区",
    "园区", "街道", "镇", "乡",
)  # fmt: skip
DOCUMENT_TYPES = (
    "通知", "通告", "公告", "决定", "决议", "命令", "意见", "方案", "办法", "规定", "细则", "规则", "条例",
    "请示", "报告", "批复", "函", "复函", "纪要", "通报", "公报", "议案", "规划", "计划", "要点", "公示",
    "名单", "指引", "指南", "标准", "制度", "章程", "预案", "答复", "说明", "清单", "目录",
)  # fmt: skip

DOC_NUMBER = re.compile(
    rf"(?P<code>[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z]{{0,19}})"
    rf"[{OPEN}](?P<year>[0-9]{{4}})[{CLOSE}]第?(?P<seq>[0-9]{{1,6}})号"
)
"""An own 发文字号 once spaces are gone: 机关代字, the year in brackets, perhaps 第, the sequence, 号."""
NUMBER_SHAPE = re.compile(rf"[^\s，。、；：:《》]{{1,20}}[{OPEN}][^{CLOSE}]{{0,8}}[{CLOSE}][^\s号]{{0,8}}号")
"""What is built like a 发文字号 even when broken (渝环发〔2018〕号), so it is not mistaken for a title."""
WILD_NUMBER = re.compile(
    rf"[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z]{{0,19}}{SPACE}*[{OPEN}]{SPACE}*[0-9０-９]{{4}}{SPACE}*[{CLOSE}]"
    rf"{SPACE}*第?{SPACE}*[0-9０-９]{{1,6}}{SPACE}*号"
)
"""A 发文字号 as typed in the wild, spaces inside it ("某政办发[2018] 52 号"): glued before lines are cut."""
_CN_YEAR = "〇零○ＯO0一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_FORMS = (
    re.compile(r"(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日"),
    re.compile(r"(?P<y>[0-9]{4})\s*(?P<sep>[-./])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<d>[0-9]{1,2})"),
    re.compile(rf"(?P<y>[{_CN_YEAR}]{{4}})\s*年\s*(?P<m>[{_CN_SMALL}]{{1,3}})\s*月\s*(?P<d>[{_CN_SMALL}]{{1,4}})\s*日"),
)
DATE_SHAPE = (
    rf"[0-9０-９{_CN_YEAR}]{{4}}{SPACE}*年{SPACE}*[0-9０-９{_CN_SMALL}]{{1,3}}{SPACE}*月{SPACE}*"
    rf"[0-9０-９{_CN_SMALL}]{{1,4}}{SPACE}*日"
    r"|[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}"
)
_DATE_LINE = re.compile(DATE_SHAPE)
ATTRIBUTE_MARK = re.compile(r"[（(]?此件(?:公开发布|主动公开|依申请公开|不予公开|不公开)[）)]?")
_DATE_THEN_MARK = re.compile(rf"(?<=[日0-9]){SPACE}*(?=[（(]此件)")
"""A date line run together with its mark, 2018年6月12日（此件公开发布）: the mark is a line of its own."""
_SIGNATURE_GLUED = re.compile(rf"(?<=[。！；])(?=[^。！；，：\n]{{2,40}}?(?:{DATE_SHAPE})$)", re.MULTILINE)
"""A flattened ending, …特此通知。江州市教育局2019年8月20日: the signature block starts after the sentence."""
_ORGAN_THEN_DATE = re.compile(rf"^(?P<organ>[^，。：:；\s\d]{{2,40}}?){SPACE}*(?P<date>{DATE_SHAPE})$")

_FLAT_HEADER = re.compile(rf"(?:[\u4e00-\u9fff]{{1,20}}{SPACE}+){{1,5}}[\u4e00-\u9fff]{{1,20}}文件(?={SPACE})")
"""A joint red header at the start of a flattened line ("江州 经济开发区 市 社会事业局文件") stays one piece."""
_CHROME_LINE = re.compile(
    r"^(?:您现在的位置|您当前的位置|当前位置|所在位置|当前页面)\s*[:：]"
    r"|^首页\s*[>›»＞/]|[>›»＞]\s*(?:正文|详情|信息公开|政务公开|通知公告)\s*$"
    r"|^【?(?:字号|字体)\s*[:：]?\s*[【\[]?大"
    r"|^(?:主办单位|承办单位|主办|承办|技术支持|版权所有|网站标识码|联系我们)\s*[:：]?"
    r"|ICP备|公网安备|扫一扫在手机打开"
)
"""Web-page chrome that starts or marks a line: breadcrumbs, the font-size switch, the footer."""
_CHROME_WORDS = re.compile("|".join(PAGE_WORDS) + "|" + PAGE_SEPARATORS)
"""Words a chrome line is made of, nothing else (登录 | 注册, 【打印本页】【关闭窗口】): policies.page_chrome's."""


@dataclass(frozen=True, slots=True)
class Line:
    """A piece of the text and the 1-based number of the line of the submitted text it came from."""

    number: int
    text: str
    flattened: bool = False

    def where(self) -> str:
        """Where the piece was read, as the drafter counts lines."""
        return f"第{self.number}行" + ("（该行失去了换行，按空格切分）" if self.flattened else "")


def text_lines(text: str) -> list[Line]:
    """The text's lines, numbered, stripped, with numbers glued back together (their inner spaces dropped)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Line(number, _glue_numbers(line).strip(" \t\u3000\xa0")) for number, line in enumerate(raw, 1)]


def cut_pieces(lines: list[Line], *, holds_fields: Callable[[str], bool]) -> list[Line]:
    """Chrome lines dropped; flattened lines cut at their spaces (a short line that holds header fields is the
    header reader's, left whole); date lines cut from a mark or an organ."""
    pieces: list[Line] = []
    for line in lines:
        if is_chrome(line.text):
            continue
        if is_flattened(line.text) and (len(line.text) > FLAT_LINE or not holds_fields(line.text)):
            header = _FLAT_HEADER.match(line.text)
            rest = line.text[header.end() :] if header else line.text
            parts = [header[0]] if header else []
            parts += [part for part in re.split(rf"{SPACE}+", rest) if part and not is_chrome(part)]
            pieces.extend(Line(line.number, part, flattened=True) for part in parts)
        else:
            pieces.append(line)
    return [cut for piece in pieces for cut in _cut_signature(piece)]


def is_flattened(text: str) -> bool:
    """Whether a line once held several lines: very long with spaces, or cut at its spaces it gives two or more
    pieces that are lines of their own (a header, a number, a date, the addressee, a title)."""
    if not re.search(SPACE, text):
        return False
    if len(text) > FLAT_LINE:
        return True
    return sum(map(_is_line_of_its_own, re.split(rf"{SPACE}+", text))) >= 2


def _is_line_of_its_own(piece: str) -> bool:
    """A piece that is always a line in a laid-out document."""
    return (
        piece.endswith(("文件", "："))
        or is_number_line(piece)
        or is_date_line(piece)
        or ("关于" in piece and ends_as_title(piece))
    )


def is_chrome(text: str) -> bool:
    """Whether a line is the web page around the document rather than the document."""
    return bool(text) and (bool(_CHROME_LINE.search(text)) or not _CHROME_WORDS.sub("", text))


def _cut_signature(line: Line) -> list[Line]:
    """A piece holding a sentence, an organ, a date and a mark run together becomes one line each."""
    text = _DATE_THEN_MARK.sub("\n", line.text)
    text = _SIGNATURE_GLUED.sub("\n", text)
    parts: list[str] = []
    for part in text.split("\n"):
        glued = _ORGAN_THEN_DATE.match(part.strip())
        if glued and is_organ(glued["organ"]):
            parts.extend((glued["organ"], glued["date"]))
        else:
            parts.append(part.strip())
    return [Line(line.number, part, line.flattened) for part in parts if part]


def _glue_numbers(line: str) -> str:
    """Spaces inside a 发文字号 or a date dropped, so cutting a line at its spaces never splits one."""
    line = WILD_NUMBER.sub(lambda m: re.sub(SPACE, "", m[0]), line)
    return re.sub(DATE_SHAPE, lambda m: re.sub(SPACE, "", m[0]), line)


def normalise_doc_number(raw: str) -> str | None:
    """A 发文字号 in the GB/T 9704 form 代字〔年份〕序号号 (brackets 〔〕, no leading zeros, no 第); None if broken."""
    compact = re.sub(r"\s+", "", raw.translate(FULL_WIDTH))
    if len(compact) >= 2 and compact[0] in "（(" and compact[-1] in "）)":
        compact = compact[1:-1]
    match = DOC_NUMBER.fullmatch(compact)
    if not match or not EARLIEST_YEAR <= int(match["year"]) <= LATEST_YEAR or int(match["seq"]) == 0:
        return None
    return f"{match['code']}〔{match['year']}〕{int(match['seq'])}号"


def is_number_line(text: str) -> bool:
    """Whether a line is built like a 发文字号 and nothing else (perhaps in brackets), even a broken one."""
    candidate = re.sub(r"\s+", "", text)
    if len(candidate) >= 2 and candidate[0] in "（(" and candidate[-1] in "）)":
        candidate = candidate[1:-1]
    return bool(NUMBER_SHAPE.fullmatch(candidate.translate(FULL_WIDTH)))


def parse_chinese_date(raw: str) -> date | None:
    """A date written 2018年4月28日, 2018-04-27, 2018.4.28, with full-width digits or 二〇一八年四月二十八日."""
    compact = raw.strip().translate(FULL_WIDTH)
    for form in _DATE_FORMS:
        match = form.fullmatch(compact)
        if match:
            return _valid_date(_cn_year(match["y"]), _cn_number(match["m"]), _cn_number(match["d"]))
    return None


def is_date_line(text: str) -> bool:
    """Whether a line is nothing but a date."""
    return bool(_DATE_LINE.fullmatch(text.translate(FULL_WIDTH)))


def is_organ(name: str) -> bool:
    """Whether a short piece of text reads as an organ's name: no punctuation, no 关于, ends in an organ suffix (a
    site, …门户网站, is not an organ although 站 ends 水文站)."""
    return (
        2 <= len(name) <= 40
        and not re.search(r"[，。、；：:！？《》“”_|｜]|关于", name)
        and name.endswith(ORGAN_SUFFIXES)
        and not name.endswith("网站")
    )


def ends_as_title(text: str) -> bool:
    """Whether a heading ends with the kind of document it is (…的通知, …办法, …请示): a title's last word."""
    return text.rstrip("）)").endswith(DOCUMENT_TYPES)


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
    if month is None or day is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
