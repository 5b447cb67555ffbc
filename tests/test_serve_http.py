"""`renda serve` over a real socket: requests uvicorn's parser refuses get JSON errors, never a reset;
request heads that never end time out; bodies over the limit are refused before they are read."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.api.server import MAX_HEAD, refusal
from tests.browser import free_port
from tests.writer import TOKEN

HEADER_TIMEOUT = 1.0  # seconds, for the `quick` server
KEEP_ALIVE = 1.0
MARGIN = 10.0  # what the timeout tests allow beyond a timeout before they call it a hang


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """A `renda serve` process on an empty memory store, as a user starts it."""
    yield from renda_serve({"RENDA_TOKEN": TOKEN})


@pytest.fixture(scope="module")
def quick() -> Iterator[int]:
    """The same with one-second header and keep-alive timeouts."""
    yield from renda_serve({"RENDA_HEADER_TIMEOUT": str(HEADER_TIMEOUT), "RENDA_KEEP_ALIVE": str(KEEP_ALIVE)})


def renda_serve(env: dict[str, str]) -> Iterator[int]:
    p = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "renda", "--db", "memory:", "serve", "--port", str(p)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", p), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("renda serve did not start") from None
            time.sleep(0.2)
    yield p
    proc.terminate()
    proc.wait(10)


def exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` whole, read the answer to the end: (status, headers, body).
    A reset or a hang fails the test (ConnectionResetError, socket.timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


def get(target: bytes, extra: bytes = b"") -> bytes:
    return b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n" + extra + b"Connection: close\r\n\r\n"


def assert_json_error(status: int, headers: dict[str, str], body: bytes, want: int) -> None:
    assert status == want
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"]


def test_a_valid_request_is_served(port: int) -> None:
    status, _, body = exchange(port, get(b"/search?q=ab"))
    assert status == 200 and json.loads(body) == {"query": "ab", "items": []}


@pytest.mark.parametrize("size", [300_000, 3_000_000])
def test_a_request_line_far_over_the_parser_limit_gets_414_json_not_a_reset(port: int, size: int) -> None:
    assert_json_error(*exchange(port, get(b"/search?q=" + b"a" * size)), 414)


def test_headers_over_the_parser_limit_get_431_json(port: int) -> None:
    assert_json_error(*exchange(port, get(b"/search?q=ab", b"X-Long: " + b"v" * (MAX_HEAD * 3) + b"\r\n")), 431)


@pytest.mark.parametrize("target", [b"/search?q=a\x00b", b"/search?q=a b", b"/\x7f\x01"])
def test_a_raw_control_character_or_space_in_the_url_gets_400_json(port: int, target: bytes) -> None:
    assert_json_error(*exchange(port, get(target)), 400)


def test_the_server_answers_the_next_request_after_refusing_a_long_one(port: int) -> None:
    exchange(port, get(b"/search?q=" + b"a" * 300_000))
    assert exchange(port, get(b"/search?q=ab"))[0] == 200


def test_refusal_tells_a_long_request_line_from_long_headers_and_from_malformed_input() -> None:
    assert refusal(b"GET /" + b"a" * 100, True)[0] == 414
    assert refusal(b"GET / HTTP/1.1\r\nX: " + b"v" * 100, True)[0] == 431
    assert refusal(b"GET /" + b"a" * 100, False)[0] == 400  # not too long: malformed, not 414


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(target=st.binary(min_size=1, max_size=200), method=st.sampled_from([b"GET", b"POST", b"HEAD", b"BREW"]))
def test_any_bytes_in_the_request_line_get_an_answer_below_500(port: int, target: bytes, method: bytes) -> None:
    request = method + b" " + target + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    status, headers, body = exchange(port, request)
    assert 200 <= status < 500
    if status >= 400 and method != b"HEAD":
        assert headers["content-type"] == "application/json"
        assert "error" in json.loads(body)


def read_answer(s: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One answer read by its Content-Length, not to the end of the connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        assert chunk, f"closed before an answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers["content-length"]):
        body += s.recv(65536)
    return int(lines[0].split()[1]), headers, body


def closed_within(s: socket.socket, seconds: float) -> bytes:
    """What the server sends until it closes the connection; fails if it is still open after ``seconds``."""
    s.settimeout(seconds)
    data = b""
    try:
        while chunk := s.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    except TimeoutError:
        pytest.fail(f"the connection is still open after {seconds} s (got {data[:80]!r})")
    return data


CYPHER_HEAD = b"POST /cypher HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer %s\r\n" % (
    TOKEN.encode()
)


def test_a_declared_body_over_the_limit_gets_413_before_it_is_sent(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(CYPHER_HEAD + b"Content-Length: 200000000\r\n\r\n")  # and not one byte of it
        status, headers, body = read_answer(s)
    assert_json_error(status, headers, body, 413)


def test_a_chunked_body_over_the_limit_gets_413(port: int) -> None:
    chunk = b"a" * 65536
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(CYPHER_HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b'10\r\n{"query": "aaaaa\r\n')
        for _ in range(32):  # 2 MiB, twice the default limit
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        s.sendall(b"0\r\n\r\n")
        status, headers, body = read_answer(s)
    assert_json_error(status, headers, body, 413)


def test_a_body_within_the_limit_is_read(port: int) -> None:
    body = json.dumps({"query": "MATCH (n) RETURN n"}).encode()
    request = CYPHER_HEAD + b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
    assert exchange(port, request)[0] == 409  # read and parsed: the memory store has no Cypher


def test_connections_that_never_finish_their_headers_are_closed(quick: int) -> None:
    silent = [socket.create_connection(("127.0.0.1", quick)) for _ in range(20)]
    partial = [socket.create_connection(("127.0.0.1", quick)) for _ in range(30)]
    try:
        for s in partial:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # the blank line never comes
        for s in partial:
            answer = closed_within(s, HEADER_TIMEOUT + MARGIN)
            assert answer.startswith(b"HTTP/1.1 408 "), answer[:80]
            assert json.loads(answer.partition(b"\r\n\r\n")[2])["error"]["code"] == "request_timeout"
        for s in silent:
            assert closed_within(s, HEADER_TIMEOUT + MARGIN) == b""
    finally:
        for s in silent + partial:
            s.close()
    assert exchange(quick, get(b"/search?q=ab"))[0] == 200  # and the server still serves


def test_trickling_header_bytes_does_not_extend_the_deadline(quick: int) -> None:
    with socket.create_connection(("127.0.0.1", quick)) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        deadline = time.monotonic() + HEADER_TIMEOUT + MARGIN
        while time.monotonic() < deadline:
            if select.select([s], [], [], 0.2)[0]:
                break  # the server answered or closed
            try:
                s.sendall(b"X-Slow: a\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
        else:
            pytest.fail("a header line every 0.2 s kept the connection open")


def test_a_head_sent_in_pieces_within_the_timeout_is_served(quick: int) -> None:
    with socket.create_connection(("127.0.0.1", quick), timeout=15) as s:
        s.sendall(b"GET /search?q=ab HTTP/1.1\r\n")
        time.sleep(HEADER_TIMEOUT / 4)
        s.sendall(b"Host: x\r\n\r\n")
        assert read_answer(s)[0] == 200
        # the clock starts again for the next request on the connection
        time.sleep(HEADER_TIMEOUT / 4)
        s.sendall(b"GET /search?q=ab HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answer(s)[0] == 200


def test_an_idle_connection_is_closed_after_the_keep_alive_timeout(quick: int) -> None:
    with socket.create_connection(("127.0.0.1", quick), timeout=15) as s:
        s.sendall(b"GET /search?q=ab HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answer(s)[0] == 200
        assert closed_within(s, KEEP_ALIVE + 3) == b""  # uvicorn's default would be 5 s


def test_head_is_answered_over_the_socket(port: int) -> None:
    request = b"HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    status, headers, body = exchange(port, request)
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    assert headers["x-content-type-options"] == "nosniff"
