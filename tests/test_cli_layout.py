"""The package's modules import in one direction (no cycles, no private names across renda.cli), and every
command the renda.cli modules define is registered on the main group."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import click

import renda.cli
from renda.cli import main

PACKAGE = Path(renda.cli.__file__).resolve().parents[1]  # renda/


def module_imports(root: Path) -> dict[str, set[str]]:
    """Each module of the package under ``root`` -> the package's modules it imports at module level
    (what runs on import; imports inside functions or ``if TYPE_CHECKING`` do not)."""
    files = {
        ".".join(p.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in root.rglob("*.py")
    }
    graph: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                targets = {base} | {f"{base}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                targets = {a.name for a in node.names}
            else:
                continue
            graph[module] |= {t for t in targets if t in files and t != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as the list of modules around it, or [] when there is none.

    >>> find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}})
    ['a', 'b', 'c', 'a']
    >>> find_cycle({"a": {"b"}, "b": {"c"}, "c": set()})
    []
    """
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return path[path.index(module) :] + [module]
        if module in done:
            return []
        for target in sorted(graph[module]):
            if cycle := visit(target, [*path, module]):
                return cycle
        done.add(module)
        return []

    for module in sorted(graph):
        if cycle := visit(module, []):
            return cycle
    return []


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    graph = module_imports(PACKAGE)
    assert "renda.cli.app" in graph["renda.cli.graph"]  # the graph is read, not empty
    assert find_cycle(graph) == []


def test_a_cycle_through_a_package_init_is_found(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("from pkg.b import x\n")
    (tmp_path / "pkg" / "b.py").write_text("import os\n\nx = 1\n\nfrom pkg import y  # noqa: E402\n")
    assert find_cycle(module_imports(tmp_path / "pkg")) == ["pkg", "pkg.b", "pkg"]


def private_imports(folder: Path) -> list[str]:
    """``file: name`` for each private name (``_x``) a module in ``folder`` imports from the package."""
    private = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("renda"):
                private += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    return private


def test_no_private_name_is_imported_across_the_cli_modules() -> None:
    assert private_imports(PACKAGE / "cli") == []


def test_a_private_name_imported_is_reported(tmp_path: Path) -> None:
    (tmp_path / "serve.py").write_text("from renda.cli.app import Ctx, _fail\nfrom os import _exit\n")
    assert private_imports(tmp_path) == ["serve.py: _fail"]


def unregistered(modules: dict[str, dict[str, object]], group: click.Group) -> list[str]:
    """The commands that ``modules`` (name -> namespace) define at module level and ``group`` does
    not reach, as ``module.name``."""
    reached: set[int] = set()
    pending: list[click.Command] = [group]
    while pending:
        command = pending.pop()
        reached.add(id(command))
        pending += command.commands.values() if isinstance(command, click.Group) else []
    return [
        f"{module}.{name}"
        for module, namespace in modules.items()
        for name, value in namespace.items()
        if isinstance(value, click.Command) and id(value) not in reached
    ]


def cli_modules() -> dict[str, dict[str, object]]:
    """Each module of renda.cli (its ``__init__`` aside) -> its namespace."""
    return {
        info.name: vars(importlib.import_module(f"renda.cli.{info.name}"))
        for info in pkgutil.iter_modules(renda.cli.__path__)
    }


def test_every_command_the_cli_modules_define_is_registered_on_main() -> None:
    modules = cli_modules()
    assert sum(isinstance(v, click.Command) for ns in modules.values() for v in ns.values()) > 20
    assert unregistered(modules, main) == []


def test_a_command_left_off_main_is_reported() -> None:
    modules = cli_modules() | {"stray": {"stray_cmd": click.Command("stray"), "not_a_command": len}}
    assert unregistered(modules, main) == ["stray.stray_cmd"]
