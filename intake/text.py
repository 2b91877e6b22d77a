"""Plain text (.txt, .md): decoding with a BOM, UTF-8, a declared charset or a CJK guess; and normalising any text."""

import codecs
import unicodedata

from charset_normalizer import from_bytes

from intake.budget import Budget
from policies.characters import strip_controls
from policies.errors import BadInput

BINARY_MAGIC = {
    b"%PDF-": "PDF",
    b"PK\x03\x04": "ZIP（DOCX/OFD）",
    b"\xd0\xcf\x11\xe0": "旧版 Office（.doc/.xls）",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
}
TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LINE_ENDS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n"})
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz"}
MIN_PLAUSIBILITY = 0.8
MAX_BYTES_PER_CHAR = 4
GUESS_SAMPLE_BYTES = 256 * 1024
"""How much of a file charset-normalizer guesses from; each guess is then decoded strictly over the whole file."""


def read_plain(data: bytes, budget: Budget) -> tuple[str, str | None, int | None]:
    """Decode a .txt or .md file: its text, the encoding found, no page count; a file with NUL is not text.

    No encoding spends more than 4 bytes on a character, so a file past 4 bytes per character of the budget is
    refused before it is decoded."""
    if len(data) > MAX_BYTES_PER_CHAR * budget.chars:
        budget.spend_chars(-(-len(data) // MAX_BYTES_PER_CHAR))  # at least this many characters
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise BadInput("无法读取文本：文件含有空字符（NUL），不是文本文档")
    budget.spend_chars(len(text))
    return text, encoding, None


def normalise_text(text: str) -> str:
    """Unify line ends (a vertical tab or form feed is one too), strip control characters and escape sequences
    and trailing spaces, compose to NFC; full-width characters stay as they are."""
    text = text.replace("\r\n", "\n").translate(LINE_ENDS)
    text = strip_controls(text)
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    return "\n".join(lines).strip("\n")


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes: a BOM, else UTF-8, else a declared charset, else charset-normalizer's best CJK guess
    (from the first GUESS_SAMPLE_BYTES)."""
    for bom, encoding in TEXT_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError:
                raise BadInput(f"无法读取文本：{encoding.upper()} 编码已损坏") from None
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BadInput(f"无法读取文本：内容不是文本（看起来是 {kind} 文件）")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        decoded = _decode_as(data, declared)
        if decoded is not None:
            return decoded
    guesses = from_bytes(_guess_sample(data))
    candidates = [found for match in guesses if (found := _decode_as(data, match.encoding))]
    readable = [candidate for candidate in candidates if _chinese_plausibility(candidate[0]) >= MIN_PLAUSIBILITY]
    if not readable:
        raise BadInput("无法识别文本编码（请另存为 UTF-8）")
    return max(readable, key=lambda candidate: _chinese_plausibility(candidate[0]))


def _guess_sample(data: bytes) -> bytes:
    """The start of the file up to a line end within GUESS_SAMPLE_BYTES (a sample cut inside a multi-byte
    character would mislead the guess); the whole file when it is shorter or has no line end there."""
    end = data.rfind(b"\n", 0, GUESS_SAMPLE_BYTES)
    return data[: end + 1] if len(data) > GUESS_SAMPLE_BYTES and end > 0 else data


def _decode_as(data: bytes, name: str) -> tuple[str, str] | None:
    """Decode strictly with a named codec (the GB family as GB18030), or None when it does not fit."""
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    if encoding in GB_FAMILY:
        encoding = "gb18030"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def _chinese_plausibility(text: str) -> float:
    """Share of the first characters that are printable ASCII or in GB 2312, the simplified Chinese core set."""
    sample = text[:20_000]
    if not sample:
        return 0.0
    good = sum(1 for ch in sample if ch in "\t\n\r" or " " <= ch <= "~" or _in_gb2312(ch))
    return good / len(sample)


def _in_gb2312(ch: str) -> bool:
    """Whether a character is in GB 2312."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
