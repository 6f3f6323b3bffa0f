"""The explorer's graph: opened from the persistent store or built from the corpus.

The app never writes to the graph it shows except through the add-document
flow, which gives a *session* its own copy (the base plus the added
documents); the shared base stays as it was loaded.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import KgError, StoreError
from kg.stores.sparql import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STORE = ROOT / ".kg" / "store"
# Reference vocabulary the graph points at but does not label (theme names).
VOCAB = (ROOT / "ontology" / "themes.ttl",)
_NT = ox.RdfFormat.N_TRIPLES


class MemoryStore(OxigraphStore):
    """An in-memory :class:`OxigraphStore` filled from N-Triples bytes."""

    def __init__(self, *parts: bytes) -> None:
        super().__init__(None)
        for data in parts:
            if data:
                self._store.bulk_load(data, format=_NT)

    def ntriples(self) -> bytes:
        return self._store.dump(format=_NT, from_graph=ox.DefaultGraph())


@dataclass(frozen=True, slots=True)
class Base:
    """The graph every session starts from, and how it was obtained."""

    store: MemoryStore
    origin: str  # "store" (opened .kg/store) or "build" (built from the corpus)
    seconds: float
    corpus: Path
    version: str
    skipped: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default=())


def corpus_files(corpus: Path) -> list[Path]:
    from kg.pipeline import discover

    return [f for f, _ in discover([corpus])[0]]


def store_is_fresh(store: Path, corpus: Path) -> bool:
    """True when ``store`` holds data written after every corpus file changed."""
    marks = [p.stat().st_mtime for p in store.glob("*")] if store.is_dir() else []
    files = corpus_files(corpus)
    return bool(marks) and bool(files) and max(marks) > max(f.stat().st_mtime for f in files)


def _vocab() -> bytes:
    g = Graph()
    for path in VOCAB:
        if path.exists():
            g.parse(path, format="turtle")
    return g.serialize(format="nt", encoding="utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:12]


def open_base(corpus: Path = CORPUS, store: Path = STORE, *, rebuild: bool | None = None) -> Base:
    """The base graph: a copy of ``store`` when fresh, else a build of ``corpus``.

    A build is written back to ``store`` (when nothing else holds it) so the
    next start is fast.  ``EDUPOLICY_REBUILD=1`` forces a build.
    """
    t0 = time.perf_counter()
    rebuild = os.environ.get("EDUPOLICY_REBUILD") == "1" if rebuild is None else rebuild
    notes: list[str] = []
    if not rebuild and store_is_fresh(store, corpus):
        try:
            data = ox.Store.read_only(str(store)).dump(format=_NT, from_graph=ox.DefaultGraph())
            mem = MemoryStore(data, _vocab())
            return Base(mem, "store", time.perf_counter() - t0, corpus, _digest(data))
        except OSError as exc:
            notes.append(f"could not open {store} ({exc}); built the corpus instead")
    from kg.pipeline import build_corpus

    result = build_corpus([corpus])
    data = result.graph.serialize(format="nt", encoding="utf-8")
    notes.extend(_persist(result.graph, store))
    mem = MemoryStore(data, _vocab())
    return Base(mem, "build", time.perf_counter() - t0, corpus, _digest(data), result.skipped, tuple(notes))


def _persist(graph: Graph, store: Path) -> list[str]:
    try:
        target = OxigraphStore(store)
        target.clear()
        target.write(graph)
    except (KgError, OSError) as exc:  # another process holds the store: keep going in memory
        return [f"built in memory only; {store} was not updated: {exc}"]
    return []


@dataclass(frozen=True, slots=True)
class Addition:
    """A document a session added: its graph and the source text it points into."""

    name: str
    sha256: str
    ntriples: bytes
    raw: str
    summary: str


def session_store(base: Base, additions: tuple[Addition, ...]) -> tuple[MemoryStore, str]:
    """The store a session sees, and a version key for caching its tables."""
    if not additions:
        return base.store, base.version
    store = MemoryStore(base.store.ntriples(), *(a.ntriples for a in additions))
    return store, base.version + "+" + "+".join(a.sha256[:12] for a in additions)


def source_text(base: Base, name: str, additions: tuple[Addition, ...] = ()) -> str | None:
    """The decoded characters of a source file, which evidence offsets index."""
    for a in additions:
        if a.name == name:
            return a.raw
    path = base.corpus / name
    if not path.is_file():
        return None
    from loaders.read import read

    try:
        return read(path, base.corpus).text
    except KgError as exc:
        raise StoreError(f"{name}: cannot read the source file: {exc}") from exc
