"""The small protocol every graph store follows.

A store needs few members: ``write`` an rdflib graph, ``query`` it read-only,
``clear`` it, ``count`` its triples, and capability flags instead of
isinstance checks.  Both the embedded SPARQL store and Neo4j receive the same
rdflib graph from :func:`kg.build.build_graph`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # annotations only: importing a store should not import rdflib (~0.5 s)
    from rdflib import Graph

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A table: column names and rows of plain Python values (str, int, float, None)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool = False  # the row limit cut the result
    notes: tuple[str, ...] = field(default=())

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


@runtime_checkable
class GraphStore(Protocol):
    supports_sparql: bool
    supports_cypher: bool

    def write(self, graph: Graph) -> None: ...

    def query(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> QueryResult: ...

    def clear(self) -> None: ...

    def count(self) -> int: ...


def check_limit(limit: int) -> int:
    if not 1 <= limit <= 1_000_000:
        raise ValueError(f"row limit must be between 1 and 1,000,000, got {limit}")
    return limit


def as_python(values: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(values)
