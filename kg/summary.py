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
  programme, not an index seek per adoption node;
* ``?a ep:adoptingMeasure ?m`` on each adoption: the city's measures that mention the programme, so
  that a page of cities reaches its measures without scanning every measure of a popular programme;
* one ``ep:Citation`` node per (cited document, city), ``ep:citedWork ?w ; ep:citationCity ?c ;
  ep:citationMeasure ?m`` (each citing measure of the city), at ``<work IRI>/in/<city adcode>``: the
  same for "how does each city turn this document into measures", a page of cities at a time;
* ``?p ep:firstNamedYear y ; ep:pioneerCities k``: the first year any city names the programme,
  and how many do in that year ("since when, and who first");
* ``?p ep:adoptionRank r`` and ``?w ep:citationRank r``: each programme's place when sorted by
  cities naming it (most first), first year, label; each cited document's by cities, measures,
  label.  A page of the "most named / most cited" lists is then a window of whole numbers: the
  embedded store sorts by decoding both terms at every comparison, ~0.5 s for 5,000 labels;
* ``?t ep:metricRank r`` on each target of a metric concept: its place among that concept's
  targets ordered by city label, year, normalised value (then IRI), the order in which the
  catalogue compares cities on one metric, so that a page of them is a window of whole numbers;
* one ``ep:CityPair`` node per two cities naming a programme in common, ``ep:pairCity`` both,
  ``ep:sharedPrograms n``, at ``<city IRI>/with/<adcode>`` of the city with the smaller code
  ("the cities closest to this one" reads its ~N pairs, not every city of every programme it names).
  The counts are one product of the city × programme incidence matrix (numpy: 330 × 3,000 at
  5,000 documents, 60 MB at 3,000 counties × 5,000 programmes), computed here rather than in
  SPARQL, whose self-join of the adoptions grows with cities² per programme.

They are derived data, computed in one pass over two reads of the store (every
``ep:mentions`` and every ``ep:cites`` fact with its document's city and year):
the functions below are their whole definition.  (Written as one SPARQL
aggregate each, they re-joined the same facts six times: 26 s at 500 documents
on a loaded machine against ~3 s.)  The Cypher twins of the catalogue compute
the same answers from the raw edges, and the Neo4j parity test compares them.
A store that gains documents after the build must call :func:`refresh_summary`
before these questions are asked.

>>> import pyoxigraph as ox
>>> st = ox.Store()
>>> summary_ntriples(st)
b''
"""

from __future__ import annotations

import time
from collections import defaultdict

import pyoxigraph as ox

from kg.stores.sparql import PREFIXES

__all__ = ["SUMMARY_PREDICATES", "add_summary", "refresh_summary", "summary_ntriples"]

EP = PREFIXES["ep"]
SUMMARY_PREDICATES = tuple(EP + p for p in (
    "mentionCities", "citationCities", "citingMeasures", "adoptedProgram", "adoptingCity", "firstYear", "namedIn",
    "firstNamedYear", "pioneerCities", "pairCity", "sharedPrograms", "adoptingMeasure", "adoptionRank", "citationRank",
    "citedWork", "citationCity", "citationMeasure", "metricRank"))
SUMMARY_CLASSES = (EP + "Adoption", EP + "CityPair", EP + "Citation")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_INT = "http://www.w3.org/2001/XMLSchema#integer"

_FACTS = """
SELECT DISTINCT ?m ?x ?c ?y WHERE {{ ?m ep:{pred} ?x ; ep:document ?d . ?d ep:city ?c . OPTIONAL {{ ?d ep:year ?y }} }}
"""
_LABELS = """
SELECT ?s ?l WHERE { VALUES ?k { ep:Program ep:CitedDocument } ?s a ?k . { ?s skos:prefLabel ?l } UNION { ?s rdfs:label ?l }
  FILTER(LANG(?l) = "zh") }
"""

_TARGETS = """
SELECT ?t ?mc ?v ?cl ?y WHERE {
  ?t ep:metricConcept ?mc ; a ep:Target ; ep:normalisedValue ?v ; ep:baseUnit ?u .
  ?ev rdf:object ?t ; rdf:predicate ep:hasTarget ; rdf:subject ?m .
  ?m ep:document ?d . ?d ep:year ?y ; ep:city ?c . ?c rdfs:label ?cl .
}
"""


class _Lines(list):
    """N-Triples lines; subjects and objects are IRIs read from the store, numbers are xsd:integer."""

    def iri(self, s: str, p: str, o: str) -> None:
        self.append(f"<{s}> <{p}> <{o}> .\n")

    def num(self, s: str, p: str, n: int) -> None:
        self.append(f'<{s}> <{p}> "{int(n)}"^^<{_INT}> .\n')


def _facts(store: ox.Store, pred: str) -> list[tuple[str, str, str, int | None]]:
    """(measure, object, city, year or None) of every ``ep:<pred>`` fact whose document has a city."""
    return [(r["m"].value, r["x"].value, r["c"].value, int(r["y"].value) if r["y"] is not None else None)
            for r in store.query(_FACTS.format(pred=pred), prefixes=PREFIXES)]


def _at(node: str, city: str) -> str:
    """``<node IRI>/in/<city adcode>``: the IRI of a (programme or document, city) summary node."""
    return f"{node}/in/{city.rsplit('/', 1)[-1]}"


def _adoptions(out: _Lines, mentions) -> dict[str, dict[str, int | None]]:
    """Adoption nodes, ep:namedIn, ep:mentionCities, first years; returns programme → city → first year."""
    first: dict[str, dict[str, int | None]] = defaultdict(dict)
    for m, p, c, y in mentions:
        seen = first[p].get(c, y)
        first[p][c] = y if seen is None else seen if y is None else min(seen, y)
        out.iri(_at(p, c), EP + "adoptingMeasure", m)
    for p, cities in first.items():
        out.num(p, EP + "mentionCities", len(cities))
        years = [y for y in cities.values() if y is not None]
        if years:
            out.num(p, EP + "firstNamedYear", min(years))
            out.num(p, EP + "pioneerCities", years.count(min(years)))
        for c, y in cities.items():
            a = _at(p, c)
            out.iri(a, _TYPE, EP + "Adoption")
            out.iri(a, EP + "adoptedProgram", p)
            out.iri(a, EP + "adoptingCity", c)
            out.iri(p, EP + "namedIn", c)
            if y is not None:
                out.num(a, EP + "firstYear", y)
    return first


def _citations(out: _Lines, cites) -> dict[str, tuple[int, int]]:
    """Citation nodes and counts; returns document → (cities, measures)."""
    cities: dict[str, set[str]] = defaultdict(set)
    measures: dict[str, set[str]] = defaultdict(set)
    for m, w, c, _ in cites:
        cities[w].add(c)
        measures[w].add(m)
        x = _at(w, c)
        out.iri(x, EP + "citationMeasure", m)
    for w, cs in cities.items():
        out.num(w, EP + "citationCities", len(cs))
        out.num(w, EP + "citingMeasures", len(measures[w]))
        for c in cs:
            x = _at(w, c)
            out.iri(x, _TYPE, EP + "Citation")
            out.iri(x, EP + "citedWork", w)
            out.iri(x, EP + "citationCity", c)
    return {w: (len(cs), len(measures[w])) for w, cs in cities.items()}


def _city_pairs(out: _Lines, first: dict[str, dict[str, int | None]]) -> None:
    """One ``ep:CityPair`` per two cities naming a programme in common (see the module docstring)."""
    import numpy as np

    cities = sorted({c for cs in first.values() for c in cs})
    if len(cities) < 2:
        return
    index = {c: i for i, c in enumerate(cities)}
    m = np.zeros((len(cities), len(first)), dtype=np.float32)  # exact below 2**24 programmes
    for j, cs in enumerate(first.values()):
        m[[index[c] for c in cs], j] = 1.0
    shared = np.triu(m @ m.T, k=1)
    for i, j in zip(*np.nonzero(shared), strict=True):
        a, b = cities[i], cities[j]  # sorted: a < b
        pair = f"{a}/with/{b.rsplit('/', 1)[-1]}"
        out.iri(pair, _TYPE, EP + "CityPair")
        out.iri(pair, EP + "pairCity", a)
        out.iri(pair, EP + "pairCity", b)
        out.num(pair, EP + "sharedPrograms", shared[i, j])


def _ranks(out: _Lines, store: ox.Store, first, cited: dict[str, tuple[int, int]]) -> None:
    """``ep:adoptionRank`` / ``ep:citationRank``: places in the orders the module docstring gives."""
    label: dict[str, str] = {}
    for sol in store.query(_LABELS, prefixes=PREFIXES):
        s, v = sol["s"].value, sol["l"].value
        label[s] = min(v, label.get(s, v))

    def year(p):
        return min((y for y in first[p].values() if y is not None), default=0)

    by_reach = sorted(first, key=lambda p: (-len(first[p]), year(p), label.get(p, ""), p))
    by_cites = sorted(cited, key=lambda w: (-cited[w][0], -cited[w][1], label.get(w, ""), w))
    for name, order in (("adoptionRank", by_reach), ("citationRank", by_cites)):
        for i, s in enumerate(order, 1):
            out.num(s, EP + name, i)


def _metric_ranks(out: _Lines, store: ox.Store) -> None:
    """``ep:metricRank`` of every target on a metric concept (see the module docstring)."""
    keys: dict[str, dict[str, tuple]] = defaultdict(dict)
    for r in store.query(_TARGETS, prefixes=PREFIXES):
        t = r["t"].value
        key = (r["cl"].value, int(r["y"].value), float(r["v"].value), t)
        keys[r["mc"].value][t] = min(key, keys[r["mc"].value].get(t, key))
    for targets in keys.values():
        for i, t in enumerate(sorted(targets, key=targets.get), 1):
            out.num(t, EP + "metricRank", i)


def summary_ntriples(store: ox.Store) -> bytes:
    """The summary triples of what ``store`` holds now, as N-Triples (sorted: deterministic bytes)."""
    out = _Lines()
    first = _adoptions(out, _facts(store, "mentions"))
    cited = _citations(out, _facts(store, "cites"))
    _city_pairs(out, first)
    _ranks(out, store, first, cited)
    _metric_ranks(out, store)
    return "".join(sorted(set(out))).encode("utf-8")


def add_summary(store: ox.Store, timings: dict[str, float] | None = None, view=None, links: bool = True) -> int:
    """Compute the summaries of ``store`` and its measure-similarity links, and add both to it.

    Returns how many triples were added.  The links (:mod:`kg.analytics.links`)
    are the other whole-graph stage of a build, scored on ``view`` (the
    store's :class:`~kg.analytics.View`, read from it when not given);
    ``timings``, when given, gets the CPU seconds of each as ``summary`` and
    ``similarity``.  ``links=False``: the summaries only.
    """
    from kg.analytics.links import similarity_chunks

    stages = [("summary", lambda: [summary_ntriples(store)])]
    if links:  # loaded a slice of links at a time: 300,000 links are 0.5 GB of N-Triples at 5,000 documents
        stages.append(("similarity", lambda: similarity_chunks(store, view)))
    added = 0
    for stage, chunks in stages:
        start = time.process_time()
        for data in chunks():
            if data:
                store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            added += data.count(b"\n")
        if timings is not None:
            timings[stage] = time.process_time() - start
    return added


def refresh_summary(store: ox.Store, links: bool = True) -> int:
    """Drop the summaries (and, with ``links``, the similarity links) ``store`` holds and compute them again.

    For a store whose documents changed.  ``links=False`` leaves the links as
    they are: the catalogue's queries read none, and scoring is the costly part.
    """
    from kg.analytics.links import delete_links

    values = " ".join(f"<{p}>" for p in SUMMARY_PREDICATES)
    store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}")
    for cls in SUMMARY_CLASSES:
        store.update(f"DELETE {{ ?s a <{cls}> }} WHERE {{ ?s a <{cls}> }}")
    if links:
        delete_links(store)
    added = add_summary(store, links=links)
    store.optimize()  # on disk the deletions leave tombstones that slow every later range scan (3-7x at 5,000 documents)
    return added


def summary_graph_ntriples(ntriples: bytes) -> bytes:
    """The summary triples and similarity links of a graph given as N-Triples (for the in-memory rdflib build)."""
    from kg.analytics.links import similarity_ntriples

    store = ox.Store()
    if ntriples:
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return summary_ntriples(store) + similarity_ntriples(store)
