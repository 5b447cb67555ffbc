"""Benchmark: `renda extract` against jieba's default cut, each a whole process, on varied text.

    .venv/bin/python bench/extract.py [--mb 2] [--rounds 3] [--seed 7] [--corpus DIR] [--keep FILE] [--profile N]

Example:
    .venv/bin/python bench/extract.py --mb 2 --rounds 3 --profile 25

The text is INVENTED (bench/textgen.py): local 人大 news made up from templates over the
real division names shipped with the package, every article different (fixed --seed), about
--mb MiB of UTF-8; or, with --corpus DIR, the .txt files under DIR (for instance a local cache
of real articles kept outside the repository), up to --mb MiB if given. It is written to a
temporary file and read, as a separate process each, by:

  renda     `.venv/bin/renda -q extract FILE --format jsonl > /dev/null` (--jobs: every core)
  renda -j1 the same with --jobs 1: one process, like jieba's cut
  jieba     a `python -c` process that runs `jieba.lcut(line)` (default cut: accurate mode,
            HMM on) on each line of FILE, its dictionary load included as renda's start-up is
  no-jieba  renda's extraction with jieba out of it: renda.ingest.words.words replaced, in
            that process only, by "every character a noun", so jieba is never loaded or run
            (the name checks of renda/ingest/words.py find nothing to cut): what jieba costs
            renda (the output differs; it is timed, not compared)

after one untimed warm-up of each on a one-article file (page cache, jieba's dictionary
cache, Python's compiled modules: warm-ups run with PYTHONDONTWRITEBYTECODE unset, so renda's
modules are then read compiled, as an installed package's are, not compiled from source in every
process where the environment sets it). Each runs --rounds times, the order rotating every
round, and each round also runs each on the one-article file: its start-up. Per process: wall
time, CPU time (user + system) and peak RSS of the command alone (RUSAGE_CHILDREN in a small
wrapper process: see run()).
Printed: MiB/s of each (best wall time, best CPU time: the machine's other work only ever
slows a run down; CPU time is the steadier figure on a busy machine), the ratio renda/jieba
(target >= 1.5) by wall and by CPU time, and by CPU time after start-up, renda's peak memory
(target < 500 MiB), the load average before and after, and every command line.

--analyse adds the start-up's parts (importing renda and loading the gazetteer; renda's word
lexicon; jieba's default dictionary), each timed as a whole process, and, in this process
over the same articles, extract_article's time with and without jieba (as no-jieba);
--profile N adds a cProfile of renda.ingest.extract.extract_article: own time by module, the
share of renda/ingest/words.py, and the N costliest functions. Figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textgen  # noqa: E402  # bench/ is not a package: after the path is set

from renda.ingest.parallel import default_jobs  # noqa: E402

RENDA_TARGET = 1.5  # renda's speed over jieba's default cut, at least
MEMORY_TARGET = 500  # MiB of peak RSS, below

JIEBA_CODE = """\
import sys, logging, jieba
jieba.setLogLevel(logging.WARNING)
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        n += len(jieba.lcut(line))
print(n)
"""

NO_JIEBA_CODE = """\
import sys
import renda.ingest.words
renda.ingest.words.words = lambda text: [(i, i + 1, "n") for i in range(len(text))]
from renda.cli import main
sys.argv = ["renda", "-q", "extract", sys.argv[1], "--format", "jsonl"]
main()
"""


@dataclass
class Run:
    """One whole process: wall and CPU seconds, peak RSS in MiB."""

    wall: float
    cpu: float
    rss: float


# Linux counts the spawning process's resident set into a child's peak RSS (the child starts
# from the parent's memory image, even through vfork, and exec keeps that high-water mark), and
# this process holds the gazetteer and the text. So each command runs under this small wrapper,
# which times it and reads its peak from RUSAGE_CHILDREN: a grandchild's peak is its own.
MEASURE_CODE = """\
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump([wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024], f)
sys.exit(rc)
"""


def run(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` with stdout to /dev/null (in ``env``, this process's environment by default); its
    wall time, CPU time (user + system) and peak RSS.

    Raises SystemExit with the command's stderr if it fails."""
    with tempfile.TemporaryDirectory(prefix="renda-bench-run-") as tmp:
        res, err = os.path.join(tmp, "rusage.json"), os.path.join(tmp, "stderr")
        with open(err, "wb") as errf:  # a file, not a pipe: a chatty child never blocks
            rc = subprocess.call([sys.executable, "-c", MEASURE_CODE, res, *cmd], stderr=errf, env=env)
        if rc:
            raise SystemExit(f"{shlex.join(cmd)} failed ({rc}):\n{Path(err).read_text('utf-8', 'replace')}")
        wall, cpu, rss = json.loads(Path(res).read_text())
    return Run(wall, cpu, rss)


def warm_env() -> dict[str, str]:
    """This process's environment without PYTHONDONTWRITEBYTECODE: a warm-up run in it leaves the
    modules it imports compiled (__pycache__), for the timed runs to read."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def build_text(a: argparse.Namespace) -> tuple[str, str]:
    """The benchmark text and a line saying what it is."""
    if a.corpus:
        files = sorted(Path(a.corpus).rglob("*.txt"))
        if not files:
            raise SystemExit(f"no .txt files under {a.corpus}")
        parts, size = [], 0
        for f in files:
            if a.mb is not None and size >= a.mb * 2**20:
                break
            t = f.read_text("utf-8")
            parts.append(t if t.endswith("\n") else t + "\n")
            size += len(parts[-1].encode("utf-8"))
        return "".join(parts), f"{len(parts)} files from --corpus"
    text, n = textgen.corpus(a.mb if a.mb is not None else 2.0, a.seed)
    return text, f"invented, {n} articles (bench/textgen.py, seed {a.seed})"


def commands(path: str) -> dict[str, list[str]]:
    """The command line of each contender, reading ``path``."""
    venv = Path(sys.executable).parent  # not resolved: the venv's python is a symlink
    renda = venv / "renda"
    return {
        "renda extract": [str(renda), "-q", "extract", path, "--format", "jsonl"],
        "renda extract -j1": [str(renda), "-q", "extract", path, "--format", "jsonl", "--jobs", "1"],
        "jieba.lcut (HMM on)": [sys.executable, "-c", JIEBA_CODE, path],
        "renda, no jieba": [sys.executable, "-c", NO_JIEBA_CODE, path],
    }


def time_all(cmds: dict[str, list[str]], tiny: dict[str, list[str]], rounds: int) -> dict[str, list[Run]]:
    """Each command ``rounds`` times, the order rotating each round, after one untimed warm-up
    each; every round also runs each on the one-article file (``tiny``: start-up, keyed
    "NAME start-up")."""
    for cmd in tiny.values():
        run(cmd, warm_env())
    names = list(cmds)
    runs: dict[str, list[Run]] = {k: [] for n in names for k in (n, n + " start-up")}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        line = []
        for n in order:
            x = run(cmds[n])
            runs[n].append(x)
            runs[n + " start-up"].append(run(tiny[n]))
            line.append(f"{n} {x.wall:.2f} s ({x.cpu:.2f} s CPU, {x.rss:.0f} MiB)")
        print(f"round {r + 1}: " + " | ".join(line), flush=True)
    return runs


def report(runs: dict[str, list[Run]], mib: float) -> None:
    """The table of rates, the ratio renda/jieba and renda's peak memory."""
    print(f"\n{'':24}{'best wall':>10}{'median':>9}{'CPU':>8}{'MiB/s':>8}{'MiB/s CPU':>11}{'peak RSS':>10}", end="")
    print(f"{'start-up CPU':>14}{'MiB/s CPU after it':>20}")
    rate: dict[str, tuple[float, float, float]] = {}  # by wall, by CPU, by CPU after start-up
    for n, xs in runs.items():
        if n.endswith(" start-up"):
            continue
        best, cpu = min(x.wall for x in xs), min(x.cpu for x in xs)
        med, rss = statistics.median(x.wall for x in xs), max(x.rss for x in xs)
        up = min(x.cpu for x in runs[n + " start-up"])
        rate[n] = (mib / best, mib / cpu, mib / max(cpu - up, 1e-9))
        print(
            f"{n:24}{best:>9.2f}s{med:>8.2f}s{cpu:>7.2f}s{rate[n][0]:>8.2f}{rate[n][1]:>11.2f}{rss:>7.0f} MiB", end=""
        )
        print(f"{up:>13.2f}s{rate[n][2]:>20.2f}")
    j = rate["jieba.lcut (HMM on)"]
    for n in ("renda extract", "renda extract -j1"):
        by = [a / b for a, b in zip(rate[n], j, strict=True)]
        ok = "met" if by[0] >= RENDA_TARGET else "NOT met"
        print(f"ratio {n}/jieba, whole processes: {by[0]:.2f} by wall time (target >= {RENDA_TARGET}: {ok}),", end="")
        print(f" {by[1]:.2f} by CPU time; after start-up, by CPU time: {by[2]:.2f}")
    print(f"(renda extract uses --jobs {default_jobs()}, the cores here; jieba's default cut uses one)")
    peak = max(x.rss for n in ("renda extract", "renda extract -j1") for x in runs[n])
    ok = "met" if peak < MEMORY_TARGET else "NOT met"
    print(f"renda peak memory: {peak:.0f} MiB, the largest of its rounds (target < {MEMORY_TARGET} MiB: {ok})")


STARTUP_PARTS = {
    "python itself": "pass",
    "import renda's extractor, load the gazetteer and villages": "from renda.ingest.extract import extract_article\n"
    "from renda.ingest.gazetteer import gazetteer\ngazetteer().villages('110101001')",
    "renda's word lexicon, jieba's dictionary as a trie (its first words() call)": "from renda.ingest import words\n"
    "words.words('测试')",
    "jieba's default dictionary (jieba.initialize)": "import logging, jieba\njieba.setLogLevel(logging.WARNING)\n"
    "jieba.initialize()",
}


def startup_parts() -> None:
    """The CPU time and peak RSS of each part of the start-up, as a whole process (best of 2)."""
    print("\n# start-up parts, each a whole process (best of 2)")
    for what, code in STARTUP_PARTS.items():
        xs = [run([sys.executable, "-c", code], env) for env in (warm_env(), None)]
        print(f"{min(x.cpu for x in xs):6.2f} s CPU {min(x.wall for x in xs):6.2f} s wall {xs[0].rss:5.0f} MiB  {what}")


def analyse(text: str, top: int) -> None:
    """In this process, over the articles of ``text``: extract_article's time with and without
    jieba (as in the no-jieba process), and unless ``top`` is 0 a cProfile of it: own time by
    module, the share of renda/ingest/words.py, extract_article's steps, the ``top`` costliest
    functions."""
    import cProfile
    import pstats

    from renda.ingest import words
    from renda.ingest.extract import extract_article
    from renda.ingest.gazetteer import gazetteer
    from renda.ingest.reader import split_articles

    def clock(f: Callable[[], object]) -> tuple[float, float]:
        t, c = time.perf_counter(), time.process_time()
        f()
        return time.perf_counter() - t, time.process_time() - c

    def extract_all() -> None:
        for art in arts:
            extract_article(art)

    arts = split_articles(text, "bench")
    print(f"\n# in this process: the {len(arts)} articles renda's reader splits the text into")
    gazetteer().villages("110101001")
    words.words("测试")  # jieba's dictionaries: start-up, timed apart (STARTUP_PARTS)
    first = clock(extract_all)
    keep = words.words
    words.words = lambda text: [(i, i + 1, "n") for i in range(len(text))]
    try:
        off = clock(extract_all)
    finally:
        words.words = keep
    on = min(first, clock(extract_all))  # on, off, on: caches warm for both
    print(f"extract_article, all articles: {on[0]:.2f} s, {on[1]:.2f} s CPU; without jieba: {off[0]:.2f} s, ", end="")
    print(f"{off[1]:.2f} s CPU: jieba's share {1 - off[1] / on[1]:.0%} of CPU")
    if not top:
        return
    prof = cProfile.Profile()
    prof.enable()
    extract_all()
    prof.disable()
    st = pstats.Stats(prof)
    stats = st.stats  # type: ignore[attr-defined]  # pstats keeps its table in an undocumented attribute
    total = sum(v[2] for v in stats.values())  # own time over every function: the profiled time
    print(f"\n# cProfile: extract_article over {len(arts)} articles, {total:.2f} s under the profiler")
    by_module: dict[str, float] = {}
    for (file, _, _), v in stats.items():
        by_module[_module(file)] = by_module.get(_module(file), 0.0) + v[2]
    print("own time by module (~: builtins and C methods, called from anywhere):")
    for key, t in sorted(by_module.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {t:7.2f} s {t / total:6.1%}  {key}")
    ws = sum(  # every call into renda/ingest/words.py from outside it, inclusive (jieba's segmentation)
        ct
        for (f, _, _), v in stats.items()
        if f.endswith("ingest/words.py")
        for (cf, _, _), (_, _, _, ct) in v[4].items()
        if not cf.endswith("ingest/words.py")
    )
    print(f"renda/ingest/words.py, inclusive of jieba's segmentation: {ws:.2f} s, {ws / total:.1%}")
    top_fn = next(k for k in stats if k[2] == "extract_article" and k[0].endswith("ingest/extract.py"))
    steps = [(v[4][top_fn][3], k) for k, v in stats.items() if top_fn in v[4]]  # v[4]: callers
    print("extract_article's direct calls, inclusive time:")
    for t, (f, line, fn) in sorted(steps, reverse=True)[:12]:
        print(f"  {t:7.2f} s {t / total:6.1%}  {fn} ({_module(f)}:{line})")
    print(f"\n{top} costliest functions by own time:")
    st.sort_stats("tottime").print_stats(top)


def _module(file: str) -> str:
    """A short name for a profiled function's file: renda/…, jieba, re, a builtin…"""
    f = Path(file).as_posix()
    for mark in ("/renda/", "/site-packages/"):
        if mark in f:
            rest = f.split(mark, 1)[1]
            return ("renda/" + rest) if mark == "/renda/" else rest.split("/", 1)[0]
    return f if f.startswith("~") else Path(f).name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=None, help="MiB of text (default 2; with --corpus: all its files)")
    ap.add_argument("--rounds", "--repeat", type=int, default=3, help="timed runs of each process (0: none)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the invented text")
    ap.add_argument("--corpus", metavar="DIR", help="read the .txt files under DIR instead of inventing text")
    ap.add_argument("--keep", metavar="FILE", help="write the text to FILE and keep it (default: a temporary file)")
    ap.add_argument("--no-jieba-run", dest="no_jieba", action="store_false", help="skip the no-jieba process")
    ap.add_argument("--analyse", action="store_true", help="time start-up and jieba's share in this process")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="--analyse, and cProfile: N functions")
    a = ap.parse_args()

    print("# " + shlex.join([Path(sys.executable).as_posix(), *sys.argv]))
    text, what = build_text(a)
    mib = len(text.encode("utf-8")) / 2**20
    print(f"text: {what}; {mib:.2f} MiB UTF-8, {len(text)} characters, {text.count(chr(10))} lines")
    with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp:
        path = a.keep or os.path.join(tmp, "corpus.txt")
        Path(path).write_text(text, "utf-8")
        tiny_path = os.path.join(tmp, "one-article.txt")
        Path(tiny_path).write_text(textgen.articles(1, a.seed + 1)[0], "utf-8")
        cmds, tiny = commands(path), commands(tiny_path)
        if not a.no_jieba:
            del cmds["renda, no jieba"], tiny["renda, no jieba"]
        for n, cmd in cmds.items():
            print(f"{n}: {shlex.join(cmd)}" + (" > /dev/null" if n == "renda extract" else ""))
        if a.rounds > 0:
            if os.environ.get("PYTHONDONTWRITEBYTECODE"):
                print("PYTHONDONTWRITEBYTECODE is set here: the warm-up runs without it, to compile the modules once")
            print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
            runs = time_all(cmds, tiny, a.rounds)
            print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
            report(runs, mib)
    if a.analyse or a.profile:
        startup_parts()
        analyse(text, a.profile)


if __name__ == "__main__":
    main()
