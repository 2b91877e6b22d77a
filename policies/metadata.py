"""Read a document's metadata from its text: title, own 发文字号, 成文日期, 发文机关, 索引号, attribute mark.

Where the rules come from: GB/T 9704-2012 (党政机关公文格式) for the header, the 发文字号 and the signature
block; the disclosure pages' metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期)
for the "字段：值" headers, which win over what is read from the layout. A page's 发布日期 or 发文日期 is when
the page went up, never the 成文日期. Each field says where it was read (`sources`); a field the text does not
hold is None, never a guess. Nothing here raises on odd text: a broken number or date is simply not found.

The rules live in three modules: policies.metadata_lines (numbered pieces of text, web-page chrome, lost line
breaks, number and date shapes), policies.metadata_header (the disclosure-page block), policies.metadata_layout
(red header, own number, title, signature block).
"""

from dataclasses import dataclass, field
from datetime import date

from policies.metadata_header import FieldValue, HeaderBlock, holds_fields, raw_fields, read_header_block
from policies.metadata_layout import (
    Found,
    Signature,
    Top,
    attribute_mark,
    full_name_of,
    read_signature,
    read_top,
    title_organs,
)
from policies.metadata_lines import cut_pieces, normalise_doc_number, parse_chinese_date, text_lines

__all__ = ["DocumentMetadata", "normalise_doc_number", "parse_chinese_date", "read_metadata"]

TITLE_FIELDS = ("标题", "名称")
NUMBER_FIELDS = ("发文字号", "文号")
ISSUER_FIELDS = ("发文机关", "发布机构")
ATTRIBUTE_FIELDS = ("公开属性", "公开方式")
ATTRIBUTE_WORDS = {"主动公开": "proactive", "依申请公开": "on_request", "不予公开": "withheld"}


@dataclass(frozen=True)
class DocumentMetadata:
    """What a document says about itself; None where it says nothing readable.

    fields: the disclosure-page header fields as written; sources: for each field found, where it was read
    (line and rule), e.g. {"doc_number": "第3行：版头下的发文字号"}.
    """

    title: str | None
    doc_number: str | None
    formed_on: date | None
    issuer: str | None
    index_no: str | None
    attribute_mark: str | None
    fields: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict, compare=False)


def read_metadata(text: str) -> DocumentMetadata:
    """Read the metadata of a document's text; "字段：值" headers win over the layout."""
    block = read_header_block(cut_pieces(text_lines(text), holds_fields=holds_fields))
    top = read_top(block.remaining)
    signature = read_signature(block.remaining, after=top.end)
    sources: dict[str, str] = {}
    title = _title(block, top, sources)
    metadata = DocumentMetadata(
        title=title,
        doc_number=_doc_number(block, top, sources),
        formed_on=_formed_on(block, signature, sources),
        issuer=_issuer(block, top, signature, title, sources),
        index_no=_noted(sources, "index_no", _field(block, ("索引号",)), "公开页信息栏的“索引号”"),
        attribute_mark=_attribute(block, attribute_mark(block.remaining), sources),
        fields=raw_fields(block),
        sources=sources,
    )
    return metadata


def _title(block: HeaderBlock, top: Top, sources: dict[str, str]) -> str | None:
    """The 标题 field, else the title of the layout."""
    from_field = _noted(sources, "title", _field(block, TITLE_FIELDS), "公开页信息栏的“标题”")
    return from_field or _from_layout(sources, "title", top.title)


def _doc_number(block: HeaderBlock, top: Top, sources: dict[str, str]) -> str | None:
    """The 发文字号 field when it reads as a number, else the own number of the head, normalised to 〔〕."""
    stated = _field(block, NUMBER_FIELDS)
    if stated and normalise_doc_number(stated.value):
        sources["doc_number"] = f"{stated.line.where()}：公开页信息栏的“发文字号”（{stated.value}）"
        return normalise_doc_number(stated.value)
    number = normalise_doc_number(top.doc_number.value) if top.doc_number else None
    if number and top.doc_number:
        sources["doc_number"] = top.doc_number.source() + (
            f"（原文“{top.doc_number.value}”）" if number != top.doc_number.value else ""
        )
    return number


def _formed_on(block: HeaderBlock, signature: Signature, sources: dict[str, str]) -> date | None:
    """The 成文日期 field, else the date line of the signature block (a page's 发布日期 is not the 成文日期)."""
    stated = _field(block, ("成文日期",))
    if stated and parse_chinese_date(stated.value):
        sources["formed_on"] = f"{stated.line.where()}：公开页信息栏的“成文日期”"
        return parse_chinese_date(stated.value)
    if signature.formed_on and signature.date_line:
        sources["formed_on"] = signature.date_line.source()
    return signature.formed_on


def _issuer(
    block: HeaderBlock, top: Top, signature: Signature, title: str | None, sources: dict[str, str]
) -> str | None:
    """The 发文机关 field, else the signature's organ (its full name when it is abbreviated: 市府办), else the
    header's, else the organ the title names before 关于."""
    from_field = _noted(sources, "issuer", _field(block, ISSUER_FIELDS), "公开页信息栏的“发文机关”")
    if from_field:
        return from_field
    named = (*top.header_organs, *title_organs(title or ""))
    if signature.issuer:
        full = full_name_of(signature.issuer.value, named)
        if full:
            sources["issuer"] = f"{signature.issuer.source()}，“{signature.issuer.value}”是版头或标题中“{full}”的简称"
            return full
        return _from_layout(sources, "issuer", signature.issuer)
    if top.header:
        return _from_layout(sources, "issuer", top.header)
    organs = title_organs(title or "")
    if organs and "title" in sources:
        sources["issuer"] = f"{sources['title']}中“关于”前的机关名称"
        return "、".join(organs)
    return None


def _attribute(block: HeaderBlock, mark: Found | None, sources: dict[str, str]) -> str | None:
    """The disclosure attribute from a 公开属性 or 公开方式 field, else from its mark under the date line."""
    stated = _field(block, ATTRIBUTE_FIELDS)
    if stated and stated.value in ATTRIBUTE_WORDS:
        sources["attribute_mark"] = f"{stated.line.where()}：公开页信息栏的“{stated.value}”"
        return ATTRIBUTE_WORDS[stated.value]
    return _from_layout(sources, "attribute_mark", mark)


def _field(block: HeaderBlock, names: tuple[str, ...]) -> FieldValue | None:
    """The first non-empty value among the named header fields."""
    return next((block.fields[name] for name in names if name in block.fields), None)


def _noted(sources: dict[str, str], name: str, stated: FieldValue | None, rule: str) -> str | None:
    """A header field's value, its source noted."""
    if stated is None:
        return None
    sources[name] = f"{stated.line.where()}：{rule}"
    return stated.value


def _from_layout(sources: dict[str, str], name: str, found: Found | None) -> str | None:
    """A value read from the layout, its source noted."""
    if found is None:
        return None
    sources[name] = found.source()
    return found.value
