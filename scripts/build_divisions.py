"""Build renda/ingest/data/divisions.csv.gz from the china-division 2.7.0 CSV tables.

    python scripts/build_divisions.py ../shared/data/china-division-2.7.0

Province, city, county and township levels (about 45k rows) ship inside the
package; villages (620k rows) load from a path at run time.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

TABLES = [("provinces.csv", None), ("cities.csv", "provinceCode"), ("areas.csv", "cityCode"),
          ("streets.csv", "areaCode")]


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


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/china-division-2.7.0"))
