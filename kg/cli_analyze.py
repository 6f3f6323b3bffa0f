"""``kg analyze GRAPH``: the analytics of a built graph as HTML and/or JSON.

Registered in :mod:`kg.cli` with ``app.command()(analyze)``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from kg.errors import KgError

__all__ = ["analyze"]

_console = Console(stderr=True)
#: Suffixes :func:`kg.analytics.view.read_view_file` reads without rdflib.
FAST_SUFFIXES = (".ttl", ".nt", ".nq", ".trig")


def analyze(
    graph: Annotated[Path, typer.Argument(help="An Oxigraph store folder (kg build's, the default) or a built graph "
                                          "file (.ttl .nt .jsonld)")] = Path(".kg/store"),
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a self-contained HTML report")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the same numbers as JSON")] = None,
    links_out: Annotated[Optional[Path], typer.Option("--links", help="Write GRAPH plus ep:similarTo links")]
    = None,
    curated_only: Annotated[bool, typer.Option("--curated-only", help="Only lexicon programmes")] = False,
    k: Annotated[int, typer.Option("-k", help="Similar measures kept per measure")] = 3,
    threshold: Annotated[Optional[float], typer.Option(help="Cosine threshold (default: the module's)")] = None,
) -> None:
    """Adoption, city similarity, similar measures, centrality and targets by metric of GRAPH.

    GRAPH is ``kg build``'s store folder by default; its similarity links are the build's.
    """
    from kg.analytics import add_similarity, read_view, similar_measures
    from kg.analytics.links import K, stored_links
    from kg.analytics.view import only_curated, read_view_file, read_view_store
    from kg.analytics.view_cache import load_view
    from kg.stores.sparql import OxigraphStore
    from kg.analytics.html import render_html
    from kg.analytics.report import summarise
    from kg.analytics.textsim import THRESHOLD
    from kg.io import read_graph, write_graph

    cut = THRESHOLD if threshold is None else threshold
    try:
        start = time.perf_counter()
        g = stored = None
        if graph.is_dir() and links_out:
            raise KgError(f"--links writes a graph file plus links; {graph} is a store, which holds the build's links "
                          "already (give a graph file, e.g. kg build's out/graph.ttl)")
        if graph.is_dir():  # the embedded store: the view in a few Rust-side queries, the build's links as stored
            store = OxigraphStore(graph, read_only=True).native  # the explorer may hold it open
            view = load_view(graph) or read_view_store(store)  # the build's view, if it is this graph's
            view = only_curated(view) if curated_only else view
            stored = stored_links(store) if (k, cut) == (K, THRESHOLD) and not curated_only else None
        elif links_out or graph.suffix.lower() not in FAST_SUFFIXES:
            g = read_graph(graph)  # the links are written into the whole graph
            view = read_view(g, curated_only=curated_only)
        else:  # only the triples the analytics read: seconds, not minutes, on thousands of documents
            view = read_view_file(graph, curated_only=curated_only)
        # a store built by this code holds the links; an older one, or other k/threshold, is scored here
        links = stored if stored else similar_measures(view, k=k, threshold=cut)
        result = summarise(view, k=k, threshold=cut, links=links)
        if json_out:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        if report:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(render_html(result, f"Education policy analytics: {graph.name}"), encoding="utf-8")
        if links_out and g is not None:
            add_similarity(g, links)
            write_graph(g, links_out)
    except (KgError, OSError) as exc:
        _console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    c = result["counts"]
    top = result["adoption"][0] if result["adoption"] else None
    _console.print(
        f"{c['cities']} cities, {c['documents']} documents, {c['measures']} measures, {c['programmes']} programmes; "
        f"{len(result['city_pairs'])} city pairs, {len(result['similar_measures']['links'])} similar-measure links, "
        f"{len(result['metrics'])} metric tables"
        + (f"; widest programme: {top['label']} ({top['reach']} cities)" if top else "")
        + f" [{time.perf_counter() - start:.1f}s]",
        highlight=False,
    )
    for path in (report, json_out, links_out):
        if path:
            _console.print(f"→ {path}", highlight=False)


if __name__ == "__main__":  # pragma: no cover - run without touching kg/cli.py
    typer.run(analyze)
