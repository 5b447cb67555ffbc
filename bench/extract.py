"""Benchmark: extraction speed on a large corpus, against jieba's default segmentation.

    python bench/extract.py [--mb 2] [--repeat 3]

The corpus is the bundled sample articles repeated to at least --mb megabytes
(UTF-8). Prints characters per second for `renda extract` (gazetteer already
loaded), the gazetteer load time, peak memory, and in the same run jieba's
default word segmentation (`jieba.lcut`) of the same text as the reference rate
of the usual first step of a Chinese NLP pipeline. Each is timed --repeat times and
the best run counts (the machine's other work only ever slows a run down). Figures
only, no assertions.
"""

from __future__ import annotations

import argparse
import resource
import time
from importlib import resources


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    from renda.ingest.reader import split_articles

    seed = resources.files("renda.samples").joinpath("seed-articles.txt").read_text("utf-8")
    reps = int(a.mb * 1024 * 1024 / len(seed.encode("utf-8"))) + 1
    corpus = seed * reps
    articles = split_articles(corpus, "corpus")
    chars = sum(len(x.text) for x in articles)
    print(f"# python bench/extract.py --mb {a.mb} --repeat {a.repeat}")
    print(f"corpus: {len(corpus.encode('utf-8')) / 2**20:.1f} MiB, {chars} characters, {len(articles)} articles")

    t = time.perf_counter()
    from renda.ingest.gazetteer import gazetteer

    gaz = gazetteer()
    gaz.villages("110101001")
    load = time.perf_counter() - t
    from renda.ingest.extract import extract_article

    spent = float("inf")
    for _ in range(a.repeat):
        t = time.perf_counter()
        n_ent = 0
        for art in articles:
            n_ent += len(extract_article(art, gaz).entities)
        spent = min(spent, time.perf_counter() - t)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    jspent = float("inf")
    for _ in range(a.repeat):
        t = time.perf_counter()
        words = sum(len(jieba.lcut(x.text)) for x in articles)
        jspent = min(jspent, time.perf_counter() - t)

    print(f"{'':34}{'seconds':>9}{'chars/s':>12}")
    print(f"{'renda extract':34}{spent:>9.2f}{chars / spent:>12.0f}   ({n_ent} entities)")
    print(f"{'jieba.lcut (reference)':34}{jspent:>9.2f}{chars / jspent:>12.0f}   ({words} words)")
    print(f"ratio renda/jieba: {jspent / spent:.2f}")
    print(f"gazetteer load (divisions + villages): {load:.2f} s")
    print(f"peak memory (max RSS) after extraction, before jieba loads: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
