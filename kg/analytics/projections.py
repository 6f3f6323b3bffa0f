"""Projections of the graph onto networkx graphs.

Node ids: a city is its label (``承德市``), a programme, measure or department
its IRI string; every node has a ``kind`` attribute (``"city"``,
``"programme"``, ``"measure"``, ``"department"``) and a ``label``.  Nodes and
edges are inserted in sorted order, so traversals that break ties by
insertion order (BFS, Louvain with a seed) give the same answer every run.

>>> from kg.analytics.view import View
>>> city_programme_graph(View()).number_of_nodes()
0
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from kg.analytics.view import View

__all__ = [
    "city_programme_graph",
    "city_programme_years",
    "cooccurrence_graph",
    "department_programme_graph",
    "measure_programme_graph",
]


def city_programme_years(view: View) -> dict[tuple[str, str], tuple[int, ...]]:
    """``{(city, programme IRI): sorted years of the documents naming it}``."""
    measures = view.by_iri()
    years: dict[tuple[str, str], set[int]] = defaultdict(set)
    for m, p in view.mentions:
        row = measures[m]
        years[(row.city, p)].add(row.year)
    return {k: tuple(sorted(v)) for k, v in sorted(years.items())}


def _add_programme(g: nx.Graph, view: View, p: str) -> None:
    prog = view.programmes[p]
    g.add_node(p, kind="programme", label=prog.label, curated=prog.curated)


def city_programme_graph(view: View) -> nx.Graph:
    """Bipartite city–programme graph; an edge says a city names the programme.

    Edge attributes: ``first_year`` (the first year a document of the city
    names it), ``years`` (all such years) and ``measures`` (how many measures).
    Cities without any programme are nodes too (degree 0).
    """
    g = nx.Graph()
    for label in sorted(view.cities):
        g.add_node(label, kind="city", label=label, bipartite=0)
    measures = view.by_iri()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for m, p in view.mentions:
        counts[(measures[m].city, p)] += 1
    for (city, p), years in city_programme_years(view).items():
        _add_programme(g, view, p)
        g.nodes[p]["bipartite"] = 1
        g.add_edge(city, p, first_year=years[0], years=list(years), measures=counts[(city, p)])
    return g


def measure_programme_graph(view: View) -> nx.Graph:
    """Bipartite measure–programme graph (measures that name no programme are left out)."""
    g = nx.Graph()
    measures = view.by_iri()
    for m, p in view.mentions:
        row = measures[m]
        g.add_node(m, kind="measure", label=f"{row.city}{row.year} {row.path}", city=row.city, year=row.year)
        _add_programme(g, view, p)
        g.add_edge(m, p)
    return g


def department_programme_graph(view: View, city: str | None = None) -> nx.Graph:
    """Department–programme graph: a department is responsible for a measure naming the programme.

    ``weight`` counts such measures.  ``city`` keeps one city's departments
    (departments are per city: 承德's 基教科 is not 抚顺's).
    """
    by_measure: dict[str, list[str]] = defaultdict(list)
    for m, p in view.mentions:
        by_measure[m].append(p)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for m, d in view.responsible:
        dep = view.departments[d]
        if city is not None and dep.city != city:
            continue
        for p in by_measure.get(m, ()):
            weights[(d, p)] += 1
    g = nx.Graph()
    for (d, p), w in sorted(weights.items()):
        dep = view.departments[d]
        g.add_node(d, kind="department", label=dep.label, city=dep.city)
        _add_programme(g, view, p)
        g.add_edge(d, p, weight=w)
    return g


def cooccurrence_graph(view: View) -> nx.Graph:
    """Programmes named in the same measure; ``weight`` = number of such measures.

    Edge attribute ``cities`` lists the cities where the pair co-occurs.
    """
    by_measure: dict[str, list[str]] = defaultdict(list)
    for m, p in view.mentions:
        by_measure[m].append(p)
    measures = view.by_iri()
    weights: dict[tuple[str, str], int] = defaultdict(int)
    cities: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m, progs in by_measure.items():
        for a, b in combinations(sorted(set(progs)), 2):
            weights[(a, b)] += 1
            cities[(a, b)].add(measures[m].city)
    g = nx.Graph()
    for p in sorted({p for _, p in view.mentions}):
        _add_programme(g, view, p)
    for (a, b), w in sorted(weights.items()):
        g.add_edge(a, b, weight=w, cities=sorted(cities[(a, b)]))
    return g
