"""Tokens for every write: 401 without a known token, 403 for a read-only user, the route's own answer
for a writer; reads open unless RENDA_READ_TOKEN_REQUIRED; the tokens file and its errors."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api import auth
from renda.api.app import create_app
from renda.api.auth import Tokens, tokens_line
from renda.errors import RendaError
from renda.graph.store import GraphStore, open_store
from renda.settings import Settings
from tests.conftest import small_graph
from tests.writer import AUTH, TOKEN

READER_TOKEN = "reader-token-abcdefghijkl"
OTHER_TOKEN = "other-writer-token-xyz0123"
READS = {"GET", "HEAD"}


def write_requests(store: GraphStore) -> dict[tuple[str, str], tuple[dict[str, Any], int]]:
    """For every write route of the app: a request body a writer may send, and the status it gets
    on the memory store ``small_graph`` built (409 for Cypher: the memory store has none)."""
    coop = {"source": "body:standing_committee:3306", "type": "COOPERATES_WITH", "target": "body:court:3306"}
    join = {"source": "body:court:3306", "type": "PARTICIPATES_IN", "target": "mechanism:3306:工作联系机制"}
    return {
        ("POST", "/cypher"): ({"query": "RETURN 1"}, 409),
        ("POST", "/judgements"): ({"edge": join, "decision": "reject", "reason": "not so"}, 201),
        ("POST", "/facts"): ({"edge": coop, "cite": {"record": "agreements.csv:3"}}, 201),
    }


@pytest.fixture
def store() -> GraphStore:
    s = open_store("memory:")
    s.upsert(*small_graph())
    return s


@pytest.fixture
def tokens_file(tmp_path: Path) -> Path:
    path = tmp_path / "tokens"
    lines = ["# who may write", tokens_line("lin", OTHER_TOKEN), "", tokens_line("reader", READER_TOKEN, "read")]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def app_for(store: GraphStore, tokens_file: Path | None = None, **kw: Any) -> TestClient:
    return TestClient(create_app(store, Settings(token=TOKEN, tokens_file=tokens_file, **kw)))


def write_routes(client: TestClient) -> set[tuple[str, str]]:
    """(method, path template) of every operation in the app's OpenAPI document that is not a read."""
    paths = client.get("/openapi.json").json()["paths"]
    return {(m.upper(), p) for p, ops in paths.items() for m in ops if m.upper() not in READS}


def test_every_write_route_has_a_request_in_this_test(store: GraphStore) -> None:
    assert write_routes(app_for(store)) == set(write_requests(store))


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "unauthorized"),
        ({"Authorization": "Bearer not-a-token-anyone-holds"}, 401, "unauthorized"),
        ({"Authorization": f"Basic {TOKEN}"}, 401, "unauthorized"),
        ({"Authorization": "Bearer"}, 401, "unauthorized"),
        ({"Authorization": f"Bearer {READER_TOKEN}"}, 403, "forbidden"),
    ],
)
def test_a_write_without_a_writers_token_is_refused(
    store: GraphStore, tokens_file: Path, headers: dict[str, str], status: int, code: str
) -> None:
    client = app_for(store, tokens_file)
    for (method, path), (body, _) in write_requests(store).items():
        r = client.request(method, path, json=body, headers=headers)
        assert r.status_code == status, (path, r.text)
        assert r.json()["error"]["code"] == code
        assert (r.headers.get("www-authenticate") == "Bearer") == (status == 401)


@pytest.mark.parametrize("token", [TOKEN, OTHER_TOKEN])
def test_a_writer_gets_the_routes_own_answer(store: GraphStore, tokens_file: Path, token: str) -> None:
    client = app_for(store, tokens_file)
    for (method, path), (body, status) in write_requests(store).items():
        r = client.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == status, (path, r.text)


def test_a_refusal_comes_before_the_body_is_read(store: GraphStore) -> None:
    r = app_for(store).post("/cypher", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 401  # not 422: nothing of a stranger's request is parsed
    r = app_for(store).post("/stats", content=b"", headers=AUTH)
    assert r.status_code == 405  # a writer past the gate meets the routes as they are


def test_a_server_without_tokens_refuses_every_write_and_says_why(store: GraphStore) -> None:
    client = TestClient(create_app(store, Settings()))
    r = client.post("/cypher", json={"query": "RETURN 1"}, headers=AUTH)
    assert r.status_code == 401 and "RENDA_TOKEN" in r.json()["error"]["message"]


def test_reads_are_open_unless_a_read_token_is_required(store: GraphStore, tokens_file: Path) -> None:
    open_ = app_for(store, tokens_file)
    assert open_.get("/stats").status_code == 200
    closed = app_for(store, tokens_file, read_token_required=True)
    for url in ("/stats", "/entities/area:33", "/search?q=a", "/views/neighborhood/area:33", "/viz/area:33.html"):
        assert closed.get(url).status_code == 401, url
        assert closed.get(url, headers={"Authorization": f"Bearer {READER_TOKEN}"}).status_code == 200, url
    assert closed.get("/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert closed.get("/health").status_code == 200  # a load balancer's probe needs no token


def test_cors_lets_a_listed_origin_send_the_token(store: GraphStore) -> None:
    origin = {"Origin": "http://app.example.org", "Access-Control-Request-Method": "POST"}
    listed = app_for(store, cors_origins=["http://app.example.org"])
    r = listed.options("/cypher", headers={**origin, "Access-Control-Request-Headers": "authorization"})
    assert r.status_code == 200 and "authorization" in r.headers["access-control-allow-headers"].lower()
    r = app_for(store).options("/cypher", headers={**origin, "Access-Control-Request-Headers": "authorization"})
    assert "access-control-allow-origin" not in r.headers


def test_the_tokens_file_maps_tokens_to_users_and_roles(tokens_file: Path) -> None:
    tokens = Tokens.from_settings(Settings(token=TOKEN, token_user="wang", tokens_file=tokens_file))
    assert tokens.user(TOKEN) == auth.User("wang", "write")
    assert tokens.user(OTHER_TOKEN) == auth.User("lin", "write")
    assert tokens.user(READER_TOKEN) == auth.User("reader", "read")
    assert tokens.user(READER_TOKEN + "x") is None and tokens.user("") is None
    assert not Tokens.from_settings(Settings()).any


@pytest.mark.parametrize(
    "line", ["lin:abc", "lin", f"lin:{'0' * 64}:admin", f":{'0' * 64}", f"two words:{'0' * 64}", f"lin:{'g' * 64}"]
)
def test_a_bad_tokens_line_is_refused_with_its_place(tmp_path: Path, line: str) -> None:
    path = tmp_path / "tokens"
    path.write_text(f"# users\n{line}\n", "utf-8")
    with pytest.raises(RendaError) as info:
        Tokens.from_settings(Settings(tokens_file=path))
    assert info.value.where == f"{path}:2"


def test_a_missing_tokens_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RendaError, match="cannot read the tokens file"):
        Tokens.from_settings(Settings(tokens_file=tmp_path / "none"))


def test_every_hash_is_compared_whichever_matches(tokens_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The look-up compares every stored hash with ``hmac.compare_digest`` (constant time), never
    stopping at the first match, so its time says nothing about which user matched."""
    calls: list[int] = []
    real: Callable[[bytes, bytes], bool] = hmac.compare_digest

    def counted(a: bytes, b: bytes) -> bool:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", counted)
    tokens = Tokens.from_settings(Settings(token=TOKEN, tokens_file=tokens_file))
    for token in (TOKEN, READER_TOKEN, "nobody"):
        calls.clear()
        tokens.user(token)
        assert len(calls) == 3


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    header=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80),
    body=st.binary(max_size=200),
)
def test_hostile_authorization_headers_are_refused_never_5xx(header: str, body: bytes) -> None:
    store = open_store("memory:")
    client = TestClient(create_app(store, Settings(token=TOKEN)), raise_server_exceptions=False)
    for (method, path), _ in write_requests(store).items():
        r = client.request(method, path, content=body, headers={"Authorization": header})
        assert r.status_code == (401 if header.strip() != f"Bearer {TOKEN}" else r.status_code)
        assert r.status_code < 500 and r.json()["error"]["code"]


def test_me_names_the_tokens_user_and_role(store: GraphStore, tokens_file: Path) -> None:
    client = app_for(store, tokens_file)
    assert client.get("/me", headers=AUTH).json() == {"user": "analyst", "role": "write"}
    assert client.get("/me", headers={"Authorization": f"Bearer {READER_TOKEN}"}).json() == {
        "user": "reader",
        "role": "read",
    }
    for headers in ({}, {"Authorization": "Bearer nobody-has-this"}):
        r = client.get("/me", headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
