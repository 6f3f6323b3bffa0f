"""The composition root: files in, one graph out.

read → normalise → segment → extract → resolve → build → write.  The first
four run per file (:func:`kg.stages.process_file`, in parallel processes with
``jobs > 1``, cached by file content and pipeline version); resolution sees
the whole corpus, because one programme must be one node across every city;
the graph is then built per document (:func:`kg.stages.file_graphs`, cached
by what each document resolved to) and streamed into an Oxigraph store.

Two entry points:

* :func:`build_corpus` returns an in-memory rdflib graph with the documents
  and extractions (``kg eval``, ``kg explain``, the explorer, tests);
* :func:`kg.pipeline_store.build_to_store` is ``kg build``: it never holds every document at
  once, loads the persistent store and writes the graph file from it, and
  does nothing when neither the corpus nor the pipeline changed.
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from kg.cache import BuildCache
from kg.errors import KgError
from kg.model import Document
from kg.stages import FileSummary, init_worker, process_file

if TYPE_CHECKING:  # imported where used: discover() alone (the explorer's manifest check) needs neither
    from rdflib import Graph
    from rich.console import Console
    from rich.progress import Progress

__all__ = ["BuildResult", "build_corpus", "discover", "resolve_units"]

SUFFIXES = (".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".doc")
STAGES = ("lookup", "read", "normalise", "segment", "extract")


@dataclass(frozen=True, slots=True)
class BuildResult:
    graph: Graph
    documents: tuple[Document, ...]
    skipped: tuple[tuple[str, str], ...]
    files: int
    timings: dict[str, float] = field(default_factory=dict)
    extractions: tuple = ()
    resolution: object = None
    cached_files: int = 0  # files whose documents and extractions came from the build cache


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """Files to load as ``(file, root)`` pairs, sorted; missing paths are reported, not fatal."""
    found: list[tuple[Path, Path]] = []
    missing: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            found.extend((f, p) for f in files if f.suffix.lower() in SUFFIXES or not f.suffix)
        elif p.is_file():
            found.append((p, p.parent))
        else:
            missing.append((str(p), "no such file or folder"))
    return found, missing


def _progress(console: Console | None) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=console is None,
    )


def _pool(stack: ExitStack, jobs: int, cache: BuildCache) -> ProcessPoolExecutor | None:
    init_worker(str(cache.folder), cache.version)  # the main process works too when jobs == 1
    if jobs <= 1:
        return None
    return stack.enter_context(
        ProcessPoolExecutor(jobs, initializer=init_worker, initargs=(str(cache.folder), cache.version))
    )


def _map(pool, fn, items: Sequence, console: Console | None, what: str, *more: Sequence):
    """``fn`` over ``items`` in order, in the pool when there is one, with a progress bar."""
    chunk = max(1, len(items) // (8 * (pool._max_workers if pool else 1)))
    results = pool.map(fn, items, *more, chunksize=chunk) if pool else map(fn, items, *more)
    with _progress(console) as bar:
        task = bar.add_task(what, total=len(items))
        for r in results:
            bar.advance(task)
            yield r


def run_files(files, pool, console: Console | None) -> list[FileSummary]:
    """:func:`kg.stages.process_file` over every file, in order."""
    return list(_map(pool, process_file, [f for f, _ in files], console, "extracting", [r for _, r in files]))


def resolve_units(infos) -> dict:
    """Department entities per ``(bureau adcode, name)``: names are resolved within each issuing bureau.

    A city's bureau and a county bureau under it have different departments.

    ``infos`` are :class:`kg.stages.DocInfo` or :class:`kg.model.Document` objects.
    """
    from loaders.departments import load_unit_lexicon, resolve_departments

    names: dict[str, list[str]] = defaultdict(list)
    for info in infos:
        units = getattr(info, "units", None)
        if units is None:
            units = [(u.name, u.collective) for m in info.measures for u in m.units]
        if info.bureau:
            names[info.bureau].extend(n for n, c in units if not c)
            names[info.bureau].extend(n for n, c in units if c)
    lexicon = load_unit_lexicon()
    return {(code, name): ent for code, city_names in names.items()
            for name, ent in resolve_departments(city_names, lexicon).items()}


def resolve_mentions(extractions):
    """One entity per programme across cities, and the builder's view of each mention's entity."""
    from loaders.lexicon import load_lexicon
    from loaders.resolve import build_entities, resolve

    resolution = resolve(extractions, load_lexicon())
    return resolution, build_entities(resolution)


def _places(infos) -> dict[str, tuple[float, float]]:
    try:
        from loaders.gazetteer import coordinates
    except ImportError:
        return {}
    return {d.city_code: c for d in infos if d.city_code and (c := coordinates(d.city_code))}


@dataclass
class _Corpus:
    """The corpus after the per-file stages and resolution."""

    summaries: list[FileSummary]
    skipped: list[tuple[str, str]]
    departments: dict
    resolution: object
    entities: dict
    places: dict
    timings: dict[str, float]

    @property
    def pairs(self):
        return [(i, x) for s in self.summaries for i, x in zip(s.infos, s.extractions)]


def _prepare(paths, pool, console, timings: dict[str, float]) -> _Corpus:
    t0 = time.perf_counter()
    files, missing = discover(paths)
    if not files and missing:
        raise KgError(f"nothing to build: {missing[0][0]}: {missing[0][1]}")
    summaries = run_files(files, pool, console)
    timings["files"] = time.perf_counter() - t0
    for s in summaries:
        for k, v in s.timings.items():
            timings[k] = timings.get(k, 0.0) + v
    t1 = time.process_time()
    infos = [i for s in summaries for i in s.infos]
    departments = resolve_units(infos)
    pairs = [(i, x) for s in summaries for i, x in zip(s.infos, s.extractions)]
    resolution, entities = resolve_mentions(pairs)
    timings["resolve"] = time.process_time() - t1
    skipped = missing + [s.skipped for s in summaries if s.skipped]
    return _Corpus(summaries, skipped, departments, resolution, entities, _places(infos), timings)


def build_corpus(paths: Iterable[Path], *, jobs: int = 1, cache_dir: Path | None = None,
                 console: Console | None = None) -> BuildResult:
    """Build the in-memory graph of every document under ``paths`` (documents and extractions kept)."""
    from kg.build import build_graph

    timings: dict[str, float] = {}
    with ExitStack() as stack:
        cache = BuildCache(Path(cache_dir) if cache_dir else Path(stack.enter_context(tempfile.TemporaryDirectory())))
        corpus = _prepare(paths, _pool(stack, jobs, cache), console, timings)
        t0 = time.perf_counter()
        docs, extractions = [], []
        for s in corpus.summaries:
            if s.infos:
                d, x, _ = cache.get(s.key)
                docs += d
                extractions += x
        facts = dict(enumerate(extractions))
        graph = build_graph(docs, facts, corpus.entities, departments=corpus.departments, places=corpus.places)
        _add_summary(graph)
        timings["build"] = time.perf_counter() - t0
    return BuildResult(graph, tuple(docs), tuple(corpus.skipped), len(corpus.summaries), timings,
                       tuple(zip(docs, extractions)), corpus.resolution, sum(s.cached for s in corpus.summaries))


def _add_summary(graph) -> None:
    """Add the whole-graph summaries (:mod:`kg.summary`) that ``kg build`` writes too, so both builds agree."""
    from kg.summary import summary_graph_ntriples

    data = summary_graph_ntriples(graph.serialize(format="nt", encoding="utf-8"))
    if data:
        graph.parse(data=data, format="nt")
