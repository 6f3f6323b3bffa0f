"""The build cache: per-file extraction results and per-document graphs, on disk.

A file's entry is keyed by its name and content (sha256) and lives under the
*pipeline version*: a hash of the source of every stage that shapes it (the
loaders, the data model, the ontology's lexicon files) and of the Python and
spaCy versions.  Editing a loader or adding an alias to ``ontology/*.ttl``
changes the version, so nothing stale is ever read back.  Per-document graphs
(N-Triples) are keyed by the file's key, the entities and departments the
document's mentions resolved to, and the graph builder's own source, so a
change in one city re-builds only the documents it touches.

Entries are pickles: the cache is local, versioned and written by this
program only.  Writes go to a temporary file renamed into place, so parallel
workers never see half an entry.

>>> cache = BuildCache(Path(".kg/cache"))          # doctest: +SKIP
>>> cache.get(key) is None                         # doctest: +SKIP
True
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kg.errors import KgError

__all__ = ["BuildCache", "CacheError", "file_key", "pipeline_version", "graph_version"]

ROOT = Path(__file__).resolve().parent.parent
# What shapes a file's documents and extractions …
EXTRACT_SOURCES = ("loaders/**/*.py", "kg/model.py", "kg/errors.py", "ontology/*.ttl")
# … and, on top of those, what shapes a document's triples.
GRAPH_SOURCES = ("kg/build.py", "kg/iri.py", "kg/vocab.py", "kg/cache.py", "kg/reference.py", "kg/summary.py",
                 # the similarity links the build adds, and the view they are scored on (kept beside the store)
                 "kg/analytics/links.py", "kg/analytics/textsim.py", "kg/analytics/ann.py", "kg/analytics/view.py",
                 "kg/analytics/triples.py")
FORMAT = 1  # bump when the layout of an entry changes


class CacheError(KgError):
    """A cache folder cannot be created or written."""


def _digest_files(patterns: tuple[str, ...], root: Path) -> hashlib._Hash:
    h = hashlib.sha256(f"format {FORMAT}; python {platform.python_version()}".encode())
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h


def _package_versions() -> bytes:
    out = []
    for name in ("spacy", "opencc", "cn2an", "rdflib", "pdfplumber", "pdfminer.six", "python-docx", "selectolax", "jieba", "charset-normalizer"):
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=none")
    return ";".join(out).encode()


@lru_cache(maxsize=4)
def pipeline_version(root: Path = ROOT) -> str:
    """Hash of everything that shapes a file's documents and extractions."""
    h = _digest_files(EXTRACT_SOURCES, root)
    h.update(_package_versions())
    return h.hexdigest()


@lru_cache(maxsize=4)
def graph_version(root: Path = ROOT) -> str:
    """:func:`pipeline_version` plus the graph builder's source."""
    h = _digest_files(GRAPH_SOURCES, root)
    h.update(pipeline_version(root).encode())
    return h.hexdigest()


def file_key(name: str, data: bytes) -> str:
    """The cache key of a file: its name relative to the corpus root and its content."""
    return hashlib.sha256(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest()).hexdigest()


class BuildCache:
    """Entries under ``folder/<version>/``: ``files/`` (pickles) and ``graphs/`` (N-Triples)."""

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self.version = version or pipeline_version()
        self.folder = Path(folder)
        self.root = self.folder / self.version[:16]
        self.hits = 0
        self.misses = 0
        try:
            (self.root / "files").mkdir(parents=True, exist_ok=True)
            (self.root / "graphs").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot create the build cache at {self.root}: {exc}") from exc

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def get(self, key: str) -> Any | None:
        """The entry of ``key``, or ``None`` (a missing, unreadable or foreign entry is a miss)."""
        try:
            with open(self._path("files", key, ".pkl"), "rb") as f:
                version, value = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, ImportError):
            self.misses += 1
            return None
        if version != self.version:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        self._write(self._path("files", key, ".pkl"), pickle.dumps((self.version, value), protocol=5))

    def get_graph(self, key: str) -> bytes | None:
        try:
            return self._path("graphs", key, ".nt").read_bytes()
        except OSError:
            return None

    def put_graph(self, key: str, data: bytes) -> None:
        self._write(self._path("graphs", key, ".nt"), data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            raise CacheError(f"cannot write the build cache entry {path}: {exc}") from exc
