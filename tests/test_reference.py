"""The built graph labels the reference concepts it points at (themes, metrics, unit types)."""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.reference import LINKS, add_reference, reference_triples, vocabulary
from kg.vocab import EP


def _langs(g: Graph, node) -> set[str]:
    return {lit.language for lit in g.objects(node, SKOS.prefLabel)}


def test_every_referenced_concept_has_zh_and_en_labels_and_a_labelled_scheme(corpus_graph):
    seen = {pred: {o for o in corpus_graph.objects(None, pred)} for pred in LINKS}
    vocab = vocabulary()
    themes = {o for o in seen[SKOS.broader] if (o, SKOS.inScheme, None) in vocab}
    assert len(themes) >= 5 and seen[EP.metricConcept] and seen[EP.unitType]
    for pred, nodes in ((SKOS.broader, themes), (EP.metricConcept, seen[EP.metricConcept]),
                        (EP.unitType, seen[EP.unitType])):
        for node in nodes:
            assert (node, RDF.type, LINKS[pred]) in corpus_graph, node
            assert _langs(corpus_graph, node) == {"zh", "en"}, node
            scheme = corpus_graph.value(node, SKOS.inScheme)
            assert scheme is not None and _langs(corpus_graph, scheme) == {"zh", "en"}, node
            assert corpus_graph.value(node, RDFS.label).language == "zh"


def test_only_what_the_graph_points_at_is_copied(corpus_graph):
    used = {o for p in LINKS for o in corpus_graph.objects(None, p)}
    labelled = {s for s in corpus_graph.subjects(RDF.type, SKOS.Concept) if (s, SKOS.inScheme, None) in corpus_graph}
    assert labelled <= used
    assert len(labelled) < len(set(vocabulary().subjects(SKOS.inScheme, None)))  # not the whole vocabulary
    assert not any((node, SKOS.altLabel, None) in corpus_graph for node in labelled)  # lexicon data stays out


def test_an_unknown_concept_gets_nothing_and_adding_twice_changes_nothing():
    theme = URIRef("https://w3id.org/edupolicy/id/theme/preschool")
    unknown = URIRef("https://w3id.org/edupolicy/id/program/not-a-theme")
    assert len(reference_triples([(SKOS.broader, unknown)])) == 0
    g = Graph()
    g.add((URIRef("urn:p"), SKOS.broader, theme))
    once = len(add_reference(g))
    assert (theme, SKOS.prefLabel, Literal("学前教育", lang="zh")) in g
    assert len(add_reference(g)) == once
