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


def _cities_of(g, p):
    return {g.value(g.value(m, EP.document), EP.city) for m in g.subjects(EP.mentions, p)} - {None}


def test_city_pairs_count_the_programmes_both_cities_name(corpus_graph):
    g = corpus_graph
    named: dict = {}
    for p, c in g.subject_objects(EP.namedIn):
        named.setdefault(c, set()).add(p)
    pairs = {frozenset(g.objects(x, EP.pairCity)): g.value(x, EP.sharedPrograms).toPython()
             for x in g.subjects(EP.sharedPrograms, None)}
    assert len(pairs) == 10  # five cities, every two of them share at least 县管校聘
    for cities, n in pairs.items():
        a, b = sorted(cities)
        assert n == len(named[a] & named[b]) > 0, (a, b)
        assert str(next(x for x in g.subjects(EP.sharedPrograms, None) if set(g.objects(x, EP.pairCity)) == {a, b})) \
            == f"{a}/with/{b.rsplit('/', 1)[-1]}"


def test_first_year_pioneers_and_measures_of_each_adoption(corpus_graph):
    g = corpus_graph
    p = _program(g, "县管校聘")
    # 004 names it in its 2020 summary, the other four only in 2021 plans: 承德 alone is first
    assert (g.value(p, EP.firstNamedYear).toPython(), g.value(p, EP.pioneerCities).toPython()) == (2020, 1)
    for a in g.subjects(EP.adoptedProgram, None):
        prog, city = g.value(a, EP.adoptedProgram), g.value(a, EP.adoptingCity)
        raw = {m for m in g.subjects(EP.mentions, prog) if g.value(g.value(m, EP.document), EP.city) == city}
        assert set(g.objects(a, EP.adoptingMeasure)) == raw, a


def test_ranks_follow_reach_then_first_year_then_label(corpus_graph):
    g = corpus_graph
    ranked = sorted(g.subject_objects(EP.adoptionRank), key=lambda t: t[1].toPython())
    assert [r.toPython() for _, r in ranked] == list(range(1, len(ranked) + 1))
    keys = [(-len(_cities_of(g, p)), g.value(p, EP.firstNamedYear).toPython(), str(_program_label(g, p)))
            for p, _ in ranked]
    assert keys == sorted(keys)
    cited = sorted(g.subject_objects(EP.citationRank), key=lambda t: t[1].toPython())
    counts = [(-g.value(w, EP.citationCities).toPython(), -g.value(w, EP.citingMeasures).toPython()) for w, _ in cited]
    assert counts == sorted(counts) and len(cited) == len(set(g.subjects(EP.citationCities, None)))


def _program_label(g, p):
    from rdflib import SKOS

    return next(lab for lab in g.objects(p, SKOS.prefLabel) if lab.language == "zh")


def test_metric_ranks_order_each_concepts_targets_by_city_year_value(corpus_graph):
    g = corpus_graph
    by_concept: dict = {}
    for t, r in g.subject_objects(EP.metricRank):
        by_concept.setdefault(g.value(t, EP.metricConcept), []).append((r.toPython(), t))
    assert by_concept
    for ranked in by_concept.values():
        ranked.sort()
        assert [r for r, _ in ranked] == list(range(1, len(ranked) + 1))
        keys = []
        for _, t in ranked:
            m = next(g.subjects(EP.hasTarget, t))
            d = g.value(m, EP.document)
            city = g.value(g.value(d, EP.city), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
            keys.append((str(city), g.value(d, EP.year).toPython(), g.value(t, EP.normalisedValue).toPython(), str(t)))
        assert keys == sorted(keys)
