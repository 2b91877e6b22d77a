"""Reports in storage: the report's own records (cases, hand-entered figures, sections) and the aggregates the
reports are built from, each one set-based SQL statement whatever the number of documents or requests.

The cycle-time aggregates group by department, area and the dates that matter with a count, so a million
documents come back as a few thousand rows; the working days are counted from those rows (policies.cycle_times).
Like every repository it never commits; a unit of work does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    Integer,
    MetaData,
    Select,
    Subquery,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    text,
)
from sqlalchemy import select as sql_select
from sqlalchemy.sql import Executable
from sqlmodel import Session, SQLModel, col, select

from policies.annual_report import (
    CaseFact,
    CaseKind,
    CaseResult,
    DocumentCounts,
    EnteredFigure,
    FigureItem,
    RequestFact,
)
from policies.cycle_times import NO_DEPARTMENT, CycleGroup, Outcome
from policies.deadlines import EXTENSION_WORKING_DAYS, REPLY_WORKING_DAYS, DeadlineKind
from policies.errors import NotFound
from policies.issuance import DocumentKind
from policies.subjects import SubjectArea
from storage.models import (
    DeadlineRecord,
    Department,
    DisclosureRequest,
    Document,
    DocumentLifecycle,
    Interpretation,
    ReportFigure,
    ReportSection,
    RequestDocumentLink,
    ReviewCase,
    User,
)

CASE_SUBJECT = "review_case"
REPORT_SUBJECT = "annual_report"
"""The subject_type of the audit events of cases and of a year's report data."""


_AREA_LABELS: Final = {area.value: area.label for area in SubjectArea}


def _area(code: str | None) -> str:
    """An area's Chinese name (a request linked to no document is 其他)."""
    return _AREA_LABELS.get(code or SubjectArea.OTHER.value, code or SubjectArea.OTHER.label)


class ReportRepository:
    """Cases, hand-entered figures and sections, and the reports' aggregates."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, query: Executable) -> list[Any]:
        """An aggregate statement's rows, as tuples."""
        return [tuple(row) for row in self.session.connection().execute(query)]

    # --- the report's own records -------------------------------------------------------------------------------

    def add_case(self, case: ReviewCase) -> ReviewCase:
        """Stage a new case and give it its id."""
        self.session.add(case)
        self.session.flush()
        return case

    def case(self, case_id: int) -> ReviewCase:
        """The case with this id, or NotFound."""
        found = self.session.get(ReviewCase, case_id)
        if found is None:
            raise NotFound(f"行政复议或诉讼案件 {case_id} 不存在")
        return found

    def cases(self, *, year: int | None = None) -> Sequence[ReviewCase]:
        """Cases in the order recorded; with a year, those table 四 of that year may count (filed by its end)."""
        query = select(ReviewCase)
        if year is not None:
            query = query.where(col(ReviewCase.filed_on) <= date(year, 12, 31)).where(
                or_(col(ReviewCase.decided_on).is_(None), col(ReviewCase.decided_on) >= date(year, 1, 1))
            )
        return self.session.exec(query.order_by(col(ReviewCase.id))).all()

    def set_figure(self, year: int, item: FigureItem, value: Decimal, *, by: str, on: date) -> ReportFigure:
        """Stage a hand-entered figure, replacing the one entered before."""
        figure = self.session.get(ReportFigure, (year, item.value)) or ReportFigure(
            year=year, item=item.value, value="", entered_by=by, entered_on=on
        )
        figure.value, figure.entered_by, figure.entered_on = str(value), by, on
        self.session.add(figure)
        self.session.flush()
        return figure

    def figures(self, year: int) -> list[EnteredFigure]:
        """The year's hand-entered figures."""
        rows = self.session.exec(select(ReportFigure).where(ReportFigure.year == year)).all()
        return [EnteredFigure(FigureItem(r.item), Decimal(r.value), r.entered_by, r.entered_on) for r in rows]

    def set_section(self, year: int, section: str, text: str, *, by: str, on: date) -> ReportSection:
        """Stage a section's text, replacing the one written before."""
        row = self.session.get(ReportSection, (year, section)) or ReportSection(
            year=year, section=section, text="", entered_by=by, entered_on=on
        )
        row.text, row.entered_by, row.entered_on = text, by, on
        self.session.add(row)
        self.session.flush()
        return row

    def sections(self, year: int) -> dict[str, ReportSection]:
        """The year's written sections by code."""
        rows = self.session.exec(select(ReportSection).where(ReportSection.year == year)).all()
        return {row.section: row for row in rows}

    # --- the annual report's aggregates --------------------------------------------------------------------------

    def request_facts(self, year: int) -> list[RequestFact]:
        """Requests received by the year's end and not concluded before it began, grouped (one statement)."""
        r = _table(DisclosureRequest).c
        keys = (r.applicant_type, r.received_on, r.replied_on, r.result)
        query = (
            sql_select(*keys, func.count())
            .where(r.received_on <= date(year, 12, 31))
            .where(or_(r.replied_on.is_(None), r.replied_on >= date(year, 1, 1)))
            .group_by(*keys)
        )
        return [RequestFact(*row) for row in self._rows(query)]

    def case_facts(self, year: int) -> list[CaseFact]:
        """The cases table 四 of the year may count."""
        return [
            CaseFact(CaseKind(c.kind), c.filed_on, CaseResult(c.result) if c.result else None, c.decided_on)
            for c in self.cases(year=year)
        ]

    def document_counts(self, year: int) -> DocumentCounts:
        """Normative documents issued, withdrawn and in force, proactive publications and interpretations."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        d, life = _table(Document).c, _table(DocumentLifecycle).c
        in_year = and_(d.published_on >= first, d.published_on <= last)
        normative = (
            sql_select(
                func.count().filter(in_year),
                func.count().filter(and_(life.withdrawn_on >= first, life.withdrawn_on <= last)),
                func.count().filter(
                    and_(d.published_on <= last, or_(life.withdrawn_on.is_(None), life.withdrawn_on > last))
                ),
            )
            .select_from(_table(Document).outerjoin(_table(DocumentLifecycle), life.document_id == d.id))
            .where(d.kind == DocumentKind.NORMATIVE.value, d.published_on.is_not(None))
        )
        issued, repealed, in_force = self._rows(normative)[0]
        proactive = sql_select(func.count()).where(d.attribute == "proactive", in_year)
        i = _table(Interpretation).c
        interpreted = sql_select(func.count()).where(i.published_on >= first, i.published_on <= last)
        return DocumentCounts(issued, repealed, in_force, self._rows(proactive)[0][0], self._rows(interpreted)[0][0])

    # --- the cycle-time aggregates -------------------------------------------------------------------------------

    def load_ordinals(self, ordinals: Sequence[tuple[date, int]]) -> None:
        """Fill this transaction's working-day ordinal table (a temporary table, one row per day)."""
        connection = self.session.connection()
        connection.execute(text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {_ORDINALS.name} "
                                "(day DATE PRIMARY KEY, ordinal INTEGER NOT NULL, month INTEGER NOT NULL)"))  # fmt: skip  # noqa: E501
        connection.execute(_ORDINALS.delete())
        rows = [{"day": day, "ordinal": n, "month": day.year * 100 + day.month} for day, n in ordinals]
        connection.execute(_ORDINALS.insert(), rows)

    def publication_groups(self, start: date, end: date, today: date) -> list[CycleGroup]:
        """Documents formed in [start, end] that owe publication: formation → publication against the deadline."""
        d = _table(Document).c
        due = _deadline("document", DeadlineKind.PUBLICATION)
        joined = sql_select().select_from(_table(Document)).join(due, due.c.subject_id == d.id)
        return self._groups(joined, d.formed_on, d.published_on, due.c.due, today,
                            where=and_(d.formed_on >= start, d.formed_on <= end))  # fmt: skip

    def interpretation_groups(self, start: date, end: date, today: date) -> list[CycleGroup]:
        """Documents published in [start, end] that owe an interpretation: publication → the first one."""
        d, i = _table(Document).c, _table(Interpretation).c
        due = _deadline("document", DeadlineKind.INTERPRETATION)
        first = sql_select(i.document_id, func.min(i.published_on).label("first_on")).group_by(i.document_id)
        firsts = first.subquery("first_interpretation")
        joined = sql_select().select_from(_table(Document)).join(due, due.c.subject_id == d.id)
        joined = joined.outerjoin(firsts, firsts.c.document_id == d.id)
        return self._groups(joined, d.published_on, firsts.c.first_on, due.c.due, today,
                            where=and_(d.published_on >= start, d.published_on <= end))  # fmt: skip

    def reply_groups(self, start: date, end: date, today: date) -> list[CycleGroup]:
        """Requests received in [start, end] (not closed for want of correction): receipt → reply, net of the days
        the clock stood still — counted from the corrected application, less the consultation days by which the
        reply deadline was moved out (its working days beyond 20, or 40 when extended).

        A request is reported under the department and area of the first document it asks for, if any.
        """
        r, link, d = _table(DisclosureRequest).c, _table(RequestDocumentLink).c, _table(Document).c
        due = _deadline("request", DeadlineKind.REPLY)
        linked = sql_select(link.request_id, func.min(link.document_id).label("document_id"))
        linked_to = linked.group_by(link.request_id).subquery("linked_document")
        joined = (
            sql_select()
            .select_from(_table(DisclosureRequest))
            .outerjoin(due, due.c.subject_id == r.id)
            .outerjoin(linked_to, linked_to.c.request_id == r.id)
            .outerjoin(_table(Document), d.id == linked_to.c.document_id)
        )
        allowed = case((r.extended_on.is_not(None), REPLY_WORKING_DAYS + EXTENSION_WORKING_DAYS),
                       else_=REPLY_WORKING_DAYS)  # fmt: skip
        return self._groups(joined, r.received_on, r.replied_on, due.c.due, today,
                            where=and_(r.received_on >= start, r.received_on <= end, r.state != "closed"),
                            counted_from=r.clock_start, allowed=allowed)  # fmt: skip

    def _groups(
        self,
        joined: Select[Any],
        start: ColumnElement[Any],
        ended: ColumnElement[Any],
        due: ColumnElement[Any],
        today: date,
        *,
        where: ColumnElement[bool],
        counted_from: ColumnElement[Any] | None = None,
        allowed: ColumnElement[Any] | None = None,
    ) -> list[CycleGroup]:
        """Count items by department, area, month, working days and outcome (policies.cycle_times.group_of)."""
        ws, we, wd, wc = (_ORDINALS.alias(name) for name in ("w_start", "w_end", "w_due", "w_from"))
        query = joined.outerjoin(ws, ws.c.day == start).outerjoin(we, we.c.day == ended)
        origin = ws.c.ordinal
        if counted_from is not None:
            query, origin = query.outerjoin(wc, wc.c.day == counted_from), wc.c.ordinal
        paused: ColumnElement[Any] = literal(0)
        if allowed is not None:  # only a reply's deadline moves out (by the consultation days): one more lookup
            query = query.outerjoin(wd, wd.c.day == due)
            paused = case((due.is_(None), 0), else_=_non_negative(wd.c.ordinal - origin - allowed))
        days = case((ended.is_(None), None), else_=_non_negative(we.c.ordinal - origin - paused))
        outcome = case(
            (and_(ended.is_(None), due.is_not(None), due < today), Outcome.OPEN_OVERDUE.value),
            (ended.is_(None), Outcome.OPEN.value),
            (and_(due.is_not(None), ended > due), Outcome.LATE.value),
            else_=Outcome.ON_TIME.value,
        )
        document = _table(Document).c
        keys = (document.drafter_id, document.subject_area, ws.c.month, days, outcome)
        rows = self._rows(query.add_columns(*keys, func.count()).where(where).group_by(*keys))
        departments = self._departments()
        return [
            CycleGroup(departments.get(drafter, NO_DEPARTMENT), _area(area), f"{month // 100:04d}-{month % 100:02d}",
                       None if n is None else int(n), Outcome(o), count)
            for drafter, area, month, n, o, count in rows
        ]  # fmt: skip

    def _departments(self) -> dict[int, str]:
        """Each user's department by user id (grouping by the drafter and naming afterwards saves two joins a row)."""
        u, dep = _table(User).c, _table(Department).c
        query = sql_select(u.id, dep.name).select_from(_table(User).join(_table(Department), dep.id == u.department_id))
        return dict(self._rows(query))


_ORDINALS: Final = Table(
    "gk_working_day_ordinal",
    MetaData(),
    Column("day", Date, primary_key=True),
    Column("ordinal", Integer),
    Column("month", Integer),
)
"""The working-day ordinal of each day (policies.cycle_times.working_day_ordinals) and its month as YYYYMM, a
temporary table: one indexed lookup per date gives both, cheaper than date functions in every row."""


def _non_negative(value: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((value > 0, value), else_=0)


def _table(model: type[SQLModel]) -> Table:
    """A model's table, for set-based statements in SQLAlchemy Core."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _deadline(subject_type: str, kind: DeadlineKind) -> Subquery:
    """The subjects' deadlines in force of one kind (a restarted one's earlier rows are inactive)."""
    t = _table(DeadlineRecord).c
    return (
        sql_select(t.subject_id, t.due)
        .where(t.subject_type == subject_type, t.kind == kind.value, t.active.is_(True))
        .subquery(f"{subject_type}_{kind.value}_due")
    )
