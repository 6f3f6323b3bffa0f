"""Embedded SPARQL stores: Oxigraph (the persistent default) and rdflib's in-memory graph.

Both are read-only to analysts: ``query`` only accepts SPARQL *queries*
(SELECT, ASK, CONSTRUCT, DESCRIBE); an update is refused before it runs.
Parameters are bound as values (SEP-0007 substitutions / rdflib initBindings),
never formatted into the query text.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.stores.base import DEFAULT_LIMIT, DEFAULT_TIMEOUT, QueryResult, check_limit

if TYPE_CHECKING:  # rdflib is imported where it is used: opening a store and querying it never needs it
    from rdflib import Graph

PREFIXES = {
    "ep": "https://w3id.org/edupolicy/ontology#",
    "id": "https://w3id.org/edupolicy/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
}
_DUMP_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS}
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def refuse_updates(text: str) -> None:
    """Raise :class:`QueryError` for a SPARQL Update: analyst queries are read-only."""
    if _UPDATE.search(re.sub(r"#[^\n]*", "", text)):
        raise QueryError("refused: this is a SPARQL Update; only read-only queries (SELECT/ASK/CONSTRUCT/DESCRIBE) run here")


def _is_iri(value: Any) -> bool:
    rdflib = sys.modules.get("rdflib")  # a URIRef exists only once rdflib is imported
    return (rdflib is not None and isinstance(value, rdflib.URIRef)) or (
        isinstance(value, str) and value.startswith(("http://", "https://")))


def _py(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return str(term)


class OxigraphStore:
    """pyoxigraph: persistent when given a folder, in memory otherwise."""

    supports_sparql = True
    supports_cypher = False

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                _check_store_folder(Path(path))
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB's "Corruption: …" for a folder that is not a store
            raise StoreError(f"cannot open the Oxigraph store at {path}: {exc}") from exc
        self.path = Path(path) if path else None

    @property
    def native(self) -> ox.Store:
        """The pyoxigraph store itself, for readers that scan it in bulk (:func:`kg.analytics.view.read_view_store`)."""
        return self._store

    def write(self, graph: Graph) -> None:
        self.load_ntriples(graph.serialize(format="nt", encoding="utf-8"))

    def clear(self) -> None:
        self._store.clear()

    def count(self) -> int:
        return len(self._store)

    def load_ntriples(self, data: bytes) -> None:
        """Add N-Triples ``data`` (bytes, UTF-8) to the store; empty data adds nothing."""
        if not data:
            return
        try:
            self._store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise StoreError(f"cannot load N-Triples into the Oxigraph store: {exc}") from exc
        self._store.flush() if self.path else None

    def dump(self, format: str = "nt") -> bytes:
        """The default graph serialised as ``format`` (``nt``, ``ttl`` or ``nq``), as bytes."""
        fmt = _DUMP_FORMATS.get(format)
        if fmt is None:
            raise StoreError(f"cannot dump the Oxigraph store as {format!r}: choose one of {', '.join(_DUMP_FORMATS)}")
        prefixes = PREFIXES if fmt is ox.RdfFormat.TURTLE else None
        return self._store.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    def graph(self, construct: str | None = None) -> Graph:
        """An rdflib copy of the store, or of what a SPARQL ``CONSTRUCT`` query returns.

        For code that needs rdflib (networkx projections, SHACL); the copy
        does not follow later writes.
        """
        if construct is None:
            data = self.dump("nt")
        else:
            refuse_updates(construct)
            try:
                triples = self._store.query(construct, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL syntax error: {exc}") from exc
            if not isinstance(triples, ox.QueryTriples):
                raise QueryError("graph() needs a CONSTRUCT or DESCRIBE query")
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        from rdflib import Graph

        return Graph().parse(data=data, format="nt")

    def query(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> QueryResult:
        refuse_updates(text)
        check_limit(limit)
        text = bind_values(text, params or {})
        try:
            result = self._store.query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        if isinstance(result, bool):
            return QueryResult(("ask",), ((result,),))
        if isinstance(result, ox.QuerySolutions):
            columns = tuple(v.value for v in result.variables)
            return _collect(((_py(sol[c]) for c in columns) for sol in result), columns, limit, timeout)
        return _collect(((_py(t.subject), _py(t.predicate), _py(t.object)) for t in result),
                        ("subject", "predicate", "object"), limit, timeout)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def sparql_term(value: Any) -> str:
    """A parameter value as a SPARQL term: an ``http(s)`` string is an IRI, anything else a typed literal.

    >>> sparql_term("承德市"), sparql_term(3), sparql_term("https://w3id.org/edupolicy/id/city/130800")
    ('"承德市"', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '<https://w3id.org/edupolicy/id/city/130800>')
    """
    from rdflib import Literal, URIRef

    if isinstance(value, URIRef) or (isinstance(value, str) and value.startswith(("http://", "https://"))):
        return URIRef(str(value)).n3()
    return Literal(value).n3()


def bind_values(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with ``VALUES (?k …) { (v …) }`` opening its outermost WHERE group.

    Parameters are bound as terms (escaped by rdflib), never pasted into the
    query as text; unlike Oxigraph's substitutions a VALUES block binds
    variables used in FILTERs too.  Labels carry ``@zh``: compare them with
    ``STR(?label) = ?param``.
    """
    if not values:
        return text
    bad = [k for k in values if not _VARNAME.match(k)]
    if bad:
        raise QueryError(f"parameter names must be SPARQL variable names, got {bad}")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    m = _WHERE.search(body)
    if m is None:
        raise QueryError("a parameterised SPARQL query needs a WHERE { … } group to bind its parameters in")
    names = " ".join(f"?{k}" for k in values)
    terms = " ".join(sparql_term(v) for v in values.values())
    return f"{body[: m.end()]}\n  VALUES ({names}) {{ ({terms}) }}\n{body[m.end():]}"


def _check_store_folder(path: Path) -> None:
    """Refuse to turn a folder that holds other files into a store (RocksDB writes dozens of files)."""
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise StoreError(f"{path} is not an Oxigraph store and not empty: choose an empty or new folder")


def _collect(rows, columns: tuple[str, ...], limit: int, timeout: float) -> QueryResult:
    out: list[tuple[Any, ...]] = []
    deadline = threading.TIMEOUT_MAX if timeout <= 0 else _now() + timeout
    for row in rows:
        if len(out) >= limit:
            return QueryResult(columns, tuple(out), truncated=True, notes=(f"cut at {limit} rows",))
        if _now() > deadline:
            raise QueryError(f"query ran past its {timeout:g} s timeout")
        out.append(tuple(row))
    return QueryResult(columns, tuple(out))


def _now() -> float:
    import time

    return time.monotonic()


class RdflibStore:
    """rdflib's in-memory graph: the reference implementation, slower on big graphs."""

    supports_sparql = True
    supports_cypher = False

    def __init__(self, graph: Graph | None = None) -> None:
        from rdflib import Graph

        self.graph = graph if graph is not None else Graph()

    def write(self, graph: Graph) -> None:
        self.graph += graph

    def clear(self) -> None:
        self.graph.remove((None, None, None))

    def count(self) -> int:
        return len(self.graph)

    def query(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> QueryResult:
        from rdflib.plugins.sparql import prepareQuery  # builds its grammar on import: half a second

        refuse_updates(text)
        check_limit(limit)
        try:
            q = prepareQuery(bind_values(text, params or {}), initNs=PREFIXES)
        except Exception as exc:  # pyparsing raises its own hierarchy
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        result = self.graph.query(q)
        if result.type == "ASK":
            return QueryResult(("ask",), ((bool(result.askAnswer),),))
        columns = tuple(str(v) for v in result.vars or ())
        return _collect(((_rdflib_py(t) for t in row) for row in result), columns, limit, timeout)


def _rdflib_py(term: Any) -> Any:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return float(value) if type(value).__name__ == "Decimal" else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
