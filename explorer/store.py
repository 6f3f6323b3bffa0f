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

from kg.errors import KgError, StoreError
from kg.stores.sparql import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STORE = ROOT / ".kg" / "store"
CACHE = ROOT / ".kg" / "cache"  # the build cache ``kg build`` uses: a rebuild here reuses its extractions


class MemoryStore(OxigraphStore):
    """An in-memory :class:`OxigraphStore` filled from N-Triples bytes."""

    def __init__(self, *parts: bytes) -> None:
        super().__init__(None)
        for data in parts:
            self.load_ntriples(data)

    def ntriples(self) -> bytes:
        return self.dump("nt")

    def refresh_summary(self) -> int:
        """Compute the whole-graph summaries again (:func:`kg.summary.refresh_summary`); their triple count."""
        from kg.summary import refresh_summary

        return refresh_summary(self._store)


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
    """True when the manifest of ``store`` says it holds this code's graph of ``corpus`` (:mod:`kg.manifest`)."""
    from kg.manifest import matches

    return matches(store, [corpus])


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:12]


def _open_store(store: Path) -> bytes | None:
    """The N-Triples of ``store`` when it holds as many triples as its manifest says, else ``None``."""
    from kg.manifest import read_manifest

    opened = OxigraphStore(store, read_only=True)
    saved = read_manifest(store) or {}
    return opened.dump("nt") if opened.count() == saved.get("triples") else None


def open_base(corpus: Path = CORPUS, store: Path = STORE, *, rebuild: bool | None = None,
              cache: Path | None = CACHE) -> Base:
    """The base graph: a copy of ``store`` when its manifest matches, else a build of ``corpus``.

    A build goes through the build cache (fast when only the graph code or
    nothing changed) and is written back to ``store`` with its manifest (when
    nothing else holds the store) so the next start opens it.
    ``EDUPOLICY_REBUILD=1`` forces a build.
    """
    t0 = time.perf_counter()
    rebuild = os.environ.get("EDUPOLICY_REBUILD") == "1" if rebuild is None else rebuild
    notes: list[str] = []
    if not rebuild and store_is_fresh(store, corpus):
        try:
            data = _open_store(store)
        except StoreError as exc:
            data = None
            notes.append(f"could not open {store} ({exc}); built the corpus instead")
        if data is not None:
            version = _digest(data)
            _seed_view(store, version)
            return Base(MemoryStore(data), "store", time.perf_counter() - t0, corpus, version)
    from kg.pipeline import build_corpus

    result = build_corpus([corpus], cache_dir=cache)
    data = result.graph.serialize(format="nt", encoding="utf-8")
    mem = MemoryStore(data)
    notes.extend(_persist(mem, store, corpus))
    return Base(mem, "build", time.perf_counter() - t0, corpus, _digest(data), result.skipped, tuple(notes))


def _seed_view(store: Path, version: str) -> None:
    """Hand the analytics the view the build kept beside ``store`` (:mod:`kg.analytics.view_cache`), if it is this graph's."""
    from explorer import analysis
    from kg.analytics.view_cache import load_view

    view = load_view(store)
    if view is not None:
        analysis.seed(version, view)


def _persist(mem: MemoryStore, store: Path, corpus: Path) -> list[str]:
    from kg.manifest import forget_manifest, write_manifest

    try:
        target = OxigraphStore(store)
        forget_manifest(store)
        target.clear()
        target.load_ntriples(mem.ntriples())
        triples = target.count()
        del target  # release the store's lock before anyone else opens it
        write_manifest(store, [corpus], triples)
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
    """The store a session sees, and a version key for caching its tables.

    The base's summaries (programme city counts, adoptions, ranks …) count the
    base's cities only; with added documents they are computed again.
    """
    if not additions:
        return base.store, base.version
    store = MemoryStore(base.store.ntriples(), *(a.ntriples for a in additions))
    store.refresh_summary()
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
