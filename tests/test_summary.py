"""The build's whole-graph summaries (kg/summary.py) and the catalogue's label parameters, on the real corpus."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.queries import bind_sparql, get
from kg.vocab import EP



def _program(g, label):
    return next(s for s in g.subjects(None, Literal(label, lang="zh")) if (s, EP.mentionCities, None) in g)


def test_county_managed_hiring_is_named_by_all_five_cities_chengde_first_in_2020(corpus_graph):
    # “县管校聘” is in all five files; 承德 names it in its 2020 summary (004 line 40) and its 2021 plan
    g = corpus_graph
    p = _program(g, "县管校聘")
    assert g.value(p, EP.mentionCities).toPython() == 5
    adoptions = {g.value(a, EP.adoptingCity): g.value(a, EP.firstYear).toPython()
                 for a in g.subjects(EP.adoptedProgram, p)}
    assert len(adoptions) == 5
    chengde = next(c for c in adoptions if str(g.value(c, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "承德市")
    assert adoptions[chengde] == 2020


def test_counts_agree_with_the_raw_edges_for_every_programme(corpus_graph):
    g = corpus_graph
    for p, n in g.subject_objects(EP.mentionCities):
        cities = {g.value(g.value(m, EP.document), EP.city) for m in g.subjects(EP.mentions, p)}
        assert n.toPython() == len(cities - {None}), p
    for w, n in g.subject_objects(EP.citingMeasures):
        assert n.toPython() == len(set(g.subjects(EP.cites, w))), w


def test_a_label_parameter_binds_as_a_chinese_literal_and_others_stay_plain():
    q = get("single_city_programmes")
    assert q.labels == {"city"}
    assert 'VALUES (?city_param) { ("承德市"@zh) }' in bind_sparql(q.sparql, q.values())
    assert 'VALUES (?min_cities_param) { ("4"^^' in bind_sparql(get("programmes_adopted").sparql, {"min_cities": 4})


def test_named_in_edges_are_the_adoption_pairs(corpus_graph):
    g = corpus_graph
    pairs = {(g.value(a, EP.adoptedProgram), g.value(a, EP.adoptingCity)) for a in g.subjects(EP.firstYear, None)}
    assert pairs and set(g.subject_objects(EP.namedIn)) == pairs
