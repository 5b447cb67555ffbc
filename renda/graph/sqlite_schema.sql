-- The sqlite backend's tables. Nodes keep JSON for properties, aliases and
-- evidence. Search uses name_forms for exact and prefix matches and an FTS5
-- index of two-character grams for substrings (sqlite_search.grams); name_rows holds
-- each node's forms (one per line) under a rowid that is a 63-bit hash of the node id, so
-- an entry is found without a scan (or, for a node whose hash another node's entry holds,
-- a negative rowid kept in name_rowids). Nothing ranks by bm25, so the gram index keeps
-- no column sizes (columnsize=0). Small writes add search rows as they go; after a bulk
-- load a build phase of its own fills them from nodes (sqlite_search.step_ahead, `renda index`).
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT,
    code TEXT,            -- Area code, or the area_code of anything placed
    name TEXT NOT NULL,
    props TEXT NOT NULL,
    aliases TEXT NOT NULL,
    evidence TEXT NOT NULL
) WITHOUT ROWID;
-- Areas are found by id range (area:<code prefix>); everything else placed by code.
CREATE INDEX IF NOT EXISTS nodes_code ON nodes(code) WHERE label != 'Area';
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, kind) WHERE label != 'Area';
-- deputies and people by whether they hold a record_id (a string other than ""), name and place:
-- `renda resolve` reads the people without one (the mentions) and, of the roster, only the namesakes
-- of a mention placed in or around the article's places (sqlite_rows.RECORDED holds the same expression)
CREATE INDEX IF NOT EXISTS nodes_people ON nodes(label, (ifnull(props -> '$."record_id"', '') GLOB '"[^"]*'), name, code)
    WHERE label IN ('Deputy', 'Person');
CREATE TABLE IF NOT EXISTS edges (
    src TEXT NOT NULL,
    type TEXT NOT NULL,
    dst TEXT NOT NULL,
    props TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (src, type, dst)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_in ON edges(dst, type, src);
-- the edges some evidence of which may name a rule (a rule is a string closing its evidence item:
-- "]; a record's item closes with null]): the review queue reads these only, not every edge
CREATE INDEX IF NOT EXISTS edges_ruled ON edges(type, src, dst) WHERE instr(evidence, '"]') > 0;
-- which node or edge each source supports, for remove_source
CREATE TABLE IF NOT EXISTS provenance (
    source_id TEXT NOT NULL,
    owner TEXT NOT NULL,   -- a node id, or src \x1f type \x1f dst for an edge
    PRIMARY KEY (source_id, owner)
) WITHOUT ROWID;
-- every name form (simplified, lower-case) of every node: exact and prefix search
CREATE TABLE IF NOT EXISTS name_forms (
    form TEXT NOT NULL,
    node_id TEXT NOT NULL,
    PRIMARY KEY (form, node_id)
) WITHOUT ROWID;
-- each node's search forms, one per line, under its hash rowid (sqlite_search.fts_rowid)
CREATE TABLE IF NOT EXISTS name_rows (
    rid INTEGER PRIMARY KEY,  -- the rowid
    node_id TEXT NOT NULL,
    stext TEXT NOT NULL
);
-- every form's two-character grams and its last character, each character as eight hex digits
-- (contentless; rowid as in name_rows); prefix='8': an index of each gram's first character, so
-- a one-character query reads one term, not every gram that starts with it
CREATE VIRTUAL TABLE IF NOT EXISTS name_grams USING fts5(g, content='', tokenize='unicode61', prefix='8', columnsize=0);
-- the rowid of each node whose hash rowid was taken when its search entry was written
-- (sqlite_search.free_rowids): negative, so no hash rowid is ever one of them
CREATE TABLE IF NOT EXISTS name_rowids (
    node_id TEXT PRIMARY KEY,
    rid INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- judgements on edges (renda/graph/judged.py): append-only, oldest first by seq; an edge by its
-- stable key (src, type, dst), so a decision outlives the edge's rows; body holds the judgement as JSON
CREATE TABLE IF NOT EXISTS judgements (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    src TEXT NOT NULL,
    type TEXT NOT NULL,
    dst TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS judgements_key ON judgements(src, type, dst);
