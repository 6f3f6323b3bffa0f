"""Every catalogue query on the default store (persistent Oxigraph, opened read-only), timed.

    .venv/bin/python benchmarks/bench_queries.py STORE [STORE ...] [--repeat 5] [--timeout 60]
        [--only NAME ...] [--json benchmarks/results/queries.json]

Each STORE is a folder ``kg build --store`` wrote.  Every query runs through
:class:`kg.stores.sparql.OxigraphStore` (what ``kg query`` and the explorer
use), in a child process that is killed after ``--timeout`` seconds, with
two sets of parameters:

* ``default``: the catalogue's defaults (cities of the bundled corpus; a
  synthetic corpus may not have them, so the answer can be empty);
* ``busy``: the same, with every city parameter set to the city with the most
  documents (and the second busiest for a second city), the programme with
  the most mentions and the most cited title, so the query does real work.

* ``deep``: ``busy`` for a query that answers in pages (``limit``/``offset``
  parameters), one page further in: ``offset`` = 5 pages, to show that a
  page's cost does not depend on where it lies.

The first (cold) run and the median of ``--repeat`` runs are reported; all
rows are read.  The machine's load average is recorded before and after:
on a shared 2-core machine it moves every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_BUSY = {
    "cities": """SELECT ?l WHERE { ?d ep:city ?c . ?c rdfs:label ?l } GROUP BY ?l ORDER BY DESC(COUNT(?d)) ?l LIMIT 2""",
    "programme": """SELECT ?l WHERE { ?p ep:mentionCities ?n ; skos:prefLabel ?l . FILTER(LANG(?l) = "zh") }
                    ORDER BY DESC(?n) ?l LIMIT 1""",
    "title": """SELECT ?l WHERE { ?w ep:citationCities ?n ; rdfs:label ?l } ORDER BY DESC(?n) ?l LIMIT 1""",
}


def busy_params(store) -> dict[str, str]:
    """Parameter values that make the catalogue work hard on ``store`` (see the module docstring)."""
    get = lambda q: [r[0] for r in store.query(q, limit=10).rows]  # noqa: E731
    cities, prog, title = get(_BUSY["cities"]), get(_BUSY["programme"]), get(_BUSY["title"])
    out = {}
    if cities:
        out.update(city=cities[0], city_a=cities[0], city_b=cities[-1])
    if prog:
        out["programme"] = prog[0]
    if title:
        out["title"] = title[0]
    return out


def child(store_path: str, name: str, params: dict, repeat: int) -> dict:
    """Run query ``name`` ``repeat`` times on the store; first and median ms and the row count."""
    from kg.queries import bind_sparql, get
    from kg.stores.sparql import OxigraphStore

    store = OxigraphStore(store_path, read_only=True)
    q = get(name)
    values = q.values({k: v for k, v in params.items() if k in q.params})
    text = bind_sparql(q.sparql, values)
    runs, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = len(store.query(text, limit=1_000_000, timeout=3600).rows)
        runs.append((time.perf_counter() - t) * 1000)
    return {"params": values, "first_ms": runs[0], "median_ms": statistics.median(runs), "rows": rows}


def run_one(store: Path, name: str, params: dict, repeat: int, timeout: int) -> dict:
    cmd = [sys.executable, __file__, str(store), "--child", name, "--params", json.dumps(params, ensure_ascii=False),
           "--repeat", str(repeat)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": f">{timeout}s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_store(store: Path, names: list[str], repeat: int, timeout: int) -> dict:
    from kg.queries import get
    from kg.stores.sparql import OxigraphStore

    opened = OxigraphStore(store, read_only=True)
    triples, busy = opened.count(), busy_params(opened)
    del opened
    load_before = os.getloadavg()
    results = {}
    for name in names:
        results[name] = {"default": run_one(store, name, {}, repeat, timeout),
                         "busy": run_one(store, name, busy, repeat, timeout)}
        params = get(name).params
        if "offset" in params:
            results[name]["deep"] = run_one(store, name, {**busy, "offset": 5 * params["limit"]}, repeat, timeout)
        cells = " ".join(_cell(r) for r in results[name].values())
        print(f"{store.name:24s} {name:28s} {cells}", flush=True)
    return {"store": str(store), "triples": triples, "busy_params": busy, "load_before": load_before,
            "load_after": os.getloadavg(), "queries": results}


def _cell(r: dict) -> str:
    if "median_ms" not in r:
        return f"{r.get('timeout') or 'error':>22s}"
    return f"{r['median_ms']:9.1f} ms {r['rows']:6d} rows"


def main() -> None:
    from kg.queries import catalogue

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stores", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=int, default=60, help="seconds before a query's child process is killed")
    ap.add_argument("--only", nargs="*", help="query names (default: the whole catalogue)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(str(args.stores[0]), args.child, json.loads(args.params), args.repeat),
                         ensure_ascii=False))
        return
    names = args.only or [q.name for q in catalogue()]
    print(f"{'store':24s} {'query':28s} {'default: median':>22s} {'busy: median':>22s} {'deep page: median':>22s}")
    out = [bench_store(s, names, args.repeat, args.timeout) for s in args.stores]
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        note = ("benchmarks/bench_queries.py on the default store (persistent Oxigraph, opened read-only), median of "
                f"{args.repeat} runs, all rows read, each query in its own process; queries that grow with the corpus "
                "answer one page (their limit/offset parameters). Load average before/after each store is recorded.")
        args.json.write_text(json.dumps({"note": note, "stores": out}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
