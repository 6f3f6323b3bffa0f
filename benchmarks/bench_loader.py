"""How fast the loader stage runs: read + normalise + segment over a corpus.

    .venv/bin/python benchmarks/bench_loader.py [CORPUS_DIR] [--repeat N]

Prints source characters per second (best of N runs, gazetteer already
loaded), per-stage times, and the peak memory the stage allocates
(tracemalloc, one extra run, so tracing does not slow the timed ones).
Works on any folder of .txt files, e.g. one from benchmarks/make_corpus.py.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from loaders.gazetteer import gazetteer
from loaders.normalise import normalise
from loaders.read import read
from loaders.segment import segment


def _once(paths: list[Path], root: Path) -> tuple[float, float, float, int, int]:
    t_read = t_norm = t_seg = 0.0
    chars = docs = 0
    for p in paths:
        t0 = time.perf_counter()
        raw = read(p, root)
        t1 = time.perf_counter()
        text = normalise(raw)
        t2 = time.perf_counter()
        docs += len(segment(text))
        t3 = time.perf_counter()
        t_read, t_norm, t_seg = t_read + t1 - t0, t_norm + t2 - t1, t_seg + t3 - t2
        chars += len(raw.text)
    return t_read, t_norm, t_seg, chars, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    paths = sorted(args.corpus.rglob("*.txt"))
    gazetteer()  # loaded once per process; not part of the per-file cost
    runs = [_once(paths, args.corpus) for _ in range(args.repeat)]
    r, n, s, chars, docs = min(runs, key=lambda t: t[0] + t[1] + t[2])
    total = r + n + s
    print(f"{len(paths)} files, {chars} characters, {docs} documents")
    print(f"read {r * 1000:.1f} ms, normalise {n * 1000:.1f} ms, segment {s * 1000:.1f} ms")
    print(f"total {total * 1000:.1f} ms = {chars / total:,.0f} characters/s (best of {args.repeat})")
    tracemalloc.start()
    _once(paths, args.corpus)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory allocated by the stage: {peak / 2**20:.1f} MiB ({peak / max(chars, 1):.0f} bytes per character)")


if __name__ == "__main__":
    main()
