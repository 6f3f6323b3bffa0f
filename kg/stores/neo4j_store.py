"""Neo4j as a graph store: an idempotent, per-document atomic bulk loader and a read-only query runner.

Connection settings come only from the environment (``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) or Streamlit secrets
(a ``[neo4j]`` table with ``uri``, ``user``, ``password``, ``database``); the
password is never printed, logged or put in a ``repr``.

Loading (:meth:`Neo4jStore.load`):

1. constraints (``iri`` unique for ``Resource`` and every ep: label) and the
   indexes the catalogue queries use, all ``IF NOT EXISTS``;
2. the shared nodes and their relationships, MERGEd in batches (list
   properties are unioned with what is there, so loading a second corpus
   adds aliases instead of replacing them);
3. each document in its own transaction: ``UNWIND $rows AS row MERGE …``.
   A failure rolls that document back and raises :class:`StoreError` naming
   it; with ``replace=True`` the document's old sections, measures, targets
   and their relationships are deleted first, in the same transaction;
4. the relationships between two documents' nodes (``SIMILAR_TO`` between
   measures of two cities), MATCHing both ends, after every document: a
   replaced document's links come back with it.

Analyst Cypher (:meth:`Neo4jStore.query`) runs in a READ session with a
timeout and a row limit, after ``EXPLAIN`` showed the server plans it as a
read-only query (see :mod:`kg.stores.neo4j_query`).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

import neo4j
from rdflib import Graph

from kg.errors import ConfigError, StoreError
from kg.stores.base import DEFAULT_LIMIT, DEFAULT_TIMEOUT, QueryResult
from kg.stores.neo4j_mapping import CLASS_LABELS
from kg.stores.neo4j_plan import Batch, DocumentPart, LoadPlan, NodeRow, RelRow, iter_chunks, plan_load
from kg.stores.neo4j_query import run_read_query

__all__ = ["Neo4jStore", "LoadReport"]

CHUNK = 2000
SCHEMA_KEY = "literal-signatures"
# (label, property) pairs the catalogue filters or sorts on
INDEXES = (
    ("PolicyDocument", "year"),
    ("City", "label"),
    ("Program", "prefLabel"),
    ("Department", "prefLabel"),
    ("Target", "metric"),
    ("Measure", "path"),
    ("CitedDocument", "label"),
)

Progress = Callable[[str, int], None]  # (what, how many rows just written)


class LoadReport(dict):
    """Counts of a load: documents, nodes and relationships written, skipped predicates."""


class Neo4jStore:
    """A Neo4j database reached over Bolt (see the module docstring)."""

    supports_sparql = False
    supports_cypher = True

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        if not uri:
            raise ConfigError("Neo4j URI is empty: set NEO4J_URI (e.g. bolt://127.0.0.1:7687)")
        self.uri, self.user, self.database = uri, user, database
        # the server's notices (unknown label on an empty database, …) are not the user's business
        self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password),
                                                  notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)

    def __repr__(self) -> str:  # never the password
        return f"Neo4jStore(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Neo4jStore:
        """Connect with NEO4J_URI/USER/PASSWORD/DATABASE, else Streamlit secrets' ``[neo4j]``."""
        env = os.environ if env is None else env
        if env.get("NEO4J_URI"):
            if not env.get("NEO4J_PASSWORD"):
                raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not")
            return cls(env["NEO4J_URI"], env.get("NEO4J_USER", "neo4j"), env["NEO4J_PASSWORD"],
                       env.get("NEO4J_DATABASE", "neo4j"))
        secrets = _streamlit_secrets()
        if secrets and secrets.get("uri"):
            return cls(secrets["uri"], secrets.get("user", "neo4j"), secrets.get("password", ""),
                       secrets.get("database", "neo4j"))
        raise ConfigError('no Neo4j configured: set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (eval "$(scripts/neo4j-dev start)")'
                          " or a [neo4j] table in .streamlit/secrets.toml")

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self, read: bool = False) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    # -- GraphStore protocol ------------------------------------------------

    def write(self, graph: Graph) -> None:
        self.load(graph)

    def query(self, text: str, params: Mapping[str, Any] | None = None, *, limit: int = DEFAULT_LIMIT,
              timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
        with self.session(read=True) as s:
            return run_read_query(s, text, params, limit=limit, timeout=timeout)

    def clear(self) -> None:
        """Delete every node and relationship (in batches), keep constraints and indexes.

        Relationships go first: a DETACH DELETE of a programme named by thousands
        of measures would delete all of them in one inner transaction and can
        exhaust the server's transaction memory.
        """
        with self.session() as s:
            s.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            s.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def count(self) -> int:
        """Nodes plus relationships (Neo4j holds no triples; see :func:`kg.stores.neo4j_parity.neo4j_counts`)."""
        with self.session(read=True) as s:
            n = s.run("MATCH (n:Resource) RETURN count(n) AS c").single()["c"]
            r = s.run("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c").single()["c"]
        return n + r

    # -- loading ------------------------------------------------------------

    def ensure_schema(self, labels: set[str] | frozenset[str] = CLASS_LABELS) -> None:
        """Uniqueness on ``iri`` for Resource and each label, and the catalogue's indexes."""
        with self.session() as s:
            for label in sorted({"Resource", *labels}):
                _check_name(label)
                s.run(f"CREATE CONSTRAINT {label}_iri IF NOT EXISTS FOR (n:{label}) REQUIRE n.iri IS UNIQUE").consume()
            for label, prop in INDEXES:
                s.run(f"CREATE INDEX {label}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})").consume()
            s.run("CALL db.awaitIndexes(300)").consume()

    def load(self, graph: Graph | LoadPlan, *, replace: bool = False, progress: Progress | None = None) -> LoadReport:
        """Write ``graph`` (or a prepared :class:`LoadPlan`); see the module docstring."""
        plan = graph if isinstance(graph, LoadPlan) else plan_load(graph)
        tick = progress or (lambda what, n: None)
        self.ensure_schema()
        self._write_signatures(plan.signatures)
        with self.session() as s:
            for chunk in iter_chunks(plan.shared.nodes, CHUNK):
                s.execute_write(_write_shared_nodes, chunk)
                tick("shared", len(chunk))
            for chunk in iter_chunks(plan.shared.rels, CHUNK):
                s.execute_write(_write_rels, chunk)
                tick("shared", len(chunk))
            for part in plan.documents:
                self._load_document(s, part, replace)
                tick(part.iri, part.batch.size)
            for chunk in iter_chunks(plan.links.rels, CHUNK):
                s.execute_write(_write_links, chunk)
                tick("links", len(chunk))
        return LoadReport(documents=len(plan.documents), nodes=sum(len(d.batch.nodes) for d in plan.documents)
                          + len(plan.shared.nodes), relationships=sum(len(d.batch.rels) for d in plan.documents)
                          + len(plan.shared.rels) + len(plan.links.rels), skipped=list(plan.skipped))

    def _load_document(self, s: neo4j.Session, part: DocumentPart, replace: bool) -> None:
        tx = s.begin_transaction()
        try:
            if replace:
                _delete_document(tx, part.iri)
            _write_batch(tx, part.batch)
            tx.commit()
        except neo4j.exceptions.Neo4jError as exc:
            raise StoreError(f"document {part.iri} ({part.source_file or 'no source file'}) was not loaded, "
                             f"nothing of it was written: {exc.message or exc}") from exc
        finally:
            tx.close()

    def _write_signatures(self, sigs: Mapping[str, str]) -> None:
        with self.session() as s:
            rec = s.run("MATCH (m:KgSchema {key: $key}) RETURN m.signatures AS j", key=SCHEMA_KEY).single()
            merged = {**(json.loads(rec["j"]) if rec and rec["j"] else {}), **sigs}
            s.run("MERGE (m:KgSchema {key: $key}) SET m.signatures = $j", key=SCHEMA_KEY,
                  j=json.dumps(merged, ensure_ascii=False, sort_keys=True)).consume()

    def signatures(self) -> dict[str, str]:
        with self.session(read=True) as s:
            rec = s.run("MATCH (m:KgSchema {key: $key}) RETURN m.signatures AS j", key=SCHEMA_KEY).single()
        return json.loads(rec["j"]) if rec and rec["j"] else {}


def _check_name(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name[0].isalpha():
        raise StoreError(f"refusing to put {name!r} in query text: not a vocabulary name")
    return name


def _streamlit_secrets() -> Mapping[str, Any] | None:
    try:
        import streamlit as st

        return dict(st.secrets.get("neo4j", {}))
    except Exception:  # no streamlit, no secrets file, or not inside an app: not configured
        return None


def _delete_document(tx: neo4j.Transaction, iri: str) -> None:
    tx.run("MATCH (d:Resource {iri: $iri}) MATCH (x)-[:DOCUMENT]->(d) WHERE x <> d DETACH DELETE x", iri=iri).consume()
    tx.run("MATCH (d:Resource {iri: $iri})-[r]->() DELETE r", iri=iri).consume()
    tx.run("MATCH (d:Resource {iri: $iri}) SET d = {iri: $iri}", iri=iri).consume()


def _write_batch(tx: neo4j.ManagedTransaction | neo4j.Transaction, batch: Batch) -> None:
    _write_nodes(tx, batch.nodes)
    _write_rels(tx, batch.rels)


def _node_query(labels: tuple[str, ...]) -> str:
    extra = "".join(f":{_check_name(x)}" for x in labels)
    set_labels = f" SET n{extra}" if extra else ""
    return f"UNWIND $rows AS row MERGE (n:Resource {{iri: row.iri}}){set_labels} SET n += row.props"


def _write_nodes(tx, rows: tuple[NodeRow, ...]) -> None:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r.labels].append({"iri": r.iri, "props": r.props})
    for labels, group in groups.items():
        for chunk in iter_chunks(tuple(group), CHUNK):
            tx.run(_node_query(labels), rows=list(chunk)).consume()


def _write_shared_nodes(tx: neo4j.ManagedTransaction, rows: tuple[NodeRow, ...]) -> None:
    """Shared nodes: list properties are unioned with the values already stored."""
    listy = [r for r in rows if any(isinstance(v, list) for v in r.props.values())]
    if listy:
        res = tx.run("UNWIND $iris AS iri MATCH (n:Resource {iri: iri}) RETURN n.iri AS iri, properties(n) AS p",
                     iris=[r.iri for r in listy])
        have = {rec["iri"]: rec["p"] for rec in res}
        rows = tuple(_union(r, have.get(r.iri)) for r in rows)
    _write_nodes(tx, rows)


def _union(row: NodeRow, stored: Mapping[str, Any] | None) -> NodeRow:
    if not stored:
        return row
    props = dict(row.props)
    for k, v in row.props.items():
        old = stored.get(k)
        if isinstance(v, list) and old is not None:
            props[k] = sorted(set(v) | set(old if isinstance(old, list) else [old]), key=str)
    return NodeRow(row.iri, row.labels, props)


def _rel_query(rtype: str, keyed: bool, match: bool = False) -> str:
    key = " {evidence: row.props.evidence}" if keyed else ""
    find = "MATCH" if match else "MERGE"
    return (f"UNWIND $rows AS row {find} (a:Resource {{iri: row.s}}) {find} (b:Resource {{iri: row.o}}) "
            f"MERGE (a)-[r:{_check_name(rtype)}{key}]->(b) SET r += row.props")


def _write_rels(tx, rows: tuple[RelRow, ...], match: bool = False) -> None:
    groups: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r.type, r.key is not None)].append({"s": r.s, "o": r.o, "props": r.props})
    for (rtype, keyed), group in groups.items():
        for chunk in iter_chunks(tuple(group), CHUNK):
            tx.run(_rel_query(rtype, keyed, match), rows=list(chunk)).consume()


def _write_links(tx, rows: tuple[RelRow, ...]) -> None:
    """Relationships between two documents' nodes: MATCHed ends, so a document that is not in the
    database (never loaded, or deleted) gets no bare node from a link that points at it."""
    _write_rels(tx, rows, match=True)
