"""The graph, or a part of it, in other tools' formats (``renda export``), and the JSONL
export read back (``renda ingest graph``).

``select`` picks the part (the whole graph, the neighbourhood of an entity, or an
area); the writers are functions of that part and a destination, over the
``GraphStore`` protocol only:

- ``jsonl``: lossless, one node or edge per line; ``load`` reads it back.
- ``graphxml``: GraphML and GEXF through networkx (yEd, Gephi, Cytoscape).
- ``neo4j_csv``: the CSV files ``neo4j-admin database import full`` takes.
- ``popolo``: Popolo JSON (persons, organizations, memberships, areas).
"""

from __future__ import annotations

FORMATS = ("jsonl", "graphml", "gexf", "csv", "popolo")
