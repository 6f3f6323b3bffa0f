"""``kg query``: run a catalogue query (or your own) in Cypher on Neo4j or in SPARQL.

    kg query --cypher shared_programmes --param city=承德市
    kg query --sparql programme_mentions --param programme=县管校聘 --format csv
    kg query --sparql "SELECT (COUNT(*) AS ?n) WHERE { ?m a ep:Measure }" --graph out/graph.ttl
    kg query --list

Cypher runs read-only (see :mod:`kg.stores.neo4j_query`); SPARQL runs on the
embedded Oxigraph store (``.kg/store``, written by ``kg build``) or, with
``--graph``, on a graph file loaded into memory.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import KgError, QueryError
from kg.queries import bind_sparql, catalogue, get, parse_params
from kg.stores.base import DEFAULT_LIMIT, DEFAULT_TIMEOUT, QueryResult

console = Console(stderr=True)
out = Console()


def run(cypher: str | None, sparql: str | None, params: dict[str, str], *, graph: Path | None, store: Path,
        limit: int, timeout: float) -> QueryResult:
    """Run a named query or query text; exactly one of ``cypher``/``sparql``."""
    if (cypher is None) == (sparql is None):
        raise QueryError("give exactly one of --cypher or --sparql (a catalogue name or query text)")
    named = get(cypher or sparql or "")
    values: dict[str, Any] = named.values(params) if named else dict(params)
    if cypher is not None:
        from kg.stores.neo4j_store import Neo4jStore

        with Neo4jStore.from_env() as st:
            return st.query(named.cypher if named else cypher, values, limit=limit, timeout=timeout)
    text = bind_sparql(named.sparql if named else sparql or "", values)
    return _sparql_store(graph, store).query(text, limit=limit, timeout=timeout)


def _sparql_store(graph: Path | None, store: Path):
    from kg.stores.sparql import OxigraphStore

    if graph is not None:
        from kg.io import read_graph
        from kg.summary import refresh_summary

        st = OxigraphStore()
        st.write(read_graph(graph))
        refresh_summary(st.native, links=False)  # a file written by an older build may lack summaries the catalogue reads
        return st
    if not store.exists():
        raise QueryError(f"no SPARQL store at {store}: run `kg build corpus` first, or pass --graph FILE")
    return OxigraphStore(store, read_only=True)


def render(result: QueryResult, fmt: str) -> str | Table:
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(result.columns)
        w.writerows(result.rows)
        return buf.getvalue()
    if fmt != "table":
        raise QueryError(f"--format {fmt!r}: use table, csv or json")
    t = Table(title_justify="left", show_lines=False)
    for c in result.columns:
        t.add_column(c, overflow="fold")
    for row in result.rows:
        t.add_row(*("" if v is None else str(v) for v in row))
    return t


def query(
    cypher: Annotated[str | None, typer.Option("--cypher", help="Catalogue name or Cypher text (Neo4j)")] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="Catalogue name or SPARQL text")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, repeatable")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    limit: Annotated[int, typer.Option(help="Row limit")] = DEFAULT_LIMIT,
    timeout: Annotated[float, typer.Option(help="Seconds before the query is stopped")] = DEFAULT_TIMEOUT,
    graph: Annotated[Path | None, typer.Option(help="SPARQL over this graph file instead of the store")] = None,
    store: Annotated[Path, typer.Option(help="Embedded Oxigraph store folder")] = Path(".kg/store"),
    list_: Annotated[bool, typer.Option("--list", help="List the catalogue and exit")] = False,
) -> None:
    """Run a catalogue query or your own, read-only, and print a table, CSV or JSON."""
    from kg.cli import fail

    if list_:
        t = Table("name", "title", "parameters", title_justify="left")
        for q in catalogue():
            t.add_row(q.name, q.title, ", ".join(f"{k}={v}" for k, v in q.params.items()))
        out.print(t)
        return
    try:
        result = run(cypher, sparql, parse_params(param), graph=graph, store=store, limit=limit, timeout=timeout)
        shown = render(result, fmt)
    except KgError as exc:
        fail(exc)
    if isinstance(shown, Table):
        out.print(shown, highlight=False)
    else:
        print(shown, end="" if fmt == "csv" else "\n")
    if result.truncated:
        console.print(f"[yellow]cut at {limit} rows[/yellow] (--limit to see more)", highlight=False)
    _page_hint(get(cypher or sparql or ""), parse_params(param), bool(result.rows))


def _page_hint(named, given: dict[str, str], any_rows: bool) -> None:
    """After a page of a paged catalogue query: how to ask for the next one (on stderr: pipes stay clean)."""
    if named is None or "offset" not in named.params or not any_rows:
        return
    v = named.values(given)
    console.print(f"[dim]page {v['offset'] // v['limit'] + 1} (limit={v['limit']}, offset={v['offset']}); "
                  f"next: -p offset={v['offset'] + v['limit']}[/dim]", highlight=False)
