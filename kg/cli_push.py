"""``kg push``: the graph to a SPARQL 1.1 server, one named graph per document.

Registered in :mod:`kg.cli` as ``app.command("push")(push)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from kg.errors import KgError

console = Console(stderr=True)


def push(
    corpus: Annotated[list[Path], typer.Argument(help="Folders or files to build and push")] = None,  # type: ignore[assignment]
    sparql_endpoint: Annotated[str, typer.Option("--sparql-endpoint", help="SPARQL endpoint or dataset URL, e.g. http://127.0.0.1:3030/kg")] = "",
    graph_store: Annotated[Optional[str], typer.Option("--graph-store", help="Graph Store Protocol URL (default: the endpoint)")] = None,
    document: Annotated[Optional[list[str]], typer.Option("--document", "-d", help="Push only this document IRI (repeatable); the shared graph is always pushed")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel extraction processes")] = 1,
    cache: Annotated[Optional[Path], typer.Option(help="Build cache folder ('' to disable)")] = Path(".kg/cache"),
) -> None:
    """Write the graph of CORPUS to a SPARQL server: PUT one named graph per document, plus a shared graph."""
    from kg.pipeline_store import document_triples
    from kg.push import SHARED_GRAPH, document_graphs, put_graph

    if not sparql_endpoint:
        console.print("[red]error:[/red] --sparql-endpoint URL is required", highlight=False)
        raise typer.Exit(2)
    store_url = graph_store or sparql_endpoint
    try:
        chunks, skipped = document_triples(corpus or [Path("corpus")], jobs=jobs,
                                           cache_dir=cache if cache and str(cache) else None, console=console)
        docs, shared = document_graphs(chunks)
        wanted = set(document or ())
        unknown = wanted - {d.document for d in docs}
        if unknown:
            raise KgError(f"no such document in the corpus: {', '.join(sorted(unknown))}")
        sent = 0
        for d in docs:
            if not wanted or d.document in wanted:
                put_graph(store_url, d.graph, d.lines)
                sent += len(d.lines)
        put_graph(store_url, SHARED_GRAPH, shared)
    except KgError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    for name, reason in skipped:
        console.print(f"[yellow]skipped[/yellow] {name}: {reason}", highlight=False)
    n = len(wanted) if wanted else len(docs)
    console.print(f"pushed {n} document graphs ({sent} triples) and the shared graph ({len(shared)} triples) "
                  f"to {store_url}", highlight=False)
