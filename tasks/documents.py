"""Prefect tasks, one issuance step each: load → decide (policies) → persist state + audit in one transaction.

Retries cover infrastructure only (the database or the file store failing); a refusal by a rule is final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from anyio import to_thread
from loguru import logger

from intake import extract_text
from policies.attributes import Attribute, LegalGround, decide_attribute, decide_attribute_change
from policies.deadlines import Deadline, DeadlineKind
from policies.findings import find_sensitive
from policies.issuance import (
    TEXT_FIELDS,
    DocumentKind,
    InterpretationForm,
    Validity,
    attribute_at_submission,
    deadlines_on_amend,
    deadlines_on_publish,
    deadlines_on_sign,
    decide_approval,
    decide_justification,
    finding_key,
    index_year,
    met_in_time,
    metadata_from_new_version,
    read_draft,
    redacted_between,
    require_attribute,
    require_interpretation_plan,
)
from policies.lifecycle import Action, State, decide, decide_publication, decide_withdrawal, sign_off_action
from policies.roles import Role
from policies.subjects import SubjectArea
from storage.audit import NewEvent
from storage.calendar import working_calendar
from storage.documents import SUBJECT, Intake, Issuance, attribute_decision
from storage.models import Document, DocumentVersion, Interpretation, User
from storage.uow import UnitOfWork
from tasks.context import file_store, settings, unit_of_work
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
    """A document and the person acting on it."""

    document: Document
    user: User
    role: Role
    is_drafter: bool

    @property
    def state(self) -> State:
        """The document's state before the step."""
        return State(self.document.state)


@step
async def intake_file(filename: str, content: bytes) -> Intake:
    """Read a submitted file's text (unreadable, empty or broken files are refused) and keep its bytes.

    Reading a large PDF takes seconds, so it runs in a worker thread and the web app keeps answering.
    """
    extracted = await to_thread.run_sync(
        partial(extract_text, content, filename, max_bytes=settings().max_upload_bytes)
    )
    sha256 = await to_thread.run_sync(file_store().put, content)
    logger.info("took in {} ({} bytes, {} characters)", filename, len(content), len(extracted.text))
    return Intake(sha256, len(content), filename, extracted.media_type, extracted.text)


@step
def precheck(text: str) -> list[dict[str, Any]]:
    """The automatic confidentiality pre-check (保密审查预检): personal data, secrecy marks, internal marks."""
    findings = [finding.to_dict() for finding in find_sensitive(text)]
    logger.info("pre-check: {} finding(s)", len(findings))
    return findings


@step
def create_document(
    actor: str,
    original: Intake,
    findings: list[dict[str, Any]],
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
) -> Step:
    """Set or change the disclosure attribute; a reviewer or signer who changes it says why (80号 实施细则)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        decide(Action.SET_ATTRIBUTE, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        current = attribute_decision(acting.document)
        new = decide_attribute_change(current, decide_attribute(attribute, grounds, reason), by_role=acting.role)
        payload = {
            "attribute": new.attribute,
            "grounds": new.grounds,
            "reason": new.reason,
            "previous": current.attribute if current else None,
        }
        uow.transition(
            acting.document,
            actor=acting.user,
            action=Action.SET_ATTRIBUTE,
            payload=payload,
            attribute=new.attribute.value,
            grounds=[g.value for g in new.grounds],
            attribute_reason=new.reason,
        )
        uow.commit()
        return _step(acting.document)


@step
def start_review(document_id: int, actor: str, today: date | None) -> Step:
    """Send a draft to the disclosure office; its attribute is required and its text is pre-checked again."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.SUBMIT, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        require_attribute(acting.document.attribute)
        issuance = Issuance(uow.session)
        version = issuance.current_version(document_id)
        findings = issuance.set_findings(version, [f.to_dict() for f in find_sensitive(version.text)]).findings
        uow.transition(
            acting.document,
            actor=acting.user,
            action=Action.SUBMIT,
            to_state=target,
            payload={"draft": version.number, "findings": len(findings)},
        )
        uow.commit()
        return _step(acting.document)


@step
def approve(
    document_id: int, actor: str, justifications: dict[int, str], comment: str | None, today: date | None
) -> Step:
    """Approve: no secrecy mark on a proactive document, and every personal-data finding redacted or justified."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.APPROVE, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        issuance = Issuance(uow.session)
        version = issuance.current_version(document_id)
        for number, reason in sorted(justifications.items()):
            key = finding_key(decide_justification(version.findings, number, reason))
            issuance.resolve(document_id, version.number, key, resolution="justified", reason=reason.strip(), by=actor)
        decide_approval(
            require_attribute(acting.document.attribute), version.findings, issuance.resolved_keys(document_id)
        )
        uow.transition(
            acting.document,
            actor=acting.user,
            action=Action.APPROVE,
            to_state=target,
            payload={"draft": version.number, "comment": comment, "justified": justifications},
        )
        uow.commit()
        return _step(acting.document)


@step
def return_document(document_id: int, actor: str, comment: str | None, today: date | None) -> Step:
    """Return the document to its drafter with the reviewer's comments."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.RETURN, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        uow.transition(
            acting.document, actor=acting.user, action=Action.RETURN, to_state=target, payload={"comment": comment}
        )
        uow.commit()
        return _step(acting.document)


@step
def resubmit(document_id: int, actor: str, revised: Intake, findings: list[dict[str, Any]], today: date | None) -> Step:
    """Bring a returned document back as a new version, to be reviewed again; data it dropped counts as redacted."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.RESUBMIT, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        require_attribute(acting.document.attribute)
        payload, metadata = _new_version(uow, acting, revised, findings, reason="resubmit")
        uow.transition(
            acting.document, actor=acting.user, action=Action.RESUBMIT, to_state=target, payload=payload, **metadata
        )
        uow.commit()
        return _step(acting.document)


@step
def sign(document_id: int, actor: str, today: date | None) -> Step:
    """Sign off: the sign date is the 成文日期; proactive owes publication in 20 working days, any other is filed."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        attribute = require_attribute(acting.document.attribute)
        action = sign_off_action(attribute)
        target = decide(action, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        signed_on = uow.clock.today()
        issuance = Issuance(uow.session)
        running = DeadlineKind.PUBLICATION in issuance.open_deadline_kinds(document_id)
        deadlines = deadlines_on_sign(attribute, signed_on, working_calendar(uow.calendar), clock_running=running)
        uow.transition(
            acting.document,
            actor=acting.user,
            action=action,
            to_state=target,
            payload={"formed_on": signed_on},
            formed_on=signed_on,
        )
        issuance.change_lifecycle(document_id, signed_by=actor, signed_on=signed_on)
        _start_deadlines(uow, acting, deadlines)
        uow.commit()
        return _step(acting.document)


@step
def publish(document_id: int, actor: str, today: date | None) -> Step:
    """Publish a signed proactive document: assign its 索引号, record 发布日期 and whether it was in time."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.PUBLISH, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        decide_publication(require_attribute(acting.document.attribute))
        published_on = uow.clock.today()
        issuance = Issuance(uow.session)
        index_no = acting.document.index_no or issuance.assign_index_no(
            acting.document, index_year(acting.document.formed_on, published_on)
        )
        met = _meet(uow, document_id, DeadlineKind.PUBLICATION, published_on)
        uow.transition(
            acting.document,
            actor=acting.user,
            action=Action.PUBLISH,
            to_state=target,
            payload={"index_no": index_no, "published_on": published_on, **met},
            index_no=index_no,
            published_on=published_on,
        )
        issuance.change_lifecycle(
            document_id,
            published_version=issuance.lifecycle(document_id).current_version,
            published_on_time=met["on_time"],
            validity=Validity.EFFECTIVE.value,
        )
        calendar = working_calendar(uow.calendar)
        _start_deadlines(uow, acting, deadlines_on_publish(DocumentKind(acting.document.kind), published_on, calendar))
        uow.commit()
        return _step(acting.document)


@step
def interpret(document_id: int, actor: str, material: Intake, form: InterpretationForm, today: date | None) -> Step:
    """Attach the interpretation (谁起草、谁解读), published as its own page; on time or late is recorded."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.INTERPRET, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        published_on = uow.clock.today()
        met = _meet(uow, document_id, DeadlineKind.INTERPRETATION, published_on)
        interpretation = Issuance(uow.session).add_interpretation(
            Interpretation(
                document_id=document_id,
                form=form.value,
                file_sha256=material.sha256,
                original_name=material.original_name,
                media_type=material.media_type,
                text=material.text,
                published_on=published_on,
                on_time=met["on_time"],
                created_by=actor,
            ),
            material,
        )
        uow.transition(
            acting.document,
            actor=acting.user,
            action=Action.INTERPRET,
            to_state=target,
            payload={"interpretation": interpretation.id, "form": form, **met},
        )
        uow.commit()
        return _step(acting.document)


@step
def amend(document_id: int, actor: str, revised: Intake, findings: list[dict[str, Any]], today: date | None) -> Step:
    """Change a published document: the new version is reviewed again and the publication clock restarts."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.AMEND, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        payload, _metadata = _new_version(uow, acting, revised, findings, reason="amend")
        uow.transition(acting.document, actor=acting.user, action=Action.AMEND, to_state=target, payload=payload)
        _start_deadlines(uow, acting, deadlines_on_amend(uow.clock.today(), working_calendar(uow.calendar)))
        uow.commit()
        return _step(acting.document)


@step
def withdraw(document_id: int, actor: str, reason: str, today: date | None) -> Step:
    """Withdraw (撤回) a published document with its reason: it leaves the public site and owes nothing more."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, document_id, actor)
        target = decide(Action.WITHDRAW, acting.state, acting.role, actor_is_drafter=acting.is_drafter)
        reason = decide_withdrawal(reason)
        uow.transition(
            acting.document, actor=acting.user, action=Action.WITHDRAW, to_state=target, payload={"reason": reason}
        )
        issuance = Issuance(uow.session)
        issuance.change_lifecycle(
            document_id, validity=Validity.WITHDRAWN.value, withdrawn_on=uow.clock.today(), withdrawal_reason=reason
        )
        for kind in issuance.open_deadline_kinds(document_id):
            _stop_deadlines(uow, acting, kind)
        uow.commit()
        return _step(acting.document)


def _acting(uow: UnitOfWork, document_id: int, actor: str) -> Acting:
    """Load the document and the person acting on it."""
    document = uow.documents.get(document_id)
    user = uow.users.get(actor)
    return Acting(document=document, user=user, role=Role(user.role), is_drafter=user.id == document.drafter_id)


def _step(document: Document) -> Step:
    return Step(document_id=document.id or 0, state=document.state, attribute=document.attribute)


def _created(
    document: Document, drafter: User, kind: DocumentKind, original: Intake, findings: list[dict[str, Any]]
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


def _note(uow: UnitOfWork, acting: Acting, action: str, payload: dict[str, Any]) -> None:
    """Audit something that happened to the document without moving it (a deadline set or superseded)."""
    state = acting.document.state
    uow.record(
        NewEvent(
            actor=acting.user.name,
            role=acting.user.role,
            action=action,
            subject_type=SUBJECT,
            subject_id=str(acting.document.id),
            from_state=state,
            to_state=state,
            payload=payload,
        )
    )


def _new_version(
    uow: UnitOfWork, acting: Acting, revised: Intake, findings: list[dict[str, Any]], *, reason: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Stage the next version; personal data the previous one had and this one has not is recorded as redacted.

    Returns the audit payload and the metadata the new text changes (applied on resubmission; an amendment's
    metadata waits for its publication, so the public page never mixes the old text with a new title).
    """
    issuance = Issuance(uow.session)
    previous: DocumentVersion = issuance.current_version(acting.document.id or 0)
    draft = read_draft(revised.text, revised.original_name, title=None, domain=None)
    version = issuance.add_next_version(previous, revised, findings, draft, reason=reason, by=acting.user.name)
    redacted = redacted_between(previous.findings, findings)
    for key in redacted:
        issuance.resolve(
            previous.document_id, version.number, key, resolution="redacted", reason=None, by=acting.user.name
        )
    current = {name: getattr(acting.document, name) for name in TEXT_FIELDS}
    metadata = metadata_from_new_version(current, previous.metadata_read, draft)
    payload = {
        "draft": version.number,
        "file": revised.original_name,
        "sha256": revised.sha256,
        "findings": len(findings),
        "redacted": [{"kind": kind, "text": text} for kind, text in redacted],
        **({"metadata": metadata} if metadata else {}),
    }
    return payload, metadata


def _meet(uow: UnitOfWork, document_id: int, kind: DeadlineKind, on: date) -> dict[str, Any]:
    """Record that the document's open deadline of this kind was met on a day, and whether in time."""
    record = uow.deadlines.meet(SUBJECT, document_id, kind.value, on)
    due = record.due if record is not None else None
    return {"due": due, "on_time": met_in_time(due, on)}


def _start_deadlines(uow: UnitOfWork, acting: Acting, deadlines: Iterable[Deadline]) -> None:
    """Store each deadline an event starts, in place of any earlier one of its kind; each change is audited."""
    for deadline in deadlines:
        _stop_deadlines(uow, acting, deadline.kind.value)
        uow.deadlines.add(SUBJECT, acting.document.id or 0, deadline)
        _note(
            uow,
            acting,
            "deadline_set",
            {
                "kind": deadline.kind,
                "due": deadline.due,
                "rule": deadline.rule,
                "computed_from": deadline.computed_from,
            },
        )


def _stop_deadlines(uow: UnitOfWork, acting: Acting, kind: str) -> None:
    """Deactivate the document's deadlines of one kind, auditing each."""
    for record in uow.deadlines.supersede(SUBJECT, acting.document.id or 0, kind):
        _note(uow, acting, "deadline_superseded", {"kind": record.kind, "due": record.due, "met_on": record.met_on})
