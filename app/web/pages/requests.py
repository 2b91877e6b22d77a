"""依申请公开, the disclosure office's requests: register an application; a request's clock with its stops
(correction, consultation) and extension, its deadlines and how each was computed; the reply, its result code
shown by its Chinese name. Each form runs the request flow the API runs (flows.disclosure_requests).

Reviewers act; supervisors read (without the applicant's contact); other roles are refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import SecretStr
from starlette.datastructures import FormData

from app.web.auth import CSRF_FIELD
from app.web.deps import runtime_of
from app.web.pages.common import (
    PageRoute,
    ReadUnit,
    Viewer,
    allow,
    checked_form,
    page_number,
    pager,
    prefect_run_url,
    redirect,
    render,
    status_of,
)
from app.web.pages.document import ROLE_LABELS
from app.web.pages.drafter import ground_choices, text_field
from flows.disclosure_requests import (
    close_request,
    consultation_answered,
    correction_received,
    extend_request,
    for_request,
    register_request,
    reply_to_request,
    request_correction,
    start_consultation,
)
from policies.attributes import parse_grounds
from policies.characters import one_line, strip_controls
from policies.dates import parse_day
from policies.errors import BadInput, GongkaiError, NotFound
from policies.ids import MAX_ID
from policies.request_codes import ApplicantType, Channel
from policies.request_lifecycle import RequestState
from policies.request_results import parse_result, result_codes
from policies.roles import Role
from storage.read.pages import request_list_page
from storage.read.requests import request_detail
from storage.uow import UnitOfWork
from tasks.requests import Application, RequestStep

router = APIRouter(route_class=PageRoute, include_in_schema=False)

ReaderDep = Annotated[Viewer, Depends(allow(Role.REVIEWER, Role.SUPERVISOR))]
OfficeDep = Annotated[Viewer, Depends(allow(Role.REVIEWER))]
# The steps open in each state, as the page offers them (the flows refuse any other).
STEPS: dict[RequestState, tuple[str, ...]] = {
    RequestState.RECEIVED: ("correction", "consult", "extend", "reply"),
    RequestState.AWAITING_CORRECTION: ("corrected", "close"),
    RequestState.CONSULTING: ("consulted", "extend", "reply"),
    RequestState.REPLIED: (),
    RequestState.CLOSED: (),
}


def parse_request_id(text: str) -> int:
    """A request's number from the address; anything else (or beyond 64 bits) is not found."""
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise NotFound(f"没有编号为 {text[:20]} 的申请")
    return int(text)


def _results() -> list[tuple[str, str]]:
    return [(code, parse_result(code).label) for code in result_codes()]


def _list(request: Request, who: Viewer, uow: UnitOfWork, *, status: int = 200, error: str | None = None,
          typed: Typed | None = None) -> Response:  # fmt: skip
    page = request_list_page(uow, today=who.today, page=page_number(request.query_params.get("page")))
    return render(
        request, "requests.html", who, status=status, error=error, title="依申请公开",
        requests=page.items, paging=pager(page, "/requests"), today=who.today.isoformat(),
        applicant_types=list(ApplicantType), channels=list(Channel), typed=(typed or Typed()).form("register"),
    )  # fmt: skip


def _show(request: Request, who: Viewer, uow: UnitOfWork, request_id: int, *, status: int = 200,
          error: str | None = None, typed: Typed | None = None) -> Response:  # fmt: skip
    detail = request_detail(uow, request_id, today=who.today, show_contact=who.role is Role.REVIEWER)
    steps = STEPS[RequestState(detail.state)] if who.role is Role.REVIEWER else ()
    events = [{"event": e, "role": ROLE_LABELS.get(e.role, "系统"), "run_url": prefect_run_url(e.flow_run_id)}
              for e in detail.audit]  # fmt: skip
    return render(
        request, "request.html", who, status=status, error=error, title=f"申请 {request_id}", r=detail, steps=steps,
        events=events, results=_results(), grounds=ground_choices(), typed=typed or Typed(),
    )  # fmt: skip


@router.get("/requests")
def requests_page(request: Request, who: ReaderDep, uow: ReadUnit) -> Response:
    """The requests, 50 a page: the open ones by their earliest open deadline (the overdue first), then the replied
    and closed newest first (storage.read.pages.request_list_page), each with its reply deadline; the register form for
    the office."""
    return _list(request, who, uow)


@router.get("/requests/{request_id}")
def request_page(request: Request, request_id: str, who: ReaderDep, uow: ReadUnit) -> Response:
    """One request: its clock, deadlines, reply and trail."""
    return _show(request, who, uow, parse_request_id(request_id))


@router.post("/requests")
async def register(request: Request, who: OfficeDep) -> Response:
    """Register an application through the register flow; a refusal shows the form again as it was filled in."""
    form: FormData | None = None
    try:
        form = await checked_form(request, who)
        applicant, subject = _line(form, "applicant"), _prose(form, "subject")
        if not applicant or not subject:
            raise BadInput("请填写申请人和申请内容")
        contact = _line(form, "contact")
        application = Application(
            applicant=SecretStr(applicant),
            applicant_type=ApplicantType.parse(text_field(form, "applicant_type") or ""),
            channel=Channel.parse(text_field(form, "channel") or Channel.IN_PERSON.value),
            received_on=parse_day(text_field(form, "received") or "", what="收到申请日期"),
            subject=SecretStr(subject),
            document_ids=tuple(_document_ids(text_field(form, "documents"))),
            contact=SecretStr(contact) if contact else None,
        )
        step = await register_request(actor=who.user.name, application=application, today=who.today)
    except GongkaiError as error:
        with runtime_of(request).unit_of_work(readonly=True) as uow:
            return _list(request, who, uow, status=status_of(error), error=str(error), typed=Typed.of(form, "register"))
    return redirect(f"/requests/{step.request_id}", "申请已登记，答复期限已起算")


@dataclass(frozen=True, slots=True)
class Typed:
    """What a refused form held, to show it filled in again; `step` says which form (two share the field reason)."""

    step: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, form: FormData | None, step: str) -> Typed:
        """The text fields of a posted form (without its token and version)."""
        fields: dict[str, list[str]] = {}
        for key, value in (form.multi_items() if form is not None else ()):
            if isinstance(value, str) and key not in (CSRF_FIELD, "version"):
                fields.setdefault(key, []).append(value)
        return cls(step, fields)

    def form(self, step: str) -> Typed:
        """These values for the form of this step; nothing for another form."""
        return self if step == self.step else Typed()

    def value(self, name: str, default: str = "") -> str:
        """The field's (first) value as typed."""
        return self.fields.get(name, [default])[0]

    def has(self, name: str, value: str) -> bool:
        """Whether this value was chosen in the field (a select, a checkbox)."""
        return value in self.fields.get(name, ())


def _line(form: FormData, name: str) -> str | None:
    """A one-line field (a name, a party, a contact) without control characters or escape sequences; None when
    nothing is left (the API's edge does the same, app.web.schemas.requests)."""
    return one_line(text_field(form, name) or "") or None


def _prose(form: FormData, name: str) -> str | None:
    """A text field (the application's text, a reason) without control characters or escape sequences, line breaks
    kept; None when nothing is left."""
    return strip_controls(text_field(form, name) or "").strip() or None


def _document_ids(text: str | None) -> list[int]:
    """The documents asked for, as numbers separated by commas or spaces."""
    parts = (text or "").replace("，", ",").replace(",", " ").split()
    if any(not p.isdigit() or not 0 < int(p) <= MAX_ID for p in parts):
        raise BadInput("所申请公文应填公文编号（数字，以逗号分隔）")
    return [int(p) for p in parts]


Step = Callable[[FormData], dict[str, Any]]


async def _act(request: Request, who: Viewer, request_id: str, name: str,
               phase: Callable[..., Awaitable[RequestStep]], step: Step, done: str) -> Response:  # fmt: skip
    number = parse_request_id(request_id)
    with runtime_of(request).unit_of_work(readonly=True) as uow:
        uow.requests.get(number)
    form: FormData | None = None
    try:
        form = await checked_form(request, who)
        version = text_field(form, "version")
        if version is not None and not version.isdigit():
            raise BadInput("表单中的版本号无效")
        await for_request(number, phase, actor=who.user.name, today=who.today,
                          expected_version=int(version) if version else None, **step(form))  # fmt: skip
    except NotFound:
        raise
    except GongkaiError as error:
        with runtime_of(request).unit_of_work(readonly=True) as uow:
            return _show(request, who, uow, number, status=status_of(error), error=str(error),
                         typed=Typed.of(form, name))  # fmt: skip
    return redirect(f"/requests/{number}", done)


def _party(form: FormData) -> dict[str, Any]:
    party = _line(form, "party")
    if not party:
        raise BadInput("请填写被征求意见的第三方")
    return {"party": SecretStr(party)}


def _reply_fields(form: FormData) -> dict[str, Any]:
    return {
        "result": parse_result(text_field(form, "result") or ""),
        "grounds": parse_grounds(g for g in form.getlist("grounds") if isinstance(g, str) and g),
        "withheld_part": _prose(form, "withheld_part"),
        "reason": _prose(form, "reason"),
    }


STEP_FLOWS: dict[str, tuple[Callable[..., Awaitable[RequestStep]], Step, str]] = {
    "correction": (request_correction, lambda _f: {}, "已告知申请人补正，答复期限暂停"),
    "corrected": (correction_received, lambda _f: {}, "已收到补正申请，答复期限重新起算"),
    "consult": (start_consultation, _party, "已征求第三方意见，征求意见期间不计入答复期限"),
    "consulted": (consultation_answered, lambda _f: {}, "第三方已答复，答复期限继续计算"),
    "extend": (extend_request, lambda f: {"reason": _prose(f, "reason") or ""}, "答复期限已延长"),
    "reply": (reply_to_request, _reply_fields, "已答复"),
    "close": (close_request, lambda _f: {}, "已结案"),
}  # fmt: skip


@router.post("/requests/{request_id}/{step}")
async def request_step(request: Request, request_id: str, step: str, who: OfficeDep) -> Response:
    """One step of the disclosure office on a request."""
    if step not in STEP_FLOWS:
        raise NotFound("没有这个操作")
    phase, fields, done = STEP_FLOWS[step]
    return await _act(request, who, request_id, step, phase, fields, done)

