"""``kg build``: the streaming, incremental build into the embedded Oxigraph store.

After the per-file stages and resolution (:mod:`kg.pipeline`), each file's
documents are turned into N-Triples (in worker processes with ``jobs > 1``,
cached per document) and streamed into the persistent store in large batches;
the graph file is then dumped from the store.  Nothing holds every document's
text at once: memory is bounded by the resolution data (mentions) and the
store's own buffers.

Output is deterministic whatever ``jobs``: the store keeps triples in key
order (a function of their content only), and the file is dumped in that
order, so the same corpus gives the same bytes.  When the corpus, the
pipeline and the outputs are all unchanged since the last build (a stamp in
the cache says so), nothing is rewritten.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console

from kg.analytics.view import read_view_store
from kg.analytics.view_cache import save_view
from kg.cache import BuildCache, file_key, graph_version
from kg.errors import StoreError
from kg.pipeline import _Corpus, _map, _pool, _prepare, discover
from kg.stages import GraphTask, file_graphs
from kg.summary import add_summary

__all__ = ["BuildReport", "build_to_store", "graph_tasks", "PREFIXES"]

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "ep": "https://w3id.org/edupolicy/ontology#",
}
_NATIVE = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}
BATCH_BYTES = 64 << 20  # N-Triples handed to one bulk load


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What ``kg build`` did: counts, cache use and seconds per stage."""

    documents: int
    files: int
    skipped: tuple[tuple[str, str], ...]
    triples: int
    chars: int
    cached_files: int
    cached_graphs: int
    up_to_date: bool
    timings: dict[str, float] = field(default_factory=dict)


def graph_tasks(corpus: _Corpus) -> list[GraphTask]:
    """One task per file with documents: what each document's mentions and units resolved to."""
    by_doc: dict[int, dict[int, object]] = defaultdict(dict)
    for (i, j), ent in corpus.entities.items():
        by_doc[i][j] = ent
    tasks, i = [], 0
    for s in corpus.summaries:
        if not s.infos:
            continue
        ents, deps, places = [], {}, {}
        for info in s.infos:
            ents.append(by_doc.get(i, {}))
            i += 1
            for name, _ in info.units:
                if (info.bureau, name) in corpus.departments:
                    deps[(info.bureau, name)] = corpus.departments[(info.bureau, name)]
            if info.city_code in corpus.places:
                places[info.city_code] = corpus.places[info.city_code]
        tasks.append(GraphTask(s.key, tuple(ents), deps, places))
    return tasks


def _fingerprint(paths, out: Path) -> tuple[str, int]:
    """Hash of every input file's name and content, the pipeline and the output format.

    The graph is a function of these alone, so an unchanged fingerprint means
    an unchanged graph: checked before anything is unpickled or resolved.
    """
    files, missing = discover(paths)
    h = hashlib.sha256(f"{graph_version()}|{out.suffix}|{missing}".encode())
    for path, root in files:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        h.update(file_key(name, path.read_bytes()).encode())
    return h.hexdigest(), len(files)


def _stamp_path(cache: BuildCache, out: Path, store: Path | None) -> Path:
    where = f"{out.resolve()}|{store.resolve() if store else ''}"
    return cache.root / "stamps" / hashlib.sha256(where.encode()).hexdigest()


def _stamp(out: Path, fingerprint: str) -> dict:
    st = out.stat()
    return {"fingerprint": fingerprint, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _up_to_date(path: Path, out: Path, store: Path | None, fingerprint: str) -> dict | None:
    try:
        saved = json.loads(path.read_text())
        ok = out.exists() and (store is None or store.is_dir()) and saved["stamp"] == _stamp(out, fingerprint)
    except (OSError, ValueError, KeyError):
        return None
    return saved if ok else None


def _open_store(path: Path) -> ox.Store:
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the Oxigraph store at {path}: {exc} (is the explorer holding it open?)") from exc


def _stream(store: ox.Store, pool, tasks, console, timings: dict[str, float]) -> int:
    """Build every document's triples and bulk-load them; returns how many documents were cached."""
    batch: list[bytes] = []
    size = cached = 0
    t_load = 0.0
    for chunks, seconds, hits in _map(pool, file_graphs, tasks, console, "building"):
        timings["build"] = timings.get("build", 0.0) + seconds
        cached += hits
        batch += chunks
        size += sum(map(len, chunks))
        if size >= BATCH_BYTES:
            t0 = time.process_time()
            store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_TRIPLES)
            t_load += time.process_time() - t0
            batch, size = [], 0
    t0 = time.process_time()
    if batch:
        store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    timings["store"] = t_load + time.process_time() - t0  # CPU seconds, all of the store's threads
    return cached


def write_from_store(store: ox.Store, out: Path) -> None:
    """Dump the store's default graph to ``out``; the suffix picks the format."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt = _NATIVE.get(out.suffix.lower())
    if fmt is None:  # formats Oxigraph does not write the way kg.io does (JSON-LD compaction …)
        from rdflib import Graph

        from kg.io import write_graph

        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        write_graph(Graph().parse(data=data, format="nt"), out)
        return
    prefixes = PREFIXES if fmt is ox.RdfFormat.TURTLE else None
    store.dump(str(out), fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)


def _manifest(store: Path | None, paths, triples: int | None) -> None:
    """Say what the persistent store holds (:mod:`kg.manifest`), so readers can tell it is current.

    ``triples=None`` removes the manifest: the store is about to change.
    """
    if store is not None:
        from kg.analytics.view_cache import forget_view
        from kg.manifest import forget_manifest, write_manifest

        if triples is not None:
            write_manifest(store, paths, triples)
        else:
            forget_manifest(store)
            forget_view(store)


def build_to_store(paths, out: Path, store: Path | None = None, *, jobs: int = 1,
                   cache_dir: Path | None = None, console: Console | None = None) -> BuildReport:
    """Build the graph of ``paths`` into the Oxigraph store at ``store`` and the file ``out``.

    ``store=None`` uses a temporary store; ``cache_dir=None`` a temporary cache
    (so nothing is reused across runs).
    """
    timings: dict[str, float] = {}
    out, store = Path(out), (Path(store) if store else None)
    with ExitStack() as stack:
        tmp = lambda: Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-")))  # noqa: E731
        cache = BuildCache(Path(cache_dir) if cache_dir else tmp())
        t0 = time.perf_counter()
        fingerprint, nfiles = _fingerprint(paths, out)
        timings["fingerprint"] = time.perf_counter() - t0
        stamp_path = _stamp_path(cache, out, store)
        saved = _up_to_date(stamp_path, out, store, fingerprint) if cache_dir else None
        if saved is not None:
            _manifest(store, paths, saved["triples"])
            return BuildReport(saved["documents"], nfiles, tuple(map(tuple, saved["skipped"])), saved["triples"],
                               saved["chars"], nfiles, saved["documents"], True, timings)
        pool = _pool(stack, jobs, cache)
        corpus = _prepare(paths, pool, console, timings)
        tasks = graph_tasks(corpus)
        counts = dict(documents=sum(len(t.entities) for t in tasks), files=len(corpus.summaries),
                      skipped=tuple(corpus.skipped), chars=sum(s.chars for s in corpus.summaries),
                      cached_files=sum(s.cached for s in corpus.summaries))
        t0 = time.perf_counter()
        st = _open_store(store or tmp())
        _manifest(store, paths, None)  # the old manifest goes before the store changes
        reused = next(iter(st.quads_for_pattern(None, None, None)), None) is not None
        st.clear()
        cached = _stream(st, pool, tasks, console, timings)
        t2 = time.perf_counter()
        # whole-graph stages: the catalogue's every-city summaries and the similarity links (kg/summary.py),
        # scored on the analytics view, which is kept beside the store for kg analyze and the explorer
        c2 = time.process_time()
        view = read_view_store(st)
        timings["view"] = time.process_time() - c2
        add_summary(st, timings, view)
        st.flush()
        if reused:  # clear() left a tombstone per old triple: compact, or range scans wade through them (3-7x slower)
            st.optimize()
        timings["derived_wall"] = time.perf_counter() - t2
        timings["graph"] = time.perf_counter() - t0
        t1, c1 = time.perf_counter(), time.process_time()
        write_from_store(st, out)
        timings["write"] = time.process_time() - c1
        timings["write_wall"] = time.perf_counter() - t1
        triples = len(st)
        del st  # release the store's lock before the next opener
        _manifest(store, paths, triples)
        if store is not None:
            save_view(store, view)
        if cache_dir:
            stamp_path.parent.mkdir(parents=True, exist_ok=True)
            saved = {"stamp": _stamp(out, fingerprint), "triples": triples, **counts}
            stamp_path.write_text(json.dumps(saved, ensure_ascii=False))
    return BuildReport(triples=triples, cached_graphs=cached, up_to_date=False, timings=timings, **counts)


def document_triples(paths, *, jobs: int = 1, cache_dir: Path | None = None, console: Console | None = None):
    """Each document's N-Triples (bytes), in corpus order: for pushing documents one by one.

    Returns ``(chunks, skipped)``; the same cache as :func:`build_to_store` is used.
    """
    timings: dict[str, float] = {}
    with ExitStack() as stack:
        tmp = lambda: Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-")))  # noqa: E731
        cache = BuildCache(Path(cache_dir) if cache_dir else tmp())
        pool = _pool(stack, jobs, cache)
        corpus = _prepare(paths, pool, console, timings)
        chunks = [c for cs, _, _ in _map(pool, file_graphs, graph_tasks(corpus), console, "building") for c in cs]
    return chunks, tuple(corpus.skipped)
