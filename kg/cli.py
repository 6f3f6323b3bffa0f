"""The ``kg`` command: build, inspect, validate, query and evaluate the graph.

Errors are one readable line (``--verbose`` for the traceback); long work shows
a rich progress bar.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import KgError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Education-policy knowledge graph.")
console = Console(stderr=True)
out = Console()
_state = {"verbose": False}


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks.")] = False) -> None:
    _state["verbose"] = verbose


def fail(exc: BaseException) -> None:
    """Print one readable line (the traceback with --verbose) and exit 1."""
    if _state["verbose"]:
        console.print_exception()
    console.print(f"[red]error:[/red] {exc}", highlight=False)
    raise typer.Exit(1)


def _table(title: str, columns: list[str], rows) -> Table:
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c)
    for row in rows:
        t.add_row(*("" if v is None else str(v) for v in row))
    return t


@app.command()
def build(
    corpus: Annotated[list[Path], typer.Argument(help="Folders or files (.txt .docx .pdf .html)")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Graph file; format by suffix (.ttl .nt .jsonld)")]
    = Path("out/graph.ttl"),
    store: Annotated[str, typer.Option(help="Embedded store folder to (re)load ('' for none)")] = ".kg/store",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel extraction processes")] = 1,
    cache: Annotated[str, typer.Option(help="Build cache folder ('' to disable)")] = ".kg/cache",
) -> None:
    """Build the graph of CORPUS: read, normalise, segment, extract, resolve, write."""
    from kg.pipeline_store import build_to_store

    try:
        use_store = store if store is not None and str(store) else None
        result = build_to_store(corpus, out_path, use_store, jobs=jobs,
                                cache_dir=cache if cache and str(cache) else None, console=console)
    except KgError as exc:
        fail(exc)
    for name, reason in result.skipped:
        console.print(f"[yellow]skipped[/yellow] {name}: {reason}", highlight=False)
    console.print(
        f"built {result.documents} documents from {result.files} files "
        f"({len(result.skipped)} skipped): {result.triples} triples → {out_path}"
        + (f", store {use_store}" if use_store else "")
        + (" (up to date)" if result.up_to_date else f" ({result.cached_files} files from the cache)"),
        highlight=False,
    )


@app.command()
def stats(graph: Annotated[Path, typer.Argument(help="A built graph file")]) -> None:
    """Counts by class, by contract property and by city."""
    from kg import stats as st
    from kg.io import read_graph

    try:
        g = read_graph(graph)
    except KgError as exc:
        fail(exc)
    out.print(_table("by class", ["class", "count"], st.by_class(g).items()))
    out.print(_table("facts", ["property", "count"], st.by_property(g).items()))
    cities = st.by_city(g)
    cols = ["documents", "measures", "mentions", "targets", "results", "departments"]
    out.print(_table("by city", ["city", *cols], ([c, *(v.get(k, 0) for k in cols)] for c, v in cities.items())))


@app.command()
def validate(graph: Annotated[Path, typer.Argument(help="A built graph file")]) -> None:
    """SHACL-validate GRAPH against ontology/shapes.ttl; exit 1 on violations."""
    from kg.io import read_graph
    from kg.validate import validate as run

    try:
        violations = run(read_graph(graph))
    except KgError as exc:
        fail(exc)
    if not violations:
        out.print(f"{graph}: conforms to the SHACL shapes")
        return
    out.print(_table(f"{len(violations)} violations", ["focus node", "path", "message"],
                     ((v.focus, v.path, v.message) for v in violations[:200])))
    raise typer.Exit(1)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of hand-written gold JSON files")] = Path("tests/gold"),
    corpus: Annotated[Path, typer.Option(help="The corpus the gold annotates")] = Path("corpus"),
    missed: Annotated[bool, typer.Option("--missed", help="List what the extractor missed")] = False,
) -> None:
    """Score extraction (P/R/F1 per entity type, cross-city links) against a gold annotation."""
    from kg.pipeline import build_corpus
    from loaders.evaluate import evaluate, format_report

    try:
        result = build_corpus([corpus], console=console)
        report = evaluate(gold, result.extractions)
    except KgError as exc:
        fail(exc)
    out.print(format_report(report), highlight=False)
    if missed:
        for kind, items in report.missed.items():
            for item in items:
                out.print(f"missed {kind}: {item}", highlight=False)


@app.command()
def explain(
    label: Annotated[str, typer.Argument(help="A programme, slogan or cited title (any surface form)")],
    corpus: Annotated[Path, typer.Option(help="Corpus to resolve")] = Path("corpus"),
) -> None:
    """Why mentions are (or are not) one entity: the rule or lexicon entry behind each."""
    from kg.pipeline import build_corpus
    from loaders.resolve import explain as run

    try:
        result = build_corpus([corpus], console=console)
    except KgError as exc:
        fail(exc)
    hits = run(result.resolution, label)
    if not hits:
        out.print(f"no entity matches {label!r}")
        raise typer.Exit(1)
    for entity, decisions in hits:
        kind = "curated" if entity.curated else "found by rule"
        out.print(f"[bold]{entity.label}[/bold] ({entity.kind.value}, {kind}) → {entity.iri}", highlight=False)
        for d in decisions:
            out.print(f"  {d.document} {d.path}  {d.surface}  [{d.rule}] {d.detail}", highlight=False, soft_wrap=True)


# Sub-commands that live in their own modules, registered in one place.
from kg import cli_analyze, cli_neo4j, cli_push, cli_query  # noqa: E402

app.add_typer(cli_neo4j.app, name="neo4j")
app.command("query")(cli_query.query)
app.command("push")(cli_push.push)
app.command("analyze")(cli_analyze.analyze)


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except KgError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()

