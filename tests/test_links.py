"""Measure-similarity links as a build stage (kg/analytics/links.py): in the graph, the store and the Neo4j plan."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from kg.analytics import read_view, similar_measures
from kg.analytics.links import K, add_similarity, delete_links, link_ntriples, stored_links
from kg.analytics.textsim import THRESHOLD, MeasureLink
from kg.stores.neo4j_plan import plan_load
from kg.summary import refresh_summary
from kg.validate import validate
from kg.vocab import EP


@pytest.fixture(scope="module")
def corpus_store(corpus_graph):
    store = ox.Store()
    store.bulk_load(corpus_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_the_build_stores_what_scoring_the_built_graph_finds(corpus_graph, corpus_store):
    # the links are a function of the rest of the graph: scoring its view again gives the same pairs and scores
    expected = similar_measures(read_view(corpus_graph), k=K, threshold=THRESHOLD)
    assert len(expected) > 20
    assert stored_links(corpus_store) == expected
    assert len(set(corpus_graph.subject_objects(EP.similarTo))) == len(expected)


def test_every_link_joins_two_cities_above_the_threshold_with_the_source_measures_provenance(corpus_graph):
    g = corpus_graph
    city = lambda m: g.value(g.value(m, EP.document), EP.city)  # noqa: E731
    evidence = set(g.subjects(RDF.predicate, EP.similarTo))
    assert len(evidence) == len(set(g.subject_objects(EP.similarTo)))
    for ev in evidence:
        s, o = g.value(ev, RDF.subject), g.value(ev, RDF.object)
        assert (s, EP.similarTo, o) in g and str(s) < str(o)
        assert city(s) is not None and city(o) is not None and city(s) != city(o)
        assert float(g.value(ev, EP.score)) >= THRESHOLD
        for p in (EP.document, EP.sourceFile, EP.startOffset, EP.endOffset):
            assert g.value(ev, p) == g.value(s, p), (ev, p)
        assert g.value(ev, EP.sentence) == g.value(s, DCTERMS.title)


def test_the_links_keep_the_evidence_shape(corpus_graph):
    sub = Graph()
    for ev in corpus_graph.subjects(RDF.predicate, EP.similarTo):
        for p, o in corpus_graph.predicate_objects(ev):
            sub.add((ev, p, o))
    assert len(sub) > 0
    assert validate(sub) == ()


def test_refreshing_replaces_the_links_instead_of_adding_to_them(corpus_store):
    before, size = stored_links(corpus_store), len(corpus_store)
    refresh_summary(corpus_store)
    assert stored_links(corpus_store) == before and len(corpus_store) == size
    delete_links(corpus_store)
    assert stored_links(corpus_store) == ()
    assert not list(corpus_store.quads_for_pattern(None, ox.NamedNode(str(EP.similarTo)), None))
    refresh_summary(corpus_store)
    assert stored_links(corpus_store) == before and len(corpus_store) == size


def test_the_neo4j_plan_carries_each_link_once_with_its_score(corpus_graph):
    links = {(l.source, l.target): l.score for l in similar_measures(read_view(corpus_graph))}
    plan = plan_load(corpus_graph)
    rels = [r for part in (plan.shared, *(d.batch for d in plan.documents)) for r in part.rels if r.type == "SIMILAR_TO"]
    assert rels == []  # two cities' measures: two documents, so written after both (plan.links)
    rels = [r for r in plan.links.rels if r.type == "SIMILAR_TO"]
    assert {(r.s, r.o): round(float(r.props["score"]), 4) for r in rels} == links
    assert len(rels) == len(links)


def test_link_ntriples_are_deterministic_and_parse():
    links = [MeasureLink("https://x.org/b", "https://x.org/c", 0.5), MeasureLink("https://x.org/a", "https://x.org/b", 0.25)]
    prov = {"https://x.org/a": [(str(EP.sentence), '"引号\\"与\\\\反斜杠"@zh')]}
    one, two = link_ntriples(links, prov), link_ntriples(reversed(links), prov)
    assert one == link_ntriples(list(links), prov)  # the same links in the same order: the same bytes
    g = Graph().parse(data=one.decode(), format="nt")
    assert set(g) == set(Graph().parse(data=two.decode(), format="nt"))
    assert len(set(g.subject_objects(EP.similarTo))) == 2
    assert {str(o) for o in g.objects(None, EP.sentence)} == {'引号"与\\反斜杠'}


def test_kg_analyze_links_on_a_graph_without_them_gives_the_builds_triples(corpus_graph):
    # one shape, two writers: the build (N-Triples from the store) and add_similarity (an rdflib graph file)
    bare = Graph()
    derived = set(corpus_graph.subjects(RDF.predicate, EP.similarTo))
    for t in corpus_graph:
        if t[0] not in derived and t[1] != EP.similarTo:
            bare.add(t)
    assert len(bare) < len(corpus_graph)
    add_similarity(bare, similar_measures(read_view(bare), k=K, threshold=THRESHOLD))
    assert set(bare) == set(corpus_graph)
