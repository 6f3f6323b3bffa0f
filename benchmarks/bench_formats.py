"""Throughput of the format readers: PDF pages/s, DOCX and HTML documents/s.

Run: ``.venv/bin/python benchmarks/bench_formats.py [--repeat N]``.  Times
:func:`loaders.read.read` (the reader alone: bytes to text) and
:func:`loaders.pipeline.load_file` (read + normalise + segment) over the
fixtures in ``tests/data/formats`` (the five corpus files in each format),
best of N runs, one core, libraries already imported.  The plain-text corpus
is timed the same way for comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from loaders.pipeline import load_file  # noqa: E402
from loaders.read import read  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"


def _best(fn: Callable[[Path], object], files: list[Path], repeat: int) -> float:
    for f in files[:1]:
        fn(f)  # warm up: imports, gazetteer, compiled patterns
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for f in files:
            fn(f)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sets = {
        "txt": sorted((ROOT / "corpus").glob("*.txt")),
        "docx": sorted(FORMATS.glob("*.docx")),
        "pdf": sorted(FORMATS.glob("*.pdf")),
        "html": sorted(FORMATS.glob("*.html")),
    }
    pages = 0
    for f in sets["pdf"]:
        with pdfplumber.open(f) as pdf:
            pages += len(pdf.pages)
    print(f"{'format':6} {'files':>5} {'read s':>8} {'load s':>8}  throughput (read / load)")
    for ext, files in sets.items():
        t_read = _best(read, files, args.repeat)
        t_load = _best(load_file, files, args.repeat)
        if ext == "pdf":
            rate = f"{pages / t_read:8.1f} / {pages / t_load:8.1f} pages/s ({pages} pages)"
        else:
            rate = f"{len(files) / t_read:8.1f} / {len(files) / t_load:8.1f} documents/s"
        print(f"{ext:6} {len(files):5d} {t_read:8.3f} {t_load:8.3f}  {rate}")


if __name__ == "__main__":
    main()
