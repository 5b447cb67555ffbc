"""Browser pages: the explorer at `/`, the article view, offline pyvis pages and offline API docs.

Every script and style comes from this package or from installed packages
(vis-network from the pyvis wheel, Swagger UI and ReDoc from fastapi-offline):
nothing is fetched from a CDN, so the pages work on a machine with no internet.
That lets every page run under a Content-Security-Policy that allows scripts from this
origin only, plus, by their SHA-256, the inline scripts the page itself carries.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from renda.api.deps import Store
from renda.viz.page import VIS_VERSION, render_page
from renda.viz.view import MAX_VIEW_NODES, neighborhood

router = APIRouter(include_in_schema=False)
STATIC = Path(str(resources.files("renda.viz").joinpath("static")))

# Scripts: this origin, and inline only by hash. Styles may be inline: source.html and the pyvis
# page carry <style> elements and style attributes, and ReDoc injects its styles at run time.
_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",  # ReDoc's search runs in a worker made from a blob
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def csp_for(html: str = "") -> str:
    """The Content-Security-Policy for a page: scripts from this origin, and the inline scripts
    of ``html`` (by SHA-256) and no others.

    >>> "'unsafe-inline'" in csp_for().split("script-src")[1].split(";")[0]
    False
    >>> "'sha256-" in csp_for("<script>go()</script>")
    True
    """
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(html)
    ]
    policy = dict(_POLICY, **{"script-src": " ".join([_POLICY["script-src"], *dict.fromkeys(hashes)])})
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def _page(html: str) -> HTMLResponse:
    """An HTML answer whose policy lets its own inline scripts run."""
    return HTMLResponse(html, headers={"Content-Security-Policy": csp_for(html)})


def _package_dir(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def mount_assets(app: FastAPI) -> None:
    """Serve the explorer's own files, vis-network (from pyvis) and the docs assets (from fastapi-offline)."""
    app.mount("/assets/explorer", StaticFiles(directory=STATIC), name="explorer-assets")
    vis = _package_dir("pyvis", "templates", "lib", f"vis-{VIS_VERSION}")
    app.mount("/assets/vis", StaticFiles(directory=vis), name="vis-assets")
    app.mount("/assets/docs", StaticFiles(directory=_package_dir("fastapi_offline", "static")), name="docs-assets")


@router.get("/", response_class=FileResponse)
def explorer() -> FileResponse:
    """The explorer (a static page that uses only the API)."""
    return FileResponse(STATIC / "explorer.html", media_type="text/html")


@router.get("/source.html", response_class=FileResponse)
def source_page() -> FileResponse:
    """The article view: /source.html?id=SOURCE&start=S&end=E."""
    return FileResponse(STATIC / "source.html", media_type="text/html")


@router.get("/viz/{entity_id}.html", response_class=HTMLResponse)
def viz_page(
    store: Store,
    entity_id: str,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=MAX_VIEW_NODES)] = 300,
) -> HTMLResponse:
    """The neighbourhood of an entity as a self-contained pyvis page (as `renda viz` writes it)."""
    view = neighborhood(store, entity_id, depth, max_nodes)
    name = next((n["name"] for n in view.nodes if n["id"] == entity_id), entity_id)
    return _page(render_page(view, name))


# ReDoc's bundle draws its maker's logo from their CDN; offline that is a failed request on every
# visit, so the bundle is served with the logo pointing at a local image instead (the file on disk
# is left as installed).
_REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def _redoc_js() -> str:
    text = _package_dir("fastapi_offline", "static", "redoc.standalone.js").read_text("utf-8")
    return text.replace(_REDOC_LOGO, "/assets/docs/favicon.png")


@router.get("/assets/docs/redoc.standalone.js")
def redoc_js() -> Response:
    """ReDoc's bundle with its logo served locally."""
    return Response(_redoc_js(), media_type="text/javascript", headers={"Cache-Control": "max-age=3600"})


@router.get("/docs", response_class=HTMLResponse)
def swagger() -> HTMLResponse:
    """Swagger UI from local assets."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="renda-graph API",
        swagger_js_url="/assets/docs/swagger-ui-bundle.js",
        swagger_css_url="/assets/docs/swagger-ui.css",
        swagger_favicon_url="/assets/docs/favicon.png",
    )
    return _page(bytes(page.body).decode())


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    """ReDoc from local assets, without web fonts."""
    page = get_redoc_html(
        openapi_url="/openapi.json",
        title="renda-graph API",
        redoc_js_url="/assets/docs/redoc.standalone.js",
        redoc_favicon_url="/assets/docs/favicon.png",
        with_google_fonts=False,
    )
    return _page(bytes(page.body).decode())
