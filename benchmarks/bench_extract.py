"""Extraction throughput: characters of measure text per second, one core and all cores.

    .venv/bin/python benchmarks/bench_extract.py [--repeat N]

Runs the real pipeline (lexicon span_ruler + rule components + targets) over
every measure of the bundled corpus, ``repeat`` times, in one process and then
in one process per core (each builds its own pipeline; building is not timed).
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _docs():
    from loaders.pipeline import load_file

    corpus = ROOT / "corpus"
    return [d for p in sorted(corpus.glob("*.txt")) for d in load_file(p, corpus)]


def _work(repeat: int) -> tuple[int, float]:
    from loaders.extract import extract
    from loaders.lexicon import load_lexicon
    from loaders.nlp import build_nlp

    docs = _docs()
    nlp = build_nlp(load_lexicon())
    extract(docs[0], nlp)  # warm up
    t0 = time.perf_counter()
    chars = 0
    for _ in range(repeat):
        for d in docs:
            extract(d, nlp)
            chars += sum(len(m.text) for m in d.measures)
    return chars, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    chars, secs = _work(args.repeat)
    print(f"one core : {chars:,} chars in {secs:.2f} s = {chars / secs:,.0f} chars/s")
    n = os.cpu_count() or 1
    with ProcessPoolExecutor(n) as pool:
        t0 = time.perf_counter()
        results = list(pool.map(_work, [args.repeat] * n))
        wall = time.perf_counter() - t0
    total = sum(c for c, _ in results)
    busy = max(s for _, s in results)
    print(f"{n} cores: {total:,} chars, slowest worker {busy:.2f} s = {total / busy:,.0f} chars/s "
          f"(wall {wall:.2f} s incl. start-up)")


if __name__ == "__main__":
    main()
