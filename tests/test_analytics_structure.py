"""The fast paths of the projections, adoption, city pairs and centralities against the plain loops they replaced.

The answers must not move: each numpy join is compared, on the bundled
corpus, with the per-mention loop it replaced (the same nodes, attributes and
edges in the same order; the same adoptions, shared programmes and
centralities), and the order the department graphs are scored in with the
order networkx listed their edges in.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.analytics import (
    adoption,
    city_pairs,
    city_programme_graph,
    cooccurrence_graph,
    department_centrality,
    new_programmes,
    read_view,
)
from tests.test_analytics import Toy


def _graph_data(g):
    return list(g.nodes(data=True)), list(g.edges(data=True))


def _edge_by_edge(view):
    """The four projections as they were built before the numpy joins: a dict update per mention and an
    ``add_node``/``add_edge`` call per edge, in sorted order (the reference the fast builds must equal)."""
    import networkx as nx

    rows = view.by_iri()

    def programme(g, p):
        g.add_node(p, kind="programme", label=view.programmes[p].label, curated=view.programmes[p].curated)

    years, counts, by_measure = {}, {}, {}
    for m, p in view.mentions:
        years.setdefault((rows[m].city, p), set()).add(rows[m].year)
        counts[(rows[m].city, p)] = counts.get((rows[m].city, p), 0) + 1
        by_measure.setdefault(m, []).append(p)
    cities = nx.Graph()
    for c in sorted(view.cities):
        cities.add_node(c, kind="city", label=c, bipartite=0)
    for (c, p), ys in sorted(years.items()):
        programme(cities, p)
        cities.nodes[p]["bipartite"] = 1
        cities.add_edge(c, p, first_year=min(ys), years=sorted(ys), measures=counts[(c, p)])
    measures = nx.Graph()
    for m, p in view.mentions:
        r = rows[m]
        measures.add_node(m, kind="measure", label=f"{r.city}{r.year} {r.path}", city=r.city, year=r.year)
        programme(measures, p)
        measures.add_edge(m, p)
    weights = {}
    for m, d in view.responsible:
        for p in by_measure.get(m, ()):
            weights[(d, p)] = weights.get((d, p), 0) + 1
    departments = nx.Graph()
    for (d, p), w in sorted(weights.items()):
        dep = view.departments[d]
        departments.add_node(d, kind="department", label=dep.label, city=dep.city)
        programme(departments, p)
        departments.add_edge(d, p, weight=w)
    pairs = {}
    for m, progs in by_measure.items():
        for a, b in itertools.combinations(sorted(progs), 2):
            pairs.setdefault((a, b), []).append(rows[m].city)
    cooc = nx.Graph()
    for p in sorted({p for _, p in view.mentions}):
        programme(cooc, p)
    for (a, b), cs in sorted(pairs.items()):
        cooc.add_edge(a, b, weight=len(cs), cities=sorted(set(cs)))
    return {"city": cities, "measure": measures, "department": departments, "cooccurrence": cooc}


def test_projections_equal_the_graphs_built_edge_by_edge_on_the_corpus(corpus_graph):
    from kg.analytics.projections import department_programme_graph, measure_programme_graph

    v = read_view(corpus_graph)
    want = _edge_by_edge(v)
    assert want["cooccurrence"].number_of_edges() > 100 and want["department"].number_of_edges() > 100
    # same nodes, attributes and edges, in the same order (BFS and Louvain break ties by it)
    assert _graph_data(city_programme_graph(v)) == _graph_data(want["city"])
    assert _graph_data(measure_programme_graph(v)) == _graph_data(want["measure"])
    assert _graph_data(department_programme_graph(v)) == _graph_data(want["department"])
    assert _graph_data(cooccurrence_graph(v)) == _graph_data(want["cooccurrence"])
    city = next(c for c in sorted(v.cities) if any(d.city == c for d in v.departments.values()))
    one = department_programme_graph(v, city)
    assert 0 < one.number_of_nodes() < want["department"].number_of_nodes()
    assert {a["city"] for _, a in one.nodes(data=True) if a["kind"] == "department"} == {city}


def test_adoption_and_new_programmes_equal_a_loop_over_the_mentions_on_the_corpus(corpus_graph):
    v = read_view(corpus_graph)
    rows = v.by_iri()
    first = {}
    for m, p in v.mentions:
        key = (p, rows[m].city)
        first[key] = min(first.get(key, rows[m].year), rows[m].year)
    want = {p: sorted((y, c) for (q, c), y in first.items() if q == p) for p, _ in first}
    got = adoption(v)
    assert len(got) == len(want) == len(v.programmes)
    assert all([(c.year, c.city) for c in a.cities] == want[a.programme] for a in got)
    assert all(c.province == v.cities[c.city].province for a in got for c in a.cities)
    start = {}
    for m in v.measures:
        start[m.city] = min(start.get(m.city, m.year), m.year)
    new = new_programmes(v)
    assert new and all(n.silent_before == tuple(sorted(c for c, y in start.items() if y < n.adoption.first_year))
                       for n in new)


def test_shared_programmes_are_the_intersection_most_distinctive_first_on_the_corpus(corpus_graph):
    from kg.analytics.cities import idf_weights, programme_sets

    v = read_view(corpus_graph)
    sets = programme_sets(v)
    w = idf_weights(sets)
    for p in city_pairs(v):
        both = sorted(sets[p.a] & sets[p.b], key=lambda q: (-w[q], v.programmes[q].label, q))
        assert p.shared == tuple(v.programmes[q].label for q in both)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=40))
def test_department_edges_are_scored_in_the_order_networkx_lists_them(edges):
    """The per-city graphs are scored in the order networkx.Graph.edges gave, so that betweenness sums
    run as before (the 12th decimal depends on it): the order, not just the set."""
    import networkx as nx
    import numpy as np

    from kg.analytics.structure import _listing_order

    edges = sorted(edges)
    g = nx.Graph()
    g.add_edges_from((f"d{d}", f"p{p}") for d, p in edges)
    listed = [(a, b) if a.startswith("d") else (b, a) for a, b in g.edges]
    dep = np.array([d for d, _ in edges], dtype=np.int64)
    prog = np.array([p for _, p in edges], dtype=np.int64)
    assert [(f"d{dep[i]}", f"p{prog[i]}") for i in _listing_order(dep, prog)] == listed


def test_department_centrality_equals_scoring_the_networkx_graphs_on_the_corpus(corpus_graph):
    """Bit for bit what reading each city's graph off department_programme_graph gave."""
    from kg.analytics.projections import department_programme_graph
    from kg.analytics.structure import Centrality, betweenness

    v = read_view(corpus_graph)
    g = department_programme_graph(v)
    parts = {}
    for a, b in g.edges:
        d, p = (a, b) if g.nodes[a]["kind"] == "department" else (b, a)
        parts.setdefault(g.nodes[d]["city"] or "", []).append((d, p))
    want = []
    for edges in parts.values():
        nodes = list(dict.fromkeys(x for e in edges for x in e))
        at = {x: i for i, x in enumerate(nodes)}
        pairs = [(at[a], at[b]) for a, b in edges]
        score = betweenness(len(nodes), pairs)
        deg = {x: g.degree(x) for x in nodes}  # the city's graph: departments are per city
        scale = 1 / (len(nodes) - 1)  # networkx.degree_centrality's
        want += [Centrality(x, g.nodes[x]["label"], deg[x] * scale, score[at[x]], deg[x], g.nodes[x]["city"])
                 for x in nodes if g.nodes[x]["kind"] == "department"]
    got = department_centrality(v)
    assert len(got) == len(want) > 10
    assert sorted(got, key=lambda c: c.node) == sorted(want, key=lambda c: c.node)


def test_mention_codes_are_kept_for_the_last_view_only():
    from kg.analytics.projections import mention_codes

    toy = Toy()
    toy.measure(toy.doc(toy.city("甲市"), 2021), "课后服务", 1, 2)
    toy.measure(toy.doc(toy.city("乙市"), 2022), "校园足球", 1, 4)
    v = read_view(toy.g)
    codes = mention_codes(v)
    assert mention_codes(v) is codes and not codes.programme.flags.writeable
    toy.measure(toy.doc(toy.city("丙市"), 2023), "足球", 5)
    w = read_view(toy.g)
    again = mention_codes(w)
    assert again is not codes and again.cities == tuple(sorted(w.cities)) and len(again.programme) == len(w.mentions)
    assert adoption(w)[-1].label == "p5" and adoption(v)[-1].label == "p4"
