"""The read models of the yearly self-audit: the opening's list of items, and the report for the office."""

from __future__ import annotations

from collections import Counter

from sqlmodel import col, select

from policies.attributes import Attribute
from policies.self_audit import SPOT_CHECK_MINIMUM, SPOT_CHECK_SHARE, AuditState, Decision, ItemReason
from storage.models import Document, Organisation, SelfAudit, SelfAuditItem
from storage.read.common import event_fields, iso_day
from storage.read.models.common import EventView
from storage.read.models.self_audit import (
    Conversion,
    ItemDecisionView,
    ListedItem,
    OpenedAudit,
    SelfAuditReport,
    SpotCheck,
)
from storage.self_audit import SUBJECT_TYPE, SelfAuditRepository
from storage.uow import UnitOfWork

EVENT_LABELS = {
    "open": "开始年度自查",
    "decide": "作出自查结论",
    "close": "完成年度自查",
    "deadline_set": "设定期限",
    "deadline_met": "期限已履行",
    "deadline_superseded": "期限重新计算",
}
SPOT_CHECK_RULE = (
    f"抽查{SPOT_CHECK_SHARE:.0%}的自查事项，不少于{SPOT_CHECK_MINIMUM}项（不足{SPOT_CHECK_MINIMUM}项的全部抽查）；"
    "按事项编号排序后以随机种子抽取（Python random.Random(种子).sample），同一种子抽出相同样本"
)


def opened_audit(uow: UnitOfWork, audit_id: int) -> OpenedAudit:
    """The audit as `self-audit open` prints it: its due date and every item with its reason."""
    audits = SelfAuditRepository(uow.session)
    audit = audits.get(audit_id)
    query = (
        select(SelfAuditItem.id, SelfAuditItem.document_id, SelfAuditItem.subject_key, SelfAuditItem.reason)
        .where(SelfAuditItem.audit_id == audit_id)
        .order_by(col(SelfAuditItem.id))
    )
    items = [
        ListedItem(
            id=item_id or 0,
            document=document_id,
            subject_key=subject_key,
            reason=reason,
            reason_label=ItemReason(reason).label,
        )
        for item_id, document_id, subject_key, reason in uow.session.exec(query).all()
    ]
    return OpenedAudit(id=audit.id or 0, year=audit.year, state=audit.state,
                       state_label=AuditState(audit.state).label, due=audit.due.isoformat(), items=items)  # fmt: skip


def audit_of_year(uow: UnitOfWork, year: int) -> SelfAudit:
    """The installation's audit of this year, or NotFound."""
    organisation = uow.organisations.default()
    return SelfAuditRepository(uow.session).require_year(organisation.id or 0 if organisation else 0, year)


def item_decision(uow: UnitOfWork, item_id: int) -> ItemDecisionView:
    """One item and its decision, as `self-audit decide` prints it."""
    item = SelfAuditRepository(uow.session).item(item_id)
    audit = SelfAuditRepository(uow.session).get(item.audit_id)
    document = uow.documents.get(item.document_id) if item.document_id else None
    title, doc_number = (document.title, document.doc_number) if document else (None, None)
    return _decision(item, title, doc_number, set(audit.spot_check))


def self_audit_report(uow: UnitOfWork, year: int) -> SelfAuditReport:
    """Everything the office reads: counts by reason and decision, each decision, the conversions, the spot check
    with its seed, and the audit trail."""
    audit = audit_of_year(uow, year)
    organisation = uow.session.get(Organisation, audit.organisation_id)
    sampled = set(audit.spot_check)
    rows = uow.session.exec(
        select(SelfAuditItem, Document.title, Document.doc_number)
        .outerjoin(Document, col(Document.id) == col(SelfAuditItem.document_id))
        .where(SelfAuditItem.audit_id == audit.id)
        .order_by(col(SelfAuditItem.id))
    ).all()
    decisions = [_decision(item, title, doc_number, sampled) for item, title, doc_number in rows]
    decided = Counter(view.decision for view in decisions)
    return SelfAuditReport(
        id=audit.id or 0,
        year=audit.year,
        organisation=organisation.name if organisation else "",
        state=audit.state,
        state_label=AuditState(audit.state).label,
        opened_on=audit.opened_on.isoformat(),
        opened_by=audit.opened_by,
        due=audit.due.isoformat(),
        closed_on=iso_day(audit.closed_on),
        closed_by=audit.closed_by,
        threshold=audit.threshold,
        window_days=audit.window_days,
        items=len(decisions),
        by_reason={reason.value: sum(view.reason == reason for view in decisions) for reason in ItemReason},
        decided=len(decisions) - decided[None],
        undecided=decided[None],
        kept=decided[Decision.KEEP.value],
        converted=decided[Decision.CONVERT.value],
        conversions=_conversions(decisions),
        decisions=decisions,
        spot_check=SpotCheck(
            seed=audit.seed, size=len(audit.spot_check), items=list(audit.spot_check), rule=SPOT_CHECK_RULE
        ),
        audit=[
            EventView(**event_fields(row, EVENT_LABELS.get(row["action"], row["action"])))
            for row in uow.audit.events_for(SUBJECT_TYPE, audit.id or 0)
        ],
    )


def _decision(item: SelfAuditItem, title: str | None, doc_number: str | None, sampled: set[int]) -> ItemDecisionView:
    return ItemDecisionView(
        id=item.id or 0,
        document=item.document_id,
        title=title,
        doc_number=doc_number,
        subject_key=item.subject_key,
        reason=item.reason,
        reason_label=ItemReason(item.reason).label,
        attribute=item.attribute,
        attribute_label=_label(item.attribute),
        applicants=item.applicants,
        decision=item.decision,
        decision_label=Decision(item.decision).label if item.decision else None,
        to=item.target_attribute,
        to_label=_label(item.target_attribute),
        decision_reason=item.decision_reason,
        decided_by=item.decided_by,
        decided_on=iso_day(item.decided_on),
        spot_checked=item.id in sampled,
    )


def _conversions(decisions: list[ItemDecisionView]) -> list[Conversion]:
    """How many items each conversion took, from → to, in the order of the attributes."""
    counts = Counter((view.attribute, view.to) for view in decisions if view.to and view.attribute)
    return [
        Conversion(
            from_attribute=source.value,
            from_label=source.label,
            to=target.value,
            to_label=target.label,
            count=counts[(source.value, target.value)],
        )
        for source in Attribute
        for target in Attribute
        if counts[(source.value, target.value)]
    ]


def _label(attribute: str | None) -> str | None:
    return Attribute(attribute).label if attribute else None
