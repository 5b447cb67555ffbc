"""``open_store``: the store a URL names, on the backend it names.

The factory sits above the backends (it imports them, lazily: each only when its URL is
given, and the Neo4j driver is optional); nothing in ``renda.graph`` imports it. The type it
returns, ``GraphStore``, lives in ``renda.graph.protocol`` and is exported here too, so a
caller that opens a store and passes it on needs one import.
"""

from __future__ import annotations

from renda.errors import RendaError
from renda.graph.protocol import GraphStore

__all__ = ["GraphStore", "open_store"]


def open_store(url: str, read_only: bool = False, create: bool = True) -> GraphStore:
    """The store a URL names: ``memory:``, a path or ``sqlite:///path``, ``neo4j://`` / ``bolt://``.

    ``read_only``: the caller only reads. A sqlite file is then opened read-only (it works on
    media the process cannot write) and must already be a store: a missing, empty or foreign
    file is refused (RendaError) instead of being opened as an empty store; so is a missing one
    when ``create`` is False (a command that changes a store it expects: ``renda index``, ``remove``).
    Either way a file that is not a store is refused. The other backends open as before.

    >>> open_store("memory:").url
    'memory:'
    """
    if url in ("memory:", "memory://"):
        from renda.graph.memory import MemoryStore

        return MemoryStore()
    if url.startswith(("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")):
        try:
            from renda.graph.neo4j import Neo4jStore
        except ImportError as exc:
            raise RendaError(f"{url}: the neo4j backend is not available ({exc})") from exc
        return Neo4jStore(url)
    if "://" in url and not url.startswith("sqlite:///"):
        raise RendaError(f"unknown store URL {url!r}: use memory:, a path, sqlite:///path, neo4j:// or bolt://")
    from renda.graph.sqlite import SqliteStore

    # As in SQLAlchemy: sqlite:///rel.db is relative, sqlite:////abs.db absolute.
    path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else url
    return SqliteStore(path, read_only=read_only, create=create)
