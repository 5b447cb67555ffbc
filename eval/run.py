#!/usr/bin/env python3
"""Score the extractor on the annotated corpus of real articles (eval/corpus/), one split at a time.

    .venv/bin/python eval/run.py --split dev                      # figures, as score.py and relrecall.py give them
    .venv/bin/python eval/run.py --split dev --misses             # ... and every miss and extra, per article
    .venv/bin/python eval/run.py --split dev --confidence renda/ingest/data/confidence.json
    .venv/bin/python eval/run.py --split seen --home-weights renda/ingest/data/home_weights.json  # fit the home
                                                  # ranking (ingest/home_rank.py), leave-one-batch-out figures
    .venv/bin/python eval/run.py --split test --acts acts.jsonl   # every emitted act, to judge by hand
    .venv/bin/python eval/run.py --split seen --judged eval/corpus/judged-I.jsonl --leave-one-out 0,0.2,0.5  # a floor's
                                                  # worth on text its table was not measured on (name every judged file)

The gold (batch-*.json, frozen: see each .sha256) holds facts about each article: its URL, title, names and
relations. The article texts are third-party and never enter the repository: they are read from a cache
folder (RENDA_CORPUS_CACHE, default ~/.cache/renda-corpus/<id>.txt; eval/corpus/README.md says how it is
filled). The split is fixed by the article id (a quarter of the ids are test), so nobody chooses it.

Each article is extracted alone (the whole cached text is one article) and scored alone with the shared
scorer's own matching (../shared/eval/score.py), and the tallies are added up: the same figures as score.py
and relrecall.py, without their alignment of records by author.

``--confidence`` writes the measured precision of every rule on the split: an emitted relation is correct when
it matches a gold relation of its article (one of the gold's types, both endpoints matched, either direction);
a body's LOCATED_IN its own area (implied by its id, so the gold does not list it) is correct when the body is
in the gold.
Gold lists what a careful analyst wants, so this is a lower bound on precision; rules are pooled into their
frame (the part before ``@``) and their type where they have few edges (see renda/ingest/confidence.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
TEST_SHARE = 4  # one article in four (by id) is test


def split_of(article_id: str) -> str:
    """``test`` for a quarter of the ids, ``dev`` for the rest: fixed by the id alone.

    >>> split_of("0000000000000000"), split_of("0000000100000000")
    ('test', 'dev')
    """
    return "test" if int(article_id[:8], 16) % TEST_SHARE == 0 else "dev"


def cache_dir() -> Path:
    """Where the article texts are kept (outside the repository)."""
    return Path(os.environ.get("RENDA_CORPUS_CACHE", "~/.cache/renda-corpus")).expanduser()


def _batch_names(batches: str) -> set[str]:
    """The batch names ``--batches`` asks for: comma-separated names (``AA,AB``: sets past Z have two
    letters), else one letter each (``XY``: X and Y).

    >>> sorted(_batch_names("XY")), sorted(_batch_names("AA,Z"))
    (['X', 'Y'], ['AA', 'Z'])
    """
    return {b.strip() for b in batches.split(",") if b.strip()} if "," in batches else set(batches)


def load_gold(split: str, batches: str = "") -> list[dict]:
    """The gold articles of ``split`` in batch and file order: ``dev``, ``test`` or ``all`` of the
    batch-*.json files, ``heldout`` (every article of the heldout-*.json files: a fresh set annotated
    after development began, scored once), or ``seen``: every batch file and the held-out sets already
    scored (their letters in ``SEEN``), the corpus development may use; ``batches`` (letters, e.g. ``G``)
    keeps only those files."""
    out = []
    pattern = {"heldout": "heldout-*.json", "seen": "*-*.json"}.get(split, "batch-*.json")
    seen = set((CORPUS / "SEEN").read_text().split()) if split == "seen" else set()
    for path in sorted(CORPUS.glob(pattern)):
        letter = path.stem.rsplit("-", 1)[-1]
        if batches and letter not in _batch_names(batches):
            continue
        if split == "seen" and path.stem.startswith("heldout-") and letter not in seen:
            continue  # a held-out set not yet scored: never developed on
        frozen = path.with_name(path.name + ".sha256")
        if frozen.exists():
            want = frozen.read_text().split()[0]
            got = hashlib.sha256(path.read_bytes()).hexdigest()
            if want != got:
                print(f"eval: {path.name} changed after it was frozen ({got[:12]} != {want[:12]})", file=sys.stderr)
        for art in json.loads(path.read_text(encoding="utf-8"))["articles"]:
            art.setdefault("Group", {"required": [], "optional": []})
            art["batch"] = letter
            if split in ("all", "heldout", "seen") or split_of(art["id"]) == split:
                out.append(art)
    return out


def extract(
    gold: list[dict], floor: float | None = None, urls: bool = True, evidence: list | None = None
) -> list[dict]:
    """``renda extract`` records for each gold article's cached text (one article per text), with the
    article's address as a web record carries it (``urls`` False: the text alone, as a text file);
    each article's home evidence (``home_rank.Evidence``) appended to ``evidence`` when given."""
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import Article, split_articles
    from renda.text import strip_glosses

    missing = [g["file"] for g in gold if not (cache_dir() / g["file"]).exists()]
    if missing:
        sys.exit(f"eval: {len(missing)} texts are not in {cache_dir()} (e.g. {missing[0]}): see eval/corpus/README.md")
    preds = []
    for g in gold:
        text = strip_glosses((cache_dir() / g["file"]).read_text(encoding="utf-8"))  # as the reader does
        split = split_articles(text, g["file"])  # the reader's bylines give the authors; the text stays whole
        authors = list(dict.fromkeys(a for x in split for a in x.authors))
        title = split[0].title if split else ""
        art = Article(
            text=text,
            path=g["file"],
            index=0,
            authors=authors,
            title=title,
            area=g.get("hint_area"),
            url=g.get("url", "") if urls else "",
        )
        done = extract_article(art) if floor is None else extract_article(art, floor=floor)
        if evidence is not None:
            evidence.append(done.home_evidence)
        preds.append(done.as_json())
    return preds


def home_weights(gold: list[dict], evidence: list, out: Path, source: str) -> dict:
    """Fit the home ranking's weights (renda/ingest/home_rank.py) on the articles whose annotated home is
    among their candidates, write them to ``out`` with what they do: the home right by the rules, by the
    ranking in sample, and by the ranking of each batch with weights fitted on the other batches only
    (leave one batch out: what a fresh set meets). Returns those figures."""
    from tqdm import tqdm

    from renda.ingest import home_rank

    each: list[tuple[list[dict[str, float]], int] | None] = []  # an article's example, made once for every fit
    for ev, g in zip(evidence, gold, strict=True):
        cands = home_rank.candidates(ev) if ev else []
        want = g.get("home_area")
        each.append(([home_rank.features(ev, c) for c in cands], cands.index(want)) if want in cands else None)

    def examples(idx: list[int]) -> list[tuple[list[dict[str, float]], int]]:
        return [x for i in idx if (x := each[i]) is not None]

    def right(idx: list[int], weights: dict[str, float]) -> int:
        return sum(
            bool(evidence[i]) and home_rank.rank(evidence[i], weights).code == gold[i].get("home_area") for i in idx
        )

    every = list(range(len(gold)))
    weights = home_rank.fit(examples(every))
    batches: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        batches.setdefault(g.get("batch", "?"), []).append(i)
    held = 0
    for letter, idx in tqdm(sorted(batches.items()), desc="leave one batch out", unit="batch", file=sys.stderr):
        rest = [i for i in every if gold[i].get("batch", "?") != letter]
        held += right(idx, home_rank.fit(examples(rest)))
    covered = sum(x is not None for x in each)
    measured = {
        "articles": len(gold),
        "batches": len(batches),
        "home_among_candidates": covered,
        "right_by_rules": sum(
            bool(e) and e.rules.code == g.get("home_area") for g, e in zip(gold, evidence, strict=True)
        ),
        "right_ranked_in_sample": right(every, weights),
        "right_ranked_leave_one_batch_out": held,
    }
    home_rank.write_weights(out, weights, source, measured)
    return measured


def seed_articles(floor: float | None = None) -> tuple[list[dict], list[dict]]:
    """The project's seed articles (``../shared/seeds``, never copied here) with their gold
    (``../shared/eval/seed-gold.json``): each file read as ``renda extract`` reads it (the reader splits a
    compilation into its articles), each article extracted alone and paired with its gold by author, as
    score.py pairs them. Returns (gold, records) in gold order; gold ids are ``seed-<n>``, batch ``seed``.
    Both lists are empty when the seeds are not there."""
    from renda.ingest.extract import extract_article
    from renda.ingest.reader import split_articles
    from renda.text import strip_glosses

    gold_path, seeds = SHARED_EVAL / "seed-gold.json", SHARED_EVAL.parent / "seeds"
    if not gold_path.exists() or not seeds.is_dir():
        return [], []
    preds = []
    for path in sorted(seeds.glob("*.txt")):
        for art in split_articles(strip_glosses(path.read_text(encoding="utf-8")), path.name):
            preds.append((extract_article(art) if floor is None else extract_article(art, floor=floor)).as_json())
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    pairs = _scorer().align(gold, preds)
    out_gold = []
    for i, (g, _) in enumerate(pairs):
        g = dict(g, id=f"seed-{i}", batch="seed", file="")
        g.setdefault("Group", {"required": [], "optional": []})
        out_gold.append(g)
    return out_gold, [rec for _, rec in pairs]


def _scorer():
    sys.path.insert(0, str(SHARED_EVAL))
    import score  # the shared scorer: its matching is the evaluation's

    return score


def relation_hits(sc, g: dict, rec: dict) -> tuple[list[bool], list[tuple[dict, bool]]]:
    """Which gold relations ``rec`` finds, and for each emitted relation whether it matches a gold one."""
    index = {e.get("id"): e for e in rec.get("entities") or []}
    matchers = [(rel, sc.matcher(rel["a"]), sc.matcher(rel["b"])) for rel in g["relations"]]

    def matches(r: dict, rel: dict, ma, mb) -> bool:
        s, o = index.get(r.get("source")), index.get(r.get("target"))
        return bool(r.get("type") in rel["types"] and s and o and ((ma(s) and mb(o)) or (mb(s) and ma(o))))

    found = [any(matches(r, rel, ma, mb) for r in rec.get("relations") or []) for rel, ma, mb in matchers]
    gold_bodies = g["bodies"]["required"] + g["bodies"]["optional"]

    def right(r: dict) -> bool:
        src = index.get(r.get("source")) or {}
        if r.get("type") == "LOCATED_IN" and src.get("label") == "Body":  # implied by the body's id: right
            return any(sc.body_match(src, k, c) for k, c in gold_bodies)  # when the body is
        return any(matches(r, rel, ma, mb) for rel, ma, mb in matchers)

    emitted = [(r, right(r)) for r in rec.get("relations") or []]
    return found, emitted


def kind_of(types: list[str]) -> str:
    """``MEMBER_OF``, ``LOCATED_IN`` or ``acts`` (everything else), as relrecall.py counts them."""
    return "MEMBER_OF" if "MEMBER_OF" in types else "LOCATED_IN" if "LOCATED_IN" in types else "acts"


def load_judged(paths: list[str]) -> dict[tuple[str, str, str, str], bool]:
    """Hand judgements of emitted relations (JSONL: ``article``, ``type``, ``ids`` [source, target],
    ``judgement``: correct, wrong_entity, wrong_type or unsupported): (article, type, source, target) ->
    whether it was judged correct."""
    out = {}
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                out[(d["article"], d["type"], *d["ids"])] = d["judgement"] == "correct"
    return out


def evaluate(gold: list[dict], preds: list[dict], judged: dict | None = None) -> dict:
    """Entity rows as score.py gives them, relation recall as relrecall.py gives it, per-rule precision
    (a relation judged by hand counts as judged, any other as whether it matches the gold), and the
    share of articles whose home area is the gold's."""
    judged = judged or {}
    sc = _scorer()
    tallies: dict[str, object] = {}
    found, total = Counter(), Counter()
    per_rule: dict[str, Counter] = {}
    per_type: dict[str, Counter] = {}
    buckets: dict[float, Counter] = {}
    home_ok = home_any = 0
    misses: list[str] = []
    for g, rec in zip(gold, preds, strict=True):
        res = sc.score({"articles": [g]}, [rec])
        for k, row in res["rows"].items():
            t = tallies.setdefault(k, Counter())
            t.update({"tp": row["tp"], "fp": row["fp"], "fn": row["fn"]})  # type: ignore[union-attr]
        for kind in ("misses", "extras"):
            for label, items in res[kind].items():
                tag = "miss" if kind == "misses" else "extra"
                misses.extend(f"{tag:5} {label:9} {g['id']} {i.split(': ', 1)[-1]}" for i in items)
        hits, emitted = relation_hits(sc, g, rec)
        for rel, hit in zip(g["relations"], hits, strict=True):
            k = kind_of(rel["types"])
            total[k] += 1
            found[k] += hit
            total["type:" + rel["types"][0]] += 1
            found["type:" + rel["types"][0]] += hit
        for r, ok in emitted:
            ok = judged.get((g["id"], r["type"], r["source"], r["target"]), ok)
            for c in (per_rule.setdefault(r.get("rule") or "?", Counter()), per_type.setdefault(r["type"], Counter())):
                c["n"] += 1
                c["correct"] += ok
            if r.get("confidence") is not None:  # calibration: tenths of confidence
                b = buckets.setdefault(min(int(r["confidence"] * 10), 9) / 10, Counter())
                b["n"] += 1
                b["correct"] += ok
        home = (rec.get("source") or {}).get("home_area")
        if g.get("home_area"):
            home_any += 1
            home_ok += str(home or "") == g["home_area"]
            if str(home or "") != g["home_area"]:
                why = (rec.get("source") or {}).get("home_area_rule") or "-"
                misses.append(f"home  {'':9} {g['id']} gold {g['home_area']} got {home or '-'} ({why})")
    rows = {}
    for k, t in tallies.items():
        tp, fp, fn = t["tp"], t["fp"], t["fn"]  # type: ignore[index]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        rows[k] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        }

    def rr(keys: list[str]) -> list:
        n, f = sum(total[k] for k in keys), sum(found[k] for k in keys)
        return [f, n, round(f / n, 3) if n else 0.0]

    recall = {
        "all": rr(["MEMBER_OF", "LOCATED_IN", "acts"]),
        "acts": rr(["acts"]),
        "MEMBER_OF": rr(["MEMBER_OF"]),
        "LOCATED_IN": rr(["LOCATED_IN"]),
    }
    recall.update({k: rr([k]) for k in sorted(total) if k.startswith("type:")})
    return {
        "articles": len(gold),
        "rows": rows,
        "relation_recall": recall,
        "home_area": [home_ok, home_any],
        "rules": {k: dict(v) for k, v in sorted(per_rule.items())},
        "types": {k: dict(v) for k, v in sorted(per_type.items())},
        "calibration": {f"{k:.1f}-{k + 0.1:.1f}": dict(v) for k, v in sorted(buckets.items())},
        "misses": misses,
    }


def leave_one_out(gold: list[dict], preds: list[dict], judged: dict, floors: list[float]) -> list[dict]:
    """For each floor: the acts kept and right, the recall of acts, and the calibration of the acts kept
    (their confidence by tenths, right/kept), when each batch's relations are kept or left out and rated by
    a confidence table measured on the other batches only (as a fresh set meets a table measured without
    it). A relation judged by hand counts as judged, any other as the gold says."""
    from renda.ingest.confidence import confidence, make_table, switched_off

    sc = _scorer()
    per_article = []
    for g, rec in zip(gold, preds, strict=True):
        _, emitted = relation_hits(sc, g, rec)
        per_article.append([(r, judged.get((g["id"], r["type"], r["source"], r["target"]), ok)) for r, ok in emitted])
    out = []
    for floor in floors:
        kept = right = found = total = 0
        buckets: dict[float, Counter] = {}  # calibration of the acts kept: confidence from the other batches
        for batch in sorted({g["batch"] for g in gold}):
            rules: dict[str, Counter] = {}
            types: dict[str, Counter] = {}
            for g, rels in zip(gold, per_article, strict=True):
                if g["batch"] != batch:
                    for r, ok in rels:
                        for c in (
                            rules.setdefault(r.get("rule") or "?", Counter()),
                            types.setdefault(r["type"], Counter()),
                        ):
                            c["n"] += 1
                            c["correct"] += ok
            tab = make_table(rules, types, f"all batches but {batch}")
            for g, rec, rels in zip(gold, preds, per_article, strict=True):
                if g["batch"] != batch:
                    continue
                on = [r for r, _ in rels if not switched_off(r.get("rule"), r["type"], floor, tab)]
                for r, ok in rels:
                    if kind_of([r["type"]]) == "acts" and r in on:
                        kept += 1
                        right += ok
                        sure = confidence(r.get("rule"), r["type"], tab)
                        if sure is not None:
                            b = buckets.setdefault(min(int(sure[0] * 10), 9) / 10, Counter())
                            b["n"] += 1
                            b["correct"] += ok
                hits, _ = relation_hits(sc, g, {**rec, "relations": on})
                for rel, hit in zip(g["relations"], hits, strict=True):
                    if kind_of(rel["types"]) == "acts":
                        total += 1
                        found += hit
        calibration = {f"{k:.1f}-{k + 0.1:.1f}": dict(v) for k, v in sorted(buckets.items())}
        out.append(
            {"floor": floor, "kept": kept, "right": right, "found": found, "total": total, "calibration": calibration}
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "all", "heldout", "seen"], default="dev")
    ap.add_argument("--batches", default="", metavar="LETTERS", help="only these batch files (G, XY; AA,AB past Z)")
    ap.add_argument("--misses", action="store_true", help="list every miss and extra")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--no-url", action="store_true", help="extract from the text alone, without the article's address")
    ap.add_argument("--confidence", metavar="OUT", help="write per-rule precision on this split (dev or seen)")
    ap.add_argument(
        "--seeds",
        action="store_true",
        help="add the project's seed articles (../shared/seeds, scored against ../shared/eval/seed-gold.json) "
        "to the split: the rules were written on them, so they belong to what development may use",
    )
    ap.add_argument(
        "--home-weights",
        metavar="OUT",
        help="fit the home ranking's weights on this split (dev or seen) and write them, with what they do",
    )
    ap.add_argument("--every-rule", action="store_true", help="keep the relations of rules switched off too")
    ap.add_argument(
        "--judged", action="append", default=[], metavar="JSONL", help="hand judgements of emitted relations"
    )
    ap.add_argument("--acts", metavar="OUT", help="write every emitted act (not MEMBER_OF/LOCATED_IN) as JSONL")
    ap.add_argument("--pred", metavar="OUT", help="write the extraction records as JSONL")
    ap.add_argument(
        "--leave-one-out",
        metavar="FLOORS",
        help="for each floor (e.g. 0,0.2,0.5): acts kept, right and found when each batch meets a confidence "
        "table measured on the other batches only",
    )
    a = ap.parse_args()
    gold = load_gold(a.split, a.batches)
    if not gold:
        sys.exit(f"eval: no {a.split} articles in {CORPUS}")
    every = a.confidence or a.every_rule or a.leave_one_out
    evidence: list = []
    preds = extract(gold, 0.0 if every else None, urls=not a.no_url, evidence=evidence)  # a rule off is measured
    if a.home_weights:
        if a.split not in ("dev", "seen") or a.seeds:
            sys.exit("eval: the home is fitted on what development may use: --split dev or seen (without --seeds)")
        source = f"eval/run.py --split {a.split}{' --no-url' if a.no_url else ''} --home-weights"
        measured = home_weights(gold, evidence, Path(a.home_weights), f"{source}: {len(gold)} articles")
        print(json.dumps(measured, indent=1))
        return 0
    if a.seeds:
        if a.split not in ("dev", "seen"):
            sys.exit("eval: the seed articles are development text: --seeds goes with --split dev or seen")
        seed_gold, seed_preds = seed_articles(0.0 if every else None)
        if not seed_gold:
            sys.exit(f"eval: --seeds: no seed articles or gold under {SHARED_EVAL.parent}")
        gold, preds = gold + seed_gold, preds + seed_preds
    res = evaluate(gold, preds, load_judged(a.judged))
    if a.pred:
        Path(a.pred).write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    if a.acts:
        with open(a.acts, "w", encoding="utf-8") as fh:
            for g, rec in zip(gold, preds, strict=True):
                names = {e["id"]: e["name"] for e in rec["entities"]}
                for r in rec["relations"]:
                    if r["type"] not in ("MEMBER_OF", "LOCATED_IN"):
                        fh.write(
                            json.dumps(
                                {
                                    "article": g["id"],
                                    "type": r["type"],
                                    "source": names.get(r["source"]),
                                    "target": names.get(r["target"]),
                                    "ids": [r["source"], r["target"]],
                                    "rule": r.get("rule"),
                                    "evidence": r["evidence"]["text"],
                                    "judgement": None,
                                },
                                ensure_ascii=False,
                            )
                            + "\n"
                        )
    if a.confidence:
        if a.split not in ("dev", "seen"):
            sys.exit("eval: confidence is measured on what development may use: --split dev or seen")
        from renda.ingest.confidence import write_table

        judged = " ".join(f"--judged {Path(j).as_posix()}" for j in a.judged)
        seeds = " --seeds" if a.seeds else ""
        source = f"eval/run.py --split {a.split}{seeds} {judged}".strip() + f": {len(gold)} articles"
        write_table(Path(a.confidence), res["rules"], res["types"], source)
    if a.leave_one_out:
        if a.split not in ("dev", "seen"):
            sys.exit("eval: tables are measured on what development may use: --split dev or seen")
        floors = [float(x) for x in a.leave_one_out.split(",")]
        for row in leave_one_out(gold, preds, load_judged(a.judged), floors):
            k, r, f, n = row["kept"], row["right"], row["found"], row["total"]
            share, recall = r / max(k, 1), f / max(n, 1)
            print(f"floor {row['floor']:<4}: acts kept {k}, right {r} ({share:.3f}); acts found {f}/{n} ({recall:.3f})")
            bands = ", ".join(f"{band} {c['correct']}/{c['n']}" for band, c in row["calibration"].items())
            print(f"  confidence (from the other batches) of the acts kept, right/kept: {bands}")
        return 0
    if a.json:
        print(json.dumps({k: v for k, v in res.items() if a.misses or k != "misses"}, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(gold)} {a.split} articles; home area right on {res['home_area'][0]} of {res['home_area'][1]}")
    print(f"{'':18} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6} {'f1':>6}")
    for k, r in res["rows"].items():
        print(f"{k:18} {r['tp']:4} {r['fp']:4} {r['fn']:4} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}")
    for k, (f, n, x) in res["relation_recall"].items():
        print(f"recall {k:33s} {f:3d}/{n:<3d} {x:.2f}")
    for rule, c in res["rules"].items():
        print(f"rule {rule:35s} {c['correct']:3d}/{c['n']:<3d} match gold")
    for band, c in res["calibration"].items():
        print(f"confidence {band}: {c['correct']:3d}/{c['n']:<3d} match gold")
    if a.misses:
        print("\n".join(res["misses"]))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
