"""``kg neo4j``: load a graph or a corpus into Neo4j, export it back to RDF, clear it.

The connection comes from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD /
NEO4J_DATABASE (``eval "$(scripts/neo4j-dev start)"``) or Streamlit secrets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import Graph
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.errors import KgError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Load, export and clear the Neo4j database.")
console = Console(stderr=True)


def _fail(exc: BaseException) -> None:
    from kg.cli import fail

    fail(exc)


def read_input(path: Path) -> Graph:
    """A graph file as it is, or a corpus folder/file built into a graph."""
    from kg.io import FORMATS, read_graph

    if path.is_file() and path.suffix.lower() in FORMATS:
        return read_graph(path)
    from kg.pipeline import build_corpus

    return build_corpus([path], console=console).graph


@app.command()
def load(
    source: Annotated[Path, typer.Argument(help="A graph file (.ttl .nt .jsonld) or a corpus folder/file")],
    replace: Annotated[bool, typer.Option("--replace", help="Reload changed documents: drop their old facts first")]
    = False,
) -> None:
    """Load SOURCE into Neo4j: idempotent, one transaction per document."""
    from kg.stores.neo4j_plan import plan_load
    from kg.stores.neo4j_store import Neo4jStore

    try:
        plan = plan_load(read_input(source))
        with Neo4jStore.from_env() as store, _progress() as bar:
            task = bar.add_task("loading", total=plan.size)
            report = store.load(plan, replace=replace, progress=lambda what, n: bar.advance(task, n))
    except KgError as exc:
        _fail(exc)
    console.print(f"loaded {report['documents']} documents: {report['nodes']} nodes, "
                  f"{report['relationships']} relationships into {store.uri}", highlight=False)
    for p in report["skipped"]:
        console.print(f"[yellow]not mapped[/yellow] {p}", highlight=False)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="RDF file to write; the format follows the suffix")],
    check: Annotated[Path | None, typer.Option(help="A built graph to compare with on the contract's terms")] = None,
) -> None:
    """Write the Neo4j database back to RDF (optionally check it against a built graph)."""
    from kg.io import read_graph, write_graph
    from kg.stores.neo4j_parity import compare, export_graph, project
    from kg.stores.neo4j_store import Neo4jStore

    try:
        with Neo4jStore.from_env() as store:
            g = export_graph(store)
        write_graph(g, out)
        console.print(f"exported {len(g)} triples → {out}", highlight=False)
        if check is not None:
            same, diff = compare(project(read_graph(check)), project(g))
            console.print(f"isomorphic with {check} on the contract's terms" if same else diff, highlight=False)
            if not same:
                raise typer.Exit(1)
    except KgError as exc:
        _fail(exc)


@app.command()
def clear(yes: Annotated[bool, typer.Option("--yes", help="Do not ask")] = False) -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    from kg.stores.neo4j_store import Neo4jStore

    try:
        with Neo4jStore.from_env() as store:
            if not yes and not typer.confirm(f"delete everything in {store.uri} ({store.database})?"):
                raise typer.Exit(1)
            store.clear()
    except KgError as exc:
        _fail(exc)
    console.print("cleared", highlight=False)


def _progress() -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True)
