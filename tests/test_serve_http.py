"""`renda serve` over a real socket: requests uvicorn's parser refuses get JSON errors, never a reset."""

from __future__ import annotations

import json
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


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """A `renda serve` process on an empty memory store, as a user starts it."""
    p = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "renda", "--db", "memory:", "serve", "--port", str(p)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
