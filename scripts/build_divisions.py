"""Build renda/ingest/data/divisions.csv.gz and villages.tsv.gz from the china-division 2.7.0 CSV tables.

    python scripts/build_divisions.py ../shared/data/china-division-2.7.0

Province, city, county and township levels (about 45k rows) ship inside the
package as the Area source; villages (620k rows) load into stores from a path
at run time. The extractor also ships villages.tsv.gz: each township's village
names in the short form prose uses, to recognise villages named after their
township (no codes beyond the last three digits, which the township completes).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

TABLES = [
    ("provinces.csv", None),
    ("cities.csv", "provinceCode"),
    ("areas.csv", "cityCode"),
    ("streets.csv", "areaCode"),
]


def main(src: Path) -> None:
    out = Path(__file__).resolve().parent.parent / "renda" / "ingest" / "data" / "divisions.csv.gz"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "parent"])
    for name, parent_col in TABLES:
        with open(src / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                w.writerow([row["code"], row["name"], row[parent_col] if parent_col else ""])
    # mtime=0 keeps the file byte-identical across rebuilds
    out.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{out.name}: {out.stat().st_size} bytes")
    build_villages(src, out.with_name("villages.tsv.gz"))


def village_short(name: str) -> str:
    """The form prose uses: 际下村委会 -> 际下村, 多福巷社区居委会 -> 多福巷社区."""
    for tail, repl in (("村民委员会", "村"), ("村委会", "村"), ("居民委员会", ""), ("居委会", ""), ("委员会", "")):
        if name.endswith(tail):
            return name[: -len(tail)] + repl
    return name


def build_villages(src: Path, out: Path) -> None:
    """One line per township: its code, a tab, then `<last 3 digits><short name>` joined by |."""
    by_town: dict[str, list[str]] = {}
    with open(src / "villages.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            short = village_short(row["name"])
            if len(short) >= 2:
                by_town.setdefault(row["streetCode"], []).append(row["code"][9:] + short)
    text = "".join(f"{town}\t{'|'.join(vs)}\n" for town, vs in sorted(by_town.items()))
    out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{out.name}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/china-division-2.7.0"))
