"""The web app: the pages for the people who work in gongkai (/login, each role's pages), the HTTP API under /api
(OpenAPI at /api/docs, served without the network) and the public column under /public."""

from __future__ import annotations

from fastapi import FastAPI

from app.home.clock import Clock
from app.home.logs import configure_logging
from app.home.runtime import Runtime
from app.home.settings import Settings
from app.stack.supervisor import local_token
from app.web.errors import install_error_handlers
from app.web.pages import landing, login, roles
from app.web.pages.render import error_page
from app.web.routers import docs, documents, health, public, reports, requests, self_audit, sweep
from app.web.uploads import BodyLimit, json_body_limit
from tasks import context as task_context


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app on these settings (from the environment unless given), its routers one per resource."""
    settings = settings or Settings.load()
    app = FastAPI(title="gongkai", version="0.1.0", docs_url=None, redoc_url=None, openapi_url=docs.OPENAPI_URL)
    app.state.runtime = Runtime(settings=settings)
    task_context.configure(settings, Clock)
    configure_logging(settings.home)
    app.state.local_token = local_token(settings.home)
    install_error_handlers(app, page=error_page)
    app.add_middleware(BodyLimit, limit=json_body_limit(settings.max_upload_bytes, files=2))
    app.mount(docs.ASSETS_URL, docs.assets, name="docs-assets")
    routers = (health, documents, requests, self_audit, reports, sweep, public, docs, login, roles, landing)
    for router in (module.router for module in routers):
        app.include_router(router)
    return app
