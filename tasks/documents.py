"""Prefect tasks, one issuance step each: load → decide (policies.document_steps) → apply the change the policy
returns (state, lifecycle, deadlines, audit) in one transaction.

Retries cover infrastructure only (the database or the file store failing); a refusal by a rule is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from loguru import logger

from policies.attributes import Attribute, LegalGround
from policies.document_steps import (
    DocumentChange,
    FindingsReview,
    Revision,
    Standing,
    amendment,
    approval,
    attribute_setting,
    conversion,
    interpretation,
    metadata_check,
    publication,
    resubmission,
    return_to_drafter,
    review_start,
    sign_off,
    withdrawal,
)
from policies.findings import Finding, find_sensitive
from policies.formed_date import text_formed_on
from policies.issuance import (
    TEXT_FIELDS,
    DocumentKind,
    InterpretationForm,
    attribute_at_submission,
    read_draft,
    require_interpretation_plan,
)
from policies.lifecycle import Action, State, decide
from policies.metadata_check import MetadataCorrection
from policies.roles import Role
from policies.subjects import SubjectArea
from storage.audit import NewEvent
from storage.calendar import working_calendar
from storage.deadlines import DeadlineLedger
from storage.documents import SUBJECT, Intake, Issuance, attribute_decision, draft_metadata
from storage.index_numbers import IndexNumbers
from storage.models import Document, User
from storage.uow import UnitOfWork
from tasks.context import file_store, unit_of_work
from tasks.intake import official_domains
from tasks.steps import step


@dataclass(frozen=True, slots=True)
class SubmitOptions:
    """What the drafter states with a submitted file; each option overrides what is read from the text."""

    kind: DocumentKind = DocumentKind.OTHER
    title: str | None = None
    domain: SubjectArea | None = None
    attribute: Attribute | None = None
    grounds: tuple[LegalGround, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """Where a document stands after a step."""

    document_id: int
    state: str
    attribute: str | None


@dataclass(frozen=True, slots=True)
class Acting:
    """A document, the person acting on it, and where it stands as the policies see it."""

    document: Document
    user: User
    standing: Standing


def may_send_file(document_id: int | None, actor: str, action: Action) -> None:
    """Refuse, before a byte of the file is read, a step that would be refused anyway: an unknown user or document
    (NotFound), a role or state the step is not taken in (PolicyRefusal). The step checks again when it runs."""
    with unit_of_work(readonly=True) as uow:
        if document_id is None:
            user = uow.users.get(actor)
            decide(action, State.DRAFT, Role(user.role), actor_is_drafter=True)
            return
        _acting(uow, document_id, actor).standing.target(action)


@step
def create_document(
    actor: str,
    original: Intake,
    findings: list[Finding],
    plan: Intake | None,
    options: SubmitOptions,
    today: date | None,
) -> Step:
    """Register a draft: its first version, the metadata read from its text, its subject area and attribute."""
    with unit_of_work(today) as uow:
        drafter = uow.users.get(actor)
        decide(Action.SUBMIT, State.DRAFT, Role(drafter.role), actor_is_drafter=True)
        require_interpretation_plan(options.kind, has_plan=plan is not None)
        draft = read_draft(original.text, original.original_name, title=options.title, domain=options.domain)
        attribute = attribute_at_submission(options.attribute, draft.attribute_mark, options.grounds, options.reason)
        issuance = Issuance(uow.session)
        document = issuance.register(drafter, draft, options.kind, attribute, original, findings, plan)
        uow.record(_created(document, drafter, options.kind, original, findings))
        with file_store().keeping(original.content, *([plan.content] if plan else [])):
            uow.commit()
        logger.info("document {} drafted by {}", document.id, actor)
        return _step(document)


@step
def set_attribute(
    document_id: int,
    actor: str,
    attribute: Attribute,
    grounds: tuple[LegalGround, ...],
    reason: str | None,
    today: date | None,
    *,
    expected_version: int | None = None,
) -> Step:
    """Set or change the disclosure attribute; a reviewer or signer who changes it says why (80号 实施细则)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        change = attribute_setting(acting.standing, attribute_decision(acting.document), attribute, grounds, reason)
        _apply(uow, acting, change, expected_version)
        uow.commit()
        return _step(acting.document)


@step
def confirm_metadata(
    document_id: int, actor: str, correction: MetadataCorrection, today: date | None, *, as_read: bool = False,
    expected_version: int | None = None,
) -> Step:  # fmt: skip
    """The drafter confirms the metadata read from the file or corrects it; the event says what changed."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        issuance = Issuance(uow.session)
        read, plan = issuance.current_version(document_id).metadata_read, issuance.lifecycle(document_id).plan_sha256
        change = metadata_check(acting.standing, draft_metadata(acting.document), read, correction,
                                has_plan=plan is not None, as_read=as_read)  # fmt: skip
        _apply(uow, acting, change, expected_version)
        uow.commit()
        return _step(acting.document)


@step
def start_review(document_id: int, actor: str, today: date | None, *, expected_version: int | None = None) -> Step:
    """Send a draft to the disclosure office; its attribute is required and its text is pre-checked again."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        issuance = Issuance(uow.session)
        version = issuance.current_version(document_id)
        findings = tuple(find_sensitive(version.text, today=uow.clock.today(), official_domains=official_domains(uow)))
        change = review_start(acting.standing, findings)
        issuance.set_findings(version, findings)
        _apply(uow, acting, change, expected_version)
        uow.commit()
        return _step(acting.document)


@step
def approve(
    document_id: int,
    actor: str,
    justifications: dict[int, str],
    comment: str | None,
    today: date | None,
    *,
    expected_version: int | None = None,
) -> Step:
    """Approve: no secrecy mark on a proactive document, and every personal-data finding redacted or justified."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        issuance = Issuance(uow.session)
        findings = issuance.findings_of(issuance.current_version(document_id))
        resolved = frozenset(issuance.resolved_keys(document_id))
        change = approval(acting.standing, findings, resolved, justifications, comment)
        _apply(uow, acting, change, expected_version)
        uow.commit()
        return _step(acting.document)


@step
def return_document(
    document_id: int, actor: str, comment: str | None, today: date | None, *, expected_version: int | None = None
) -> Step:
    """Return the document to its drafter with the reviewer's comments."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        _apply(uow, acting, return_to_drafter(acting.standing, comment), expected_version)
        uow.commit()
        return _step(acting.document)


@step
def resubmit(
    document_id: int,
    actor: str,
    revised: Intake,
    findings: list[Finding],
    today: date | None,
    *,
    expected_version: int | None = None,
) -> Step:
    """Bring a returned document back as a new version, to be reviewed again; data it dropped counts as redacted."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        revision = _revision(uow, acting, revised, findings)
        change = resubmission(acting.standing, revision)
        _stage_version(uow, acting, revised, revision, reason="resubmit")
        _apply(uow, acting, change, expected_version)
        with file_store().keeping(revised.content):
            uow.commit()
        return _step(acting.document)


@step
def sign(document_id: int, actor: str, today: date | None, *, expected_version: int | None = None) -> Step:
    """Sign off: the sign date is the 成文日期; proactive owes publication in 20 working days, any other is filed."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        version = Issuance(uow.session).current_version(document_id)
        change = sign_off(acting.standing, uow.clock.today(), working_calendar(uow.calendar), text=version.text,
                          in_text=text_formed_on(version.metadata_read))  # fmt: skip
        _apply(uow, acting, change, expected_version)
        uow.commit()
        return _step(acting.document)


@step
def publish(
    document_id: int,
    actor: str,
    today: date | None,
    justifications: dict[int, str] | None = None,
    *,
    expected_version: int | None = None,
) -> Step:
    """Publish a signed proactive document: assign its 索引号, record 发布日期 and whether it was in time; a date
    line unlike the 成文日期 is explained first (justifications, by finding number)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        issuance = Issuance(uow.session)
        review = FindingsReview(issuance.findings_of(issuance.current_version(document_id)),
                                frozenset(issuance.resolved_keys(document_id)), justifications or {})  # fmt: skip
        change, numbering = publication(acting.standing, uow.clock.today(), working_calendar(uow.calendar), review)
        index_no = IndexNumbers(uow.session).index_no(acting.document, numbering)
        _apply(uow, acting, change.numbered(index_no), expected_version)
        uow.commit()
        return _step(acting.document)


@step
def interpret(
    document_id: int,
    actor: str,
    material: Intake,
    form: InterpretationForm,
    today: date | None,
    *,
    expected_version: int | None = None,
) -> Step:
    """Attach the interpretation (谁起草、谁解读), published as its own page; on time or late is recorded."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        published_on = uow.clock.today()
        change = interpretation(acting.standing, form, published_on)
        stored = Issuance(uow.session).add_interpretation(
            document_id, material, form, published_on=published_on, on_time=change.on_time, by=actor
        )
        _apply(uow, acting, change.recording(interpretation=stored.id), expected_version)
        with file_store().keeping(material.content):
            uow.commit()
        return _step(acting.document)


@step
def amend(
    document_id: int,
    actor: str,
    revised: Intake,
    findings: list[Finding],
    today: date | None,
    *,
    expected_version: int | None = None,
) -> Step:
    """Change a published document: the new version is reviewed again and the publication clock restarts."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        revision = _revision(uow, acting, revised, findings)
        change = amendment(acting.standing, revision, uow.clock.today(), working_calendar(uow.calendar))
        _stage_version(uow, acting, revised, revision, reason="amend")
        _apply(uow, acting, change, expected_version)
        with file_store().keeping(revised.content):
            uow.commit()
        return _step(acting.document)


@step
def withdraw(
    document_id: int, actor: str, reason: str, today: date | None, *, expected_version: int | None = None
) -> Step:
    """Withdraw (撤回) a published document with its reason: it leaves the public site and owes nothing more."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        _apply(uow, acting, withdrawal(acting.standing, reason, uow.clock.today()), expected_version)
        uow.commit()
        return _step(acting.document)


def convert_attribute(uow: UnitOfWork, document_id: int, actor: str, attribute: Attribute, reason: str) -> Step:
    """A self-audit conversion, inside the caller's unit of work: the attribute changes as every change of
    attribute does (the transition, its audit event, the version check), and a release to 主动公开 starts the
    publication clock from today; publishing it is then the normal publish step."""
    acting = _acting(uow, document_id, actor)
    calendar = working_calendar(uow.calendar)
    change = conversion(acting.standing, attribute_decision(acting.document), attribute, reason, uow.clock.today(),
                        calendar)  # fmt: skip
    _apply(uow, acting, change, None)
    return _step(acting.document)


def _acting(uow: UnitOfWork, document_id: int, actor: str) -> Acting:
    """Load the document, the person acting on it, and where it stands (state, attribute, open deadlines)."""
    document = uow.documents.get(document_id)
    user = uow.users.get(actor)
    standing = Standing(
        state=State(document.state),
        attribute=Attribute(document.attribute) if document.attribute else None,
        kind=DocumentKind(document.kind),
        formed_on=document.formed_on,
        index_no=document.index_no,
        text_fields={name: getattr(document, name) for name in TEXT_FIELDS},
        current_version=Issuance(uow.session).lifecycle(document_id).current_version,
        open_deadlines=_ledger(uow, document, user).open_dues(),
        actor=user.name,
        role=Role(user.role),
        is_drafter=user.id == document.drafter_id,
    )
    return Acting(document=document, user=user, standing=standing)


def _apply(uow: UnitOfWork, acting: Acting, change: DocumentChange, expected_version: int | None) -> None:
    """Store what a step changes: deadlines met, the transition and its audit event, the lifecycle, the findings
    resolved, then the deadlines superseded and started (the ledger audits each)."""
    document_id = acting.document.id or 0
    issuance = Issuance(uow.session)
    ledger = _ledger(uow, acting.document, acting.user)
    for kind in change.meet:
        ledger.meet(kind, uow.clock.today())
    uow.transition(
        acting.document,
        actor=acting.user,
        action=change.action,
        to_state=change.state,
        payload=dict(change.payload),
        expected_version=expected_version,
        **change.fields,
    )
    issuance.change_lifecycle(document_id, **change.lifecycle)
    if change.findings_added:
        version = issuance.current_version(document_id)
        issuance.set_findings(version, (*issuance.findings_of(version), *change.findings_added))
    for resolved in change.resolutions:
        issuance.resolve(document_id, resolved.version, resolved.key, resolution=resolved.resolution,
                         reason=resolved.reason, by=acting.user.name)  # fmt: skip
    for kind in change.supersede:
        ledger.supersede(kind)
    for deadline in change.start:
        ledger.start(deadline)
    logger.info("document {}: {} by {}, {} -> {}", document_id, change.action, acting.user.name,
                acting.standing.state, change.state)  # fmt: skip


def _revision(uow: UnitOfWork, acting: Acting, revised: Intake, findings: list[Finding]) -> Revision:
    """The new version beside the current one: its number, file, the metadata read from its text, its findings."""
    previous = Issuance(uow.session).current_version(acting.document.id or 0)
    return Revision(
        number=previous.number + 1,
        file=revised.original_name,
        sha256=revised.sha256,
        draft=read_draft(revised.text, revised.original_name, title=None, domain=None),
        findings=tuple(findings),
        previous_findings=Issuance.findings_of(previous),
        previous_metadata_read=previous.metadata_read,
    )


def _stage_version(uow: UnitOfWork, acting: Acting, revised: Intake, revision: Revision, *, reason: str) -> None:
    """Stage the new version as the current one."""
    Issuance(uow.session).add_current_version(
        acting.document.id or 0, revision.number, revised, revision.findings, revision.draft, reason=reason,
        by=acting.user.name,
    )  # fmt: skip


def _ledger(uow: UnitOfWork, document: Document, user: User) -> DeadlineLedger:
    """The document's deadlines; their audit events leave the document's state as it is."""
    return DeadlineLedger(uow, SUBJECT, document.id or 0, partial(_note, document, user))


def _step(document: Document) -> Step:
    return Step(document_id=document.id or 0, state=document.state, attribute=document.attribute)


def _created(
    document: Document, drafter: User, kind: DocumentKind, original: Intake, findings: list[Finding]
) -> NewEvent:
    """The audit event of a new draft: nothing → draft."""
    return NewEvent(
        actor=drafter.name,
        role=drafter.role,
        action="create",
        subject_type=SUBJECT,
        subject_id=str(document.id),
        to_state=document.state,
        payload={"kind": kind, "file": original.original_name, "sha256": original.sha256, "findings": len(findings)},
    )


def _note(document: Document, user: User, action: str, payload: dict[str, Any]) -> NewEvent:
    """The audit event of something that happened to the document without moving it (a deadline set or met)."""
    return NewEvent(
        actor=user.name,
        role=user.role,
        action=action,
        subject_type=SUBJECT,
        subject_id=str(document.id),
        from_state=document.state,
        to_state=document.state,
        payload=payload,
    )
