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
