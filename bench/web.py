"""Benchmark: web input. Main-text and date quality on the invented page layouts, and pages per
second from a WARC with --jobs 1 and --jobs 2 against the same articles as plain text.

    .venv/bin/python bench/web.py [--pages 5000] [--quality 1000] [--seed 11] [--skip-speed]

Example:
    .venv/bin/python bench/web.py --pages 5000

The pages are INVENTED: bench/textgen.py's articles (local 人大 news over the real division
names) set in the six layouts of tests/fixtures/web/templates (gov-disclosure, an information
disclosure page, was written after the boilerplate rules and scored before any change to them:
a held-out layout) with menus, breadcrumbs, hot lists, related links, comments, sharing and
footers, in turn, each in its layout's encoding (GBK under a
GB2312 label, UTF-8, undeclared GB18030, Big5 in traditional script, characters Big5 lacks as
character references), with a title, a date where the layout states one (meta tags, a Chinese
dateline, the address) and the author line as the layout's byline. Also the six hand-written
fixture pages.

Quality, in this process: the share of pages whose main text (``read_page``) equals the body as
written, line for line (target >= 95%), and the share whose date is found and right (>= 95%),
each by layout; the boilerplate phrases found in any main text are listed.

Speed, each a whole process after one warm-up, best of --rounds: ``renda -q extract`` of a
gzipped WARC of --pages pages with --jobs 1 and --jobs 2, and of the same articles as one plain
text file; pages per second of each, and the ratio of 2 jobs to 1 on the WARC (target >= 1.7 on
a 2-core machine). Figures only: no figure is asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
import textgen  # noqa: E402  # bench/ is not a package: after the path is set

from renda.ingest.web.charset import decode_page  # noqa: E402
from renda.ingest.web.page import read_page  # noqa: E402
from renda.text import to_traditional  # noqa: E402
from tests.web_fixtures import Sample, render, samples, warc  # noqa: E402

LAYOUTS = {  # layout -> (encoding, how its date is stated)
    "county-table": ("gbk", "page"),
    "city-portal": ("utf-8", "dateline"),
    "rongmei-news": ("utf-8", "page"),
    "url-date-only": ("gb18030", "url"),
    "big5-repost": ("big5", "page"),
    "gov-disclosure": ("utf-8", "page"),  # written after the pruning rules were: a held-out layout
}
BOILERPLATE = (
    "首页", "当前位置", "您现在的位置", "相关文章", "相关新闻", "推荐阅读", "阅读排行", "网友", "留言", "评论",
    "版权所有", "版權所有", "ICP", "分享到", "打印本页", "友情链接", "延伸閱讀", "讀者回應",
)  # fmt: skip
QUALITY_TARGET, SPEED_TARGET = 0.95, 1.7


def page_samples(n: int, seed: int) -> list[Sample]:
    """``n`` invented articles as pages, the layouts in turn."""
    out = []
    layouts = list(LAYOUTS)
    for i, text in enumerate(textgen.iter_articles(n, seed)):
        lines = [line for line in text.splitlines() if line.strip()]
        author, body = lines[-1].replace(" ", ""), lines[:-1]
        layout = layouts[i % len(layouts)]
        encoding, how = LAYOUTS[layout]
        if layout == "big5-repost":
            body, author = [to_traditional(p) for p in body], to_traditional(author)
        title = body[0].split("，")[0].split("。")[0][:28]
        day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        url = f"http://www.site{i % 97}.example.cn/news/{day[:4]}{day[5:7]}/t{day.replace('-', '')}_{i}.html"
        if how != "url":
            url = f"http://www.site{i % 97}.example.cn/news/content_{i}.html"
        fields = {"site": "某某人大网", "source": "某某人大", "author": author, "title": title, "date": day, "url": url}
        fields["date_cn"] = f"{day[:4]}年{int(day[5:7])}月{int(day[8:])}日"
        out.append(Sample(f"page{i}", layout, encoding, url, "某某人大网", title, day, how, tuple(body), fields))
    return out


def encoded(s: Sample) -> bytes:
    """The page, its characters the encoding lacks as character references (as servers write them)."""
    try:
        return render(s)
    except UnicodeEncodeError:
        page = render(s, encoding="utf-8").decode("utf-8")
        return page.encode(s.encoding, errors="xmlcharrefreplace")


def quality(pages: list[Sample]) -> None:
    text_ok: Counter[str] = Counter()
    date_ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    leaked: Counter[str] = Counter()
    for s in pages:
        got = read_page(decode_page(encoded(s), None, s.name), s.url)
        total[s.template] += 1
        text_ok[s.template] += got.text == s.body
        date_ok[s.template] += (got.published, got.published_from) == (s.date, s.published_from)
        leaked.update(w for w in BOILERPLATE if w in got.text)
    n = sum(total.values())
    print(f"main text and date on {n} pages (target >= {QUALITY_TARGET:.0%} each)")
    print(f"  {'layout':<15} {'pages':>6} {'text = body':>12} {'date right':>11}")
    for layout in total:
        t = total[layout]
        print(f"  {layout:<15} {t:>6} {text_ok[layout] / t:>12.1%} {date_ok[layout] / t:>11.1%}")
    print(f"  {'all':<15} {n:>6} {sum(text_ok.values()) / n:>12.1%} {sum(date_ok.values()) / n:>11.1%}")
    print(f"  boilerplate phrases in any main text: {dict(leaked) or 'none'}")


def timed(cmd: list[str], rounds: int) -> tuple[float, float]:
    """The best wall time and the best CPU time (user + system, its workers included) of ``cmd``
    (stdout discarded) over ``rounds`` runs, after a warm-up. On a busy machine the wall time
    says more about the other work than about ``cmd``; the CPU time does not."""
    best, best_cpu = float("inf"), float("inf")
    for i in range(rounds + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if i:
            best, best_cpu = min(best, wall), min(best_cpu, cpu)
    return best, best_cpu


def speed(pages: list[Sample], rounds: int) -> None:
    renda = str(Path(sys.executable).parent / "renda")
    with tempfile.TemporaryDirectory(prefix="renda-bench-web-") as tmp:
        archive = Path(tmp) / "crawl.warc.gz"
        archive.write_bytes(warc(((s.url, encoded(s), None) for s in pages), noise=False))
        plain = Path(tmp) / "same.txt"  # the same articles: title, body, author line
        plain.write_text("".join(f"{s.title}\n{s.body}\n{s.fields['author']}\n" for s in pages), encoding="utf-8")
        mib = archive.stat().st_size / 2**20
        print(f"\n{len(pages)} pages: a {mib:.1f} MiB WARC, {plain.stat().st_size / 2**20:.1f} MiB as plain text")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        runs = {}
        for name, path in (("WARC", archive), ("plain text", plain)):
            for jobs in (1, 2):
                cmd = [renda, "-q", "extract", str(path), "--jobs", str(jobs)]
                runs[name, jobs] = wall, cpu = timed(cmd, rounds)
                print(
                    f"  {name:<11} --jobs {jobs}: {wall:7.1f} s wall {len(pages) / wall:6.1f} pages/s;"
                    f" {cpu:7.1f} s CPU, {1000 * cpu / len(pages):5.1f} ms a page"
                )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        ratio = runs["WARC", 1][0] / runs["WARC", 2][0]
        print(f"WARC, 2 jobs over 1 by wall time: {ratio:.2f}x (target >= {SPEED_TARGET}x on a quiet 2-core machine)")
        overhead = runs["WARC", 2][1] / runs["WARC", 1][1]
        print(f"WARC, CPU time of 2 jobs over 1 job's (the hand-over's cost): {overhead:.2f}")
        print(f"WARC over plain text, 1 job, CPU time: {runs['WARC', 1][1] / runs['plain text', 1][1]:.2f}x")
        print("commands: " + " | ".join(f"{renda} -q extract {p} --jobs N" for p in ("crawl.warc.gz", "same.txt")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=5000, help="pages in the WARC timed (default 5000)")
    ap.add_argument("--quality", type=int, default=1000, help="invented pages scored for text and date")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--skip-speed", action="store_true")
    a = ap.parse_args()
    fixtures = samples()
    print(
        "hand-written fixture pages: text = body",
        sum(read_page(decode_page(render(s), None, s.name), s.url).text == s.body for s in fixtures),
        "of",
        len(fixtures),
    )
    quality(page_samples(a.quality, a.seed))
    if not a.skip_speed:
        speed(page_samples(a.pages, a.seed + 1), a.rounds)


if __name__ == "__main__":
    main()
