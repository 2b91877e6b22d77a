"""The annual report on government information disclosure (条例 Arts. 49–50) in the national format of
国办公开办函〔2021〕30号: sections 一 to 六, table 二 (主动公开), table 三 (申请的收到和处理) and table 四 (行政复议、
行政诉讼).

Pure: storage hands over aggregated facts; the year is a parameter. Table 三 counts each request once per year:
received this year (row 一) or received before and not concluded before the year began (row 二); concluded in
the year, by its result (row 三); not concluded by 31 December (row 四). So row 一 + row 二 = row 三 总计 + row 四.
Table 四 counts each case filed by the year's end and not decided before it began: with its result when decided
by 31 December, else as 尚未审结.

Who may change what: the disclosure office (reviewers) records review and litigation cases and enters the
figures and sections it alone knows; supervisors (and reviewers and admins) read and run reports, and change
nothing (DESIGN.md "Who does what").
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from policies.errors import BadInput, PolicyRefusal
from policies.labels import Labelled
from policies.request_codes import ApplicantType
from policies.request_results import ANNUAL_REPORT_ROWS, ResultKind, parse_result
from policies.roles import Role

TOTAL: Final = "total"
"""The key of the 总计 column (and of a case group's 总计)."""

REPORT_READERS: Final = frozenset({Role.SUPERVISOR, Role.REVIEWER, Role.ADMIN})
REPORT_EDITORS: Final = frozenset({Role.REVIEWER})


def check_may_read(role: Role) -> None:
    """Supervisors, the disclosure office and administrators run reports (DESIGN.md "Who does what")."""
    if role not in REPORT_READERS:
        raise PolicyRefusal(f"{role.label}无权查看统计报表：报表供督查人员、政务公开审查员和系统管理员使用")


def check_may_edit(role: Role) -> None:
    """Only the disclosure office enters report data; supervisors change nothing (条例 Art. 49: 工作机构编制)."""
    if role not in REPORT_EDITORS:
        raise PolicyRefusal(f"{role.label}无权填报年度报告数据：由政府信息公开工作机构（政务公开审查员）填报")


class CaseKind(Labelled, noun="复议诉讼类型", choices_with_labels=True):
    """A case an applicant brings about the handling of a request (table 四's column groups)."""

    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class CaseResult(Labelled, noun="复议诉讼结果", choices_with_labels=True):
    """How a case was decided (table 四's columns); 尚未审结 is a case with no result yet."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"

    @classmethod
    def decided(cls, text: str) -> "CaseResult":
        """A decision's result: upheld, corrected or other (also 维持, 纠正, 其他), never pending."""
        short = {"维持": "upheld", "纠正": "corrected", "其他": "other"}
        result = cls.parse(short.get(text.strip(), text))
        if result is cls.PENDING:
            raise BadInput("审结结果须为 upheld（维持）、corrected（纠正）或 other（其他）")
        return result


class FigureItem(Labelled, noun="手工填报项目", choices_with_labels=True):
    """Table 二's figures the system cannot know (条例 Art. 20), entered by hand; the fee is in 万元."""

    RULES_ISSUED = "rules_issued", "规章 本年制发件数"
    RULES_REPEALED = "rules_repealed", "规章 本年废止件数"
    RULES_IN_FORCE = "rules_in_force", "规章 现行有效件数"
    LICENSING = "licensing", "行政许可 本年处理决定数量"
    PENALTY = "penalty", "行政处罚 本年处理决定数量"
    COERCION = "coercion", "行政强制 本年处理决定数量"
    FEES = "fees", "行政事业性收费 本年收费金额（万元）"


class Section(Labelled, noun="报告部分", choices_with_labels=True):
    """The sections of the report the office writes itself; the rest are the tables."""

    OVERVIEW = "overview", "总体情况", "一"
    PROBLEMS = "problems", "存在的主要问题及改进情况", "五"
    OTHER = "other", "其他需要报告的事项", "六"

    def __init__(self, *declared: str) -> None:
        _code, _label, self._numeral = declared

    @property
    def heading(self) -> str:
        """The section's heading: 一、总体情况."""
        return f"{self._numeral}、{self.label}"

    @classmethod
    def named(cls, text: str) -> "Section":
        """A section by its code, its name or its numeral (一, 五, 六)."""
        for section in cls:
            if text.strip() == section._numeral:
                return section
        return cls.parse(text)


SECTION_HEADINGS: Final = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def parse_figure(item: FigureItem, text: str) -> Decimal:
    """A hand-entered figure: a whole number of items or decisions, or the fee in 万元 (up to 4 decimals)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BadInput(f"“{item.label}”须为数字：{text!r}") from None
    if not value.is_finite() or value < 0:
        raise BadInput(f"“{item.label}”须为非负数：{text!r}")
    if item is FigureItem.FEES:
        if value != value.quantize(Decimal("0.0001")):
            raise BadInput(f"“{item.label}”最多保留4位小数：{text!r}")
        return value
    if value != value.to_integral_value():
        raise BadInput(f"“{item.label}”须为整数：{text!r}")
    return value.quantize(Decimal(1))


def check_report_year(year: int, today: date) -> None:
    """A report covers a year that has begun, within the calendar's reach."""
    if not 2008 <= year <= today.year:
        raise BadInput(f"报告年度无效：{year}（须在2008年至{today.year}年之间）")


@dataclass(frozen=True, slots=True)
class RequestFact:
    """`count` requests of one applicant type with the same receipt day, conclusion day and result."""

    applicant_type: str
    received_on: date
    concluded_on: date | None
    result: str | None
    count: int = 1


Counts = dict[str, int]
"""Applicant type code (and `total`) → count."""


@dataclass(frozen=True, slots=True)
class Table3:
    """Table 三: rows 一 (new), 二 (carried in), 三 (results by row key, and their total), 四 (carried out)."""

    new: Counts
    carried_in: Counts
    results: dict[str, Counts]
    results_total: Counts
    carried_out: Counts

    @property
    def balanced(self) -> bool:
        """The format's check: 一 + 二 = 三 总计 + 四, in every column."""
        return all(self.new[c] + self.carried_in[c] == self.results_total[c] + self.carried_out[c] for c in _columns())


def _columns() -> tuple[str, ...]:
    return (*(kind.value for kind in ApplicantType), TOTAL)


def _counts(counter: Mapping[str, int]) -> Counts:
    counts = {kind.value: counter.get(kind.value, 0) for kind in ApplicantType}
    return {**counts, TOTAL: sum(counts.values())}


def result_kind_rows() -> dict[ResultKind, list[str]]:
    """The row keys of table 三 row 三, grouped by their category (for the renderers' merged headings)."""
    grouped: dict[ResultKind, list[str]] = {}
    for row in ANNUAL_REPORT_ROWS:
        grouped.setdefault(row.kind, []).append(row.key)
    return grouped


def table3(facts: Iterable[RequestFact], year: int) -> Table3:
    """Table 三 from the requests (国办公开办函〔2021〕30号); requests concluded before the year are not in it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    new: Counter[str] = Counter()
    carried_in: Counter[str] = Counter()
    carried_out: Counter[str] = Counter()
    results: dict[str, Counter[str]] = {row.key: Counter() for row in ANNUAL_REPORT_ROWS}
    for fact in facts:
        concluded = fact.concluded_on
        if fact.received_on > last or (concluded is not None and concluded < first):
            continue
        if fact.applicant_type not in _columns():
            raise BadInput(f"申请人类型无效：{fact.applicant_type}")
        (new if fact.received_on >= first else carried_in)[fact.applicant_type] += fact.count
        if concluded is None or concluded > last:
            carried_out[fact.applicant_type] += fact.count
        else:
            if fact.result is None:
                raise BadInput(f"已办结的申请缺少答复结果（{concluded.isoformat()}）")
            results[parse_result(fact.result).report_row.key][fact.applicant_type] += fact.count
    rows = {key: _counts(counter) for key, counter in results.items()}
    total = Counter({c: sum(row[c] for row in rows.values()) for c in _columns()})
    return Table3(_counts(new), _counts(carried_in), rows, _counts(total), _counts(carried_out))


@dataclass(frozen=True, slots=True)
class CaseFact:
    """A recorded case: its kind, when filed, and its result and decision day once decided."""

    kind: CaseKind
    filed_on: date
    result: CaseResult | None = None
    decided_on: date | None = None


def table4(cases: Iterable[CaseFact], year: int) -> dict[str, Counts]:
    """Table 四: per kind of case, the results (upheld, corrected, other, pending) and their total."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    counted: dict[CaseKind, Counter[str]] = {kind: Counter() for kind in CaseKind}
    for case in cases:
        if case.filed_on > last or (case.decided_on is not None and case.decided_on < first):
            continue
        decided = case.result is not None and case.decided_on is not None and case.decided_on <= last
        result = case.result if decided and case.result is not None else CaseResult.PENDING
        counted[case.kind][result.value] += 1
    table: dict[str, Counts] = {}
    for kind, counter in counted.items():
        row = {result.value: counter.get(result.value, 0) for result in CaseResult}
        table[kind.value] = {**row, TOTAL: sum(row.values())}
    return table


@dataclass(frozen=True, slots=True)
class DocumentCounts:
    """What the system knows for table 二 and the overview: normative documents, and what was published."""

    normative_issued: int
    normative_repealed: int
    normative_in_force: int
    proactive_published: int
    interpretations: int


@dataclass(frozen=True, slots=True)
class EnteredFigure:
    """A hand-entered figure and who entered it when (shown as 手工填报)."""

    item: FigureItem
    value: Decimal
    entered_by: str
    entered_on: date


@dataclass(frozen=True, slots=True)
class Table2Row:
    """One cell group of table 二: its heading and each figure, with where it came from."""

    item: str
    label: str
    value: Decimal | None
    source: str
    entered_by: str | None = None
    entered_on: date | None = None


SOURCE_SYSTEM: Final = "系统统计"
SOURCE_HAND: Final = "手工填报"
SOURCE_MISSING: Final = "尚未填报"


def table2(documents: DocumentCounts, figures: Iterable[EnteredFigure]) -> list[Table2Row]:
    """Table 二 (条例 Art. 20): normative documents from the system, every other figure as entered by hand."""
    entered = {figure.item: figure for figure in figures}
    rows = [
        Table2Row(
            "normative_issued", "行政规范性文件 本年制发件数", Decimal(documents.normative_issued), SOURCE_SYSTEM
        ),
        Table2Row(
            "normative_repealed", "行政规范性文件 本年废止件数", Decimal(documents.normative_repealed), SOURCE_SYSTEM
        ),
        Table2Row(
            "normative_in_force", "行政规范性文件 现行有效件数", Decimal(documents.normative_in_force), SOURCE_SYSTEM
        ),
    ]
    for item in FigureItem:
        figure = entered.get(item)
        if figure is None:
            rows.append(Table2Row(item.value, item.label, None, SOURCE_MISSING))
        else:
            rows.append(
                Table2Row(item.value, item.label, figure.value, SOURCE_HAND, figure.entered_by, figure.entered_on)
            )
    return sorted(rows, key=lambda row: _TABLE2_ORDER.index(row.item))


_TABLE2_ORDER: Final = (
    "rules_issued", "rules_repealed", "rules_in_force", "normative_issued", "normative_repealed", "normative_in_force",
    "licensing", "penalty", "coercion", "fees",
)  # fmt: skip


def overview(year: int, documents: DocumentCounts, requests: Table3, cases: Mapping[str, Counts]) -> str:
    """A generated 一、总体情况 for an office that wrote none: the year's figures in one paragraph."""
    reconsideration = cases[CaseKind.RECONSIDERATION.value][TOTAL]
    litigation = cases[CaseKind.LITIGATION_DIRECT.value][TOTAL] + cases[CaseKind.LITIGATION_AFTER_REVIEW.value][TOTAL]
    return (
        f"{year}年，本机关依照《中华人民共和国政府信息公开条例》做好政府信息公开工作。全年主动公开政府信息"
        f"{documents.proactive_published}件，其中制发行政规范性文件{documents.normative_issued}件，"
        f"发布政策解读{documents.interpretations}件。本年新收政府信息公开申请{requests.new[TOTAL]}件，"
        f"上年结转{requests.carried_in[TOTAL]}件，本年度办结{requests.results_total[TOTAL]}件，"
        f"结转下年度继续办理{requests.carried_out[TOTAL]}件。因政府信息公开工作被申请行政复议{reconsideration}件、"
        f"被提起行政诉讼{litigation}件。"
    )


def check_case_filing(filed_on: date, request_received_on: date, today: date) -> None:
    """A case is recorded once filed: not before the request it is about, not after today."""
    if filed_on > today:
        raise BadInput(f"立案（申请）日期{filed_on.isoformat()}晚于今天（{today.isoformat()}）：案件须在提起后登记")
    if filed_on < request_received_on:
        raise BadInput(f"立案（申请）日期{filed_on.isoformat()}早于所涉申请的收到日期{request_received_on.isoformat()}")


def check_case_decision(case: CaseFact, decided_on: date, today: date) -> None:
    """A case is decided once, on or after it was filed and not after today."""
    if case.result is not None:
        raise PolicyRefusal(f"该案件已于{case.decided_on}审结（{case.result.label}），不能再次登记结果")
    if decided_on > today:
        raise BadInput(f"审结日期{decided_on.isoformat()}晚于今天（{today.isoformat()}）")
    if decided_on < case.filed_on:
        raise BadInput(f"审结日期{decided_on.isoformat()}早于立案日期{case.filed_on.isoformat()}")
