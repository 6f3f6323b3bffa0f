"""Prove Neo4j and RDF hold the same facts: export back to RDF, project, compare, count.

* :func:`export_graph` reads every node and relationship and writes the RDF
  they stand for (evidence relationships give back their ``ep:Evidence``
  nodes; literal datatypes and language tags come from the signatures the
  loader stored);
* :func:`project` keeps the contract's terms (``GRAPH_CONTRACT.md``) and the
  evidence of every fact, with decimals compared by value (Neo4j stores them
  as floats);
* :func:`compare` says whether two graphs are isomorphic and, if not, a
  readable diff;
* :func:`rdf_counts` / :func:`neo4j_counts`: per class and per property.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS

from kg.build import bind_prefixes
from kg.stores.neo4j_mapping import (
    CLASS_LABELS,
    EVIDENCE_PREDICATES,
    PREDICATES,
    PROPERTY_NAMES,
    rdf_literal,
    rel_type,
)
from kg.stores.neo4j_plan import label_key
from kg.vocab import EP

__all__ = ["compare", "contract_terms", "export_graph", "neo4j_counts", "project", "rdf_counts"]

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "edupolicy.ttl"
_STANDARD_CONTRACT = {DCTERMS.title, DCTERMS.issued, SKOS.prefLabel, SKOS.altLabel, RDFS.label}
_REL_NAMES = {rel_type(n): n for n in PROPERTY_NAMES.values()}


def contract_terms() -> tuple[frozenset[URIRef], frozenset[URIRef]]:
    """(classes, properties) marked ``ep:contract true`` in the ontology, plus the standard ones the contract names."""
    onto = Graph().parse(ONTOLOGY)
    terms = set(onto.subjects(EP.contract, Literal(True)))
    classes = frozenset(t for t in terms if str(t).split("#")[-1][:1].isupper())
    return classes, frozenset(terms - classes) | _STANDARD_CONTRACT


def _canon(o):
    if isinstance(o, Literal) and o.datatype in (XSD.decimal, XSD.double, XSD.float):
        return Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
    return o


def project(g: Graph) -> Graph:
    """The contract's classes and properties of ``g``, and the evidence of every fact."""
    classes, props = contract_terms()
    out = bind_prefixes(Graph())
    evidence = set(g.subjects(RDF.type, EP.Evidence))
    for s, p, o in g:
        if s in evidence:
            out.add((s, p, _canon(o)))
        elif p == RDF.type and o in classes or p in props:
            out.add((s, p, _canon(o)))
    return out


def compare(expected: Graph, actual: Graph, *, show: int = 20) -> tuple[bool, str]:
    """``(isomorphic, diff)``: the diff lists up to ``show`` triples only in each graph."""
    if isomorphic(expected, actual):
        return True, ""
    _, only_e, only_a = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{len(only_e)} triples only in the expected graph, {len(only_a)} only in the actual one"]
    for name, part in (("expected only", only_e), ("actual only", only_a)):
        for t in sorted(part, key=str)[:show]:
            lines.append(f"  {name}: {t[0].n3()} {t[1].n3()} {t[2].n3()}")
    return False, "\n".join(lines)


def export_graph(store) -> Graph:
    """The RDF that the Neo4j database stands for."""
    sigs = store.signatures()
    g = bind_prefixes(Graph())
    with store.session(read=True) as s:
        for rec in s.run("MATCH (n:Resource) RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS p"):
            _export_node(g, rec["iri"], [x for x in rec["labels"] if x in CLASS_LABELS], rec["p"], sigs)
        q = "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.iri AS s, type(r) AS t, b.iri AS o, properties(r) AS p"
        for rec in s.run(q):
            _export_rel(g, rec["s"], rec["t"], rec["o"], rec["p"], sigs)
    return g


def _export_node(g: Graph, iri: str, labels: list[str], props: dict, sigs: dict[str, str]) -> None:
    s = URIRef(iri)
    for label in labels:
        g.add((s, RDF.type, EP[label]))
    key = label_key(labels)
    for name, value in props.items():
        if name == "iri":
            continue
        values = value if isinstance(value, list) else [value]
        if name == "rdfType":
            for t in values:
                g.add((s, RDF.type, URIRef(t)))
            continue
        base = name.split("_")[0]
        sig = sigs.get(f"{key}|{name}", "" if "_" not in name else "@" + name.split("_", 1)[1])
        for v in values:
            g.add((s, PREDICATES[base], rdf_literal(v, sig)))


def _export_rel(g: Graph, s: str, rtype: str, o: str, props: dict, sigs: dict[str, str]) -> None:
    pred = PREDICATES[_REL_NAMES[rtype]]
    g.add((URIRef(s), pred, URIRef(o)))
    ev = props.get("evidence")
    if not ev:
        return
    e = URIRef(ev)
    g.add((e, RDF.type, EP.Evidence))
    g.add((e, RDF.subject, URIRef(s)))
    g.add((e, RDF.predicate, pred))
    g.add((e, RDF.object, URIRef(o)))
    for name, value in props.items():
        if name == "evidence":
            continue
        p = EVIDENCE_PREDICATES[name]
        if name == "document":
            g.add((e, p, URIRef(value)))
        else:
            g.add((e, p, rdf_literal(value, sigs.get(f"Evidence|{name}", ""))))


def rdf_counts(g: Graph) -> dict[str, int]:
    """``class:Label`` → instances, ``prop:name`` → triples, ``evidence:TYPE`` → evidence nodes."""
    out: Counter[str] = Counter()
    evidence = set(g.subjects(RDF.type, EP.Evidence))
    for s, p, o in g:
        if s in evidence:
            if p == RDF.predicate and o in PROPERTY_NAMES:
                out[f"evidence:{rel_type(PROPERTY_NAMES[o])}"] += 1
            continue
        if p == RDF.type:
            name = str(o).split("#")[-1]
            if str(o).startswith(str(EP._NS)) and name in CLASS_LABELS and name != "Evidence":
                out[f"class:{name}"] += 1
        elif p in PROPERTY_NAMES and not (isinstance(o, URIRef) and o in evidence):
            out[f"prop:{PROPERTY_NAMES[p]}"] += 1
    return dict(out)


def neo4j_counts(store) -> dict[str, int]:
    """The same counts as :func:`rdf_counts`, read from Neo4j."""
    out: Counter[str] = Counter()
    with store.session(read=True) as s:
        for rec in s.run("MATCH (n:Resource) UNWIND labels(n) AS l RETURN l, count(*) AS c"):
            if rec["l"] != "Resource":
                out[f"class:{rec['l']}"] += rec["c"]
        q = "MATCH (a:Resource)-[r]->(b:Resource) RETURN type(r) AS t, count(DISTINCT [a, b]) AS pairs, count(r.evidence) AS ev"
        for rec in s.run(q):
            out[f"prop:{_REL_NAMES[rec['t']]}"] += rec["pairs"]
            if rec["ev"]:
                out[f"evidence:{rec['t']}"] += rec["ev"]
        q = ("MATCH (n:Resource) UNWIND keys(n) AS k WITH k, n[k] AS v WHERE k <> 'iri' AND k <> 'rdfType' "
             "RETURN k, sum(CASE WHEN v IS :: LIST<ANY> THEN size(v) ELSE 1 END) AS c")
        for rec in s.run(q):
            out[f"prop:{rec['k'].split('_')[0]}"] += rec["c"]
    return dict(out)
