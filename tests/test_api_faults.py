"""The API under faults and hostile requests: a failing store answers 503 JSON with Retry-After and
`/health` says which part is down; other errors a 500 without internals; cursors and bodies that
are not ours 400 and 413; URLs never from the Host header; security headers and a CSP the pages
work with; HEAD on every GET route; no path traversal, no stored script in pages."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from renda.api.app import create_app
from renda.errors import StoreUnavailable
from renda.graph.model import Node
from renda.graph.store import GraphStore, open_store
from renda.settings import Settings
from tests.conftest import BACKENDS, SRC_A, make_store, small_graph
from tests.test_hostile_input import walk
from tests.writer import AUTH, TOKEN

SECRET = "internal-detail-7f3a"  # text of an exception that must never reach a client


class FailingStore:
    """The wrapped store, except that while ``error`` is set every method raises it."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.error: BaseException | None = None

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr) or name == "close":
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.error is not None:
                raise self.error
            return attr(*args, **kwargs)

        return call


@pytest.fixture
def failing() -> FailingStore:
    store = open_store("memory:")
    store.upsert(*small_graph())
    return FailingStore(store)


@pytest.fixture
def memory_client() -> TestClient:
    store = open_store("memory:")
    store.upsert(*small_graph())
    return TestClient(create_app(store, Settings()))


# one URL for every GET route that reads the store; STATIC lists the routes that do not
STORE_URLS = [
    "/entities/area:33",
    "/entities/area:33/neighbors",
    "/entities/area:33/members",
    "/entities/area:33/posts",
    "/search?q=浙江",
    "/paths?from=area:33&to=area:3306",
    "/areas/33",
    f"/sources/{SRC_A}",
    "/analytics/centrality?area=33",
    "/analytics/communities?area=33",
    "/stats",
    "/health",
    "/views/neighborhood/area:33",
    "/views/area/33",
    "/views/subgraph?ids=area:33",
    "/views/areas",
    "/viz/area:33.html",
    "/judgements",
    "/review?area=33",
    "/rules",
]
STATIC = [
    "/",
    "/source.html",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/views/style",
    "/assets/docs/redoc.standalone.js",
    "/me",
]


def templates() -> set[str]:
    app = create_app(open_store("memory:"), Settings())
    return {r.path for r in walk(app.routes) if "GET" in r.methods} | {"/openapi.json"}


def test_the_url_lists_cover_every_get_route() -> None:
    def template(url: str) -> str:
        path = url.split("?")[0]
        for t in templates():
            if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", re.escape(t).replace(r"\{", "{").replace(r"\}", "}")), path):
                return t
        raise AssertionError(f"{url} matches no route")

    assert {template(u) for u in STORE_URLS + STATIC} == templates()


def neo4j_errors() -> list[BaseException]:
    exceptions = pytest.importorskip("neo4j.exceptions")
    return [exceptions.ServiceUnavailable(SECRET), exceptions.SessionExpired(SECRET)]


STORE_ERRORS = [
    sqlite3.OperationalError(SECRET),
    sqlite3.DatabaseError(SECRET),
    OSError(5, SECRET),
    ConnectionResetError(SECRET),
    StoreUnavailable("the store cannot be read right now", retry_after=7),
]


def assert_json_error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, (r.request.url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.text[:300]
    body = r.json()
    assert body["error"]["code"] == code and body["error"]["message"]
    assert SECRET not in r.text and "Traceback" not in r.text
    return body  # type: ignore[no-any-return]  # JSON object


@pytest.mark.parametrize("url", STORE_URLS)
@pytest.mark.parametrize("error", [*STORE_ERRORS, "neo4j"], ids=lambda e: type(e).__name__ if e != "neo4j" else e)
def test_a_store_failure_answers_503_json_with_retry_after(failing: FailingStore, url: str, error: Any) -> None:
    client = TestClient(create_app(failing, Settings()))
    assert client.get(url).status_code == 200
    for failure in neo4j_errors() if error == "neo4j" else [error]:
        failing.error = failure
        r = client.get(url)
        if url == "/health":  # its own shape: which part is down
            assert r.status_code == 503 and r.json()["status"] == "degraded" and SECRET not in r.text
        else:
            assert_json_error(r, 503, "store_unavailable")
        assert int(r.headers["retry-after"]) > 0


def test_a_store_error_names_its_retry_after(failing: FailingStore) -> None:
    failing.error = StoreUnavailable("down for a moment", retry_after=7)
    r = TestClient(create_app(failing, Settings())).get("/stats")
    assert r.headers["retry-after"] == "7" and r.json()["error"]["message"] == "down for a moment"


@pytest.mark.parametrize("url", [u for u in STORE_URLS if u != "/health"])
def test_an_unexpected_error_is_a_500_in_the_json_shape_without_internals(
    failing: FailingStore, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    failing.error = RuntimeError(SECRET)
    with caplog.at_level(logging.ERROR, logger="renda.api"):
        r = TestClient(create_app(failing, Settings())).get(url)
    assert_json_error(r, 500, "internal_error")
    assert "retry-after" not in r.headers
    assert any(rec.exc_info and SECRET in str(rec.exc_info[1]) for rec in caplog.records)  # logged for the operator


def test_health_says_which_part_is_down_and_recovers(failing: FailingStore) -> None:
    client = TestClient(create_app(failing, Settings()))
    ok = client.get("/health")
    assert ok.status_code == 200
    assert ok.json()["status"] == "ok" and ok.json()["parts"] == {"api": "ok", "store": "ok"}
    failing.error = StoreUnavailable("the Neo4j server cannot be reached", retry_after=10)
    down = client.get("/health")
    assert down.status_code == 503 and down.headers["retry-after"] == "10"
    assert down.json()["status"] == "degraded"
    assert down.json()["parts"] == {"api": "ok", "store": "the Neo4j server cannot be reached"}
    failing.error = sqlite3.OperationalError(SECRET)
    raw = client.get("/health")
    assert raw.status_code == 503 and raw.json()["parts"]["store"] != "ok" and SECRET not in raw.text
    failing.error = None
    assert client.get("/health").json()["status"] == "ok"


def test_a_sqlite_file_damaged_mid_run_answers_503_and_recovers(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    store = open_store(str(path))
    store.upsert(*small_graph())
    client = TestClient(create_app(store, Settings()))
    assert client.get("/entities/area:33").status_code == 200
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    saved = {p: p.read_bytes() for p in files}
    try:
        for p, data in saved.items():  # in place: the open connections see it
            with p.open("r+b") as f:
                f.write(b"\x00" * len(data))
        for url in ("/entities/area:33", "/search?q=浙江", "/stats"):
            r = client.get(url)
            assert_json_error(r, 503, "store_unavailable")
            assert int(r.headers["retry-after"]) > 0
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["parts"]["store"] != "ok"
    finally:
        for p, data in saved.items():
            with p.open("r+b") as f:
                f.write(data)
    assert client.get("/entities/area:33").status_code == 200
    assert client.get("/health").json()["status"] == "ok"
    store.close()


# -- cursors ------------------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


HOSTILE_CURSORS = [
    b64(b"[" * 2000),  # nesting past the recursion limit
    b64(b'["\\ud800","b","c"]'),  # a lone surrogate: valid JSON, not encodable text
    b64(b'["a","b",1]'),
    b64(b'{"a": 1}'),
    b64(b'["a","b"]'),
    b64(b"\xff\xfe"),
    b64(b"null"),
    "%%%",
    "a",
    "中文",
]


@pytest.fixture(scope="module", params=BACKENDS)
def any_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = make_store(request.param, tmp_path_factory.mktemp(request.param))
    store.upsert(*small_graph())
    yield TestClient(create_app(store, Settings()))
    store.close()


@pytest.mark.parametrize("cursor", HOSTILE_CURSORS)
def test_a_cursor_that_is_not_ours_answers_400(any_client: TestClient, cursor: str) -> None:
    r = any_client.get("/entities/area:33/neighbors", params={"cursor": cursor})
    assert (r.status_code, r.json()["error"]["code"]) == (400, "bad_request")


def test_a_cursor_the_api_gave_pages_on(any_client: TestClient) -> None:
    url = "/entities/body:standing_committee:3306/neighbors"
    first = any_client.get(url, params={"limit": 1}).json()
    assert first["next_cursor"]
    second = any_client.get(url, params={"limit": 1, "cursor": first["next_cursor"]})
    assert second.status_code == 200 and second.json()["items"] != first["items"]


# -- request bodies -----------------------------------------------------------------------------

LIMIT = 1024
CYPHER = json.dumps({"query": "MATCH (n) RETURN n LIMIT 1"}).encode()


@pytest.fixture
def small_body_client() -> TestClient:
    store = open_store("memory:")
    return TestClient(create_app(store, Settings(max_body=LIMIT, token=TOKEN)), headers=AUTH)


def test_a_declared_body_over_the_limit_answers_413_json(small_body_client: TestClient) -> None:
    body = CYPHER[:-1] + b" " * LIMIT + b"}"
    r = small_body_client.post("/cypher", content=body, headers={"content-type": "application/json"})
    assert_json_error(r, 413, "too_large")


def test_a_chunked_body_over_the_limit_answers_413_json(small_body_client: TestClient) -> None:
    chunks = iter([CYPHER[:-1]] + [b" " * 100] * 20 + [b"}"])
    r = small_body_client.post("/cypher", content=chunks, headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers  # sent chunked
    assert_json_error(r, 413, "too_large")


def test_a_body_within_the_limit_is_read(small_body_client: TestClient) -> None:
    r = small_body_client.post("/cypher", content=CYPHER, headers={"content-type": "application/json"})
    assert r.status_code == 409  # read and parsed: the memory store has no Cypher
    chunked = small_body_client.post(
        "/cypher", content=iter([CYPHER[:10], CYPHER[10:]]), headers={"content-type": "application/json"}
    )
    assert chunked.status_code == 409


def test_a_body_past_the_limit_is_not_read_further() -> None:
    """At the ASGI level: a client that sends 64 chunks of 1 KiB gets 413 after the limit (8 KiB),
    having been asked for no more than the limit's worth of chunks (and one more)."""
    app = create_app(open_store("memory:"), Settings(max_body=8 * LIMIT, token=TOKEN))
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b" " * LIMIT, "more_body": reads < 64}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/cypher",
        "raw_path": b"/cypher",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"content-type", b"application/json"),
            (b"transfer-encoding", b"chunked"),
            (b"authorization", AUTH["Authorization"].encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]  # plain dicts for the ASGI messages
    assert sent[0]["status"] == 413 and reads <= 9


# -- URLs ---------------------------------------------------------------------------------------

EVIL = {"host": "evil.example"}


def all_urls(data: Any) -> list[str]:
    """Every value of a key ending in ``url`` in a JSON answer."""
    if isinstance(data, dict):
        found = [v for k, v in data.items() if k.endswith("url") and isinstance(v, str)]
        return found + [u for v in data.values() for u in all_urls(v)]
    if isinstance(data, list):
        return [u for v in data for u in all_urls(v)]
    return []


@pytest.fixture
def traditional_id_store() -> GraphStore:
    """The small graph and a mechanism stored under its simplified id, to be asked for in traditional script."""
    store = open_store("memory:")
    store.upsert(*small_graph())
    return store


URL_PAGES = [
    "/entities/body:standing_committee:3306",
    "/entities/area:33/neighbors?limit=1",
    "/search?q=人大",
    "/paths?from=area:33&to=area:3306",
    "/areas/33",
    f"/sources/{SRC_A}",
]


@pytest.mark.parametrize("url", URL_PAGES)
def test_urls_never_come_from_the_host_header(traditional_id_store: GraphStore, url: str) -> None:
    client = TestClient(create_app(traditional_id_store, Settings()))
    data = client.get(url, headers=EVIL).json()
    urls = all_urls(data)
    assert urls, data
    for u in urls:
        assert u.startswith("/") and not u.startswith("//"), u


@pytest.mark.parametrize("url", URL_PAGES)
def test_urls_start_with_the_configured_base_url(traditional_id_store: GraphStore, url: str) -> None:
    settings = Settings(base_url="https://graph.example.org/renda/")
    data = TestClient(create_app(traditional_id_store, settings)).get(url, headers=EVIL).json()
    for u in all_urls(data):
        assert u.startswith("https://graph.example.org/renda/"), u


@pytest.mark.parametrize("base", [None, "https://graph.example.org", "https://graph.example.org/renda"])
@pytest.mark.parametrize("url", ["/entities/mechanism:3306:工作聯系機制", "/stats/", "/health/"])
def test_redirects_never_point_at_the_host_header(traditional_id_store: GraphStore, base: str | None, url: str) -> None:
    client = TestClient(create_app(traditional_id_store, Settings(base_url=base)))
    r = client.get(url, headers=EVIL, follow_redirects=False)
    assert r.status_code in (307, 308), r.text
    location = r.headers["location"]
    assert "evil.example" not in location
    assert location.startswith(base + "/" if base else "/") and not location.startswith("//")
    path = location.removeprefix(base or "")
    assert path.startswith(("/entities/", "/stats", "/health")), location  # the base once, then the app's path


def test_a_redirect_from_a_relative_location_lands_on_the_entity(traditional_id_store: GraphStore) -> None:
    client = TestClient(create_app(traditional_id_store, Settings()))
    r = client.get("/entities/mechanism:3306:工作聯系機制", headers=EVIL)
    assert r.status_code == 200 and r.json()["id"] == "mechanism:3306:工作联系机制"


def test_an_id_with_url_syntax_in_it_gets_a_url_that_leads_back_to_it() -> None:
    store = open_store("memory:")
    store.upsert(*small_graph())
    odd = "document:a?b#c%d e"
    store.upsert([Node(odd, "Document", "a?b#c%d e", {"title": "x"})])
    client = TestClient(create_app(store, Settings()))
    url = client.get("/entities/" + "document:a%3Fb%23c%25d%20e").json()["url"]
    assert "?" not in url and "#" not in url and " " not in url
    assert client.get(url).json()["id"] == odd
    assert client.get("/entities/area:3306").json()["url"] == "/entities/area:3306"  # ordinary ids read as they are


@pytest.mark.parametrize(
    "base",
    ["javascript:alert(1)", "https://graph.example.org/?q=1", "https://graph.example.org/#x", "graph.example.org"],
)
def test_a_base_url_that_is_not_an_http_origin_and_path_is_refused(base: str) -> None:
    with pytest.raises(ValidationError):
        Settings(base_url=base)


def test_a_base_url_loses_its_trailing_slash() -> None:
    assert Settings(base_url="https://graph.example.org/").base_url == "https://graph.example.org"


# -- headers ------------------------------------------------------------------------------------

SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}
HTML_PAGES = ["/", "/source.html", "/docs", "/redoc", "/viz/area:33.html"]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/stats", 200),
        ("GET", "/entities/nothing", 404),
        ("GET", "/search", 422),
        ("GET", "/search?q=" + "a" * 20_000, 414),
        ("POST", "/stats", 401),  # a method that writes needs a token before anything else
        ("GET", "/assets/explorer/explorer.js", 200),
        ("GET", "/assets/explorer/missing.js", 404),
        *[("GET", u, 200) for u in HTML_PAGES],
    ],
)
def test_every_response_carries_the_security_headers(
    memory_client: TestClient, method: str, url: str, status: int
) -> None:
    r = memory_client.request(method, url)
    assert r.status_code == status
    for k, v in SECURITY.items():
        assert r.headers.get(k) == v, (url, k, r.headers.get(k))


def test_a_refused_body_and_a_failing_store_carry_the_security_headers(failing: FailingStore) -> None:
    client = TestClient(create_app(failing, Settings(max_body=10)))
    failing.error = OSError(SECRET)
    for r in (client.get("/stats"), client.post("/cypher", content=b"x" * 11)):
        assert r.status_code in (503, 413)
        assert all(r.headers.get(k) == v for k, v in SECURITY.items()), r.headers


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)


def csp(r: Any) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in r.headers["content-security-policy"].split(";") if d.strip()}


@pytest.mark.parametrize("url", HTML_PAGES)
def test_html_pages_have_a_csp_that_allows_only_their_own_scripts(memory_client: TestClient, url: str) -> None:
    r = memory_client.get(url)
    assert r.headers["content-type"].startswith("text/html")
    policy = csp(r)
    assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline_scripts(r.text)
    }
    assert hashes <= set(scripts), url  # every inline script of the page may run ...
    assert {s for s in scripts if s.startswith("'sha256-")} <= hashes  # ... and no other


def test_a_stored_name_with_markup_adds_no_script_to_the_viz_page() -> None:
    store = open_store("memory:")
    store.upsert(*small_graph())
    evil = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    store.upsert([Node("body:court:3306", "Body", evil, {"kind": "court", "area_code": "3306"})])
    r = TestClient(create_app(store, Settings())).get("/viz/body:court:3306.html")
    assert r.status_code == 200
    assert "<img src=x" not in r.text and "<script>alert" not in r.text
    policy = csp(r)["script-src"]
    assert len(inline_scripts(r.text)) == len([s for s in policy if s.startswith("'sha256-")]) == 2


# -- HEAD ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", STORE_URLS + STATIC + ["/assets/explorer/explorer.js", "/entities/nothing"])
def test_head_answers_like_get_without_a_body(memory_client: TestClient, url: str) -> None:
    get = memory_client.get(url)
    head = memory_client.head(url)
    assert head.status_code == get.status_code != 405
    assert head.content == b""
    for k in ("content-type", "content-length", "x-content-type-options"):
        assert head.headers.get(k) == get.headers.get(k), k


def test_head_on_a_post_only_route_is_405(memory_client: TestClient) -> None:
    r = memory_client.head("/cypher")
    assert r.status_code == 405 and "POST" in r.headers["allow"]


# -- traversal ----------------------------------------------------------------------------------

TRAVERSALS = [
    "/assets/explorer/../../settings.py",
    "/assets/explorer/%2e%2e/%2e%2e/settings.py",
    "/assets/explorer/..%2F..%2Fsettings.py",
    "/assets/explorer/%2e%2e%2f%2e%2e%2fapi%2fapp.py",
    "/assets/vis/..%2F..%2F..%2F__init__.py",
    "/assets/docs/..%2F..%2Ffastapi_offline%2F__init__.py",
    "/assets/explorer/....//....//settings.py",
    "/assets/explorer/%252e%252e/settings.py",
    "/assets/explorer/..\\..\\settings.py",
    "/assets/explorer//etc/passwd",
    "/assets/explorer/%2Fetc%2Fpasswd",
    "/viz/..%2F..%2Fsettings.py.html",
    "/source.html/../settings.py",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_path_traversal_on_static_and_page_routes_is_refused(memory_client: TestClient, url: str) -> None:
    r = memory_client.get(url)
    assert r.status_code in (400, 404), (url, r.status_code)
    assert "RENDA_" not in r.text and "root:" not in r.text and "import" not in r.text


def test_static_files_are_served(memory_client: TestClient) -> None:
    r = memory_client.get("/assets/explorer/explorer.js")
    assert r.status_code == 200 and "import" in r.text
