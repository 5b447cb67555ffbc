"""Schemathesis against /openapi.json: no 5xx and no response that breaks its schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from renda.api.app import create_app
from renda.graph.store import open_store
from renda.ingest.areas import ingest_areas
from renda.ingest.articles import ingest_articles
from renda.samples import demo_articles
from renda.settings import Settings
from tests.writer import AUTH, TOKEN

# The operations are read at import (pytest parametrizes by them) from the app's OpenAPI document, which
# holds no data: an empty store serves it. The demo graph is ingested only when a test runs (demo_app).
# (schemathesis.pytest.from_fixture would defer it all, but fails under pytest 9: Function._nodeid is gone.)
schema = schemathesis.openapi.from_dict(create_app(open_store("memory:"), Settings()).openapi())
# a request the schema forbids may also be refused for its length: 414 when its URL is over 16 KiB
# (e.g. more ids than /views/subgraph takes, each as long as it may be)
_rejection = schema.config.checks.negative_data_rejection
_rejection.expected_statuses = [*_rejection.expected_statuses, "414"]


@pytest.fixture(scope="module")
def demo_app() -> Any:
    """The API over a memory store holding the areas of 33 and 35 and the demo articles."""
    store = open_store("memory:")
    ingest_areas(store, ["33", "35"], quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    return create_app(store, Settings(token=TOKEN))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.filterwarnings("ignore")
def test_api_conforms_to_its_schema(case, demo_app) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(app=demo_app, headers=AUTH)  # a writer: the routes' own answers, not the gate's
