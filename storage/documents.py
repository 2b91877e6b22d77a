"""Repositories of the issuance lifecycle (versions, resolutions, lifecycle details, interpretations; the 索引号
is in storage.index_numbers) and the read model behind `show` and `list`. Like every repository, they never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists
from sqlmodel import Session, col, select

from policies.attributes import Attribute, AttributeDecision, LegalGround
from policies.deadlines import DeadlineStatus, deadline_status
from policies.errors import BadInput, NotFound
from policies.findings import LABELS as FINDING_LABELS
from policies.findings import Finding, FindingKind
from policies.issuance import (
    DEADLINE_LABELS,
    EVENT_LABELS,
    DocumentKind,
    Draft,
    FindingKey,
    InterpretationForm,
    Validity,
    finding_key,
)
from policies.lifecycle import Action, State
from policies.subjects import SubjectArea
from storage.models import (
    DeadlineRecord,
    Document,
    DocumentLifecycle,
    DocumentVersion,
    FindingResolution,
    Interpretation,
    Organisation,
    StoredFile,
    User,
)
from storage.uow import UnitOfWork
from storage.views import deadline_view, event_view, iso_day

SUBJECT = "document"


@dataclass(frozen=True, slots=True)
class Intake:
    """A file taken in: its bytes are in the file store under sha256, its text was extracted."""

    sha256: str
    size: int
    original_name: str
    media_type: str
    text: str


class Issuance:
    """The lifecycle's rows for one unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def register(
        self,
        drafter: User,
        draft: Draft,
        kind: DocumentKind,
        attribute: AttributeDecision | None,
        original: Intake,
        findings: Sequence[Finding],
        plan: Intake | None,
    ) -> Document:
        """Stage a new draft document with its first version and its lifecycle details."""
        organisation = self.organisation()
        document = Document(
            organisation_id=organisation.id,
            drafter_id=drafter.id or 0,
            title=draft.title,
            doc_number=draft.doc_number,
            issuer=draft.issuer or organisation.name,
            formed_on=draft.formed_on,
            kind=kind.value,
            subject_area=draft.subject.value,
            attribute=attribute.attribute.value if attribute else None,
            grounds=[ground.value for ground in attribute.grounds] if attribute else [],
            attribute_reason=attribute.reason if attribute else None,
            state=State.DRAFT.value,
        )
        self.session.add(document)
        self.session.flush()
        document_id = document.id or 0
        self.add_version(
            document_id, 1, original, findings=findings, metadata_read=draft.metadata_read, reason="submit",
            created_by=drafter.name,
        )  # fmt: skip
        if plan is not None:
            self.keep_file(plan)
        self.session.add(
            DocumentLifecycle(
                document_id=document_id,
                subject_matched=list(draft.subject_matched),
                plan_sha256=plan.sha256 if plan else None,
                plan_name=plan.original_name if plan else None,
            )
        )
        self.session.flush()
        return document

    def organisation(self) -> Organisation:
        """The issuing organisation of this installation, or BadInput before `gongkai init`."""
        found = self.session.exec(select(Organisation).order_by(col(Organisation.id))).first()
        if found is None:
            raise BadInput("尚未设置机关：请先运行 gongkai init")
        return found

    def keep_file(self, intake: Intake) -> StoredFile:
        """The stored-file row for a file taken in, added the first time these bytes are seen."""
        found = self.session.get(StoredFile, intake.sha256)
        if found is not None:
            return found
        stored = StoredFile(
            sha256=intake.sha256, size=intake.size, media_type=intake.media_type, original_name=intake.original_name
        )
        self.session.add(stored)
        self.session.flush()
        return stored

    def add_version(
        self,
        document_id: int,
        number: int,
        intake: Intake,
        *,
        findings: Sequence[Finding],
        metadata_read: dict[str, Any],
        reason: str,
        created_by: str,
    ) -> DocumentVersion:
        """Stage a new version of a document from a file taken in."""
        self.keep_file(intake)
        version = DocumentVersion(
            document_id=document_id,
            number=number,
            file_sha256=intake.sha256,
            original_name=intake.original_name,
            media_type=intake.media_type,
            text=intake.text,
            findings=[finding.to_dict() for finding in findings],
            metadata_read=metadata_read,
            reason=reason,
            created_by=created_by,
        )
        self.session.add(version)
        self.session.flush()
        return version

    def add_current_version(
        self,
        document_id: int,
        number: int,
        revised: Intake,
        findings: Sequence[Finding],
        draft: Draft,
        *,
        reason: str,
        by: str,
    ) -> DocumentVersion:
        """Stage a new version of a document and make it the current one."""
        version = self.add_version(
            document_id, number, revised, findings=findings, metadata_read=draft.metadata_read, reason=reason,
            created_by=by,
        )  # fmt: skip
        self.change_lifecycle(document_id, current_version=version.number)
        return version

    def version(self, document_id: int, number: int) -> DocumentVersion:
        """One version of a document, or NotFound."""
        found = self.session.exec(
            select(DocumentVersion).where(DocumentVersion.document_id == document_id, DocumentVersion.number == number)
        ).first()
        if found is None:
            raise NotFound(f"公文 {document_id} 没有第 {number} 稿")
        return found

    def current_version(self, document_id: int) -> DocumentVersion:
        """The version under work now."""
        return self.version(document_id, self.lifecycle(document_id).current_version)

    def versions(self, document_id: int) -> Sequence[DocumentVersion]:
        """Every version of a document, oldest first."""
        return self.session.exec(
            select(DocumentVersion)
            .where(DocumentVersion.document_id == document_id)
            .order_by(col(DocumentVersion.number))
        ).all()

    @staticmethod
    def findings_of(version: DocumentVersion) -> tuple[Finding, ...]:
        """A version's pre-check findings, read back from their stored JSON."""
        return tuple(Finding.from_dict(data) for data in version.findings)

    def set_findings(self, version: DocumentVersion, findings: Sequence[Finding]) -> DocumentVersion:
        """Replace a version's pre-check findings with a newer check's."""
        version.findings = [finding.to_dict() for finding in findings]
        self.session.add(version)
        self.session.flush()
        return version

    def lifecycle(self, document_id: int) -> DocumentLifecycle:
        """The lifecycle details of a document, or NotFound."""
        found = self.session.get(DocumentLifecycle, document_id)
        if found is None:
            raise NotFound(f"公文 {document_id} 不存在")
        return found

    def change_lifecycle(self, document_id: int, **values: Any) -> DocumentLifecycle:
        """Change lifecycle details (inside a transition, whose version check guards them too)."""
        lifecycle = self.lifecycle(document_id)
        for name, value in values.items():
            setattr(lifecycle, name, value)
        self.session.add(lifecycle)
        self.session.flush()
        return lifecycle

    def resolve(
        self, document_id: int, version_number: int, key: FindingKey, *, resolution: str, reason: str | None, by: str
    ) -> FindingResolution:
        """Record how a personal-data finding was resolved."""
        record = FindingResolution(
            document_id=document_id,
            version_number=version_number,
            kind=key[0],
            text=key[1],
            resolution=resolution,
            reason=reason,
            resolved_by=by,
        )
        self.session.add(record)
        self.session.flush()
        return record

    def resolutions(self, document_id: int) -> Sequence[FindingResolution]:
        """Every resolution of a document's findings, oldest first."""
        return self.session.exec(
            select(FindingResolution)
            .where(FindingResolution.document_id == document_id)
            .order_by(col(FindingResolution.id))
        ).all()

    def resolved_keys(self, document_id: int) -> set[FindingKey]:
        """The findings of a document that were justified or redacted, by kind and text."""
        return {(r.kind, r.text) for r in self.resolutions(document_id)}

    def add_interpretation(
        self,
        document_id: int,
        material: Intake,
        form: InterpretationForm,
        *,
        published_on: date,
        on_time: bool | None,
        by: str,
    ) -> Interpretation:
        """Stage an interpretation published today and keep its file."""
        self.keep_file(material)
        interpretation = Interpretation(
            document_id=document_id,
            form=form.value,
            file_sha256=material.sha256,
            original_name=material.original_name,
            media_type=material.media_type,
            text=material.text,
            published_on=published_on,
            on_time=on_time,
            created_by=by,
        )
        self.session.add(interpretation)
        self.session.flush()
        return interpretation

    def interpretations(self, document_id: int) -> Sequence[Interpretation]:
        """A document's interpretations, oldest first."""
        return self.session.exec(
            select(Interpretation).where(Interpretation.document_id == document_id).order_by(col(Interpretation.id))
        ).all()


def attribute_decision(document: Document) -> AttributeDecision | None:
    """A document's stored attribute as the policies see it; None while it is not set."""
    if document.attribute is None:
        return None
    grounds = tuple(LegalGround(code) for code in document.grounds)
    return AttributeDecision(Attribute(document.attribute), grounds, document.attribute_reason)


def document_detail(uow: UnitOfWork, document_id: int, today: date) -> dict[str, Any]:
    """Everything `show` tells about a document, as JSON-ready data with the Chinese labels beside the codes."""
    document = uow.documents.get(document_id)
    issuance = Issuance(uow.session)
    lifecycle = issuance.lifecycle(document_id)
    version = issuance.version(document_id, lifecycle.current_version)
    resolved = issuance.resolutions(document_id)
    resolutions = {(r.kind, r.text): r for r in resolved}
    return {
        **_summary(document, uow.users.by_id(document.drafter_id).name),
        "kind_label": DocumentKind(document.kind).label,
        "subject_area": document.subject_area,
        "subject_label": SubjectArea(document.subject_area).label,
        "subject_matched": lifecycle.subject_matched,
        "grounds": [
            {"code": g, "label": LegalGround(g).label, "article": LegalGround(g).article} for g in document.grounds
        ],
        "attribute_reason": document.attribute_reason,
        "metadata": {
            "title": document.title,
            "doc_number": document.doc_number,
            "formed_on": iso_day(document.formed_on),
            "issuer": document.issuer,
            "index_no": document.index_no or version.metadata_read.get("index_no"),
            "attribute_mark": version.metadata_read.get("attribute_mark"),
            "published_on": iso_day(document.published_on),
            "validity": lifecycle.validity,
            "validity_label": Validity(lifecycle.validity).label if lifecycle.validity else None,
        },
        "metadata_read": version.metadata_read,
        "current_version": lifecycle.current_version,
        "findings": [
            _finding(number, f, resolutions.get(finding_key(f)))
            for number, f in enumerate(Issuance.findings_of(version), 1)
        ],
        "resolutions": [_resolution(r) for r in resolved],
        "versions": [_version(v) for v in issuance.versions(document_id)],
        "interpretation_plan": {"name": lifecycle.plan_name, "sha256": lifecycle.plan_sha256}
        if lifecycle.plan_sha256
        else None,
        "signed_by": lifecycle.signed_by,
        "signed_on": iso_day(lifecycle.signed_on),
        "published_version": lifecycle.published_version,
        "published_on_time": lifecycle.published_on_time,
        "withdrawn_on": iso_day(lifecycle.withdrawn_on),
        "withdrawal_reason": lifecycle.withdrawal_reason,
        "interpretations": [_interpretation(i) for i in issuance.interpretations(document_id)],
        "deadlines": [_deadline(d, today) for d in uow.deadlines.history_for(SUBJECT, document_id)],
        "audit": [_event(e) for e in uow.audit.events_for(SUBJECT, document_id)],
    }


def document_list(
    uow: UnitOfWork, *, today: date, state: str | None = None, overdue: bool = False, limit: int = 500
) -> list[dict[str, Any]]:
    """Documents, newest first, optionally in one state or with an overdue deadline, each with its next due date."""
    late = exists().where(
        col(DeadlineRecord.subject_type) == SUBJECT,
        col(DeadlineRecord.subject_id) == Document.id,
        col(DeadlineRecord.active),
        col(DeadlineRecord.met_on).is_(None),
        col(DeadlineRecord.due) < today,
    )
    query = select(Document, User.name).join(User, col(User.id) == Document.drafter_id)
    query = query.where(Document.state == state) if state else query
    query = query.where(late) if overdue else query
    rows = uow.session.exec(query.order_by(col(Document.id).desc()).limit(limit)).all()
    open_deadlines = _open_deadlines(uow, [document.id for document, _ in rows if document.id is not None])
    return [
        {**_summary(document, drafter), **_next_due(open_deadlines.get(document.id or 0, []), today)}
        for document, drafter in rows
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


def _next_due(records: list[DeadlineRecord], today: date) -> dict[str, Any]:
    first = records[0] if records else None
    return {
        "next_deadline": _deadline(first, today) if first else None,
        "overdue": any(
            deadline_status(r.due, r.met_on, active=r.active, today=today) is DeadlineStatus.OVERDUE for r in records
        ),
    }


def _summary(document: Document, drafter: str) -> dict[str, Any]:
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


def _finding(number: int, finding: Finding, resolution: FindingResolution | None) -> dict[str, Any]:
    return {"number": number, **finding.to_dict(), "resolution": _resolution(resolution) if resolution else None}


def _resolution(resolution: FindingResolution) -> dict[str, Any]:
    return {
        "kind": resolution.kind,
        "label": FINDING_LABELS.get(FindingKind(resolution.kind), resolution.kind),
        "text": resolution.text,
        "resolution": resolution.resolution,
        "reason": resolution.reason,
        "by": resolution.resolved_by,
        "version": resolution.version_number,
    }


def _version(version: DocumentVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "reason": version.reason,
        "original_name": version.original_name,
        "media_type": version.media_type,
        "sha256": version.file_sha256,
        "characters": len(version.text),
        "findings": len(version.findings),
        "created_by": version.created_by,
        "created_at": version.created_at.isoformat(),
    }


def _interpretation(interpretation: Interpretation) -> dict[str, Any]:
    return {
        "id": interpretation.id,
        "form": interpretation.form,
        "form_label": InterpretationForm(interpretation.form).label,
        "original_name": interpretation.original_name,
        "sha256": interpretation.file_sha256,
        "published_on": interpretation.published_on.isoformat(),
        "on_time": interpretation.on_time,
        "created_by": interpretation.created_by,
    }


def _deadline(record: DeadlineRecord, today: date) -> dict[str, Any]:
    status = deadline_status(record.due, record.met_on, active=record.active, today=today)
    view = deadline_view(record, DEADLINE_LABELS.get(record.kind, record.kind))
    return {**view, "status": status.value, "status_label": status.label}


def _event(row: dict[str, Any]) -> dict[str, Any]:
    action = row["action"]
    label = Action(action).label if action in Action.__members__.values() else EVENT_LABELS.get(action, action)
    return event_view(row, label)
