"""Summaries the builder materialises over the whole graph, for questions about every city at once.

Some catalogue questions aggregate every mention in the graph: "programmes
adopted by N or more cities", "programmes only one city names", "the most
cited documents", "the cities closest to this one".  At query time that means
grouping every ``ep:mentions`` fact through its measure's document to a city:
about 350,000 facts at 5,000 documents, seconds on the embedded store for
each question.  The answer only changes when the graph does, so the build
computes it once and writes it as triples (terms in ``ontology/edupolicy.ttl``):

* ``?p ep:mentionCities n``: how many cities have a measure mentioning programme ``?p``;
* ``?w ep:citationCities n ; ep:citingMeasures k``: the same for a cited document;
* one ``ep:Adoption`` node per (programme, city) named in the city's documents,
  ``ep:adoptedProgram ?p ; ep:adoptingCity ?c ; ep:firstYear y``, at
  ``<programme IRI>/in/<city adcode>`` (deterministic, from content), and the same pair as one
  edge ``?p ep:namedIn ?c``: "every city naming these programmes" is then a range scan per
  programme, not an index seek per adoption node.

They are derived data: the SPARQL below is their whole definition, and the
Cypher twins of the catalogue compute the same answers from the raw edges (the
Neo4j parity test compares them).  A store that gains documents after the
build must call :func:`refresh_summary` before these questions are asked.

>>> import pyoxigraph as ox
>>> st = ox.Store()
>>> summary_ntriples(st)
b''
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.stores.sparql import PREFIXES

__all__ = ["SUMMARY_PREDICATES", "add_summary", "refresh_summary", "summary_ntriples"]

EP = PREFIXES["ep"]
SUMMARY_PREDICATES = tuple(EP + p for p in (
    "mentionCities", "citationCities", "citingMeasures", "adoptedProgram", "adoptingCity", "firstYear", "namedIn"))

_COUNTS = """
CONSTRUCT { ?p ep:mentionCities ?cities }
WHERE { SELECT ?p (COUNT(DISTINCT ?c) AS ?cities) WHERE {
  ?m ep:mentions ?p ; ep:document ?d . ?d ep:city ?c .
} GROUP BY ?p }
"""

_CITATIONS = """
CONSTRUCT { ?w ep:citationCities ?cities ; ep:citingMeasures ?measures }
WHERE { SELECT ?w (COUNT(DISTINCT ?c) AS ?cities) (COUNT(DISTINCT ?m) AS ?measures) WHERE {
  ?m ep:cites ?w ; ep:document ?d . ?d ep:city ?c .
} GROUP BY ?w }
"""

_ADOPTIONS = """
CONSTRUCT { ?a a ep:Adoption ; ep:adoptedProgram ?p ; ep:adoptingCity ?c ; ep:firstYear ?first . ?p ep:namedIn ?c }
WHERE {
  { SELECT ?p ?c (MIN(?y) AS ?first) WHERE {
      ?m ep:mentions ?p ; ep:document ?d . ?d ep:city ?c ; ep:year ?y .
  } GROUP BY ?p ?c }
  BIND(IRI(CONCAT(STR(?p), "/in/", STRAFTER(STR(?c), "/city/"))) AS ?a)
}
"""


def summary_ntriples(store: ox.Store) -> bytes:
    """The summary triples of what ``store`` holds now, as N-Triples (sorted: deterministic bytes)."""
    triples: set[ox.Triple] = set()
    for query in (_COUNTS, _CITATIONS, _ADOPTIONS):
        triples.update(store.query(query, prefixes=PREFIXES))
    lines = sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    return "".join(lines).encode("utf-8")


def add_summary(store: ox.Store) -> int:
    """Compute the summaries of ``store`` and add them to it; returns how many triples were added."""
    data = summary_ntriples(store)
    if data:
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return data.count(b"\n")


def refresh_summary(store: ox.Store) -> int:
    """Drop the summaries ``store`` holds and compute them again (after documents were added or removed)."""
    values = " ".join(f"<{p}>" for p in SUMMARY_PREDICATES)
    store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}")
    store.update(f"DELETE {{ ?s a <{EP}Adoption> }} WHERE {{ ?s a <{EP}Adoption> }}")
    return add_summary(store)


def summary_graph_ntriples(ntriples: bytes) -> bytes:
    """The summary triples of a graph given as N-Triples (for the in-memory rdflib build)."""
    store = ox.Store()
    if ntriples:
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return summary_ntriples(store)
