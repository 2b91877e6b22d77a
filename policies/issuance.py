"""Issuance rules beside the transition table: kinds of document, the interpretation plan, what the automatic
pre-check means for approval, the 索引号, and which deadlines each event starts.

Sources: 国办发〔2016〕19号 (政策解读: the plan is approved with the document, interpretation within 3 working
days; 谁起草、谁解读), 国办发〔2016〕80号 实施细则 (the attribute travels with the document; review before
sign-off), 政府信息公开条例 Arts. 14, 15, 17 and 26.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any, Final

from policies.attributes import Attribute, AttributeDecision, LegalGround, decide_attribute
from policies.calendar import WorkingDayCalendar
from policies.deadlines import Deadline, interpretation_due, publication_due
from policies.errors import BadInput, PolicyRefusal, Remedy
from policies.findings import Finding, FindingKind
from policies.labels import Labelled
from policies.lifecycle import State
from policies.metadata import read_metadata
from policies.subjects import SubjectArea, classify_subject

FindingKey = tuple[str, str]
MIN_REASON_HANZI: Final = 5
MIN_REASON_DISTINCT: Final = 3


class DocumentKind(Labelled, noun="公文类型"):
    """What sort of document it is; policy and normative documents owe an interpretation (19号)."""

    POLICY = "policy", "政策性文件"
    NORMATIVE = "normative", "行政规范性文件"
    NOTICE = "notice", "通知公告"
    OTHER = "other", "其他"


class InterpretationForm(Labelled, noun="解读形式"):
    """How a policy is interpreted (19号): written, Q&A, graphic, video, press conference."""

    TEXT = "text", "文字解读"
    QA = "qa", "问答解读"
    GRAPHIC = "graphic", "图表图解"
    VIDEO = "video", "视频解读"
    PRESS = "press", "新闻发布会"


class Validity(Labelled, noun="有效性"):
    """有效性 as the disclosure page shows it: 有效 or 已撤回."""

    EFFECTIVE = "effective", "有效"
    WITHDRAWN = "withdrawn", "已撤回"


def needs_interpretation(kind: DocumentKind) -> bool:
    """Whether a published document of this kind owes its interpretation (19号: rules and normative documents)."""
    return kind in (DocumentKind.POLICY, DocumentKind.NORMATIVE)


def require_interpretation_plan(kind: DocumentKind, *, has_plan: bool) -> None:
    """19号 同步审签: a policy or normative document is submitted together with its interpretation plan."""
    if needs_interpretation(kind) and not has_plan:
        raise PolicyRefusal(
            f"{kind.label}须随文报送政策解读方案（同步组织、同步审签）", remedy=Remedy.ATTACH_INTERPRETATION_PLAN
        )


def attribute_at_submission(
    chosen: Attribute | None, mark: str | None, grounds: Sequence[LegalGround], reason: str | None
) -> AttributeDecision | None:
    """The attribute a draft starts with: the one chosen, else the document's own mark when it is complete."""
    if chosen is not None:
        return decide_attribute(chosen, grounds, reason)
    if mark is None:
        if grounds:
            raise BadInput("给出理由代码时须同时指明公开属性", remedy=Remedy.NAME_ATTRIBUTE)
        return None
    try:
        return decide_attribute(Attribute(mark), grounds, reason)
    except PolicyRefusal:
        return None


def require_attribute(attribute: str | None) -> Attribute:
    """80号: the attribute is decided while drafting and travels with the document, so review needs it."""
    if attribute is None:
        raise PolicyRefusal("尚未确定公开属性，不能送审", remedy=Remedy.SET_ATTRIBUTE)
    return Attribute(attribute)


def can_start_review(attribute: str | None, state: str) -> bool:
    """Whether a draft goes to the disclosure office now: it is a draft and its attribute is set."""
    return attribute is not None and State(state) is State.DRAFT


def finding_key(finding: Finding) -> FindingKey:
    """What identifies a finding across versions: its kind and its text."""
    return (finding.kind.value, finding.text)


def unresolved_personal_data(findings: Sequence[Finding], resolved: Collection[FindingKey]) -> list[int]:
    """The 1-based numbers of the personal-data findings nobody has resolved yet (条例 Art. 15)."""
    return [
        number
        for number, finding in enumerate(findings, start=1)
        if finding.is_personal_data and finding_key(finding) not in resolved
    ]


def decide_approval(attribute: Attribute, findings: Sequence[Finding], resolved: Collection[FindingKey]) -> None:
    """条例 Arts. 14, 15, 17: no secrecy mark on a proactive document; every personal-data finding resolved."""
    marks = [f.text for f in findings if f.kind is FindingKind.SECRET_MARK]
    if attribute is Attribute.PROACTIVE and marks:
        raise PolicyRefusal(f"主动公开的公文带有密级标志“{marks[0]}”，不能审查通过（条例第十四条）")
    open_numbers = unresolved_personal_data(findings, resolved)
    if open_numbers:
        listed = "、".join(f"第{number}项" for number in open_numbers)
        raise PolicyRefusal(
            f"预检发现的个人信息{listed}尚未处理，不能审查通过：退回拟稿人删除或遮盖后重新提交，"
            "或说明可以公开的理由（条例第十五条）",
            remedy=Remedy.JUSTIFY_FINDING,
        )


def decide_justification(findings: Sequence[Finding], number: int, reason: str) -> Finding:
    """The personal-data finding a reviewer keeps in the text, with the reason it may be disclosed (Art. 15)."""
    if not 1 <= number <= len(findings):
        raise BadInput(f"没有第{number}项预检发现（共 {len(findings)} 项）")
    finding = findings[number - 1]
    if not finding.is_personal_data:
        raise BadInput(f"第{number}项（{finding.label}）不是个人信息，无需说明公开理由")
    if not reason.strip():
        raise PolicyRefusal(f"保留第{number}项个人信息须说明理由（如：权利人同意、不公开会对公共利益造成重大影响）")
    if not is_real_reason(reason):
        raise BadInput(
            f"第{number}项的理由“{reason.strip()}”不是一句说明：请用至少 {MIN_REASON_HANZI} 个汉字写明为何可以公开"
            "（如：权利人已书面同意公开）"
        )
    return finding


def is_real_reason(reason: str) -> bool:
    """Whether a reason for keeping personal data reads as a sentence someone can check later (Art. 15: the
    holder's consent, or a grave public interest), not a placeholder such as "x", "无", "同意" or "无无无无无"."""
    hanzi = [char for char in reason if "\u4e00" <= char <= "\u9fff"]
    return len(hanzi) >= MIN_REASON_HANZI and len(set(hanzi)) >= MIN_REASON_DISTINCT


def redacted_between(previous: Sequence[Finding], current: Sequence[Finding]) -> list[FindingKey]:
    """The personal data the previous version had and the new version no longer has: redacted in the new version."""
    now = {finding_key(f) for f in current}
    gone = {finding_key(f) for f in previous if f.is_personal_data} - now
    return sorted(gone)


def format_index_no(pattern: str, *, code: str, year: int, seq: int) -> str:
    """The 索引号 from the organisation's pattern, e.g. {code}/{year}-{seq:05d} → CODE/2026-00001."""
    try:
        return pattern.format(code=code, year=year, seq=seq)
    except (KeyError, IndexError, ValueError) as error:
        raise BadInput(f"索引号格式 '{pattern}' 无效：只能使用 {{code}}、{{year}}、{{seq}}") from error


def index_year(formed_on: date | None, published_on: date) -> int:
    """The year in a 索引号: the year the information was formed (成文日期), else the year of publication."""
    return (formed_on or published_on).year


def deadlines_on_sign(
    attribute: Attribute, signed_on: date, calendar: WorkingDayCalendar, *, clock_running: bool
) -> list[Deadline]:
    """Art. 26: signing forms a proactive document, which is then published in 20 working days.

    An amendment has already restarted the clock from the change (clock_running), so signing it starts none.
    """
    if attribute is not Attribute.PROACTIVE or clock_running:
        return []
    return [publication_due(signed_on, calendar)]


def deadlines_on_publish(kind: DocumentKind, published_on: date, calendar: WorkingDayCalendar) -> list[Deadline]:
    """19号: a published policy or normative document owes its interpretation within 3 working days."""
    return [interpretation_due(published_on, calendar)] if needs_interpretation(kind) else []


def deadlines_on_amend(amended_on: date, calendar: WorkingDayCalendar) -> list[Deadline]:
    """Art. 26: a change restarts the 20-working-day publication clock from the day of the change."""
    return [publication_due(amended_on, calendar)]


EVENT_LABELS: Final[dict[str, str]] = {
    "create": "登记草稿",
    "deadline_set": "设定期限",
    "deadline_superseded": "期限作废（重新起算或不再需要）",
    "deadline_met": "期限已履行",
}


@dataclass(frozen=True)
class Draft:
    """What a submitted text says about itself, with the drafter's options winning over what was read."""

    title: str
    doc_number: str | None
    formed_on: date | None
    issuer: str | None
    attribute_mark: str | None
    subject: SubjectArea
    subject_matched: tuple[str, ...]
    metadata_read: dict[str, Any]


TEXT_FIELDS: Final = ("title", "doc_number", "issuer")


def metadata_from_new_version(
    current: Mapping[str, Any], previous_read: Mapping[str, Any], draft: Draft
) -> dict[str, Any]:
    """The metadata a new version changes: fields read from the old text follow the new text; set by hand (at upload
    or corrected later, cleared included), they stay."""
    changes: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        read = draft.metadata_read.get(name)
        came_from_text = current.get(name) == previous_read.get(name)
        if read and came_from_text and read != current.get(name):
            changes[name] = read
    return changes


def read_draft(text: str, filename: str, *, title: str | None, domain: SubjectArea | None) -> Draft:
    """The draft's metadata and subject area, read from its text; the file's name is the title of last resort."""
    metadata = read_metadata(text)
    chosen_title = (title or "").strip() or metadata.title or PurePosixPath(filename).stem
    subject = classify_subject(chosen_title, text)
    return Draft(
        title=chosen_title[:500],
        doc_number=metadata.doc_number,
        formed_on=metadata.formed_on,
        issuer=metadata.issuer,
        attribute_mark=metadata.attribute_mark,
        subject=domain or subject.area,
        subject_matched=() if domain else subject.matched,
        metadata_read={
            "title": metadata.title,
            "doc_number": metadata.doc_number,
            "formed_on": metadata.formed_on.isoformat() if metadata.formed_on else None,
            "issuer": metadata.issuer,
            "index_no": metadata.index_no,
            "attribute_mark": metadata.attribute_mark,
            "subject_area": subject.area.value,
            "subject_matched": list(subject.matched),
            "fields": metadata.fields,
            "sources": metadata.sources,
        },
    )
