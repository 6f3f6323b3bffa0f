"""``ep:similarTo`` in the graph: measure similarity computed once per build, then read back.

Scoring every measure against the measures of every other city
(:func:`kg.analytics.textsim.similar_measures`) is the one analytic whose cost
grows faster than a scan: tens of seconds at thousands of documents.  Its
answer changes only when the graph does, so it is a stage of the build, next
to the catalogue's summaries (:mod:`kg.summary`): ``kg build``, the in-memory
build that ``kg neo4j load CORPUS`` uses, and :func:`kg.summary.refresh_summary`
(the explorer's "add a document") write the links into the graph, hence into
the store, the graph file and Neo4j.  The explorer and ``kg analyze`` read them
back (:func:`stored_links`: one query) instead of scoring again.

One unordered pair is one link, ``source`` < ``target`` by IRI, as
:func:`~kg.analytics.textsim.similar_measures` returns it, with the score on
an ``ep:Evidence`` node as every other fact's provenance (the SHACL shape's
source file, offsets and sentence are the source measure's: the text the score
was computed on), so that the Neo4j loader folds it into the ``SIMILAR_TO``
relationship as ``score`` and ``rule``::

    <m1> ep:similarTo <m2> .
    <m1/sim/DIGEST(m2)> a ep:Evidence ; rdf:subject <m1> ; rdf:predicate ep:similarTo ;
        rdf:object <m2> ; ep:score "0.4321"^^xsd:decimal ; ep:rule "char-tfidf-2-3-cosine" ;
        ep:document <m1's document> ; ep:sourceFile … ; ep:startOffset … ; ep:endOffset … ;
        ep:sentence <m1's title> .

>>> import pyoxigraph as ox
>>> stored_links(ox.Store())
()
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox

from kg.analytics.textsim import RULE, THRESHOLD, MeasureLink, similar_measures
from kg.iri import digest
from kg.stores.sparql import PREFIXES

__all__ = ["K", "add_similarity", "compute_links", "delete_links", "evidence_iri", "link_ntriples",
           "measure_provenance", "similarity_chunks", "similarity_ntriples", "stored_links"]

#: Neighbours kept per measure by the build (``similar_measures``' default); readers asking for
#: another ``k`` or threshold score again.
K = 3
_EP = PREFIXES["ep"]
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_TITLE = "http://purl.org/dc/terms/title"

_LINKS = f"SELECT ?s ?o WHERE {{ ?s <{_EP}similarTo> ?o }}"
_SCORES = f"SELECT ?e ?score WHERE {{ ?e <{_EP}score> ?score }}"
_PROVENANCE = f"""
SELECT ?m ?f ?a ?b WHERE {{
  ?m a <{_EP}Measure> ; <{_EP}sourceFile> ?f ; <{_EP}startOffset> ?a ; <{_EP}endOffset> ?b .
}}
"""
_DELETE = f"""
DELETE {{ ?e ?p ?o . ?s <{_EP}similarTo> ?t }} WHERE {{
  ?e <{_RDF}predicate> <{_EP}similarTo> ; <{_RDF}subject> ?s ; <{_RDF}object> ?t ; ?p ?o .
}}
"""


def evidence_iri(source: str, target: str) -> str:
    """The evidence node of one link, minted from the pair: writing a link twice changes nothing."""
    return f"{source}/sim/{digest(target)}"


def _decimal(score: float) -> str:
    """Four places in Oxigraph's canonical form ("0.205", "1"), so both builds write the same bytes."""
    return f"{score:.4f}".rstrip("0").rstrip(".")


def link_ntriples(links: Iterable[MeasureLink], provenance: Mapping[str, Iterable[tuple[str, str]]]) -> bytes:
    """The N-Triples of ``links`` (the shape in the module docstring), in link order (sorted by the callers).

    ``provenance`` maps a source measure's IRI to its evidence's ``(predicate IRI, N-Triples
    object)`` pairs (:func:`measure_provenance`).  One string per link, not per line: at 5,000
    documents 300,000 links are 3.6 M lines, and a Python string per line cost ~1 GB.
    """
    out = []
    for link in links:
        s, o = link.source, link.target
        ev = evidence_iri(s, o)
        out.append(
            f"<{s}> <{_EP}similarTo> <{o}> .\n"
            f"<{ev}> <{_RDF}type> <{_EP}Evidence> .\n"
            f"<{ev}> <{_RDF}subject> <{s}> .\n"
            f"<{ev}> <{_RDF}predicate> <{_EP}similarTo> .\n"
            f"<{ev}> <{_RDF}object> <{o}> .\n"
            f'<{ev}> <{_EP}score> "{_decimal(link.score)}"^^<{_DECIMAL}> .\n'
            f'<{ev}> <{_EP}rule> "{RULE}" .\n'
            + "".join(f"<{ev}> <{p}> {value} .\n" for p, value in provenance.get(s, ())))
    return "".join(out).encode("utf-8")


def measure_provenance(store: ox.Store, view, sources: set[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """The document, source file, offsets and sentence (title, else text) of measures (``sources``, else all)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for m in view.measures:
        if sources is not None and m.iri not in sources:
            continue
        sentence = m.title or m.text
        out[m.iri] = [(f"{_EP}document", f"<{m.document}>")] + (
            [(f"{_EP}sentence", str(ox.Literal(sentence, language="zh")))] if sentence else [])
    for row in store.query(_PROVENANCE):
        m = row["m"].value
        if m in out:
            out[m] += [(f"{_EP}sourceFile", str(row["f"])), (f"{_EP}startOffset", str(row["a"])),
                       (f"{_EP}endOffset", str(row["b"]))]
    # a measure with two files or spans (two files given one document IRI) is one row per combination
    return {m: list(dict.fromkeys(pairs)) for m, pairs in out.items()}


def compute_links(store: ox.Store, view=None) -> tuple[tuple[MeasureLink, ...], dict[str, list[tuple[str, str]]]]:
    """Score the measures ``store`` holds (its ``view``, read when not given): the links, their sources' provenance.

    The links come sorted by (source, target): the same graph, the same N-Triples.
    """
    from kg.analytics.view import read_view_store

    view = read_view_store(store) if view is None else view
    links = tuple(sorted(similar_measures(view, k=K, threshold=THRESHOLD), key=lambda l: (l.source, l.target)))
    return links, measure_provenance(store, view, {l.source for l in links}) if links else {}


def similarity_chunks(store: ox.Store, view=None, size: int = 20_000) -> Iterator[bytes]:
    """:func:`link_ntriples` of what ``store`` holds now, ``size`` links at a time (nothing under two cities)."""
    links, provenance = compute_links(store, view)
    for start in range(0, len(links), size):
        yield link_ntriples(links[start:start + size], provenance)


def similarity_ntriples(store: ox.Store, view=None) -> bytes:
    """All of :func:`similarity_chunks` at once (for the in-memory build of small corpora)."""
    return b"".join(similarity_chunks(store, view))


def add_similarity(g, links: Iterable[MeasureLink]) -> int:
    """Add ``links`` to the rdflib graph ``g`` in the build's shape (``kg analyze --links`` on a graph file).

    The evidence IRI is minted from the pair, so adding the same links twice
    changes nothing.  Returns how many links were given.
    """
    from rdflib import Literal, URIRef

    links = tuple(links)
    provenance: dict[str, list[tuple[str, str]]] = {}
    for source in {link.source for link in links}:
        pairs = provenance[source] = []
        for p in (f"{_EP}document", f"{_EP}sourceFile", f"{_EP}startOffset", f"{_EP}endOffset", _TITLE):
            value = g.value(URIRef(source), URIRef(p))
            if isinstance(value, Literal):
                datatype = ox.NamedNode(str(value.datatype)) if value.datatype and not value.language else None
                value = str(ox.Literal(str(value), language=value.language, datatype=datatype))
            elif value is not None:
                value = f"<{value}>"
            if value is not None:
                pairs.append((f"{_EP}sentence" if p == _TITLE else p, value))
    g.parse(data=link_ntriples(links, provenance).decode("utf-8"), format="nt")
    return len(links)


def delete_links(store: ox.Store) -> None:
    """Remove every ``ep:similarTo`` link and its evidence (before they are computed again)."""
    store.update(_DELETE)


def stored_links(store: ox.Store) -> tuple[MeasureLink, ...]:
    """The links ``store`` holds, ordered as :func:`similar_measures` orders them (highest score first).

    Two one-pattern scans read as CSV (:func:`kg.analytics.triples.csv_rows`), every ``ep:similarTo``
    and every ``ep:score``, joined here through :func:`evidence_iri`: the four-pattern join of each
    link's evidence took 9 CPU-s for the 296,000 links of 5,000 documents.
    """
    from kg.analytics.triples import csv_rows

    score = dict(csv_rows(store, _SCORES))
    links = {}
    for a, b in csv_rows(store, _LINKS):
        value = score.get(evidence_iri(a, b))
        if value is not None:
            links[min(a, b), max(a, b)] = float(value)
    return tuple(sorted((MeasureLink(a, b, v) for (a, b), v in links.items()),
                        key=lambda l: (-l.score, l.source, l.target)))
