"""``kg build`` end to end on synthetic corpora: throughput, peak memory, stages, floors.

    .venv/bin/python benchmarks/bench_build.py [--sizes 50 500 5000] [--jobs 1]
        [--work /tmp/kg-bench] [--cache-runs] [--json benchmarks/results/build.json]

The code is copied to ``--work`` first (other work on the tree must not
change it mid-run).  For each size N a corpus is written with ``make_corpus.py`` (once, kept in
``--work``) and built cold (no cache) in a fresh process, so that spaCy's
start-up and peak memory are those of a real run.  The child reports:

* documents/s and characters/s (decoded source characters), wall and CPU;
* peak resident memory of the build process (``ru_maxrss``) and of the
  largest worker (``RUSAGE_CHILDREN``) with ``--jobs > 1``;
* CPU seconds per stage (process time, so that a busy shared machine does
  not inflate them): read, normalise, segment, extract, build (per-document
  triples; summed over workers), resolve, store (bulk load), write;
* two floors measured in the same process before the build: reading and
  decoding every file (``loaders.read.read``), and one Aho-Corasick scan
  (pyahocorasick) of every programme/slogan label of the lexicon over the
  decoded text.

``--cache-runs`` adds, on the smallest corpus, a warm rebuild (nothing
changed), and a rebuild after one file's content changed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def floors(corpus: Path) -> dict[str, float]:
    """Seconds to read+decode every file, and to scan the decoded text for every lexicon label."""
    import ahocorasick

    from loaders.lexicon import load_lexicon
    from loaders.read import read

    files = sorted(p for p in corpus.rglob("*.txt"))
    t0 = time.perf_counter()
    texts = [read(p, corpus).text for p in files]
    t_read = time.perf_counter() - t0
    auto = ahocorasick.Automaton()
    for c in load_lexicon().concepts:
        for label in c.labels:
            auto.add_word(label, c.iri)
    auto.make_automaton()
    t1 = time.perf_counter()
    hits = sum(1 for t in texts for _ in auto.iter(t))
    return {"read_decode": t_read, "aho_corasick": time.perf_counter() - t1, "ac_hits": hits,
            "ac_patterns": len(auto), "chars": sum(map(len, texts))}


def child(corpus: Path, jobs: int, cache: Path | None, work: Path) -> dict:
    """One build in this process; the figures as a dict."""
    t0 = time.perf_counter()
    c0 = time.process_time()
    fl = floors(corpus)
    from kg.pipeline_store import build_to_store

    t1, c1 = time.perf_counter(), time.process_time()
    report = build_to_store([corpus], work / "graph.ttl", work / "store", jobs=jobs, cache_dir=cache)
    wall, cpu = time.perf_counter() - t1, time.process_time() - c1
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "documents": report.documents, "files": report.files, "chars": report.chars, "triples": report.triples,
        "skipped": len(report.skipped), "cached_files": report.cached_files, "up_to_date": report.up_to_date,
        "wall_s": wall, "cpu_main_s": cpu, "cpu_workers_s": kids.ru_utime + kids.ru_stime,
        "docs_per_s": report.documents / wall, "chars_per_s": report.chars / wall,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_worker_rss_mb": kids.ru_maxrss / 1024,
        "stages": report.timings, "floors": fl, "process_s": time.perf_counter() - t0, "jobs": jobs,
        "graph_mb": (work / "graph.ttl").stat().st_size / 2**20,
    }


def snapshot(work: Path) -> Path:
    """A copy of the code and ontology, so edits made while a long run goes on do not change it."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    for part in ("kg", "loaders", "ontology", "benchmarks"):
        shutil.copytree(ROOT / part, code / part, ignore=shutil.ignore_patterns("__pycache__", "results"))
    return code / "benchmarks" / "bench_build.py"


SCRIPT = Path(__file__)


def run_child(corpus: Path, jobs: int, work: Path, cache: Path | None = None) -> dict:
    cmd = [sys.executable, str(SCRIPT), "--child", str(corpus), "--jobs", str(jobs), "--work", str(work)]
    if cache:
        cmd += ["--cache", str(cache)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def corpus_of(n: int, work: Path) -> Path:
    folder = work / f"corpus-{n}"  # reused when present (a symlink will do)
    if not folder.is_dir():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(n), str(folder)], check=True)
    return folder


def line(n: int, r: dict) -> str:
    st, fl = r["stages"], r["floors"]
    stages = " ".join(f"{k}={st.get(k, 0):.1f}" for k in ("read", "normalise", "segment", "extract", "resolve",
                                                           "build", "store", "write"))
    floor = fl["read_decode"] + fl["aho_corasick"]
    cpu = r["cpu_main_s"] + r["cpu_workers_s"]
    return (f"N={n:5d} jobs={r['jobs']} docs={r['documents']} chars={r['chars']:,} triples={r['triples']:,} "
            f"wall={r['wall_s']:.1f}s ({r['docs_per_s']:.1f} docs/s, {r['chars_per_s']:,.0f} chars/s) "
            f"cpu={cpu:.1f}s ({r['documents'] / cpu:.1f} docs/cpu-s, {r['chars'] / cpu:,.0f} chars/cpu-s) "
            f"peak={r['peak_rss_mb']:.0f} MB (worker {r['peak_worker_rss_mb']:.0f} MB) | {stages} | "
            f"floors read+decode={fl['read_decode']:.2f}s aho-corasick={fl['aho_corasick']:.2f}s "
            f"({fl['ac_patterns']} labels) -> build = {r['wall_s'] / floor:.0f}x the floor")


def cache_runs(corpus: Path, jobs: int, work: Path) -> dict:
    """Cold, warm and one-file-changed builds with a persistent cache, in fresh processes."""
    copy = work / "cache-corpus"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus, copy)
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    runs = {"cold": run_child(copy, jobs, work / "c", cache), "warm": run_child(copy, jobs, work / "c", cache)}
    victim = sorted(copy.glob("*.txt"))[0]
    victim.write_bytes(victim.read_bytes() + "\n".encode())
    runs["one_changed"] = run_child(copy, jobs, work / "c", cache)
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1])
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--cache-runs", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.work.mkdir(parents=True, exist_ok=True)
        print(json.dumps(child(args.child, args.jobs[0], args.cache, args.work)))
        return
    global SCRIPT
    SCRIPT = snapshot(args.work)
    results: dict = {}
    for n in args.sizes:
        corpus = corpus_of(n, args.work)
        for jobs in args.jobs:
            r = results[f"{n}/{jobs}"] = run_child(corpus, jobs, args.work / f"run-{n}-{jobs}")
            print(line(n, r), flush=True)
    if args.cache_runs:
        runs = results["cache"] = cache_runs(corpus_of(min(args.sizes), args.work), args.jobs[0], args.work)
        cold, warm, one = (runs[k]["wall_s"] for k in ("cold", "warm", "one_changed"))
        print(f"cache: cold {cold:.2f}s, unchanged {warm:.3f}s ({cold / warm:.0f}x), one file changed {one:.2f}s "
              f"({runs['one_changed']['cached_files']}/{runs['one_changed']['files']} files from the cache)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
