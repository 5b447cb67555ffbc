"""Schemathesis against /openapi.json: no 5xx and no response that breaks its schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from renda.api.app import create_app
from renda.graph.store import open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings

_store = open_store("memory:")
ingest_areas(_store, ["33", "35"], quiet=True)
ingest_articles(_store, [demo_articles()], quiet=True)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_store, Settings()))
# a request the schema forbids may also be refused for its length: 414 when its URL is over 16 KiB
# (e.g. more ids than /views/subgraph takes, each as long as it may be)
_rejection = schema.config.checks.negative_data_rejection
_rejection.expected_statuses = [*_rejection.expected_statuses, "414"]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.filterwarnings("ignore")
def test_api_conforms_to_its_schema(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()
