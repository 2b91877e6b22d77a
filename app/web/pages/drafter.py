"""我的文件, the drafter's page: upload a file (multipart, the size limit enforced while reading), the attribute
and its grounds as choices with the words of the law, the interpretation plan; the department's documents.

The upload goes through the submit flow the API uses (`flows.lifecycle.submit_document`): the page writes no row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData, UploadFile

from app.web.deps import runtime_of
from app.web.pages.common import (
    PageRoute,
    ReadUnit,
    Viewer,
    allow,
    checked_form,
    page_number,
    pager,
    redirect,
    render,
    status_of,
)
from app.web.uploads import read_upload
from flows.lifecycle import Upload, run_phase, submit_document
from policies.attributes import Attribute, LegalGround, parse_grounds
from policies.errors import BadInput, GongkaiError
from policies.ground_texts import ground_text
from policies.issuance import DocumentKind, InterpretationForm
from policies.roles import Role
from policies.subjects import SubjectArea
from storage.read.pages import document_page
from storage.uow import UnitOfWork
from tasks.documents import SubmitOptions

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DrafterDep = Annotated[Viewer, Depends(allow(Role.DRAFTER))]
MAX_NAME_LENGTH = 255


@dataclass(frozen=True, slots=True)
class GroundChoice:
    """A legal ground as a choice: its code, its name, the article and the article's words."""

    code: str
    label: str
    article: str | None
    text: str


def ground_choices() -> list[GroundChoice]:
    """The grounds a document's attribute may rest on (行政查询事项 is for replies only)."""
    return [
        GroundChoice(g.value, g.label, g.article, ground_text(g))
        for g in LegalGround
        if g is not LegalGround.ADMINISTRATIVE_QUERY
    ]


def choices() -> dict[str, object]:
    """Every choice the drafter's forms offer, by Chinese name."""
    return {
        "kinds": list(DocumentKind),
        "areas": list(SubjectArea),
        "attributes": list(Attribute),
        "grounds": ground_choices(),
        "forms": list(InterpretationForm),
    }


def safe_name(filename: str | None) -> str:
    """An uploaded file's name as kept: its last path part, no control characters, at most 255 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip().lstrip(".")
    if not name:
        raise BadInput("请选择要上传的文件")
    return name[-MAX_NAME_LENGTH:]


async def uploaded(form: FormData, field: str, *, limit: int, required: bool = True) -> Upload | None:
    """The file posted in this field, read within the upload limit; None when optional and not given."""
    value = form.get(field)
    if not isinstance(value, UploadFile) or not value.filename:
        if required:
            raise BadInput("请选择要上传的文件")
        return None
    return Upload(filename=safe_name(value.filename), content=await read_upload(value, limit))


def text_field(form: FormData, field: str) -> str | None:
    """A text field, stripped; None when empty or absent."""
    value = form.get(field)
    return value.strip() or None if isinstance(value, str) else None


def attribute_choice(form: FormData) -> tuple[Attribute | None, tuple[LegalGround, ...], str | None]:
    """The attribute chosen (None for 待定), its grounds and reason."""
    code = text_field(form, "attribute")
    grounds = parse_grounds(g for g in form.getlist("grounds") if isinstance(g, str) and g)
    return (Attribute.parse(code) if code else None), grounds, text_field(form, "reason")


def body_limit(request: Request) -> int:
    """What a form with a file and an interpretation plan may weigh: two files at the limit, and the fields."""
    return 2 * runtime_of(request).settings.max_upload_bytes + 64 * 1024


UPLOAD_FIELDS = ("title", "kind", "domain", "attribute", "reason")


@dataclass(frozen=True, slots=True)
class Typed:
    """What the drafter typed or chose in a refused upload form, shown again (a file input cannot be refilled)."""

    fields: dict[str, str]
    grounds: list[str]

    @classmethod
    def of(cls, form: FormData | None) -> Typed | None:
        if form is None:
            return None
        fields = {name: value for name in UPLOAD_FIELDS if isinstance(value := form.get(name), str)}
        return cls(fields, [g for g in form.getlist("grounds") if isinstance(g, str)])


def _mine(request: Request, who: Viewer, uow: UnitOfWork, *, status: int = 200, error: str | None = None,
          typed: Typed | None = None) -> Response:  # fmt: skip
    page = document_page(uow, today=who.today, scope=who.scope, page=page_number(request.query_params.get("page")))
    return render(
        request, "mine.html", who, status=status, error=error, title="我的文件", documents=page.items,
        paging=pager(page, "/my"), limit_mib=runtime_of(request).settings.max_upload_bytes // (1024 * 1024),
        typed=typed, **choices(),
    )  # fmt: skip


@router.get("/my")
def my_documents(request: Request, who: DrafterDep, uow: ReadUnit) -> Response:
    """我的文件: the upload form and the department's documents, newest first."""
    return _mine(request, who, uow)


@router.post("/my")
async def upload(request: Request, who: DrafterDep) -> Response:
    """Submit a file through the submit flow; refused input shows its one line on the page and changes nothing."""
    limit = runtime_of(request).settings.max_upload_bytes
    form: FormData | None = None
    try:
        form = await checked_form(request, who, limit=body_limit(request))
        original = await uploaded(form, "file", limit=limit)
        plan = await uploaded(form, "plan", limit=limit, required=False)
        attribute, grounds, reason = attribute_choice(form)
        domain = text_field(form, "domain")
        options = SubmitOptions(
            kind=DocumentKind.parse(text_field(form, "kind") or DocumentKind.OTHER.value),
            title=text_field(form, "title"),
            domain=SubjectArea.parse(domain) if domain else None,
            attribute=attribute,
            grounds=grounds,
            reason=reason,
        )
        document_id = await run_phase(
            submit_document, actor=who.user.name, upload=original, options=options, plan=plan, today=who.today
        )
    except GongkaiError as error:
        with runtime_of(request).unit_of_work(readonly=True) as uow:
            return _mine(request, who, uow, status=status_of(error), error=str(error), typed=Typed.of(form))
    return redirect(f"/documents/{document_id}", "已上传：请核对读取的元数据和公开属性")

