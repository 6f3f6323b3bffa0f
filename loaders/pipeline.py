"""read → normalise → segment, for one file or a whole corpus.

``load_corpus`` never aborts on one bad file: it returns the documents it
could build and, for every file it could not, ``(file, reason)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import LoadError
from kg.model import Document
from loaders.normalise import normalise
from loaders.read import read, read_bytes
from loaders.segment import segment

__all__ = ["LoadReport", "load_bytes", "load_corpus", "load_file"]


@dataclass(frozen=True, slots=True)
class LoadReport:
    documents: tuple[Document, ...]
    skipped: tuple[tuple[str, str], ...]  # (file, reason)
    chars: int = 0  # source characters read, for throughput figures


def load_file(path: Path, root: Path | None = None) -> tuple[Document, ...]:
    """The documents of one file (raises :class:`LoadError`)."""
    return segment(normalise(read(Path(path), root)))


def load_bytes(name: str, data: bytes) -> tuple[Document, ...]:
    """The documents of an uploaded file: ``name`` (e.g. ``plan.pdf``) names it, the bytes decide its type."""
    return segment(normalise(read_bytes(data, name)))


def load_corpus(paths: Iterable[Path], root: Path | None = None) -> LoadReport:
    """Load every file; a file that fails is listed in ``skipped``, not raised."""
    docs: list[Document] = []
    skipped: list[tuple[str, str]] = []
    chars = 0
    for path in sorted(Path(p) for p in paths):
        try:
            found = load_file(path, root)
        except LoadError as exc:
            skipped.append((exc.file, exc.reason))
            continue
        docs += found
        chars += len(found[0].text.raw) if found else 0
    return LoadReport(tuple(docs), tuple(skipped), chars)
