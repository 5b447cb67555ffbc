#!/usr/bin/env python3
"""The verbs of the gold acts that the verb frames do not list: the systematic pass that grows frames.toml.

    .venv/bin/python eval/triggers.py --split seen              # every type, verbs on >= 2 acts
    .venv/bin/python eval/triggers.py --split seen --type SUPERVISES --min 3 --all

For every gold act (a relation other than MEMBER_OF and LOCATED_IN) whose two ends the extractor finds
named in one sentence, the verbs of that sentence (jieba's dictionary tags ``v``/``vn``, as
renda/ingest/words.py cuts it) that stand between the two ends, or within ``REACH`` characters
before the first of them, outside every name the extractor found (建设 in 联络站建设 is no trigger), are
the act's trigger candidates, each counted once per act. Printed per
type of the gold act: each verb on at least ``--min`` acts, how many of those acts the extractor
found (most acts missed first), and whether a frame of that type lists it (a trigger holding the
verb, or the verb holding a trigger, counts as listed). The verbs no frame lists are the pass's work
list: each one added to frames.toml gets a positive and a negative invented test sentence.

The texts are read from the corpus cache, as eval/run.py reads them (see eval/corpus/README.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REACH = 8  # characters before the first end of an act within which a verb may state it
_SENTENCE = re.compile(r"[^。！？!?；;\n]+")


def listed(verb: str, triggers: set[str]) -> bool:
    """Whether a frame's triggers cover ``verb``: one of them holds it or it holds one."""
    return any(verb in t or t in verb for t in triggers)


def frame_triggers() -> dict[str, set[str]]:
    """Relation type -> every trigger word of its frames (``triggers``, ``after``, ``passive``…)."""
    from renda.ingest.frames import frames_data

    out: dict[str, set[str]] = defaultdict(set)
    for f in frames_data()["frame"]:
        for key, words in f.items():
            if key in ("triggers", "after", "passive", "passive_accepts", "agent_triggers"):
                out[f["type"]].update(words)
    return out


def mine(gold: list[dict], preds: list[dict], texts: list[str]) -> dict[str, dict[str, list[bool]]]:
    """type -> verb -> for each act the verb stands in, whether the extractor found that act."""
    import run  # eval/run.py: the scorer's matching and the acts' kind

    from renda.ingest.words import words

    sc = run._scorer()
    out: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for g, rec, text in zip(gold, preds, texts, strict=True):
        found, _ = run.relation_hits(sc, g, rec)
        spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
        named = sorted((m["start"], m["end"]) for e in rec["entities"] for m in e["mentions"])
        for rel, hit in zip(g["relations"], found, strict=True):
            if run.kind_of(rel["types"]) != "acts":
                continue
            ends = []
            for side in ("a", "b"):
                match = sc.matcher(rel[side])
                ends.append([m["start"] for e in rec["entities"] if match(e) for m in e["mentions"]])
            verbs: set[str] = set()
            for a, z in spans:
                xs = [p for p in ends[0] if a <= p < z]
                ys = [p for p in ends[1] if a <= p < z]
                if not xs or not ys:
                    continue
                lo, hi = min(min(xs), min(ys)), max(max(xs), max(ys))
                for s, e, tag in words(text[a:z]):
                    inside = any(x < a + e and a + s < y for x, y in named)  # a verb inside a name: no trigger
                    if tag in ("v", "vn") and e - s >= 2 and max(a, lo - REACH) <= a + s < hi and not inside:
                        verbs.add(text[a + s : a + e])
            for v in verbs:
                for t in rel["types"]:
                    out[t][v].append(bool(hit))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "seen"], default="seen", help="what development may use")
    ap.add_argument("--min", type=int, default=2, help="acts a verb must stand in to be printed (default 2)")
    ap.add_argument("--type", help="only this relation type (SUPERVISES, ESTABLISHED…)")
    ap.add_argument("--all", action="store_true", help="print the verbs a frame lists too")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT / "eval"))
    sys.path.insert(0, str(ROOT))
    import run

    from renda.ingest.extract import simplified
    from renda.text import strip_glosses

    gold = run.load_gold(a.split)
    if not gold:
        sys.exit(f"triggers: no {a.split} articles in {run.CORPUS}")
    preds = run.extract(gold)
    texts = [simplified(strip_glosses((run.cache_dir() / g["file"]).read_text(encoding="utf-8"))) for g in gold]
    by_type = mine(gold, preds, texts)
    have = frame_triggers()
    print(f"# eval/triggers.py --split {a.split} --min {a.min}: {len(gold)} articles")
    for t in sorted(by_type):
        if a.type and t != a.type:
            continue
        rows = [(v, hits) for v, hits in by_type[t].items() if len(hits) >= a.min]
        rows = [(v, h) for v, h in rows if a.all or not listed(v, have.get(t, set()))]
        if not rows:
            continue
        print(f"\n{t}: verb, acts it stands in, of those found, listed by a frame of the type")
        for v, hits in sorted(rows, key=lambda r: (-(len(r[1]) - sum(r[1])), -len(r[1]), r[0])):
            mark = "listed" if listed(v, have.get(t, set())) else "NOT LISTED"
            print(f"  {v:8} {len(hits):4d} {sum(hits):4d}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
