"""Structure of the projected graphs: centrality, communities, chains.

Betweenness is exact up to :data:`EXACT_BETWEENNESS` nodes (programme
co-occurrence graph) or :data:`EXACT_DEPARTMENT` nodes (one city's
department–programme graph) and estimated from that many seeded pivot nodes
beyond (Brandes' sampling): exact betweenness is O(V·E), minutes on a corpus
of thousands of documents.  Degree centrality is always exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from kg.analytics.cities import idf_weights, programme_sets, score_matrices
from kg.analytics.projections import city_programme_graph, cooccurrence_graph, department_programme_graph
from kg.analytics.view import View
from kg.errors import KgError

__all__ = [
    "Centrality",
    "city_communities",
    "city_graph",
    "department_centrality",
    "programme_centrality",
    "shared_chain",
]

EXACT_BETWEENNESS = 500
#: A city's department–programme graph is scored exactly up to this many nodes (see department_centrality).
EXACT_DEPARTMENT = 100
SEED = 7


@dataclass(frozen=True, slots=True)
class Centrality:
    node: str  # IRI
    label: str
    degree: float  # normalised degree centrality
    betweenness: float
    neighbours: int  # raw degree
    city: str | None = None  # for departments


def _centrality(g: nx.Graph, kind: str, exact_max: int = EXACT_BETWEENNESS) -> tuple[Centrality, ...]:
    """Degree and betweenness of ``kind`` nodes: exact up to ``exact_max`` nodes, else from that many seeded pivots."""
    if g.number_of_nodes() == 0:
        return ()
    degree = nx.degree_centrality(g)
    k = None if g.number_of_nodes() <= exact_max else exact_max
    between = nx.betweenness_centrality(g, k=k, seed=SEED)
    rows = [Centrality(n, a["label"], degree[n], between[n], g.degree(n), a.get("city"))
            for n, a in g.nodes(data=True) if a["kind"] == kind]
    return tuple(sorted(rows, key=lambda r: (-r.betweenness, -r.degree, r.label, r.node)))


def programme_centrality(view: View) -> tuple[Centrality, ...]:
    """Programmes in the co-occurrence graph (named together in one measure), most central first."""
    return _centrality(cooccurrence_graph(view), "programme")


def _per_city(g: nx.Graph) -> dict[str, nx.Graph]:
    """The department–programme graph split by the departments' city, built edge by edge (no subgraph views)."""
    parts: dict[str, nx.Graph] = {}
    for a, b, w in g.edges(data="weight"):
        d, p = (a, b) if g.nodes[a]["kind"] == "department" else (b, a)
        h = parts.setdefault(g.nodes[d]["city"] or "", nx.Graph())
        h.add_node(d, **g.nodes[d])
        h.add_node(p, **g.nodes[p])
        h.add_edge(d, p, weight=w)
    return parts


def department_centrality(view: View, city: str | None = None) -> tuple[Centrality, ...]:
    """Departments in their city's department–programme graph: who carries the most (and most bridging) programmes.

    Departments belong to one city's bureau, so each city's graph is scored on
    its own (``city`` picks one); the result lists all, most central first.
    Betweenness is exact in a city graph of up to :data:`EXACT_DEPARTMENT`
    nodes and estimated from that many seeded pivots (Brandes' sampling,
    ``networkx.betweenness_centrality(k=..., seed=...)``) in a larger one, so
    the cost is linear in the number of cities and bounded per city.
    """
    rows = []
    for part in _per_city(department_programme_graph(view, city)).values():
        rows += _centrality(part, "department", EXACT_DEPARTMENT)
    return tuple(sorted(rows, key=lambda r: (-r.betweenness, -r.degree, r.label, r.node)))


def city_graph(view: View) -> nx.Graph:
    """Cities linked by their weighted programme similarity (edges with weight 0 left out)."""
    sets = programme_sets(view)
    cities, _, weighted = score_matrices(sets, idf_weights(sets))
    g = nx.Graph()
    g.add_nodes_from(cities)
    for i, j in zip(*np.nonzero(np.triu(weighted, 1) > 0)):  # row-major: the order combinations() gave
        g.add_edge(cities[i], cities[j], weight=float(weighted[i, j]))
    return g


def city_communities(view: View, resolution: float = 1.0, seed: int = SEED) -> tuple[tuple[str, ...], ...]:
    """Groups of cities that plan alike: Louvain on :func:`city_graph`, fixed seed.

    Largest group first; a city sharing nothing with anyone is a group alone.
    """
    g = city_graph(view)
    if g.number_of_nodes() == 0:
        return ()
    groups = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    return tuple(sorted((tuple(sorted(c)) for c in groups), key=lambda c: (-len(c), c)))


def shared_chain(view: View, a: str, b: str, max_paths: int = 1000) -> tuple[str, ...]:
    """The shortest chain city – programme – city … linking ``a`` to ``b``, as labels.

    Among the shortest chains (the first ``max_paths`` found), the one whose
    programmes are named by the fewest cities: the most telling link, not
    立德树人.  Empty when the two share no chain; ``(a,)`` when ``a == b``.
    """
    g = city_programme_graph(view)
    for c in (a, b):
        if c not in g or g.nodes[c]["kind"] != "city":
            raise KgError(f"no city {c!r} in the graph")
    if a == b:
        return (a,)
    try:
        paths = nx.all_shortest_paths(g, a, b)
        candidates = [p for _, p in zip(range(max_paths), paths)]
    except nx.NetworkXNoPath:
        return ()

    def spread(path: list[str]) -> tuple[int, tuple[str, ...]]:
        labels = tuple(g.nodes[n]["label"] for n in path)
        return sum(g.degree(n) for n in path[1::2]), labels

    best = min(candidates, key=spread)
    return tuple(g.nodes[n]["label"] for n in best)
