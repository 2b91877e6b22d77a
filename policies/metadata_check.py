"""The drafter's check of the metadata read from the file (我的文件: upload a file, see what was read from it, confirm
it or put it right): the values a correction may take, what changed, and how the audit trail says it.

A correction is checked as an upload's options are: a title on one line and never empty, each value within its
column, the kind and the subject area by code or Chinese name (parsed at the edges). A 发文字号 typed in another
bracket form is kept in the GB/T 9704 form when it parses (渝府办发[2018]52号 → 渝府办发〔2018〕52号).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Final

from policies.characters import one_line
from policies.errors import BadInput
from policies.issuance import DocumentKind
from policies.metadata_lines import normalise_doc_number
from policies.subjects import SubjectArea

FIELD_LABELS: Final[dict[str, str]] = {
    "title": "标题",
    "doc_number": "发文字号",
    "issuer": "发文机关",
    "kind": "公文类型",
    "subject_area": "主题分类",
}
MAX_LENGTHS: Final[dict[str, int]] = {"title": 500, "doc_number": 100, "issuer": 200}


@dataclass(frozen=True, slots=True)
class DraftMetadata:
    """The five values a drafter confirms: as stored now, or as a correction would leave them."""

    title: str
    doc_number: str | None
    issuer: str | None
    kind: DocumentKind
    subject_area: SubjectArea

    def codes(self) -> dict[str, str | None]:
        """Each value as stored (the kind and area by code)."""
        return {f.name: _code(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class MetadataCorrection:
    """What the drafter puts right. None leaves a value as it is; an empty 发文字号 or 发文机关 clears it (a number read
    from a citation in the body is not the document's own)."""

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    kind: DocumentKind | None = None
    subject_area: SubjectArea | None = None


def corrected(current: DraftMetadata, correction: MetadataCorrection) -> DraftMetadata:
    """The metadata after the correction, or BadInput naming the value that cannot be stored."""
    title = current.title if correction.title is None else _text("title", correction.title)
    if not title:
        raise BadInput("标题不能为空")
    doc_number = current.doc_number if correction.doc_number is None else _text("doc_number", correction.doc_number)
    return DraftMetadata(
        title=title,
        doc_number=(normalise_doc_number(doc_number) or doc_number) if doc_number else None,
        issuer=(current.issuer if correction.issuer is None else _text("issuer", correction.issuer)) or None,
        kind=correction.kind or current.kind,
        subject_area=correction.subject_area or current.subject_area,
    )


def differences(before: DraftMetadata, after: DraftMetadata) -> dict[str, dict[str, str | None]]:
    """What changed, field by field, as codes: {field: {"from", "to"}}."""
    old, new = before.codes(), after.codes()
    return {name: {"from": old[name], "to": new[name]} for name in FIELD_LABELS if old[name] != new[name]}


def confirmed_as_read(after: DraftMetadata, read: Mapping[str, Any]) -> list[str]:
    """The fields whose value is the one read from the text (the kind is chosen at upload, never read)."""
    return [name for name, value in after.codes().items() if value is not None and value == read.get(name)]


def check_text(payload: Mapping[str, Any]) -> str:
    """A metadata check as the audit trail says it: 更正：标题“旧”→“新”；确认无误：发文字号、发文机关."""
    changed: Mapping[str, Mapping[str, str | None]] = payload.get("changed") or {}
    parts = []
    if changed:
        moves = [f"{FIELD_LABELS[name]}“{_shown(name, c['from'])}”→“{_shown(name, c['to'])}”"
                 for name, c in changed.items() if name in FIELD_LABELS]  # fmt: skip
        parts.append("更正：" + "，".join(moves))
    confirmed = [FIELD_LABELS[name] for name in payload.get("confirmed") or () if name in FIELD_LABELS]
    if confirmed:
        parts.append("与正文读取一致：" + "、".join(confirmed))
    return "；".join(parts) or "拟稿人确认元数据无误"


def _text(name: str, value: str) -> str:
    """A single-line value within its column's length."""
    text = one_line(value)
    if len(text) > MAX_LENGTHS[name]:
        raise BadInput(f"{FIELD_LABELS[name]}过长：最多 {MAX_LENGTHS[name]} 个字符（现有 {len(text)} 个）")
    return text


def _code(value: str | DocumentKind | SubjectArea | None) -> str | None:
    return value.value if isinstance(value, DocumentKind | SubjectArea) else value


def _shown(name: str, code: str | None) -> str:
    """A value in Chinese: the kind and area by name, an empty one as 空."""
    if code is None:
        return "空"
    labelled = {"kind": DocumentKind, "subject_area": SubjectArea}.get(name)
    return labelled(code).label if labelled else code
