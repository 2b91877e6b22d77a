"""The read model behind `show` and `list` for documents, built from storage in one read-only unit of work."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists
from sqlmodel import col, select

from policies.attributes import Attribute, LegalGround
from policies.deadlines import DeadlineKind, DeadlineStatus, deadline_status
from policies.findings import LABELS as FINDING_LABELS
from policies.findings import Finding, FindingKind
from policies.formed_date import FormedDateCheck, text_formed_on
from policies.issuance import (
    EVENT_LABELS,
    DocumentKind,
    InterpretationForm,
    Validity,
    finding_key,
)
from policies.lifecycle import Action, State
from policies.metadata_check import FIELD_LABELS, check_text
from policies.roles import EVERYTHING, DocumentScope
from policies.subjects import SubjectArea
from storage.documents import SUBJECT, Issuance
from storage.models import (
    DeadlineRecord,
    Document,
    DocumentLifecycle,
    DocumentVersion,
    FindingResolution,
    Interpretation,
    User,
)
from storage.read.common import deadline_fields, event_fields, iso_day
from storage.read.models.documents import (
    DocumentDeadline,
    DocumentDetail,
    DocumentEvent,
    DocumentListItem,
    FindingView,
    FormedDateView,
    GroundView,
    InterpretationView,
    MetadataCheckView,
    MetadataView,
    PlanView,
    ResolutionView,
    VersionView,
)
from storage.read.scope import visible_document, within
from storage.uow import UnitOfWork


def document_detail(
    uow: UnitOfWork, document_id: int, today: date, scope: DocumentScope = EVERYTHING
) -> DocumentDetail:
    """Everything `show` tells about a document, with the Chinese labels beside the codes; NotFound outside the
    reader's scope."""
    document = visible_document(uow, document_id, scope)
    issuance = Issuance(uow.session)
    lifecycle = issuance.lifecycle(document_id)
    version = issuance.version(document_id, lifecycle.current_version)
    resolved = issuance.resolutions(document_id)
    resolutions = {(r.kind, r.text): r for r in resolved}
    audit = [_event(e) for e in uow.audit.events_for(SUBJECT, document_id)]
    return DocumentDetail(
        **_summary(document, uow.users.by_id(document.drafter_id).name),
        kind_label=DocumentKind(document.kind).label,
        subject_area=document.subject_area,
        subject_label=SubjectArea(document.subject_area).label,
        subject_matched=lifecycle.subject_matched,
        subject_source=_area_source(document.subject_area, version.metadata_read),
        grounds=[
            GroundView(code=g, label=LegalGround(g).label, article=LegalGround(g).article) for g in document.grounds
        ],
        attribute_reason=document.attribute_reason,
        metadata=_metadata(document, lifecycle, version),
        metadata_read=version.metadata_read,
        metadata_check=_metadata_check(audit, lifecycle.current_version),
        formed_date=_formed_date(document, lifecycle, version, today),
        current_version=lifecycle.current_version,
        findings=[
            _finding(number, f, resolutions.get(finding_key(f)))
            for number, f in enumerate(Issuance.findings_of(version), 1)
        ],
        resolutions=[_resolution(r) for r in resolved],
        versions=[_version(v) for v in issuance.versions(document_id)],
        interpretation_plan=PlanView(name=lifecycle.plan_name, sha256=lifecycle.plan_sha256)
        if lifecycle.plan_sha256
        else None,
        signed_by=lifecycle.signed_by,
        signed_on=iso_day(lifecycle.signed_on),
        published_version=lifecycle.published_version,
        published_on_time=lifecycle.published_on_time,
        withdrawn_on=iso_day(lifecycle.withdrawn_on),
        withdrawal_reason=lifecycle.withdrawal_reason,
        interpretations=[_interpretation(i) for i in issuance.interpretations(document_id)],
        deadlines=[_deadline(d, today) for d in uow.deadlines.history_for(SUBJECT, document_id)],
        audit=audit,
    )


def _metadata(document: Document, lifecycle: DocumentLifecycle, version: DocumentVersion) -> MetadataView:
    """The metadata table, each value with where it came from."""
    read = version.metadata_read
    shown: dict[str, Any] = {
        "title": document.title,
        "doc_number": document.doc_number,
        "formed_on": iso_day(document.formed_on),
        "issuer": document.issuer,
        "index_no": document.index_no or read.get("index_no"),
        "attribute_mark": read.get("attribute_mark"),
    }
    return MetadataView(
        **shown,
        published_on=iso_day(document.published_on),
        validity=lifecycle.validity,
        validity_label=Validity(lifecycle.validity).label if lifecycle.validity else None,
        formed_on_in_text=read.get("formed_on"),
        sources=_sources(shown, read, signed=lifecycle.signed_on is not None),
    )


def _area_source(area: str, read: dict[str, Any]) -> str:
    """How the 主题分类 was set: by the keywords the text matched, or by the drafter (beside what was read)."""
    automatic, matched = read.get("subject_area"), read.get("subject_matched") or []
    if area != automatic:
        return f"拟稿人选择（自动分类为“{SubjectArea(automatic).label}”）" if automatic else "拟稿人选择"
    if matched:
        return f"按正文关键词自动分类（命中：{'、'.join(matched)}）"
    return "正文未命中七个重点领域的关键词，自动归入“其他”"


def _sources(shown: dict[str, Any], read: dict[str, Any], *, signed: bool) -> dict[str, str]:
    """Where each shown value came from: the text (line and rule), the signature, the 索引号 pattern, or the
    drafter."""
    from_text: dict[str, str] = read.get("sources") or {}
    sources: dict[str, str] = {}
    for name, value in shown.items():
        if value is None:
            continue
        if name == "formed_on" and signed:
            sources[name] = "签发日（成文日期以签发日为准）"
        elif value == read.get(name):
            sources[name] = from_text.get(name, "正文（提交时未记录读取依据）")
        elif name == "index_no":
            sources[name] = "发布时按本机关的索引号格式编制"
        elif read.get(name) is not None:
            sources[name] = f"拟稿人填写（正文中读到的是“{read[name]}”）"
        else:
            sources[name] = "拟稿人填写或文件名（正文中未读到）" if name == "title" else "拟稿人填写"
    return sources


def _formed_date(
    document: Document, lifecycle: DocumentLifecycle, version: DocumentVersion, today: date
) -> FormedDateView | None:
    """Before signing (approved) and after: the text's date line beside the 成文日期 it will have or has."""
    signed = lifecycle.signed_on is not None
    if not signed and State(document.state) is not State.APPROVED:
        return None
    check = FormedDateCheck(text_formed_on(version.metadata_read), lifecycle.signed_on or today, signed)
    return FormedDateView(
        in_text=iso_day(check.in_text),
        formed_on=check.formed_on.isoformat(),
        signed=signed,
        differs=check.differs,
        explanation=check.explanation(),
    )


def document_list(
    uow: UnitOfWork,
    *,
    today: date,
    state: str | None = None,
    overdue: bool = False,
    due_by: date | None = None,
    limit: int = 500,
    scope: DocumentScope = EVERYTHING,
) -> list[DocumentListItem]:
    """Documents in the reader's scope, newest first, optionally in one state, with an overdue deadline, or with
    one due from today to `due_by`; each with its next due date."""

    def open_deadline(*due: Any) -> Any:
        return exists().where(
            col(DeadlineRecord.subject_type) == SUBJECT,
            col(DeadlineRecord.subject_id) == Document.id,
            col(DeadlineRecord.active),
            col(DeadlineRecord.met_on).is_(None),
            *due,
        )

    query = select(Document, User.name).join(User, col(User.id) == Document.drafter_id)
    query = query.where(Document.state == state) if state else query
    query = query.where(open_deadline(col(DeadlineRecord.due) < today)) if overdue else query
    if due_by is not None:
        query = query.where(open_deadline(col(DeadlineRecord.due) >= today, col(DeadlineRecord.due) <= due_by))
    query = within(query, scope)
    rows = uow.session.exec(query.order_by(col(Document.id).desc()).limit(limit)).all()
    open_deadlines = _open_deadlines(uow, [document.id for document, _ in rows if document.id is not None])
    return [
        _list_item(document, drafter, open_deadlines.get(document.id or 0, []), today) for document, drafter in rows
    ]


def list_items(uow: UnitOfWork, documents: list[Document], today: date) -> list[DocumentListItem]:
    """These documents as list items, in the order given: drafter's name, next open deadline, overdue or not."""
    ids = [document.id for document in documents if document.id is not None]
    drafter_ids = {document.drafter_id for document in documents}
    names = dict(uow.session.exec(select(User.id, User.name).where(col(User.id).in_(drafter_ids))).all())
    open_deadlines = _open_deadlines(uow, ids)
    return [
        _list_item(document, names[document.drafter_id], open_deadlines.get(document.id or 0, []), today)
        for document in documents
    ]


def _open_deadlines(uow: UnitOfWork, document_ids: list[int]) -> dict[int, list[DeadlineRecord]]:
    found: dict[int, list[DeadlineRecord]] = {}
    records = uow.session.exec(
        select(DeadlineRecord)
        .where(
            DeadlineRecord.subject_type == SUBJECT,
            col(DeadlineRecord.subject_id).in_(document_ids),
            col(DeadlineRecord.active),
            col(DeadlineRecord.met_on).is_(None),
        )
        .order_by(col(DeadlineRecord.due))
    ).all()
    for record in records:
        found.setdefault(record.subject_id, []).append(record)
    return found


def _list_item(document: Document, drafter: str, records: list[DeadlineRecord], today: date) -> DocumentListItem:
    """A document in the list, with its first open deadline and whether any open one is overdue."""
    return DocumentListItem(
        **_summary(document, drafter),
        next_deadline=_deadline(records[0], today) if records else None,
        overdue=any(
            deadline_status(r.due, r.met_on, active=r.active, today=today) is DeadlineStatus.OVERDUE for r in records
        ),
    )


def _summary(document: Document, drafter: str) -> dict[str, Any]:
    """The fields every read model of a document starts with (DocumentSummary's)."""
    return {
        "id": document.id,
        "title": document.title,
        "state": document.state,
        "state_label": State(document.state).label,
        "attribute": document.attribute,
        "attribute_label": Attribute(document.attribute).label if document.attribute else None,
        "kind": document.kind,
        "doc_number": document.doc_number,
        "index_no": document.index_no,
        "drafter": drafter,
        "version": document.version,
        "published_on": iso_day(document.published_on),
    }


def _finding(number: int, finding: Finding, resolution: FindingResolution | None) -> FindingView:
    return FindingView(
        number=number,
        kind=finding.kind.value,
        text=finding.text,
        start=finding.start,
        end=finding.end,
        label=finding.label,
        severity=finding.severity,
        resolution=_resolution(resolution) if resolution else None,
    )


def _resolution(resolution: FindingResolution) -> ResolutionView:
    return ResolutionView(
        kind=resolution.kind,
        label=FINDING_LABELS.get(FindingKind(resolution.kind), resolution.kind),
        text=resolution.text,
        resolution=resolution.resolution,
        reason=resolution.reason,
        by=resolution.resolved_by,
        version=resolution.version_number,
    )


def _version(version: DocumentVersion) -> VersionView:
    return VersionView(
        number=version.number,
        reason=version.reason,
        original_name=version.original_name,
        media_type=version.media_type,
        sha256=version.file_sha256,
        characters=len(version.text),
        findings=len(version.findings),
        created_by=version.created_by,
        created_at=version.created_at.isoformat(),
    )


def _interpretation(interpretation: Interpretation) -> InterpretationView:
    return InterpretationView(
        id=interpretation.id,
        form=interpretation.form,
        form_label=InterpretationForm(interpretation.form).label,
        original_name=interpretation.original_name,
        sha256=interpretation.file_sha256,
        published_on=interpretation.published_on.isoformat(),
        on_time=interpretation.on_time,
        created_by=interpretation.created_by,
    )


def _deadline(record: DeadlineRecord, today: date) -> DocumentDeadline:
    status = deadline_status(record.due, record.met_on, active=record.active, today=today)
    fields = deadline_fields(record, DeadlineKind(record.kind).label)
    return DocumentDeadline(**fields, status=status.value, status_label=status.label)


def _metadata_check(audit: list[DocumentEvent], current_version: int) -> MetadataCheckView | None:
    """The drafter's latest check of the current version's metadata; None when this version's is unchecked."""
    checks = [e for e in audit if e.action == Action.CONFIRM_METADATA and e.payload.get("draft") == current_version]
    if not checks:
        return None
    last = checks[-1]
    corrected = [FIELD_LABELS[name] for e in checks for name in e.payload.get("changed", {}) if name in FIELD_LABELS]
    return MetadataCheckView(
        by=last.actor, at=last.at, version=current_version, corrected=list(dict.fromkeys(corrected)),
        text=last.detail or "",
    )  # fmt: skip


def _event(row: dict[str, Any]) -> DocumentEvent:
    action = row["action"]
    label = Action(action).label if action in Action.__members__.values() else EVENT_LABELS.get(action, action)
    detail = check_text(row["payload"]) if action == Action.CONFIRM_METADATA else None
    return DocumentEvent(**event_fields(row, label), detail=detail)
