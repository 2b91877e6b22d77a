"""The public 政府信息公开 column under /public: read-only, no login, rendered on request by app.public.pages.

The same read model (storage.site.public_column) and the same page functions as `gongkai site build`, so the
pages served here and the files written there are the same text, with the same relative links. An address that
shows nothing public (an unknown id, a document never made public or withdrawn) gets one Chinese 404 page, which
says nothing about whether such a document exists.
"""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.public.feed import feed_atom, index_json
from app.public.pages import document_html, index_html, interpretation_html, not_found_html
from app.public.views import SiteView, site_view
from app.web.deps import runtime_of
from storage.site import public_column

router = APIRouter(prefix="/public", tags=["政府信息公开"], include_in_schema=False)

ATOM_TYPE: Final = "application/atom+xml; charset=utf-8"
JSON_TYPE: Final = "application/json"


def _view(request: Request) -> SiteView:
    """What is public now, read in a read-only unit of work."""
    runtime = runtime_of(request)
    with runtime.unit_of_work(readonly=True) as uow:
        return site_view(public_column(uow.session))


def _not_found(view: SiteView, *, root: str) -> HTMLResponse:
    return HTMLResponse(not_found_html(view, root=root), status_code=404)


@router.get("/")
@router.get("/index.html")
def index(request: Request) -> HTMLResponse:
    """The index: every public document, by year and by subject area."""
    return HTMLResponse(index_html(_view(request)))


@router.get("/documents/{document_id:int}.html")
def document(request: Request, document_id: int) -> HTMLResponse:
    """A public document's page; 404 for any other id."""
    view = _view(request)
    found = view.document(document_id)
    if found is None:
        return _not_found(view, root="../")
    return HTMLResponse(document_html(view, found))


@router.get("/interpretations/{interpretation_id:int}.html")
def interpretation(request: Request, interpretation_id: int) -> HTMLResponse:
    """A public document's interpretation; 404 for any other id."""
    view = _view(request)
    found = view.interpretation(interpretation_id)
    if found is None:
        return _not_found(view, root="../")
    return HTMLResponse(interpretation_html(view, *found))


@router.get("/feed.atom")
def feed(request: Request) -> Response:
    """The Atom feed, its links relative to the column as in the static build."""
    runtime = runtime_of(request)
    return Response(feed_atom(_view(request), base="", today=runtime.clock.today()), media_type=ATOM_TYPE)


@router.get("/index.json")
def json_index(request: Request) -> Response:
    """The machine-readable index."""
    return Response(index_json(_view(request), base=""), media_type=JSON_TYPE)


@router.get("/{rest:path}")
def missing(request: Request, rest: str) -> HTMLResponse:
    """Any other address under /public: the Chinese 404 page, linked back to the index from where it is."""
    return _not_found(_view(request), root="../" * rest.count("/"))
