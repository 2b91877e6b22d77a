"""/api/docs without the network: Swagger UI's script and style served from the fastapi-offline package's copy
(a dependency), not from a CDN, so the page renders on an office network with no way out."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import fastapi_offline
from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS: Final = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL: Final = "/api/docs-assets"
OPENAPI_URL: Final = "/api/openapi.json"

router = APIRouter(include_in_schema=False)
assets = StaticFiles(directory=ASSETS)


@router.get("/api/docs")
def swagger_ui() -> HTMLResponse:
    """Swagger UI on the app's OpenAPI, with every asset from this server."""
    return get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title="gongkai API",
        swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
    )
