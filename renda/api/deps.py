"""Dependencies shared by the routers: the store, and turning records into linked views."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from renda.api.models import EdgeOut, EvidenceOut, Ref
from renda.graph.model import Edge, Evidence, Node
from renda.graph.store import GraphStore
from renda.text import sentence_of

MAX_LIMIT = 200
MAX_DEPTH = 3
MAX_PATH_DEPTH = 6


def get_store(request: Request) -> GraphStore:
    return request.app.state.store  # type: ignore[no-any-return]  # set at start-up


Store = Annotated[GraphStore, Depends(get_store)]


class Linker:
    """Builds URLs and evidence views for one request (sources are read once each)."""

    def __init__(self, request: Request, store: GraphStore) -> None:
        self.request = request
        self.store = store
        self._texts: dict[str, str | None] = {}

    def url(self, node_id: str) -> str:
        return str(self.request.url_for("get_entity", entity_id=node_id))

    def ref(self, n: Node) -> Ref:
        kind = n.props.get("kind")
        area = n.props.get("area_code") or n.props.get("code")
        return Ref(id=n.id, label=n.label, name=n.name, kind=kind, area_code=area, url=self.url(n.id))

    def source_text(self, source_id: str) -> str | None:
        if source_id not in self._texts:
            src = self.store.get_node(source_id)
            self._texts[source_id] = src.props.get("text") if src else None
        return self._texts[source_id]

    def evidence(self, items: list[Evidence], limit: int = 5) -> list[EvidenceOut]:
        out = []
        for e in items[:limit]:
            text = self.source_text(e.source_id)
            out.append(
                EvidenceOut(
                    source_id=e.source_id,
                    source_url=self.source_url(e.source_id),
                    start=e.start,
                    end=e.end,
                    text=e.text,
                    sentence=sentence_of(text, e.start, e.end) if text else None,
                    rule=e.rule,
                )
            )
        return out

    def source_url(self, source_id: str) -> str:
        return str(self.request.url_for("get_source", source_id=source_id))

    def edge(self, e: Edge) -> EdgeOut:
        return EdgeOut(
            type=e.type, source=e.source, target=e.target, properties=e.props, evidence=self.evidence(e.evidence)
        )


def clamp(value: int, hi: int) -> int:
    return max(1, min(value, hi))


def props_of(n: Node) -> dict[str, Any]:
    return {k: v for k, v in n.props.items() if k != "text"}
