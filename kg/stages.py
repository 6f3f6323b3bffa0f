"""The per-file and per-document work of a build, runnable in worker processes.

Two units of work, both pure given their inputs and the cache:

* :func:`process_file` reads, normalises, segments and extracts one file and
  puts the documents and extractions in the cache; it returns only what
  cross-document resolution needs (:class:`FileSummary`), so the documents'
  texts and spaCy objects are never all held at once nor sent between
  processes;
* :func:`file_graphs` turns the documents of one file, with the entities and
  departments their mentions resolved to, into N-Triples, one chunk per
  document (cached by what they depend on).

spaCy is imported only when a file is not in the cache, so a fully cached
build never pays its start-up.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import BuildCache, file_key, graph_version
from kg.errors import KgError, LoadError
from kg.model import Document, Mention, Source, Target

__all__ = ["DocInfo", "Extracted", "FileSummary", "GraphTask", "file_graphs", "init_worker", "process_file"]

_STATE: dict[str, object] = {}


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document's mentions and targets (``loaders.extract.Extraction``'s fields).

    Cached instead of the loader's class so that reading the cache back never
    imports spaCy (``loaders.extract`` does, at a cost of ~2 s).
    """

    mentions: tuple[Mention, ...]
    targets: tuple[Target, ...]


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What resolution needs of a document: no text, no spans."""

    source: Source
    index: int
    city_code: str | None
    units: tuple[tuple[str, bool], ...]  # (name as printed, collective)
    bureau: str | None = None  # adcode of the issuing bureau (a county's, else the city's): departments live there


@dataclass(frozen=True, slots=True)
class FileSummary:
    """One file's outcome: its documents' summaries and extractions, or why it was skipped."""

    path: str
    key: str
    infos: tuple[DocInfo, ...] = ()
    extractions: tuple = ()
    skipped: tuple[str, str] | None = None
    chars: int = 0  # decoded source characters
    cached: bool = False
    timings: dict[str, float] = field(default_factory=dict)


def init_worker(cache_dir: str, version: str) -> None:
    """Process-pool initializer: open the cache once per worker (the nlp is built on first need)."""
    _STATE["cache"] = BuildCache(Path(cache_dir), version)


def _cache() -> BuildCache:
    return _STATE["cache"]  # type: ignore[return-value]


def _nlp():
    if "nlp" not in _STATE:
        from loaders.lexicon import load_lexicon
        from loaders.nlp import build_nlp

        _STATE["nlp"] = build_nlp(load_lexicon())
    return _STATE["nlp"]


def _infos(docs: Sequence[Document]) -> tuple[DocInfo, ...]:
    return tuple(
        DocInfo(d.source, d.index, d.city_code, tuple((u.name, u.collective) for m in d.measures for u in m.units),
                d.bureau)
        for d in docs
    )


def _load(path: Path, root: Path, timings: dict[str, float]) -> tuple[Document, ...]:
    from loaders.normalise import normalise
    from loaders.read import read
    from loaders.segment import segment

    # CPU seconds of this process: on a shared machine wall time measures the neighbours
    t0 = time.process_time()
    raw = read(path, root)
    t1 = time.process_time()
    text = normalise(raw)
    t2 = time.process_time()
    docs = segment(text)
    timings.update(read=t1 - t0, normalise=t2 - t1, segment=time.process_time() - t2)
    return docs


def process_file(path: Path, root: Path) -> FileSummary:
    """Documents and extractions of one file, from the cache or computed (and then cached)."""
    t0 = time.perf_counter()
    data = path.read_bytes()
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    key = file_key(name, data)
    hit = _cache().get(key)
    timings = {"lookup": time.perf_counter() - t0}
    if hit is not None:
        docs, extractions, skipped = hit
        chars = len(docs[0].text.raw) if docs else 0
        return FileSummary(str(path), key, _infos(docs), extractions, skipped, chars, True, timings)
    try:
        docs = _load(path, root, timings)
        skipped = None
    except LoadError as exc:
        docs, skipped = (), (exc.file, exc.reason)
    except KgError as exc:
        docs, skipped = (), (str(path), str(exc))
    t1 = time.process_time()
    if docs:
        from loaders.extract import extract

        extractions = tuple(Extracted(x.mentions, x.targets) for x in (extract(d, _nlp()) for d in docs))
    else:
        extractions = ()
    timings["extract"] = time.process_time() - t1
    _cache().put(key, (docs, extractions, skipped))
    chars = len(docs[0].text.raw) if docs else 0
    return FileSummary(str(path), key, _infos(docs), extractions, skipped, chars, False, timings)


@dataclass(frozen=True, slots=True)
class GraphTask:
    """What one file's documents resolved to: enough to build their triples."""

    key: str  # the file's cache key
    entities: tuple[Mapping[int, object], ...]  # per document: mention index -> kg.build.Entity
    departments: Mapping[tuple[str, str], object]  # (city code, name) -> DepartmentEntity
    places: Mapping[str, tuple[float, float]]

    def graph_key(self, index: int) -> str:
        """The cache key of document ``index``'s triples: everything they depend on."""
        parts = (graph_version(), self.key, str(index), repr(sorted(self.entities[index].items())),
                 repr(sorted(self.departments.items())), repr(sorted(self.places.items())))
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def file_graphs(task: GraphTask) -> tuple[tuple[bytes, ...], float, int]:
    """N-Triples of each document of a file, the CPU seconds spent building, and how many were cached."""
    cache = _cache()
    keys = [task.graph_key(i) for i in range(len(task.entities))]
    chunks = [cache.get_graph(k) for k in keys]
    if all(c is not None for c in chunks):
        return tuple(chunks), 0.0, len(chunks)  # type: ignore[arg-type]
    t0 = time.process_time()
    docs, extractions, _ = cache.get(task.key)
    from kg.build import build_triples

    out = []
    for i, (doc, ex, gkey, chunk) in enumerate(zip(docs, extractions, keys, chunks)):
        if chunk is None:
            chunk = build_triples([doc], {0: ex}, {(0, j): e for j, e in task.entities[i].items()},
                                  departments=task.departments, places=task.places).ntriples()
            cache.put_graph(gkey, chunk)
        out.append(chunk)
    return tuple(out), time.process_time() - t0, sum(c is not None for c in chunks)
