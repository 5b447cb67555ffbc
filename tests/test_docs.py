"""Docs can't drift: every command, setting and schema type is documented, and help has an example."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from renda.cli import main
from renda.graph.schema import SCHEMA
from renda.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "renda") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            out += commands(cmd, path)
        else:
            out.append((path, cmd))
    return out


@pytest.mark.parametrize("path, cmd", commands(main), ids=lambda x: x if isinstance(x, str) else "")
def test_every_command_is_in_the_readme_with_an_example(path: str, cmd: click.Command) -> None:
    assert f"`{path}" in README, f"{path} is not documented in README.md"
    assert "Example" in (cmd.help or ""), f"{path} --help has no example"


@pytest.mark.parametrize("field", list(Settings.model_fields))
def test_every_setting_is_in_the_readme(field: str) -> None:
    assert f"RENDA_{field.upper()}" in README


def test_schema_types_are_documented_in_the_schema() -> None:
    for spec in (*SCHEMA.labels.values(), *SCHEMA.kinds.values()):
        assert spec["doc"]
    for rel in SCHEMA.relations.values():
        assert rel.doc


def test_readme_curl_examples_answer(tmp_path: Path) -> None:
    """Every documented curl example answers 200 on the demo data (run in-process)."""
    import re
    import shlex
    from urllib.parse import quote, urlsplit

    from fastapi.testclient import TestClient

    from renda.api.app import create_app
    from renda.graph.store import open_store
    from renda.ingest.areas import ingest_areas
    from renda.ingest.articles import ingest_articles
    from renda.ingest.sites import sites
    from renda.records.load import ingest_records
    from renda.samples import demo_articles
    from renda.settings import Settings

    store = open_store(str(tmp_path / "demo.db"))
    ingest_areas(store, quiet=True)
    ingest_articles(store, [demo_articles()], quiet=True)
    ingest_records(store, [str(ROOT / "examples" / "roster")], quiet=True)  # the README's records walkthrough
    web = ROOT / "tests" / "fixtures" / "web"  # the README's web walkthrough (pages, a crawl, its sites)
    ingest_articles(
        store, [str(web / "pages"), str(web / "crawl.warc.gz")], quiet=True, sites=sites(str(web / "sites.csv"))
    )
    client = TestClient(create_app(store, Settings()))
    urls = []
    for line in re.findall(r"^curl (?!-X).+$", README, flags=re.M):  # the GET examples
        args = shlex.split(line)
        url = next(a for a in args if a.startswith("http"))
        pairs = [args[i + 1] for i, a in enumerate(args) if a == "--data-urlencode"]
        urls.append(
            url + ("?" + "&".join(k + "=" + quote(v) for k, v in (p.split("=", 1) for p in pairs)) if pairs else "")
        )
    assert len(urls) >= 5
    for url in urls:
        parts = urlsplit(url)
        r = client.get(parts.path + ("?" + parts.query if parts.query else ""))
        assert r.status_code == 200, (url, r.text[:200])
