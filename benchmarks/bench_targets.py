"""Throughput of the target extractor on the corpus (characters per second).

Run: ``.venv/bin/python benchmarks/bench_targets.py [--repeat N]``.  Reads and
normalises the corpus once (not timed), then times :func:`find_targets` on one
core and on all cores (one process per core, each doing the same work).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.normalise import normalise  # noqa: E402
from loaders.read import read  # noqa: E402
from loaders.targets import find_targets  # noqa: E402


def _texts() -> list[str]:
    return [normalise(read(p)).text for p in sorted((ROOT / "corpus").glob("*.txt"))]


def _run(args: tuple[list[str], int]) -> tuple[int, int, float]:
    texts, repeat = args
    find_targets(texts[0])  # warm the caches (cn2an, compiled patterns)
    t0 = time.perf_counter()
    hits = sum(len(find_targets(t)) for _ in range(repeat) for t in texts)
    return sum(map(len, texts)) * repeat, hits, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    texts = _texts()
    chars, hits, secs = _run((texts, args.repeat))
    print(f"corpus: {len(texts)} files, {chars // args.repeat:,} chars, {hits // args.repeat} targets")
    print(f"one core : {chars / secs:>12,.0f} chars/s")
    cores = os.cpu_count() or 1
    with ProcessPoolExecutor(cores) as pool:
        t0 = time.perf_counter()
        results = list(pool.map(_run, [(texts, args.repeat)] * cores))
        wall = time.perf_counter() - t0
    total = sum(r[0] for r in results)
    print(f"{cores} cores: {total / wall:>12,.0f} chars/s (wall clock, incl. process start-up)")


if __name__ == "__main__":
    main()
