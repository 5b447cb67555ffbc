"""Dependencies shared by the routers: the store, and turning records into linked views."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Query, Request

from renda.api.auth import Reader
from renda.api.models import EdgeOut, EvidenceOut, Ref
from renda.graph.model import Edge, Evidence, Node
from renda.graph.store import GraphStore
from renda.ingest.confidence import of_edge, of_rule
from renda.text import sentence_of
from renda.viz.records import record_evidence

MAX_LIMIT = 200
MAX_DEPTH = 3
MAX_PATH_DEPTH = 6


def open_store_of(request: Request) -> GraphStore:
    """The store the app serves, to anyone (only ``/health`` reads it so)."""
    store: GraphStore = request.app.state.store  # set at start-up (starlette's state is untyped)
    return store


def get_store(request: Request, _: Reader) -> GraphStore:
    """The store the app serves, to a request allowed to read (``require_reader``)."""
    return open_store_of(request)


Store = Annotated[GraphStore, Depends(get_store)]
OpenStore = Annotated[GraphStore, Depends(open_store_of)]
MinConfidence = Annotated[
    float,
    Query(
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="leave out edges whose confidence is below this (0-1); edges from records are always kept",
    ),
]

# characters an id keeps as they are in a URL path segment; others (and non-printing ones) are escaped
_PATH_SAFE = ":@!$&'()*+,;=-._~"


def path_segment(value: str) -> str:
    """``value`` as one URL path segment: ASCII that means something in a URL (``/ ? # %``, space)
    is percent-encoded; printable non-ASCII text (Chinese names) stays readable.

    >>> path_segment("mechanism:341021:工作联络机制")
    'mechanism:341021:工作联络机制'
    >>> path_segment("document:a/b?c#d%e f")
    'document:a%2Fb%3Fc%23d%25e%20f'
    """
    return "".join(c if _kept(c) else quote(c, safe="", errors="surrogatepass") for c in value)


def _kept(c: str) -> bool:
    return (c.isalnum() or c in _PATH_SAFE) if c.isascii() else c.isprintable()


def public_base(request: Request) -> str:
    """Where the URLs the API answers start: ``RENDA_BASE_URL`` when set, else the path the app is
    mounted at (usually empty, giving relative URLs such as ``/entities/area:33``). Never the
    ``Host`` header, which the client chooses."""
    base: str | None = request.app.state.settings.base_url
    return base if base is not None else str(request.scope.get("root_path", ""))


def public_url(request: Request, route: str, query: list[tuple[str, str]] | None = None, **params: str) -> str:
    """The URL of the named route with ``params`` in its path (each escaped as one segment)."""
    path = str(request.app.url_path_for(route, **{k: path_segment(v) for k, v in params.items()}))
    return public_base(request) + path + ("?" + urlencode(query) if query else "")


class Linker:
    """Builds URLs and evidence views for one request (sources are read once each)."""

    def __init__(self, request: Request, store: GraphStore) -> None:
        self.request = request
        self.store = store
        self._texts: dict[str, str | None] = {}
        self._props: dict[str, dict[str, Any]] = {}

    def url(self, node_id: str) -> str:
        return public_url(self.request, "get_entity", entity_id=node_id)

    def ref(self, n: Node) -> Ref:
        kind = n.props.get("kind")
        area = n.props.get("area_code") or n.props.get("code")
        return Ref(id=n.id, label=n.label, name=n.name, kind=kind, area_code=area, url=self.url(n.id))

    def source_text(self, source_id: str) -> str | None:
        if source_id not in self._texts:
            src = self.store.get_node(source_id)
            self._texts[source_id] = src.props.get("text") if src else None
            self._props[source_id] = dict(src.props) if src else {}
        return self._texts[source_id]

    def evidence(self, items: list[Evidence], limit: int = 5, type_: str | None = None) -> list[EvidenceOut]:
        """The first ``limit`` items with their sentences; each read by a rule carries that rule's
        confidence for a relation of ``type_`` (none for a node's evidence)."""
        out = []
        for e in items[:limit]:
            text = self.source_text(e.source_id)
            sure = of_rule(e.rule, type_) if type_ else None
            out.append(
                EvidenceOut(
                    source_id=e.source_id,
                    source_url=self.source_url(e.source_id),
                    start=e.start,
                    end=e.end,
                    text=e.text,
                    sentence=sentence_of(text, e.start, e.end) if text else None,
                    rule=e.rule,
                    confidence=sure[0] if sure else None,
                    confidence_n=sure[1] if sure else None,
                    **record_evidence(self._props.get(e.source_id, {}), e),  # a record's fields, licence, line
                )
            )
        return out

    def source_url(self, source_id: str) -> str:
        return public_url(self.request, "get_source", source_id=source_id)

    def edge(self, e: Edge) -> EdgeOut:
        """The edge with its evidence and its confidence (that of its surest evidence)."""
        return EdgeOut(
            type=e.type,
            source=e.source,
            target=e.target,
            properties=e.props,
            **sureness(e),
            evidence=self.evidence(e.evidence, type_=e.type),
        )


def sureness(e: Edge) -> dict[str, Any]:
    """``confidence`` and ``confidence_n`` of an edge, as the response models name them (None, None
    when no evidence has a rule)."""
    sure = of_edge(e)
    return {"confidence": sure[0] if sure else None, "confidence_n": sure[1] if sure else None}


def clamp(value: int, hi: int) -> int:
    return max(1, min(value, hi))


def props_of(n: Node) -> dict[str, Any]:
    return {k: v for k, v in n.props.items() if k != "text"}
