"""Embedded SPARQL stores compared: load time, memory and every catalogue query.

    .venv/bin/python benchmarks/bench_store.py GRAPH [--engines rdflib oxrdflib pyoxigraph persistent]
        [--repeat 3] [--timeout 60] [--max-gb 10] [--load-timeout 1800] [--json out.json]

GRAPH is a built graph file (.ttl or .nt, e.g. from ``bench_build.py``).
Each engine runs in its own process, one after another (so peak memory is its own):

* ``rdflib``: rdflib's in-memory store, ``Graph().parse`` and ``Graph.query``;
* ``oxrdflib``: rdflib's API over Oxigraph (``Graph(store="Oxigraph")``), its parser's
  default (one transaction); ``oxrdflib-bulk`` the same with ``transactional=False`` (bulk load);
* ``pyoxigraph``: ``pyoxigraph.Store()`` in memory, ``bulk_load``;
* ``persistent``: the default of ``kg build``, a pyoxigraph store on disk,
  loaded once, then *reopened* read-only (the time to reopen is reported).

The machine is shared, so an engine must not take it down: its process gets an
address-space cap (``--max-gb``, ``RLIMIT_AS``) and its load a deadline
(``--load-timeout``); an engine that cannot load the graph is reported as
``did not load: out of memory at N GB`` or ``… past T s`` with how far it got
(triples, triples/s and resident memory before it stopped).  Peak RSS comes
from the kernel (``wait4``), so it is known for a killed engine too; the load
average is recorded before and after each engine.

Queries are ``kg.queries.catalogue()`` with their default parameters bound
(``bind_sparql``); each is run ``--repeat`` times, the first (cold) run and
the median are reported, all rows consumed.  A query an engine cannot parse
(rdflib has no ``LATERAL``) is recorded as ``unsupported by ENGINE: error``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from store_report import report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINES = ("rdflib", "oxrdflib", "pyoxigraph", "persistent")
# oxrdflib's parser loads in one transaction unless told ``transactional=False`` (then bulk_load).
EXTRA = ("oxrdflib-bulk",)
MARK = "@bench "  # prefix of the child's progress lines on stderr
TICK = 5.0  # seconds between progress lines


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


# --- child: one engine in its own capped process -------------------------------------------------

def _say(kind: str, **data) -> None:
    """One progress line for the parent (stderr survives an abort; stdout carries the result)."""
    sys.stderr.write(MARK + json.dumps({"kind": kind, **data}) + "\n")
    sys.stderr.flush()


def _ticker(count, t0: float, stop: threading.Event) -> None:
    """Every TICK s, the triples loaded so far (``count()``; None where counting would cost a scan)."""
    while not stop.wait(TICK):
        _say("progress", s=round(time.perf_counter() - t0, 1), triples=count() if count else None)


def _load(engine: str, nt: Path, work: Path, hold: dict):
    """Load ``nt`` into ``engine``, keeping the store in ``hold``; return run(query) -> rows."""
    if engine.startswith(("rdflib", "oxrdflib")):
        from rdflib import Graph
        g = Graph() if engine == "rdflib" else Graph(store="Oxigraph")
        # len() of an oxrdflib Graph is COUNT(DISTINCT TRIPLE(?s, ?p, ?o)): a set of every triple
        # (+0.8 GB at 500 documents, out of memory at 5,000), so the triples are counted by Oxigraph
        hold["store"] = g if engine == "rdflib" else g.store._inner
        if engine == "rdflib":
            hold["count"] = lambda: len(g)  # O(1) in rdflib's Memory store
            g.parse(str(nt), format="nt")
        else:
            g.parse(str(nt), format="ox-ntriples", **({} if engine == "oxrdflib" else {"transactional": False}))
        return lambda q: sum(1 for _ in g.query(q))
    import pyoxigraph as ox

    folder = work / "store" if engine == "persistent" else None
    st = hold["store"] = ox.Store(str(folder)) if folder else ox.Store()
    st.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    if folder:
        st.flush()
        del st, hold["store"]
        t0 = time.perf_counter()
        st = hold["store"] = ox.Store.read_only(str(folder))
        hold["reopen_s"] = time.perf_counter() - t0
    return lambda q: sum(1 for _ in st.query(q))


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _timed(run, text: str, repeat: int, timeout: int, engine: str) -> dict:
    """First and median ms of ``run(text)``; past ``timeout`` s a run is cut (SIGALRM), an error is kept."""
    runs, rows = [], 0
    signal.signal(signal.SIGALRM, _alarm)
    for _ in range(repeat):
        t = time.perf_counter()
        signal.alarm(timeout)
        try:
            rows = run(text)
        except _Timeout:
            return {"first_ms": timeout * 1000.0, "median_ms": timeout * 1000.0, "rows": None, "timeout": True}
        except MemoryError:
            return {"error": "out of memory", "rows": None}
        except Exception as exc:  # noqa: BLE001 -- every engine fails its own way (pyparsing, OSError…); record it
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            return {"error": f"unsupported by {engine}: {type(exc).__name__}: {first}", "rows": None}
        finally:
            signal.alarm(0)
        runs.append(time.perf_counter() - t)
    return {"first_ms": runs[0] * 1000, "median_ms": statistics.median(runs) * 1000, "rows": rows}


def child(engine: str, graph: Path, repeat: int, timeout: int, max_gb: float) -> dict:
    cap = int(max_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    work = Path(tempfile.mkdtemp(prefix="kg-store-"))
    hold: dict = {}
    try:
        nt = _nt(graph, work)
        qs = queries()
        stop = threading.Event()
        t0 = time.perf_counter()
        threading.Thread(target=_ticker, args=(lambda: hold.get("count", lambda: None)(), t0, stop),
                         daemon=True).start()
        try:
            run = _load(engine, nt, work, hold)
        except MemoryError:
            stop.set()
            _say("oom", s=round(time.perf_counter() - t0, 1), triples=hold.get("count", lambda: None)())
            raise SystemExit(3)
        load = time.perf_counter() - t0 - hold.get("reopen_s", 0.0)
        stop.set()
        count = len(hold["store"])
        _say("loaded", s=round(load, 1), triples=count)
        times = {name: _timed(run, text, repeat, timeout, engine) for name, text in qs}
        return {"engine": engine, "status": "ok", "triples": count, "load_s": load,
                "reopen_s": hold.get("reopen_s"), "queries": times}
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- parent: run each engine, watch it, report ------------------------------------------------------

def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _marks(text: str) -> list[dict]:
    return [json.loads(line[len(MARK):]) for line in text.splitlines() if line.startswith(MARK)]


def _watch(proc: subprocess.Popen, err: Path, load_timeout: float, total_timeout: float) -> tuple:
    """Wait for the child, killing it past the load or total deadline; (status, rusage, rss samples, killed)."""
    t0, samples, killed = time.monotonic(), [], None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage, samples, killed
        elapsed = time.monotonic() - t0
        rss = _rss_mb(proc.pid)
        if rss is not None:
            samples.append((round(elapsed, 1), round(rss)))
        loaded = any(m["kind"] == "loaded" for m in _marks(err.read_text(errors="replace")))
        if killed is None and ((not loaded and elapsed > load_timeout) or elapsed > total_timeout):
            killed = "load" if not loaded else "queries"
            proc.kill()
        time.sleep(1.0)


def _failure(code: int, killed: str | None, marks: list[dict], samples: list, args, tail: str) -> dict:
    """What an engine that stopped got to: why, how far (triples, triples/s) and its memory then."""
    last = next((m for m in reversed(marks) if m.get("triples") is not None), None)
    last_s = last["s"] if last else (samples[-1][0] if samples else None)
    got = {"triples_loaded": last["triples"] if last else None, "at_s": last_s,
           "triples_per_s": round(last["triples"] / last["s"]) if last and last["s"] else None,
           "rss_mb_max": max(r for _, r in samples) if samples else None}
    oom = any(m["kind"] == "oom" for m in marks) or "memory" in tail.lower() or code == -signal.SIGABRT
    if killed == "load":
        why = f"did not load: past {args.load_timeout:.0f} s"
    elif killed:
        why = "did not finish the queries: killed past the total deadline"
    elif oom:
        why = f"did not load: out of memory at {args.max_gb:g} GB"
    else:
        why = f"failed (exit {code}): {tail[-300:]}"
    return {"status": why, **got}


def run_engine(engine: str, args) -> dict:
    """One engine in a capped child process, watched; its result or what it got to."""
    cmd = [sys.executable, __file__, str(args.graph), "--child", engine, "--repeat", str(args.repeat),
           "--timeout", str(args.timeout), "--max-gb", str(args.max_gb)]
    n_queries = len(queries())
    total = args.load_timeout + n_queries * args.repeat * args.timeout + 120
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        with out.open("w") as fo, err.open("w") as fe:
            proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, text=True)
            code, usage, samples, killed = _watch(proc, err, args.load_timeout, total)
        stdout, stderr = out.read_text(), err.read_text(errors="replace")
    marks = _marks(stderr)
    tail = "\n".join(line for line in stderr.splitlines() if not line.startswith(MARK))
    res = json.loads(stdout.strip().splitlines()[-1]) if code == 0 and stdout.strip() else \
        {"engine": engine, **_failure(code, killed, marks, samples, args, tail)}
    res.update(date_utc=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), peak_rss_mb=round(usage.ru_maxrss / 1024), loadavg_before=[round(x, 2) for x in load_before],
               loadavg_after=[round(x, 2) for x in os.getloadavg()], rss_samples=samples[:: max(1, len(samples) // 60)])
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", type=Path)
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES + EXTRA)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--timeout", type=int, default=60, help="seconds before a query is cut")
    ap.add_argument("--max-gb", type=float, default=10.0, help="address-space cap of each engine's process")
    ap.add_argument("--load-timeout", type=float, default=1800.0, help="seconds an engine may take to load")
    ap.add_argument("--add", action="store_true",
                    help="keep the engines already in --json (same graph) and add or replace these")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.graph, args.repeat, args.timeout, args.max_gb)))
        return
    results = _previous(args) if args.add else {}
    for engine in args.engines:  # one after another: the machine is shared and has 2 cores
        results[engine] = run_engine(engine, args)
        print(f"[{engine}: {results[engine]['status']}]", flush=True)
        if args.json:  # written after each engine, so a long run leaves what it measured so far
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(_meta(args, results), indent=1, ensure_ascii=False))
    report(results)


def _previous(args) -> dict:
    """The results already in ``--json``, if it was measured on the same graph."""
    if not (args.json and args.json.exists()):
        return {}
    old = json.loads(args.json.read_text())
    if old.get("graph") != str(args.graph):
        raise SystemExit(f"{args.json} holds results for {old.get('graph')}, not {args.graph}; drop --add")
    return old["results"]


def _meta(args, results: dict) -> dict:
    return {"graph": str(args.graph), "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "cpus": os.cpu_count(), "mem_total_gb": round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30, 1),
            "max_gb": args.max_gb, "load_timeout_s": args.load_timeout, "query_timeout_s": args.timeout,
            "repeat": args.repeat, "results": results}


if __name__ == "__main__":
    main()
