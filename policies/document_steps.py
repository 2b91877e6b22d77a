"""What each issuance step changes, as immutable values: the document's new state and fields, its lifecycle
details, the deadlines it starts, supersedes or meets, the findings it resolves, and what its audit event records.

The step functions decide (the transition table, then the rules of policies.issuance) and never touch storage:
a task loads a Standing, calls one of them and applies the DocumentChange it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from policies.attributes import Attribute, AttributeDecision, LegalGround, decide_attribute, decide_attribute_change
from policies.calendar import WorkingDayCalendar
from policies.deadlines import Deadline, DeadlineKind, met_in_time, publication_due
from policies.errors import BadInput
from policies.findings import Finding
from policies.formed_date import decide_formed_date_resolutions, formed_date_mismatch
from policies.issuance import (
    TEXT_FIELDS,
    DocumentKind,
    Draft,
    FindingKey,
    InterpretationForm,
    Validity,
    deadlines_on_amend,
    deadlines_on_publish,
    deadlines_on_sign,
    decide_approval,
    decide_justification,
    finding_key,
    index_year,
    metadata_from_new_version,
    redacted_between,
    require_attribute,
    require_interpretation_plan,
)
from policies.lifecycle import Action, State, decide, decide_publication, decide_withdrawal, sign_off_action
from policies.metadata_check import (
    FIELD_LABELS,
    DraftMetadata,
    MetadataCorrection,
    confirmed_as_read,
    corrected,
    differences,
)
from policies.roles import Role
from policies.self_audit import conversion_action


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a document stands before a step, and who acts: all a step's rules look at."""

    state: State
    attribute: Attribute | None
    kind: DocumentKind
    formed_on: date | None
    index_no: str | None
    text_fields: Mapping[str, Any]
    current_version: int
    open_deadlines: Mapping[DeadlineKind, date]
    actor: str
    role: Role
    is_drafter: bool

    def target(self, action: Action) -> State:
        """The state the action leads to from here, or PolicyRefusal when this person may not take it now."""
        return decide(action, self.state, self.role, actor_is_drafter=self.is_drafter)

    def clock_running(self, kind: DeadlineKind) -> bool:
        """Whether a deadline of this kind is in force and not yet met."""
        return kind in self.open_deadlines


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a personal-data finding was dealt with in a version: justified by the reviewer, or redacted."""

    version: int
    key: FindingKey
    resolution: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class FindingsReview:
    """The current version's findings, those already resolved, and the reasons given now (by finding number)."""

    findings: tuple[Finding, ...]
    resolved: frozenset[FindingKey]
    justifications: Mapping[int, str]


@dataclass(frozen=True, slots=True)
class IndexNumbering:
    """The 索引号 a publication carries: the one the document already has (kept), else a new one in `year`."""

    kept: str | None
    year: int


@dataclass(frozen=True, slots=True)
class Revision:
    """A new version beside the one it follows: what it no longer has counts as redacted (Art. 15)."""

    number: int
    file: str
    sha256: str
    draft: Draft
    findings: tuple[Finding, ...]
    previous_findings: tuple[Finding, ...]
    previous_metadata_read: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """A step's outcome: the new state and what changes with it.

    fields: the document's columns; lifecycle: its lifecycle details; start: deadlines set, each replacing the
    open one of its kind; supersede: kinds no longer owed; meet: kinds met on the day of the step (before the
    step's own event, whose payload says whether in time: on_time); payload: what the step's audit event records;
    findings_added: findings the step adds to the current version (a sign date unlike the text's date line).
    """

    action: Action
    state: State
    payload: Mapping[str, Any]
    fields: Mapping[str, Any] = field(default_factory=dict)
    lifecycle: Mapping[str, Any] = field(default_factory=dict)
    start: tuple[Deadline, ...] = ()
    supersede: tuple[DeadlineKind, ...] = ()
    meet: tuple[DeadlineKind, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    findings_added: tuple[Finding, ...] = ()
    on_time: bool | None = None

    def recording(self, **facts: Any) -> DocumentChange:
        """The change with facts known only once stored (a new row's id) put first in its audit payload."""
        return replace(self, payload={**facts, **self.payload})

    def numbered(self, index_no: str) -> DocumentChange:
        """The change carrying the 索引号 it was given."""
        return replace(self.recording(index_no=index_no), fields={"index_no": index_no, **self.fields})


def attribute_setting(
    standing: Standing,
    current: AttributeDecision | None,
    attribute: Attribute,
    grounds: tuple[LegalGround, ...],
    reason: str | None,
) -> DocumentChange:
    """Set or change the attribute; a reviewer or signer who changes it says why (80号 实施细则)."""
    return _attribute_change(Action.SET_ATTRIBUTE, standing, current, attribute, grounds, reason)


def conversion(
    standing: Standing,
    current: AttributeDecision | None,
    attribute: Attribute,
    reason: str,
    decided_on: date,
    calendar: WorkingDayCalendar,
) -> DocumentChange:
    """The self-audit converts a filed document (条例 Arts. 18, 44): the attribute changes as any change does;
    released to 主动公开 it owes publication in 20 working days from the decision (Art. 26: 变更之日), and a
    withheld document reclassified 依申请公开 keeps its grounds."""
    grounds = () if attribute is Attribute.PROACTIVE or current is None else current.grounds
    change = _attribute_change(conversion_action(attribute), standing, current, attribute, grounds, reason)
    start = (publication_due(decided_on, calendar),) if attribute is Attribute.PROACTIVE else ()
    return replace(change, start=start)


def _attribute_change(
    action: Action,
    standing: Standing,
    current: AttributeDecision | None,
    attribute: Attribute,
    grounds: tuple[LegalGround, ...],
    reason: str | None,
) -> DocumentChange:
    """The one way an attribute changes: the table allows the action, the attribute rules check the new value."""
    state = standing.target(action)
    new = decide_attribute_change(current, decide_attribute(attribute, grounds, reason), by_role=standing.role)
    payload = {
        "attribute": new.attribute,
        "grounds": new.grounds,
        "reason": new.reason,
        "previous": current.attribute if current else None,
    }
    fields = {
        "attribute": new.attribute.value,
        "grounds": [g.value for g in new.grounds],
        "attribute_reason": new.reason,
    }
    return DocumentChange(action, state, payload, fields=fields)


def metadata_check(
    standing: Standing,
    current: DraftMetadata,
    read: Mapping[str, Any],
    correction: MetadataCorrection,
    *,
    has_plan: bool,
    as_read: bool = False,
) -> DocumentChange:
    """The drafter confirms the metadata read from the file, or corrects it (我的文件); the state stays. The event
    records what changed ({field: {"from", "to"}}) and which values are the ones read from the text; with nothing
    changed it is a confirmation. Confirming as read (`as_read`) with values changed is refused, so an edit is never
    dropped unsaid. A policy or normative document needs its interpretation plan (19号 同步审签), as at upload."""
    state = standing.target(Action.CONFIRM_METADATA)
    after = corrected(current, correction)
    changed = differences(current, after)
    if as_read and changed:
        names = "、".join(FIELD_LABELS[name] for name in changed)
        raise BadInput(f"{names}已改动：要保存改动请点“保存更正”，“确认无误”只确认原有的值")
    if "kind" in changed:
        require_interpretation_plan(after.kind, has_plan=has_plan)
    payload = {"draft": standing.current_version, "changed": changed, "confirmed": confirmed_as_read(after, read)}
    fields = {name: change["to"] for name, change in changed.items()}
    lifecycle: dict[str, Any] = {"subject_matched": []} if "subject_area" in changed else {}
    return DocumentChange(Action.CONFIRM_METADATA, state, payload, fields=fields, lifecycle=lifecycle)


def review_start(standing: Standing, findings: tuple[Finding, ...]) -> DocumentChange:
    """Send a draft to the disclosure office: its attribute is required (80号); the payload counts the findings."""
    state = standing.target(Action.SUBMIT)
    require_attribute(standing.attribute.value if standing.attribute else None)
    return DocumentChange(Action.SUBMIT, state, {"draft": standing.current_version, "findings": len(findings)})


def approval(
    standing: Standing,
    findings: tuple[Finding, ...],
    resolved: frozenset[FindingKey],
    justifications: Mapping[int, str],
    comment: str | None,
) -> DocumentChange:
    """Approve (Arts. 14, 15, 17): no secrecy mark on a proactive document, every personal-data finding resolved;
    the findings a reviewer keeps are justified with their reasons."""
    state = standing.target(Action.APPROVE)
    justified = tuple(
        Resolution(standing.current_version, finding_key(decide_justification(findings, number, reason)),
                   "justified", reason.strip())
        for number, reason in sorted(justifications.items())
    )  # fmt: skip
    decide_approval(_attribute(standing), findings, resolved | {r.key for r in justified})
    payload = {"draft": standing.current_version, "comment": comment, "justified": dict(justifications)}
    return DocumentChange(Action.APPROVE, state, payload, resolutions=justified)


RETURN_NEEDS_COMMENT = "退回须写明退回意见，告诉拟稿人改什么"


def return_to_drafter(standing: Standing, comment: str | None) -> DocumentChange:
    """Return the document to its drafter with the reviewer's comments: a return says what to change, so one
    without a comment (or only blanks) is refused."""
    state = standing.target(Action.RETURN)
    if comment is None or not comment.strip():
        raise BadInput(RETURN_NEEDS_COMMENT)
    return DocumentChange(Action.RETURN, state, {"comment": comment.strip()})


def resubmission(standing: Standing, revision: Revision) -> DocumentChange:
    """A returned document comes back as a new version; metadata read from the old text follows the new text."""
    state = standing.target(Action.RESUBMIT)
    _attribute(standing)
    payload, metadata, redacted = _revised(standing, revision)
    return DocumentChange(Action.RESUBMIT, state, payload, fields=metadata, resolutions=redacted)


def sign_off(
    standing: Standing, signed_on: date, calendar: WorkingDayCalendar, *, text: str, in_text: date | None
) -> DocumentChange:
    """Sign off: the sign date is the 成文日期 (GB/T 9704); a proactive document owes publication in 20 working days
    (Art. 26) unless an amendment's clock already runs. A date line in the text (`in_text`) that differs leaves a
    formed_date_mismatch finding on the version, and the audit event records both dates."""
    attribute = _attribute(standing)
    action = sign_off_action(attribute)
    running = standing.clock_running(DeadlineKind.PUBLICATION)
    mismatch = formed_date_mismatch(text, in_text, signed_on)
    return DocumentChange(
        action,
        standing.target(action),
        {"formed_on": signed_on, **({"formed_on_in_text": in_text} if mismatch else {})},
        fields={"formed_on": signed_on},
        lifecycle={"signed_by": standing.actor, "signed_on": signed_on},
        start=tuple(deadlines_on_sign(attribute, signed_on, calendar, clock_running=running)),
        findings_added=(mismatch,) if mismatch else (),
    )


def publication(
    standing: Standing, published_on: date, calendar: WorkingDayCalendar, review: FindingsReview
) -> tuple[DocumentChange, IndexNumbering]:
    """Publish a signed proactive document: 发布日期, whether in time (Art. 26), and its 索引号 (kept when it has
    one, else numbered in the year it was formed); a policy or normative document then owes its interpretation.
    A date line unlike the 成文日期 may be explained now (policies.formed_date); one left unexplained is recorded."""
    state = standing.target(Action.PUBLISH)
    decide_publication(_attribute(standing))
    dates = decide_formed_date_resolutions(review.findings, review.resolved, review.justifications)
    reasons = {finding_key(f): review.justifications[n] for n, f in enumerate(review.findings, 1)
               if n in review.justifications}  # fmt: skip
    due = standing.open_deadlines.get(DeadlineKind.PUBLICATION)
    on_time = met_in_time(due, published_on)
    change = DocumentChange(
        Action.PUBLISH,
        state,
        {"published_on": published_on, "due": due, "on_time": on_time,
         **({"justified": dict(review.justifications)} if review.justifications else {}),
         **({"formed_date_unexplained": list(dates.unexplained)} if dates.unexplained else {})},
        fields={"published_on": published_on},
        lifecycle={
            "published_version": standing.current_version,
            "published_on_time": on_time,
            "validity": Validity.EFFECTIVE.value,
        },
        start=tuple(deadlines_on_publish(standing.kind, published_on, calendar)),
        meet=(DeadlineKind.PUBLICATION,),
        resolutions=tuple(
            Resolution(standing.current_version, key, "justified", reasons[key].strip())
            for key in sorted(dates.justified)
        ),
        on_time=on_time,
    )
    return change, IndexNumbering(standing.index_no, index_year(standing.formed_on, published_on))


def interpretation(standing: Standing, form: InterpretationForm, published_on: date) -> DocumentChange:
    """Attach the interpretation (谁起草、谁解读), due within 3 working days of publication (19号)."""
    state = standing.target(Action.INTERPRET)
    due = standing.open_deadlines.get(DeadlineKind.INTERPRETATION)
    on_time = met_in_time(due, published_on)
    return DocumentChange(
        Action.INTERPRET,
        state,
        {"form": form, "due": due, "on_time": on_time},
        meet=(DeadlineKind.INTERPRETATION,),
        on_time=on_time,
    )


def amendment(standing: Standing, revision: Revision, amended_on: date, calendar: WorkingDayCalendar) -> DocumentChange:
    """Change a published document: reviewed again, the publication clock restarts (Art. 26); its new metadata
    waits for its publication, so the public page never mixes the old text with a new title."""
    state = standing.target(Action.AMEND)
    payload, _metadata, redacted = _revised(standing, revision)
    start = tuple(deadlines_on_amend(amended_on, calendar))
    return DocumentChange(Action.AMEND, state, payload, start=start, resolutions=redacted)


def withdrawal(standing: Standing, reason: str, withdrawn_on: date) -> DocumentChange:
    """Withdraw (撤回) a published document with its reason: it leaves the public site and owes nothing more."""
    state = standing.target(Action.WITHDRAW)
    reason = decide_withdrawal(reason)
    return DocumentChange(
        Action.WITHDRAW,
        state,
        {"reason": reason},
        lifecycle={"validity": Validity.WITHDRAWN.value, "withdrawn_on": withdrawn_on, "withdrawal_reason": reason},
        supersede=tuple(sorted(standing.open_deadlines)),
    )


def _attribute(standing: Standing) -> Attribute:
    return require_attribute(standing.attribute.value if standing.attribute else None)


def _revised(standing: Standing, revision: Revision) -> tuple[dict[str, Any], dict[str, Any], tuple[Resolution, ...]]:
    """A new version's audit payload, the metadata its text changes, and the personal data it redacted."""
    redacted = redacted_between(revision.previous_findings, revision.findings)
    current = {name: standing.text_fields.get(name) for name in TEXT_FIELDS}
    metadata = metadata_from_new_version(current, revision.previous_metadata_read, revision.draft)
    payload = {
        "draft": revision.number,
        "file": revision.file,
        "sha256": revision.sha256,
        "findings": len(revision.findings),
        "redacted": [{"kind": kind, "text": text} for kind, text in redacted],
        **({"metadata": metadata} if metadata else {}),
    }
    resolutions = tuple(Resolution(revision.number, key, "redacted", None) for key in redacted)
    return payload, metadata, resolutions
