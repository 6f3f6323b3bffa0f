"""Embedded SPARQL stores compared: load time, memory and every catalogue query.

    .venv/bin/python benchmarks/bench_store.py GRAPH [--engines rdflib oxrdflib pyoxigraph persistent]
        [--repeat 3] [--json out.json]

GRAPH is a built graph file (.ttl or .nt, e.g. from ``bench_build.py``).
Each engine runs in its own process (so peak memory is its own):

* ``rdflib``: rdflib's in-memory store, ``Graph().parse`` and ``Graph.query``;
* ``oxrdflib``: rdflib's API over Oxigraph (``Graph(store="Oxigraph")``);
* ``pyoxigraph``: ``pyoxigraph.Store()`` in memory, ``bulk_load``;
* ``persistent``: the default of ``kg build``, a pyoxigraph store on disk,
  loaded once, then *reopened* read-only (the time to reopen is reported).

Queries are ``kg.queries.catalogue()`` with their default parameters bound
(``bind_sparql``); each is run ``--repeat`` times, the first (cold) run and
the median are reported, all rows consumed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINES = ("rdflib", "oxrdflib", "pyoxigraph", "persistent")


def queries() -> list[tuple[str, str]]:
    """``(name, SPARQL text with PREFIX lines and parameters bound)`` of the catalogue."""
    from kg.queries import bind_sparql, catalogue
    from kg.stores.sparql import PREFIXES

    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return [(q.name, head + bind_sparql(q.sparql, q.values())) for q in catalogue() if q.sparql]


def _nt(graph: Path, work: Path) -> Path:
    """The graph as N-Triples (every engine parses it the same way)."""
    if graph.suffix == ".nt":
        return graph
    import pyoxigraph as ox

    out = work / "graph.nt"
    ox.serialize(ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE), str(out), ox.RdfFormat.N_TRIPLES)
    return out


def _loader(engine: str, nt: Path, work: Path):
    """Load ``nt`` into ``engine``; return (count, run(query) -> rows, reopen seconds or None)."""
    if engine == "rdflib":
        from rdflib import Graph

        g = Graph().parse(str(nt), format="nt")
        return len(g), lambda q: sum(1 for _ in g.query(q)), None
    if engine == "oxrdflib":
        from rdflib import Graph

        g = Graph(store="Oxigraph")
        g.parse(str(nt), format="ox-ntriples")
        return len(g), lambda q: sum(1 for _ in g.query(q)), None
    import pyoxigraph as ox

    if engine == "pyoxigraph":
        st = ox.Store()
        st.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        return len(st), lambda q: sum(1 for _ in st.query(q)), None
    folder = work / "store"
    st = ox.Store(str(folder))
    st.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    st.flush()
    del st
    t0 = time.perf_counter()
    st = ox.Store.read_only(str(folder))
    reopen = time.perf_counter() - t0
    return len(st), lambda q: sum(1 for _ in st.query(q)), reopen


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _timed(run, text: str, repeat: int, timeout: int) -> dict:
    """First and median milliseconds of ``run(text)``; a run past ``timeout`` s is cut (SIGALRM)."""
    runs, rows = [], 0
    signal.signal(signal.SIGALRM, _alarm)
    for _ in range(repeat):
        t = time.perf_counter()
        signal.alarm(timeout)
        try:
            rows = run(text)
        except _Timeout:
            return {"first_ms": timeout * 1000.0, "median_ms": timeout * 1000.0, "rows": None, "timeout": True}
        finally:
            signal.alarm(0)
        runs.append(time.perf_counter() - t)
    return {"first_ms": runs[0] * 1000, "median_ms": statistics.median(runs) * 1000, "rows": rows}


def child(engine: str, graph: Path, repeat: int, timeout: int = 60) -> dict:
    work = Path(tempfile.mkdtemp(prefix="kg-store-"))
    try:
        nt = _nt(graph, work)
        qs = queries()
        t0 = time.perf_counter()
        count, run, reopen = _loader(engine, nt, work)
        load = time.perf_counter() - t0 - (reopen or 0)
        times = {name: _timed(run, text, repeat, timeout) for name, text in qs}
        return {"engine": engine, "triples": count, "load_s": load, "reopen_s": reopen, "queries": times,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cell(q: dict) -> str:
    if q.get("timeout"):
        return f"{'> ' + format(q['median_ms'] / 1000, '.0f') + ' s (cut)':>22s}"
    return f"{q['median_ms']:10.1f} ({q['first_ms']:8.1f})"


def report(results: dict[str, dict]) -> None:
    engines = list(results)
    base = results.get("persistent") or results[engines[-1]]
    print(" | ".join(f"{e}: {r['triples']:,} triples, load {r['load_s']:.1f}s, peak {r['peak_rss_mb']:.0f} MB"
                     + (f", reopen {r['reopen_s'] * 1000:.0f} ms" if r["reopen_s"] is not None else "")
                     for e, r in results.items()))
    print(f"{'query':32s}" + "".join(f"{e:>22s}" for e in engines) + "   rows")
    for name in base["queries"]:
        cells = "".join(_cell(results[e]["queries"][name]) for e in engines)
        print(f"{name:32s}{cells}   {base['queries'][name]['rows']}")
    print("median ms (first run ms)")
    for e in engines:
        total = sum(q["median_ms"] for q in results[e]["queries"].values())
        worst = max(results[e]["queries"].items(), key=lambda kv: kv[1]["median_ms"])
        print(f"{e}: all queries {total:.0f} ms, slowest {worst[0]} {worst[1]['median_ms']:.0f} ms, "
              f"x{total / sum(q['median_ms'] for q in base['queries'].values()):.1f} the default's total")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", type=Path)
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--timeout", type=int, default=60, help="seconds before a query is cut")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.graph, args.repeat, args.timeout)))
        return
    results = {}
    for engine in args.engines:
        cmd = [sys.executable, __file__, str(args.graph), "--child", engine, "--repeat", str(args.repeat),
               "--timeout", str(args.timeout)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{engine}: failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        results[engine] = json.loads(done.stdout.strip().splitlines()[-1])
    report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"graph": str(args.graph), "results": results}, indent=1))


if __name__ == "__main__":
    main()
