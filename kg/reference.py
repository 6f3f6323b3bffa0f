"""Labels of the reference vocabulary a built graph points at.

A programme points at its theme (``skos:broader``), a target at its metric
(``ep:metricConcept``) and a department at its kind of unit
(``ep:unitType``).  Those concepts live in ``ontology/themes.ttl``,
``metrics.ttl`` and ``departments.ttl``; without their labels a graph reader
(the explorer, a SPARQL client, Neo4j) sees bare IRIs.  :func:`add_reference`
copies into the graph, for every such concept the graph refers to, its class,
its ``skos:prefLabel`` in each language, an ``rdfs:label`` (Chinese) and its
``skos:inScheme``, and the scheme's own labels, and nothing else (no
altLabels: those are the lexicon's matching data, not facts of the corpus).

The vocabulary is read with rdflib once per process.

>>> from rdflib import Graph, SKOS, URIRef
>>> g = Graph()
>>> g.add((URIRef("https://w3id.org/edupolicy/id/program/x"), SKOS.broader,
...        URIRef("https://w3id.org/edupolicy/id/theme/preschool")))  # doctest: +ELLIPSIS
<Graph ...>
>>> sorted(str(o) for o in add_reference(g).objects(None, SKOS.prefLabel))[:2]
['Preschool education', 'Themes of education work']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.errors import KgError
from kg.vocab import EP

__all__ = ["LINKS", "REFERENCE_FILES", "add_reference", "reference_triples", "vocabulary"]

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
REFERENCE_FILES = ("themes.ttl", "metrics.ttl", "departments.ttl")
#: link predicate → the class its object gets in the graph
LINKS: dict[URIRef, URIRef] = {SKOS.broader: EP.Theme, EP.metricConcept: EP.Metric, EP.unitType: EP.UnitType}


@lru_cache(maxsize=2)
def vocabulary(folder: Path = ONTOLOGY) -> Graph:
    """The reference concepts of ``folder`` (:data:`REFERENCE_FILES`), parsed once."""
    g = Graph()
    for name in REFERENCE_FILES:
        path = folder / name
        try:
            g.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise KgError(f"{path}: cannot read the reference vocabulary: {exc}") from exc
    return g


def _labels(g: Graph, vocab: Graph, node: URIRef) -> None:
    for label in vocab.objects(node, SKOS.prefLabel):
        g.add((node, SKOS.prefLabel, label))
        if isinstance(label, Literal) and label.language == "zh":
            g.add((node, RDFS.label, label))


def reference_triples(links: Iterable[tuple[URIRef, URIRef]], vocab: Graph | None = None) -> Graph:
    """Class, labels and scheme of each ``(predicate, concept)`` whose concept is in the vocabulary.

    A concept that the vocabulary does not describe (a programme's parent
    programme, say) gets nothing.
    """
    vocab = vocabulary() if vocab is None else vocab
    out = Graph()
    for pred, node in sorted(set(links)):
        if (node, SKOS.prefLabel, None) not in vocab:
            continue
        out.add((node, RDF.type, SKOS.Concept))
        out.add((node, RDF.type, LINKS[pred]))
        _labels(out, vocab, node)
        for scheme in vocab.objects(node, SKOS.inScheme):
            out.add((node, SKOS.inScheme, scheme))
            out.add((scheme, RDF.type, SKOS.ConceptScheme))
            _labels(out, vocab, scheme)
    return out


def add_reference(g: Graph, vocab: Graph | None = None) -> Graph:
    """``g`` with :func:`reference_triples` of every link it holds added (in place); returns ``g``."""
    links = [(p, o) for p in LINKS for o in g.objects(None, p) if isinstance(o, URIRef)]
    g += reference_triples(links, vocab)
    return g
