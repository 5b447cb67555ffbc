"""CSV files for ``neo4j-admin database import full``: a Neo4j database the renda
Neo4j backend reads as if it had written it (``renda --db bolt://…``).

One nodes file per label, ``nodes_<Label>.csv``, headed
``id:ID,:LABEL,label,name,kind,code,props,aliases:string[],evidence,sources:string[],stext,sgrams``,
and one relationships file per type, ``relationships_<TYPE>.csv``, headed
``:START_ID,:END_ID,:TYPE,props,evidence,sources:string[],confidence:float``. The values
are the properties the backend stores (``renda.graph.neo4j_rows.node_row``): every node has
the label ``Entity`` and its own; properties and evidence are JSON text. ``confidence``
(empty, so absent, where no rule read the edge) is the confidence at export time, for
Cypher queries; renda derives its own from the evidence's rules whenever it shows an edge.

Array elements are parted by U+001F (a name may hold ``;``, neo4j-admin's
default), so ``import.sh`` in the same directory runs the import with that
option; and with ``--multiline-fields=true`` only when a value holds a line
break (a name or alias; JSON values never do), because multi-line fields make
the import tool parse its input on one thread instead of all of them.
"""

from __future__ import annotations

import csv
import os
import shlex
import shutil
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from renda.errors import RendaError
from renda.export.select import Part
from renda.graph.model import Edge
from renda.graph.neo4j_rows import ENTITY, edge_row, node_row
from renda.graph.timeframe import DERIVED
from renda.ingest.confidence import of_edge

ARRAY_DELIMITER = "\x1f"
CONFIDENCE = "confidence"  # an edge column computed here, not a property the backend stores
# (property in the backend's row, CSV header field); None: the field is not a property
NODE_COLUMNS = (
    ("id", "id:ID"),
    (None, ":LABEL"),
    ("label", "label"),
    ("name", "name"),
    ("kind", "kind"),
    ("code", "code"),
    ("props", "props"),
    ("aliases", "aliases:string[]"),
    ("evidence", "evidence"),
    ("sources", "sources:string[]"),
    ("stext", "stext"),
    ("sgrams", "sgrams"),
)
EDGE_COLUMNS = (
    ("s", ":START_ID"),
    ("t", ":END_ID"),
    (None, ":TYPE"),
    ("props", "props"),
    ("evidence", "evidence"),
    ("sources", "sources:string[]"),
    (CONFIDENCE, "confidence:float"),
)
IMPORT_OPTIONS = ("--array-delimiter=U+001F",)
MULTILINE = "--multiline-fields=true"


def write_csv(part: Part, directory: Path) -> dict[str, Any]:
    """Write ``part`` into ``directory`` with ``import.sh``; the directory appears only once
    written whole (``<directory>.partial`` beside it is renamed), so an export killed part-way
    leaves no truncated files where the import would read them, and running it again succeeds.

    Returns the counts written and the file names. Raises RendaError when the directory cannot
    be written or is not empty (an export's files or others: choose a new or empty directory).
    A ``.partial`` directory a killed export left is removed first; the one of a failed export
    is removed at once.
    """
    _check_target(directory)
    directory = Path(os.path.abspath(directory))  # "." and ".." have a name now
    partial = directory.with_name(directory.name + ".partial")
    try:
        _clear_partial(partial)
        partial.mkdir(parents=True)
    except OSError as exc:
        raise RendaError(f"cannot create the directory ({exc.strerror})", where=str(partial)) from None
    try:
        stats = _write_files(part, partial)
        os.replace(partial, directory)  # an empty directory there is replaced
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise RendaError(f"cannot write ({exc.strerror})", where=str(directory)) from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return stats


def _check_target(directory: Path) -> None:
    """RendaError unless ``directory`` is absent or an empty directory."""
    if not directory.exists():
        return
    if not directory.is_dir():
        raise RendaError("not a directory: give a new or empty one", where=str(directory))
    if directory.samefile("."):  # replacing it would leave the shell in a deleted directory
        raise RendaError("is the current directory: give a new or empty one", where=str(directory))
    if any(directory.glob("nodes_*.csv")) or any(directory.glob("relationships_*.csv")):
        raise RendaError("already holds exported CSV files: choose a new or empty directory", where=str(directory))
    if any(directory.iterdir()):
        raise RendaError("is not empty: choose a new or empty directory", where=str(directory))


def _clear_partial(partial: Path) -> None:
    """Remove what a killed export left in ``partial``; RendaError if it holds other files."""
    if not partial.exists():
        return
    ours = partial.is_dir() and all(_exported(f.name) and f.is_file() for f in partial.iterdir())
    if not ours:
        raise RendaError("is in the way of the export and holds files it did not write: remove it", where=str(partial))
    shutil.rmtree(partial)


def _exported(name: str) -> bool:
    """Whether a file name is one an export writes."""
    return name == "import.sh" or (name.endswith(".csv") and name.startswith(("nodes_", "relationships_")))


def _write_files(part: Part, directory: Path) -> dict[str, Any]:
    """Write the CSV files and ``import.sh`` into the (new, empty) ``directory``."""
    nodes: dict[str, Any] = {}
    rels: dict[str, Any] = {}
    n_nodes = n_edges = 0
    multiline = False
    with ExitStack() as files:

        def writer(kind: str, name: str, columns: tuple[tuple[str | None, str], ...]) -> Any:
            fh = files.enter_context(open(directory / f"{kind}_{name}.csv", "w", encoding="utf-8", newline=""))
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([header for _, header in columns])
            return w

        for n in part.nodes:
            if n.label not in nodes:
                nodes[n.label] = writer("nodes", n.label, NODE_COLUMNS)
            fields = _fields(node_row(n), NODE_COLUMNS, f"{ENTITY}{ARRAY_DELIMITER}{n.label}")
            multiline = multiline or any("\n" in f or "\r" in f for f in fields)
            nodes[n.label].writerow(fields)
            n_nodes += 1
        for e in part.edges:
            if e.type not in rels:
                rels[e.type] = writer("relationships", e.type, EDGE_COLUMNS)
            sure = of_edge(e)
            if DERIVED & e.props.keys():  # dates computed for this export are not stored properties
                e = Edge(e.source, e.type, e.target, {k: v for k, v in e.props.items() if k not in DERIVED}, e.evidence)
            fields = _fields({**edge_row(e), CONFIDENCE: repr(sure[0]) if sure else None}, EDGE_COLUMNS, e.type)
            multiline = multiline or any("\n" in f or "\r" in f for f in fields)
            rels[e.type].writerow(fields)
            n_edges += 1
    files_written = [f"nodes_{x}.csv" for x in nodes] + [f"relationships_{x}.csv" for x in rels]
    (directory / "import.sh").write_text(import_script(files_written, multiline), encoding="utf-8")
    return {"nodes": n_nodes, "edges": n_edges, "files": [*files_written, "import.sh"]}


def _fields(row: dict[str, Any], columns: tuple[tuple[str | None, str], ...], special: str) -> list[str]:
    """The CSV fields of a backend row; ``special`` fills the column that is not a property."""
    unknown = row.keys() - {key for key, _ in columns}
    if unknown:  # the backend stores a property this export does not know: keep them in step
        raise RendaError(f"the Neo4j backend stores {sorted(unknown)}, which the CSV export has no column for")
    out = []
    for key, _ in columns:
        v = special if key is None else row.get(key)
        if isinstance(v, list):
            if any(ARRAY_DELIMITER in x for x in v):
                raise RendaError(f"{row.get('id') or row.get('s')}: a list value holds U+001F, the array delimiter")
            v = ARRAY_DELIMITER.join(v)
        out.append("" if v is None else v)
    return out


def import_script(files: list[str], multiline: bool = False) -> str:
    """A POSIX shell script that runs neo4j-admin on ``files``, from the directory it is in;
    ``multiline``: some field holds a line break."""
    args = [*IMPORT_OPTIONS, *([MULTILINE] if multiline else [])]
    args += [f"--nodes={f}" for f in files if f.startswith("nodes_")]
    args += [f"--relationships={f}" for f in files if f.startswith("relationships_")]
    lines = " \\\n  ".join(shlex.quote(a) for a in args)
    return (
        "#!/bin/sh\n"
        "# Import these files into a new, empty Neo4j database (stop the server first):\n"
        "#   sh import.sh [DATABASE [OPTION...]]\n"
        "# DATABASE defaults to neo4j; OPTIONs go to neo4j-admin (e.g. --overwrite-destination);\n"
        "# set NEO4J_ADMIN if neo4j-admin is not on PATH. Then start the server and read it with\n"
        "#   renda --db bolt://127.0.0.1:7687 stats\n"
        "set -e\n"
        'db="${1:-neo4j}"\n'
        "[ $# -gt 0 ] && shift\n"
        'cd "$(dirname "$0")"\n'
        f'exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full "$db" "$@" \\\n  {lines}\n'
    )
