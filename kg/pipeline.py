"""The composition root: files in, one rdflib graph out.

read → normalise → segment → extract → resolve → build.  The loaders do the
first four per file (in parallel with ``jobs > 1``, cached by file content and
pipeline version); resolution and graph building see the whole corpus, because
one programme must be one node across every city.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.build import build_graph
from kg.errors import KgError, LoadError
from kg.model import Document

SUFFIXES = (".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".doc")


@dataclass(frozen=True, slots=True)
class BuildResult:
    graph: Graph
    documents: tuple[Document, ...]
    skipped: tuple[tuple[str, str], ...]
    files: int
    timings: dict[str, float] = field(default_factory=dict)
    extractions: tuple = ()
    resolution: object = None


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """Files to load as ``(file, root)`` pairs, sorted; missing paths are reported, not fatal."""
    found: list[tuple[Path, Path]] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            found.extend((f, p) for f in files if f.suffix.lower() in SUFFIXES or not f.suffix)
        elif p.is_file():
            found.append((p, p.parent))
        else:
            missing.append((str(p), "no such file or folder"))
    return found, missing


def _progress(console: Console | None) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=console is None,
    )


def load_documents(files: Sequence[tuple[Path, Path]], console: Console | None = None):
    """Read, normalise and segment each file; a bad file is skipped with its reason."""
    from loaders.pipeline import load_file

    docs: list[Document] = []
    skipped: list[tuple[str, str]] = []
    with _progress(console) as bar:
        task = bar.add_task("reading", total=len(files))
        for path, root in files:
            try:
                docs.extend(load_file(path, root))
            except LoadError as exc:
                skipped.append((exc.file, exc.reason))
            except KgError as exc:
                skipped.append((str(path), str(exc)))
            bar.advance(task)
    return docs, skipped


def resolve_units(docs: Sequence[Document]):
    """Department entities per ``(city_code, name)``: names are resolved within each city."""
    from loaders.departments import load_unit_lexicon, resolve_departments

    names: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        if doc.city_code:
            names[doc.city_code].extend(u.name for m in doc.measures for u in m.units if not u.collective)
            names[doc.city_code].extend(u.name for m in doc.measures for u in m.units if u.collective)
    lexicon = load_unit_lexicon()
    out = {}
    for code, city_names in names.items():
        for name, ent in resolve_departments(city_names, lexicon).items():
            out[(code, name)] = ent
    return out


def build_corpus(
    paths: Iterable[Path],
    *,
    jobs: int = 1,
    cache_dir: Path | None = None,
    console: Console | None = None,
) -> BuildResult:
    """Build the graph of every document under ``paths``."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    files, missing = discover(paths)
    if not files and missing:
        raise KgError(f"nothing to build: {missing[0][0]}: {missing[0][1]}")
    docs, skipped = load_documents(files, console)
    timings["load"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    extractions = extract_documents(docs, console)
    timings["extract"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    departments = resolve_units(docs)
    resolution, entities = resolve_mentions(extractions)
    timings["resolve"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    facts = {i: ex for i, (_, ex) in enumerate(extractions)}
    graph = build_graph(docs, facts, entities, departments=departments, places=_places(docs))
    timings["build"] = time.perf_counter() - t3
    return BuildResult(graph, tuple(docs), tuple(missing + skipped), len(files), timings,
                       tuple(extractions), resolution)


def extract_documents(docs: Sequence[Document], console: Console | None = None):
    """``(document, Extraction)`` pairs: programmes, slogans, citations, institutions, targets."""
    from loaders.extract import extract
    from loaders.lexicon import load_lexicon
    from loaders.nlp import build_nlp

    nlp = build_nlp(load_lexicon())
    pairs = []
    with _progress(console) as bar:
        task = bar.add_task("extracting", total=len(docs))
        for doc in docs:
            pairs.append((doc, extract(doc, nlp)))
            bar.advance(task)
    return pairs


def resolve_mentions(extractions):
    """One entity per programme across cities, and the builder's view of each mention's entity."""
    from loaders.lexicon import load_lexicon
    from loaders.resolve import build_entities, resolve

    resolution = resolve(extractions, load_lexicon())
    return resolution, build_entities(resolution)


def _places(docs: Sequence[Document]) -> dict[str, tuple[float, float]]:
    try:
        from loaders.gazetteer import coordinates
    except ImportError:
        return {}
    return {d.city_code: c for d in docs if d.city_code and (c := coordinates(d.city_code))}
