"""Turn an rdflib graph into the rows the Neo4j loader writes, document by document.

:func:`plan_load` is pure (no driver): it splits the graph into a *shared*
part (cities, provinces, programmes, departments, cited documents, …: nodes
that several documents point at, MERGEd) and one part per
``ep:PolicyDocument`` (the document node and every node whose
``ep:document`` is it: sections, measures, targets, results; plus the
relationships leaving them, with their folded evidence).  The store writes
each document part in one transaction.

>>> from rdflib import Graph
>>> plan_load(Graph()).documents
()
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef

from kg.errors import StoreError
from kg.stores.neo4j_mapping import (
    EVIDENCE_FIELDS,
    LIST_PROPERTIES,
    PROPERTY_NAMES,
    label_of,
    literal_key,
    literal_signature,
    python_value,
    rel_type,
)
from kg.vocab import EP

__all__ = ["Batch", "DocumentPart", "LoadPlan", "NodeRow", "RelRow", "plan_load", "label_key"]


@dataclass(frozen=True, slots=True)
class NodeRow:
    iri: str
    labels: tuple[str, ...]  # ep: class names, sorted; ``Resource`` is implied
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RelRow:
    s: str
    type: str  # UPPER_SNAKE_CASE, from the closed vocabulary
    o: str
    props: dict[str, Any] = field(default_factory=dict)  # evidence fields; ``evidence`` keys the relationship

    @property
    def key(self) -> str | None:
        return self.props.get("evidence")


@dataclass(frozen=True, slots=True)
class Batch:
    nodes: tuple[NodeRow, ...] = ()
    rels: tuple[RelRow, ...] = ()

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.rels)


@dataclass(frozen=True, slots=True)
class DocumentPart:
    iri: str
    source_file: str
    batch: Batch


@dataclass(frozen=True, slots=True)
class LoadPlan:
    shared: Batch
    documents: tuple[DocumentPart, ...]
    signatures: dict[str, str]  # "Label,Label|prop" → literal signature (see neo4j_mapping)
    skipped: tuple[str, ...] = ()  # predicates outside the closed vocabulary, not written
    # relationships between two documents' nodes (ep:similarTo between measures of two cities): written after
    # every document, so that replacing either document (which deletes its nodes) is followed by writing them again
    links: Batch = Batch()

    @property
    def size(self) -> int:
        return self.shared.size + sum(d.batch.size for d in self.documents) + self.links.size


def label_key(labels: Iterable[str]) -> str:
    """The key under which a node's literal signatures are kept: its ep: labels, sorted."""
    return ",".join(sorted(labels)) or "Resource"


def _iri(term: Any, where: str) -> str:
    if isinstance(term, BNode):
        raise StoreError(f"blank node {term} in {where}: the Neo4j mapping needs an IRI for every node")
    return str(term)


class _Planner:
    def __init__(self, g: Graph) -> None:
        self.g = g
        self.evidence = set(g.subjects(RDF.type, EP.Evidence))
        docs = set(g.subjects(RDF.type, EP.PolicyDocument))
        self.owner: dict[Any, Any] = {d: d for d in docs}
        for s, d in g.subject_objects(EP.document):
            if d in docs and s not in self.evidence:
                self.owner[s] = d
        self.docs = sorted(docs)
        self.parts: dict[Any, tuple[list[NodeRow], list[RelRow]]] = defaultdict(lambda: ([], []))
        self.sigs: dict[str, Counter[str]] = defaultdict(Counter)
        self.skipped: set[str] = set()
        self.supported: set[tuple[Any, Any, Any]] = set()
        self.links: list[RelRow] = []

    def node(self, s: Any) -> None:
        types = set(self.g.objects(s, RDF.type))
        labels = tuple(sorted(x for t in types if (x := label_of(t))))
        props: dict[str, list[Any]] = defaultdict(list)
        other = sorted(str(t) for t in types if label_of(t) is None)
        if other:
            props["rdfType"] = other
        key = label_key(labels)
        for p, o in self.g.predicate_objects(s):
            if isinstance(o, Literal):
                self._literal(props, key, p, o)
            elif p != RDF.type:
                self._rel(s, p, o)
        row = NodeRow(_iri(s, "a subject"), labels, {k: _shape(k, v) for k, v in props.items()})
        self.parts[self.owner.get(s)][0].append(row)

    def _literal(self, props: dict[str, list[Any]], key: str, p: Any, o: Literal) -> None:
        name = PROPERTY_NAMES.get(p)
        prop = literal_key(name, o) if name else None
        if prop is None:
            self.skipped.add(str(p) if name is None else f"{p} @{o.language}")
            return
        props[prop].append(python_value(o))
        self.sigs[f"{key}|{prop}"][literal_signature(o)] += 1

    def _rel(self, s: Any, p: Any, o: Any) -> None:
        if o in self.evidence or (s, p, o) in self.supported:
            return
        name = PROPERTY_NAMES.get(p)
        if name is None:
            self.skipped.add(str(p))
            return
        # an edge from a shared node (a summary's ep:Adoption) to a document's node (its measure) belongs to
        # that document: written after its nodes exist, and dropped and rewritten with it on --replace
        row = RelRow(_iri(s, "a subject"), rel_type(name), _iri(o, f"{s} {p}"))
        if self._across(s, o):
            self.links.append(row)
            return
        owner = self.owner.get(s, self.owner.get(o))
        self.parts[owner][1].append(row)

    def evidence_rel(self, ev: Any) -> None:
        g = self.g
        s, p, o = g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object)
        name = PROPERTY_NAMES.get(p)
        if s is None or o is None or name is None:
            raise StoreError(f"evidence {ev} lacks rdf:subject/predicate/object or names an unknown predicate {p}")
        props: dict[str, Any] = {"evidence": str(ev)}
        for q, v in g.predicate_objects(ev):
            field_name = EVIDENCE_FIELDS.get(q)
            if field_name is None:
                continue
            props[field_name] = str(v) if isinstance(v, URIRef) else python_value(v)
            if isinstance(v, Literal):
                self.sigs[f"Evidence|{field_name}"][literal_signature(v)] += 1
        row = RelRow(_iri(s, str(ev)), rel_type(name), _iri(o, str(ev)), props)
        if self._across(s, o):
            self.links.append(row)
            return
        owner = g.value(ev, EP.document) or self.owner.get(s)
        owner = owner if owner in self.owner and self.owner.get(owner) == owner else None
        self.parts[owner][1].append(row)

    def _across(self, s: Any, o: Any) -> bool:
        """True when ``s`` and ``o`` belong to two different documents."""
        a, b = self.owner.get(s), self.owner.get(o)
        return a is not None and b is not None and a != b

    def run(self) -> LoadPlan:
        g = self.g
        for ev in sorted(self.evidence):
            self.supported.add((g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object)))
            self.evidence_rel(ev)
        subjects = sorted({s for s in g.subjects() if s not in self.evidence})
        for s in subjects:
            self.node(s)
        known = set(subjects)
        for _, rels in list(self.parts.values()):
            for r in rels:
                if URIRef(r.o) not in known:  # an object with no triples of its own: a bare Resource node
                    known.add(URIRef(r.o))
                    self.parts[None][0].append(NodeRow(r.o, (), {}))
        return self._plan()

    def _plan(self) -> LoadPlan:
        shared = self.parts.get(None, ([], []))
        docs = tuple(
            DocumentPart(str(d), str(self.g.value(d, EP.sourceFile) or ""), Batch(*map(tuple, self.parts[d])))
            for d in self.docs
        )
        sigs = {k: c.most_common(1)[0][0] for k, c in sorted(self.sigs.items())}
        return LoadPlan(Batch(*map(tuple, shared)), docs, sigs, tuple(sorted(self.skipped)), Batch((), tuple(self.links)))


def _shape(name: str, values: list[Any]) -> Any:
    if name in LIST_PROPERTIES or len(values) > 1:
        return sorted(set(values), key=str)
    return values[0]


def plan_load(graph: Graph) -> LoadPlan:
    """Rows to write for ``graph``: the shared part and one part per document."""
    return _Planner(graph).run()


def iter_chunks(rows: tuple[Any, ...], size: int) -> Iterator[tuple[Any, ...]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
