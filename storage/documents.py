"""Repositories of the issuance lifecycle (versions, resolutions, lifecycle details, interpretations, 索引号
sequences). Like every repository, they never commit; the read model behind `show` and `list` is storage.read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from policies.attributes import Attribute, AttributeDecision, LegalGround
from policies.errors import BadInput, NotFound
from policies.issuance import (
    DocumentKind,
    Draft,
    FindingKey,
    format_index_no,
)
from policies.lifecycle import State
from storage.models import (
    DeadlineRecord,
    Document,
    DocumentLifecycle,
    DocumentVersion,
    FindingResolution,
    IndexSequence,
    Interpretation,
    Organisation,
    StoredFile,
    User,
)

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
        findings: list[dict[str, Any]],
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
        findings: list[dict[str, Any]],
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
            findings=findings,
            metadata_read=metadata_read,
            reason=reason,
            created_by=created_by,
        )
        self.session.add(version)
        self.session.flush()
        return version

    def add_next_version(
        self,
        previous: DocumentVersion,
        revised: Intake,
        findings: list[dict[str, Any]],
        draft: Draft,
        *,
        reason: str,
        by: str,
    ) -> DocumentVersion:
        """Stage the version after `previous` and make it the current one."""
        version = self.add_version(
            previous.document_id, previous.number + 1, revised, findings=findings, metadata_read=draft.metadata_read,
            reason=reason, created_by=by,
        )  # fmt: skip
        self.change_lifecycle(previous.document_id, current_version=version.number)
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

    def set_findings(self, version: DocumentVersion, findings: list[dict[str, Any]]) -> DocumentVersion:
        """Replace a version's pre-check findings with a newer check's."""
        version.findings = findings
        self.session.add(version)
        self.session.flush()
        return version

    def add_lifecycle(self, lifecycle: DocumentLifecycle) -> DocumentLifecycle:
        """Stage the lifecycle details of a new document."""
        self.session.add(lifecycle)
        self.session.flush()
        return lifecycle

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

    def add_interpretation(self, interpretation: Interpretation, intake: Intake) -> Interpretation:
        """Stage an interpretation and keep its file."""
        self.keep_file(intake)
        self.session.add(interpretation)
        self.session.flush()
        return interpretation

    def interpretations(self, document_id: int) -> Sequence[Interpretation]:
        """A document's interpretations, oldest first."""
        return self.session.exec(
            select(Interpretation).where(Interpretation.document_id == document_id).order_by(col(Interpretation.id))
        ).all()

    def assign_index_no(self, document: Document, year: int) -> str:
        """A new 索引号 for a document from its organisation's pattern, unique per organisation and year."""
        organisation = self.session.get(Organisation, document.organisation_id) or self.organisation()
        seq = self.next_index_seq(organisation.id or 0, year)
        return format_index_no(organisation.index_pattern, code=organisation.code, year=year, seq=seq)

    def open_deadline_kinds(self, document_id: int) -> set[str]:
        """The kinds of the document's deadlines that are in force and not yet met."""
        kinds = self.session.exec(
            select(DeadlineRecord.kind).where(
                DeadlineRecord.subject_type == SUBJECT,
                DeadlineRecord.subject_id == document_id,
                col(DeadlineRecord.active),
                col(DeadlineRecord.met_on).is_(None),
            )
        ).all()
        return set(kinds)

    def next_index_seq(self, organisation_id: int, year: int) -> int:
        """The next 索引号 sequence number of an organisation in a year (one atomic upsert, so never twice)."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(IndexSequence)
            .values(organisation_id=organisation_id, year=year, last=1)
            .on_conflict_do_update(
                index_elements=["organisation_id", "year"], set_={"last": col(IndexSequence.last) + 1}
            )
            .returning(col(IndexSequence.last))
        )
        return int(self.session.execute(statement).scalar_one())


def attribute_decision(document: Document) -> AttributeDecision | None:
    """A document's stored attribute as the policies see it; None while it is not set."""
    if document.attribute is None:
        return None
    grounds = tuple(LegalGround(code) for code in document.grounds)
    return AttributeDecision(Attribute(document.attribute), grounds, document.attribute_reason)
