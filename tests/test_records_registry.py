"""Record types are one registry: every type of schemas.json has one entry (schema, checks, builder), and no
module of the records path dispatches on a type's name anywhere else."""

from __future__ import annotations

import ast
from pathlib import Path

from renda.records.registry import TYPES, record_type
from renda.records.schemas import RECORD_TYPES, schemas

RECORDS = Path(__file__).resolve().parents[1] / "renda" / "records"


def type_name_comparisons(path: Path) -> list[str]:
    """``x == "deputies"``, ``x in ("terms", …)`` and the like in ``path``: a dispatch on a type name."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for side in [node.left, *node.comparators]:
            values = side.elts if isinstance(side, (ast.Tuple, ast.List, ast.Set)) else [side]
            for v in values:
                if isinstance(v, ast.Constant) and v.value in RECORD_TYPES:
                    found.append(f"{path.name}:{node.lineno}: {v.value}")
    return found


def test_the_registry_has_every_schema_type_in_load_order() -> None:
    assert tuple(TYPES) == RECORD_TYPES == tuple(schemas())
    for name in RECORD_TYPES:
        rt = record_type(name)
        assert rt.schema is schemas()[name] and callable(rt.build)
    assert record_type("deputies").together is not None and record_type("bodies").together is None


def test_no_module_of_the_records_path_dispatches_on_a_type_name() -> None:
    found = [hit for p in sorted(RECORDS.rglob("*.py")) for hit in type_name_comparisons(p)]
    assert found == []


def test_the_dispatch_finder_sees_a_comparison(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text('if rtype == "deputies" or kind in ("terms", "x"):\n    pass\n', encoding="utf-8")
    assert type_name_comparisons(sample) == ["x.py:1: deputies", "x.py:1: terms"]
