"""Repositories of the issuance lifecycle (versions, resolutions, lifecycle details, interpretations; the 索引号
is in storage.index_numbers). Like every repository, they never commit; the read model behind `show` and `list`
is storage.read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from policies.attributes import Attribute, AttributeDecision, LegalGround
from policies.errors import BadInput, NotFound
from policies.findings import Finding
from policies.issuance import (
    DocumentKind,
    Draft,
    FindingKey,
    InterpretationForm,
)
from policies.lifecycle import State
from policies.metadata_check import DraftMetadata
from policies.subjects import SubjectArea
from storage.models import (
    Document,
    DocumentLifecycle,
    DocumentVersion,
    FindingResolution,
    Interpretation,
    Organisation,
    StoredFile,
    User,
)

SUBJECT = "document"


@dataclass(frozen=True, slots=True)
class Intake:
    """A file taken in: its text was extracted; its bytes go to the file store under sha256 with the step that
    keeps it (FileStore.keeping), never before."""

    sha256: str
    size: int
    original_name: str
    media_type: str
    text: str
    content: bytes = field(default=b"", repr=False, compare=False)


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
        """The stored-file row for a file taken in, added the first time these bytes are seen: one INSERT … ON
        CONFLICT DO NOTHING, so a step taking in the same bytes at that moment (on PostgreSQL) waits for the other
        to commit and takes its row instead of failing on the key."""
        found = self.session.get(StoredFile, intake.sha256)
        if found is not None:
            return found
        dialect = self.session.get_bind().dialect.name
        insert_file = postgresql_insert if dialect == "postgresql" else sqlite_insert
        row = StoredFile(
            sha256=intake.sha256, size=intake.size, media_type=intake.media_type, original_name=intake.original_name
        )
        self.session.execute(insert_file(StoredFile).values(**row.model_dump()).on_conflict_do_nothing())
        stored = self.session.get(StoredFile, intake.sha256)
        assert stored is not None, "the row was inserted, or another transaction committed it"
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


def draft_metadata(document: Document) -> DraftMetadata:
    """The metadata a drafter checks (title, 发文字号, 发文机关, kind, subject area), as stored."""
    return DraftMetadata(title=document.title, doc_number=document.doc_number, issuer=document.issuer,
                         kind=DocumentKind(document.kind), subject_area=SubjectArea(document.subject_area))  # fmt: skip
