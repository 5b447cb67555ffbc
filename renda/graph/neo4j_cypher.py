"""Analysts' read-only Cypher on the Neo4j backend (``POST /cypher``).

A query is refused before it runs unless the plan of ``EXPLAIN <query>`` only reads
(renda.graph.cypher_guard); then it runs in a READ session with the server-side transaction
timeout, and its answer is capped in rows and in bytes.

The server stops a timed-out query only where it checks for termination, between rows: an
expression that computes for long within one row (``reduce`` building a string over a long
list) runs on until it ends, and only then fails. So the caller is answered TimedOut at
``timeout + GRACE_S`` whether or not the server has stopped, and the query keeps one of
``SLOTS`` until the server has let go of it: while all are taken, new queries are refused
(StoreUnavailable, Retry-After), so such queries never take more than ``SLOTS`` server threads.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import orjson

from renda.errors import Refused, RendaError, StoreUnavailable, TimedOut, TooLarge
from renda.graph.cypher_guard import check_plan
from renda.graph.neo4j_rows import driver_errors, driver_module, plain, timed_out

MAX_BYTES = 4 * 1024 * 1024  # an answer's rows as JSON; the rows past it are left out (truncated)
SLOTS = 2  # analysts' queries the server may be running at once (one server thread each)
# the server checks transaction deadlines every 2 s (db.transaction.monitor.check.interval) and
# then needs a moment to roll back: a query stopped at its limit answers within this
GRACE_S = 3.0
FETCH = 20  # records a pull brings: the driver holds at most these before the byte cap sees them


class AnalystCypher:
    """Runs analysts' queries on one driver and database, at most ``SLOTS`` at a time."""

    def __init__(self, driver: Any, database: str | None, url: str) -> None:
        self._driver, self._db, self._url = driver, database, url
        self._slots = threading.BoundedSemaphore(SLOTS)

    def run(self, query: str, parameters: dict[str, Any], limit: int, timeout: float) -> dict[str, Any]:
        """Run ``query`` read-only and answer ``{"columns", "rows", "truncated"}``.

        At most ``limit`` rows and ``MAX_BYTES`` of rows (as JSON); ``truncated`` says whether
        rows were left out. Answers within ``timeout + GRACE_S`` seconds.

        Raises:
            Refused: the plan does more than read (cypher_guard.check_plan), or names another
                database (``USE``).
            RendaError: a Cypher error in the query (400).
            TooLarge: a single row is larger than MAX_BYTES, or the query needs more memory than
                the server lets a transaction have.
            TimedOut: the query ran past ``timeout``.
            StoreUnavailable: the server cannot be reached, or earlier queries still hold every slot.
        """
        if not self._slots.acquire(blocking=False):
            raise StoreUnavailable(
                f"{SLOTS} earlier Cypher queries are still running on the server; try again later",
                retry_after=max(1, round(timeout)),
            )
        answer: Future[dict[str, Any]] = Future()
        given_up = threading.Event()

        def work() -> None:
            try:
                answer.set_result(self._answer(query, parameters, limit, timeout, given_up))
            except BaseException as exc:  # noqa: BLE001  # handed to the caller
                answer.set_exception(exc)
            finally:
                self._slots.release()

        threading.Thread(target=work, name="renda-cypher", daemon=True).start()
        try:
            return answer.result(timeout=timeout + GRACE_S)
        except FutureTimeout:
            given_up.set()
            raise TimedOut(
                f"the query did not finish within {timeout:g} s (the server stops it)",
                retry_after=max(1, round(timeout)),
            ) from None

    def _answer(
        self, query: str, parameters: dict[str, Any], limit: int, timeout: float, given_up: threading.Event
    ) -> dict[str, Any]:
        neo4j = driver_module()
        session = self._driver.session(database=self._db, default_access_mode=neo4j.READ_ACCESS, fetch_size=FETCH)
        with driver_errors(self._url), session as s:
            try:
                # the query's own text follows EXPLAIN: what runs next is what was checked
                summary = s.run(neo4j.Query("EXPLAIN " + query, timeout=timeout), parameters).consume()
                check_plan(summary.plan, summary.query_type)
                if summary.database != self._db:
                    raise Refused(f"the query must run on the store's database {self._db!r} (no USE)")
                result = s.run(neo4j.Query(query, timeout=timeout), parameters)
                return collect(result, limit, given_up)
            except neo4j.exceptions.Neo4jError as exc:
                raise query_error(exc) from None


def collect(result: Any, limit: int, given_up: threading.Event | None = None) -> dict[str, Any]:
    """The rows of ``result`` as JSON values, until ``limit`` rows or ``MAX_BYTES`` of them
    (``truncated`` says whether any were left out). A row is sized before it is converted, so a
    huge one is never copied.

    Raises:
        TooLarge: the first row alone is larger than MAX_BYTES.
    """
    keys = list(result.keys())
    rows: list[list[Any]] = []
    size = 2  # the brackets around the rows
    for record in result:
        if given_up is not None and given_up.is_set():
            break  # nobody waits for the answer any more
        if len(rows) == limit:
            return _truncated(result, keys, rows)
        values = record.values()
        budget = MAX_BYTES - size
        row: list[Any] = []
        n = json_size(values, budget)
        if n <= budget:
            row = [plain(v) for v in values]
            n = len(orjson.dumps(row, default=str)) + 1
        if n > budget:
            if not rows:
                raise TooLarge(f"a row of the answer is larger than {MAX_BYTES} bytes")
            return _truncated(result, keys, rows)
        size += n
        rows.append(row)
    return {"columns": keys, "rows": rows, "truncated": False}


def _truncated(result: Any, keys: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    result.consume()  # the rest is discarded on the server, not sent
    return {"columns": keys, "rows": rows, "truncated": True}


def json_size(value: Any, stop: int) -> int:
    """About how many bytes ``value`` takes as JSON, counted only until past ``stop`` (a list
    of millions of numbers is not walked to its end).

    >>> json_size([1, "ab", {"k": None}], 1000)
    21
    >>> json_size(list(range(10**7)), 100) > 100
    True
    """
    total = 0
    stack = [value]
    while stack and total <= stop:
        v = stack.pop()
        if isinstance(v, str):
            total += len(v.encode()) + 2
        elif isinstance(v, dict):
            total += 2 + sum(len(str(k).encode()) + 4 for k in v)
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            total += 2 + len(v)  # a comma (or bracket) each: a long list is past ``stop`` unread
            if total <= stop:
                stack.extend(v)
        elif hasattr(v, "items") and hasattr(v, "keys"):  # a node or relationship
            total += 40
            stack.append(dict(v.items()))
        elif hasattr(v, "nodes") and hasattr(v, "relationships"):  # a path
            stack.extend([*v.nodes, *v.relationships])
        else:
            total += len(str(v))
    return total


def query_error(exc: Any) -> RendaError:
    """The store's error for the server's error about an analyst's query."""
    neo4j = driver_module()
    code = exc.code or ""
    message = f"{exc.message or code}".splitlines()[0] if (exc.message or code) else "unknown error"
    if timed_out(exc):
        return TimedOut("the query ran past its time limit and was stopped", retry_after=10)
    if code.endswith("MemoryPoolOutOfMemoryError") or code.endswith("OutOfMemoryError"):
        return TooLarge(f"the query needs more memory than the server allows ({message})")
    if isinstance(exc, neo4j.exceptions.ClientError):
        return RendaError(f"Cypher error: {message}")
    return StoreUnavailable(f"the Neo4j server could not run the query ({message})", retry_after=10)
