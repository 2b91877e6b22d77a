"""The reports as read models: the cycle-time report and the annual report, as the API returns them and the
renderers (table, csv, xlsx, html, docx) draw them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CycleFigures(BaseModel):
    """One group's figures; the median and 90th percentile are of the items done, in working days."""

    model_config = ConfigDict(from_attributes=True)

    count: int
    on_time: int
    late: int
    open_overdue: int
    open: int
    on_time_rate: float | None
    median_working_days: float | None
    p90_working_days: int | None


class CycleStats(CycleFigures):
    """A measure overall and by department, area (its Chinese name) and month (YYYY-MM)."""

    by_department: dict[str, CycleFigures]
    by_area: dict[str, CycleFigures]
    by_month: dict[str, CycleFigures]


class CycleTimeReport(BaseModel):
    """Formation → publication, publication → interpretation, receipt → reply, in working days."""

    model_config = ConfigDict(from_attributes=True)

    year: int
    start: str
    end: str
    today: str
    publication: CycleStats
    interpretation: CycleStats
    reply: CycleStats


class Table3View(BaseModel):
    """Table 三: each row a mapping from applicant type (and `total`) to a count; results by row key."""

    new: dict[str, int]
    carried_in: dict[str, int]
    results: dict[str, dict[str, int]]
    results_total: dict[str, int]
    carried_out: dict[str, int]
    balanced: bool


class Table2Item(BaseModel):
    """A figure of table 二 and where it came from: 系统统计, 手工填报 (who, when) or 尚未填报."""

    item: str
    label: str
    value: int | float | None
    source: str
    entered_by: str | None
    entered_on: str | None


class SectionView(BaseModel):
    """A section of text: written by the office (who, when) or generated when none was written."""

    code: str
    heading: str
    text: str
    entered_by: str | None
    entered_on: str | None
    generated: bool


class CaseView(BaseModel):
    """A recorded reconsideration or lawsuit, linked to its request."""

    id: int
    request_id: int
    kind: str
    kind_label: str
    filed_on: str
    result: str | None
    result_label: str | None
    decided_on: str | None
    recorded_by: str


class AnnualReport(BaseModel):
    """The annual report (国办公开办函〔2021〕30号): sections 一 to 六, tables 二, 三 and 四."""

    year: int
    organisation: str
    today: str
    sections: list[SectionView]
    table2: list[Table2Item]
    table3: Table3View
    table4: dict[str, dict[str, int]]
