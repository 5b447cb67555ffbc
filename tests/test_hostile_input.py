"""Hostile input never makes a 500 nor a hang: every route of the API on every backend gets
any bytes in its path, query parameters (known and unknown, min_confidence among them), headers and body (Hypothesis),
and answers 2xx/3xx, or 4xx with the JSON error shape, in bounded time; a neighbours cursor
that is base64 of any JSON (deep, lone surrogates, wrong shape) answers 200 or 400; a body
over the limit 413, sent whole or chunked. And the extractor gives valid spans for any
Unicode text, the same twice."""

from __future__ import annotations

import base64
import json
import re
import string
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.app import create_app
from renda.graph.store import GraphStore
from renda.ingest.extract import extract_article
from renda.ingest.reader import Article
from renda.settings import Settings
from tests.conftest import BACKENDS, make_store, small_graph
from tests.writer import AUTH, TOKEN

SECONDS = 20.0  # one request's bound: a hang fails the test instead of stalling the run
EXAMPLES = 25  # per route and backend (about 20 routes, three backends)

# raw fragments of a URL: percent-encoded control characters, invalid UTF-8, lone surrogates
# (UTF-8 of U+D800), overlong NUL, FTS5 and Cypher syntax, path tricks, huge numbers
HOSTILE = [
    "%00",
    "a%00b",
    "%01%02%1f%7f",
    "%0A%0D",
    "%FF%FE",
    "%ED%A0%80",
    "%C0%80",
    "%E4%BA",
    "%",
    "%zz",
    "%22",
    '"',
    "%22%22%22",
    "*",
    "a*",
    "NEAR(a b)",
    "NEAR(%E7%BB%8D%E5%85%B4%E5%B8%82 abc, 2)",
    "abc%22def",
    "abc:def*",
    "abc^def",
    "NEAR",
    "^a",
    "a:b",
    "%3A",
    "AND",
    "OR NOT",
    "(",
    ")",
    "'",
    "\\",
    "%5C",
    "..%2F..%2Fetc",
    "%2F",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "true",
    "area:33",
    "area:3306",
    "body:standing_committee:3306",
    "33",
    "绍兴",
    "%E7%BB%8D%E5%85%B4",
    "x" * 5000,
    "%00" * 2000,
]


def encoded(data: bytes) -> str:
    """Every byte percent-encoded: any byte sequence, valid UTF-8 or not."""
    return "".join(f"%{b:02X}" for b in data)


VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.binary(max_size=24).map(encoded),
    st.text(max_size=24).map(lambda s: quote(s.encode("utf-8", "surrogatepass"), safe="")),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=1, max_value=60_000).map(lambda n: "a" * n),
)
HEADER_VALUES = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=200)
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def walk(items: list) -> Iterator[APIRoute]:
    """The API routes, included routers opened (FastAPI wraps them)."""
    for r in items:
        if isinstance(r, APIRoute):
            yield r
        elif hasattr(r, "original_router"):
            yield from walk(r.original_router.routes)


def routes() -> list[tuple[str, str, list[str]]]:
    """(method, path template, query parameter names) of every route of the app."""
    app = create_app(make_store("memory", None), Settings())
    spec = app.openapi()["paths"]
    out = []
    for r in walk(app.routes):
        for method in sorted(r.methods - {"HEAD"}):
            op = spec.get(r.path, {}).get(method.lower(), {})
            names = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
            out.append((method, r.path, names))
    return out


ROUTES = routes()


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: GraphStore = make_store(request.param, tmp_path_factory.mktemp(request.param))
    store.upsert(*small_graph())
    yield TestClient(create_app(store, Settings()), raise_server_exceptions=False)
    store.close()


@pytest.fixture(scope="module")
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(1) as ex:
        yield ex


def check(client: TestClient, pool: ThreadPoolExecutor, method: str, url: str, **kw: object) -> None:
    """One request, bounded in time: never a 5xx; every 4xx is the JSON error shape."""
    r = pool.submit(client.request, method, url, **kw).result(timeout=SECONDS)
    assert r.status_code < 500, (method, url[:300], r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/json"), (url[:300], r.status_code, r.text[:300])
        assert set(r.json()["error"]) >= {"code", "message"}, (url[:300], r.text[:300])


@pytest.mark.parametrize(("method", "path", "names"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_any_request_answers_without_a_5xx(
    client: TestClient, pool: ThreadPoolExecutor, method: str, path: str, names: list[str]
) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        url = PARAM.sub(lambda _: data.draw(VALUES, "path"), path)
        query = [(n, data.draw(VALUES, n)) for n in names if data.draw(st.booleans())]
        if data.draw(st.booleans()):  # an unknown parameter, or a known one twice
            extra = data.draw(st.sampled_from([*names, "zz", "limit", "%00", "a%ED%A0%80"]))
            query.append((extra, data.draw(VALUES, "extra")))
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query)
        headers = {"x-hostile": data.draw(HEADER_VALUES, "header").encode("latin-1")}
        if data.draw(st.booleans()):
            headers["accept-language"] = data.draw(HEADER_VALUES, "accept-language").encode("latin-1")
        body = data.draw(st.one_of(st.binary(max_size=300), st.sampled_from(HOSTILE).map(str.encode)), "body")
        if method == "POST":
            headers["content-type"] = data.draw(st.sampled_from(["application/json", "text/plain", "\x00"]))
            headers["authorization"] = data.draw(st.sampled_from(["", "Bearer x", "Bearer \x7f", "Basic %00"]))
        check(client, pool, method, url[:60_000], headers=headers, content=body if method == "POST" else None)

    run()


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=%00",
        "/search?q=%00%00",
        "/search?q=%ED%A0%80",
        "/search?q=%22",
        "/search?q=NEAR(%E7%BB%8D%20%E5%85%B4)",
        "/search?q=a%3A*^",
        "/search?q=" + "x" * 50_000,
        "/search?q=x&limit=99999999999999999999",
        "/entities/%00",
        "/entities/area:3306/neighbors?depth=99999999999&limit=-1",
        "/paths?from=area:33&to=area:35&max_depth=1000000",
        "/views/neighborhood/area:3306?depth=1000000&max_nodes=1000000000",
        "/views/subgraph?" + "&".join(["ids=area:33"] * 2000),
        "/entities/area:3306/neighbors?min_confidence=NaN",
        "/entities/area:3306/neighbors?min_confidence=1&limit=1&depth=3",
        "/paths?from=area:33&to=area:35&min_confidence=1e309&limit=50&max_depth=6",
        "/views/neighborhood/area:3306?min_confidence=-0&depth=3",
        "/views/area/33?min_confidence=%00",
        "/views/subgraph?ids=area:33&min_confidence=" + "9" * 5000,
        "/viz/%ED%A0%80.html",
        "/" + "a" * 50_000,
    ],
)
def test_known_hostile_requests_answer_4xx_json_or_2xx(client: TestClient, pool: ThreadPoolExecutor, url: str) -> None:
    check(client, pool, "GET", url)


# base64 of hostile JSON: any JSON value, three strings with lone surrogates, nesting past the
# recursion limit, and bytes that are not JSON or not UTF-8
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=12)  # surrogates too
CURSOR_BYTES = st.one_of(
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.lists(ANY_TEXT, min_size=3, max_size=3).map(lambda v: json.dumps(v).encode()),
    st.integers(min_value=1, max_value=5000).map(lambda n: b"[" * n),
    st.integers(min_value=1, max_value=2000).map(lambda n: b'["a",' * n + b'"b"' + b"]" * n),
    st.binary(max_size=64),
)
CURSORS = st.tuples(CURSOR_BYTES, st.sampled_from([base64.urlsafe_b64encode, base64.b64encode])).map(
    lambda t: t[1](t[0]).decode()
)


def ours(cursor: str) -> bool:
    """Whether the cursor is one the API could have made: three strings that are valid Unicode."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor))
        if isinstance(key, list) and len(key) == 3 and all(isinstance(k, str) for k in key):
            "".join(key).encode()
            return True
    except (ValueError, RecursionError):
        pass
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(cursor=st.one_of(CURSORS, CURSORS.map(lambda c: c.rstrip("="))))
def test_any_neighbours_cursor_answers_200_or_400(client: TestClient, pool: ThreadPoolExecutor, cursor: str) -> None:
    url = "/entities/body:standing_committee:3306/neighbors?limit=2&cursor=" + quote(cursor, safe="")
    r = pool.submit(client.get, url).result(timeout=SECONDS)
    assert r.status_code in (200, 400), (cursor[:100], r.status_code, r.text[:300])
    if r.status_code == 400:
        assert r.json()["error"]["code"] == "bad_request"
    if cursor and ours(cursor):
        assert r.status_code == 200, (cursor[:100], r.text[:300])


BODY_LIMIT = 512


@pytest.fixture(scope="module", params=BACKENDS)
def small_body_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: GraphStore = make_store(request.param, tmp_path_factory.mktemp(request.param))
    conf = Settings(max_body=BODY_LIMIT, token=TOKEN)
    yield TestClient(create_app(store, conf), headers=AUTH, raise_server_exceptions=False)
    store.close()


BODIES = st.one_of(
    st.binary(max_size=3 * BODY_LIMIT),
    JSON_VALUES.map(lambda v: json.dumps({"query": v, "parameters": v}).encode()),
    st.integers(min_value=0, max_value=3 * BODY_LIMIT).map(lambda n: b'{"query": "' + b"a" * n + b'"}'),
)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(body=BODIES, pieces=st.integers(min_value=0, max_value=5))
def test_a_body_gets_413_exactly_when_it_is_over_the_limit(
    small_body_client: TestClient, pool: ThreadPoolExecutor, body: bytes, pieces: int
) -> None:
    """Sent whole (Content-Length) when ``pieces`` is 0, else chunked in that many pieces."""
    step = max(1, -(-len(body) // pieces)) if pieces else 0
    content = iter([body[i : i + step] for i in range(0, len(body), step)]) if pieces else body
    headers = {"content-type": "application/json"}
    r = pool.submit(small_body_client.post, "/cypher", content=content, headers=headers).result(timeout=SECONDS)
    assert r.status_code < 500, (body[:100], r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    assert (r.status_code == 413) == (len(body) > BODY_LIMIT), (len(body), r.status_code, r.text[:300])


def test_a_too_long_url_answers_414_json(client: TestClient) -> None:
    r = client.get("/search?q=" + "a" * 40_000)
    assert (r.status_code, r.json()["error"]["code"]) == (414, "uri_too_long")


# Chinese fragments the extractor acts on, mixed with any text
FRAGMENTS = [
    "浙江省",
    "绍兴市",
    "越城区",
    "人大常委会",
    "人民代表大会",
    "第十四届",
    "第三次会议",
    "主任",
    "副主任",
    "委员",
    "王小明",
    "代表",
    "联络站",
    "召开",
    "审议",
    "通过",
    "视察",
    "选举",
    "。",
    "，",
    "、",
    "；",
    "“",
    "”",
    "（",
    "）",
    "\n",
    " ",
    "\u3000",
    "县",
    "镇",
    "村",
    "街道",
    "常委会",
    "党组书记",
    "人大",
    "等",
    "5个",
    "区县",
]
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=string.printable, max_size=3)), max_size=60).map(
        "".join
    ),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=2)), max_size=80).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_the_extractor_gives_valid_spans_for_any_text_the_same_twice(text: str) -> None:
    first = extract_article(Article(text, "x", 0))
    for e in first.entities.values():
        for a, b in e.mentions:
            assert 0 <= a <= b <= len(text), (e.id, a, b)
    for rel in first.relations:
        assert 0 <= rel.start <= rel.end <= len(text), rel
    assert extract_article(Article(text, "x", 0)).as_json() == first.as_json()
