"""Run analyst Cypher safely: read-only, bounded in time and rows.

Three guards, the first two on the server's side:

1. ``EXPLAIN`` the query first: the server reports its query type (``r``,
   ``rw``, ``w``, ``s``) and plan; anything but ``r`` (a write, a schema or
   admin command, a write procedure) or a plan that reads files
   (``LOAD CSV``) is refused with :class:`QueryError` before it runs;
2. the query then runs in a READ-access session, where the server refuses
   any write anyway;
3. ``neo4j.Query(text, timeout=…)`` makes the server end a slow query, and no
   more than ``limit`` rows are fetched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import neo4j

from kg.errors import QueryError
from kg.stores.base import DEFAULT_LIMIT, DEFAULT_TIMEOUT, QueryResult, check_limit

__all__ = ["check_read_only", "run_read_query", "plain"]

_REFUSED_OPERATORS = ("LoadCSV",)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)


def _operators(plan: Any) -> set[str]:
    if not plan:
        return set()
    ops = {str(plan.get("operatorType", "")).split("@")[0]}
    for child in plan.get("children", ()):
        ops |= _operators(child)
    return ops


def check_read_only(session: neo4j.Session, text: str, params: Mapping[str, Any] | None = None) -> None:
    """Raise :class:`QueryError` unless the server plans ``text`` as a read-only query."""
    if text.lstrip().upper().startswith(("EXPLAIN", "PROFILE")):
        raise QueryError("refused: give the query without EXPLAIN/PROFILE")
    try:
        summary = session.run(neo4j.Query("EXPLAIN " + text, timeout=10), dict(params or {})).consume()
    except neo4j.exceptions.Neo4jError as exc:
        raise QueryError(f"Cypher error: {exc.message or exc}") from exc
    kind = summary.query_type
    if kind != "r":
        what = {"rw": "reads and writes", "w": "writes", "s": "changes the schema or the system"}.get(kind, kind)
        raise QueryError(f"refused: this query {what} (query type {kind!r}); only read-only Cypher runs here")
    ops = _operators(summary.plan)
    if any(op.startswith(_REFUSED_OPERATORS) for op in ops) or _LOAD_CSV.search(text):
        raise QueryError("refused: LOAD CSV reads files from the server; only graph queries run here")


def plain(value: Any) -> Any:
    """A driver value as a plain Python value (nodes and relationships as dicts, dates as ISO text)."""
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, neo4j.graph.Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time.Date / DateTime
        return value.iso_format()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def run_read_query(
    session: neo4j.Session,
    text: str,
    params: Mapping[str, Any] | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Check, then run ``text`` in ``session`` (which should be a READ session)."""
    check_limit(limit)
    check_read_only(session, text, params)
    try:
        result = session.run(neo4j.Query(text, timeout=timeout), dict(params or {}))
        columns = tuple(result.keys())
        rows: list[tuple[Any, ...]] = []
        for record in result:
            if len(rows) >= limit:
                result.consume()
                return QueryResult(columns, tuple(rows), truncated=True, notes=(f"cut at {limit} rows",))
            rows.append(tuple(plain(v) for v in record.values()))
    except neo4j.exceptions.ClientError as exc:
        if "Timeout" in (exc.code or "") or "timeout" in (exc.message or "").lower():
            raise QueryError(f"query ran past its {timeout:g} s timeout") from exc
        raise QueryError(f"Cypher error: {exc.message or exc}") from exc
    except neo4j.exceptions.Neo4jError as exc:
        raise QueryError(f"Cypher error: {exc.message or exc}") from exc
    return QueryResult(columns, tuple(rows))
