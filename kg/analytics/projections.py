"""Projections of the graph onto networkx graphs.

Node ids: a city is its label (``承德市``), a programme, measure or department
its IRI string; every node has a ``kind`` attribute (``"city"``,
``"programme"``, ``"measure"``, ``"department"``) and a ``label``.  Nodes and
edges are inserted in sorted order, so traversals that break ties by
insertion order (BFS, Louvain with a seed) give the same answer every run.

The joins behind the graphs (which city and year names which programme, which
programmes one measure or one department names together) are counted with
numpy over integer codes (:func:`mention_codes`), and each graph is filled by
one ``add_edges_from`` (which adds the nodes in the same order as adding them
edge by edge did) before its nodes get their attributes: at 5,000 documents
(354,000 mentions) per-mention dict updates and an ``add_node`` and
``add_edge`` call per edge took 4.7 CPU-s for the four graphs.

>>> from kg.analytics.view import View
>>> city_programme_graph(View()).number_of_nodes()
0
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter, itemgetter

import networkx as nx
import numpy as np

from kg.analytics.view import View

__all__ = [
    "DepartmentProgrammes",
    "MentionCodes",
    "city_programme_graph",
    "city_programme_year_keys",
    "city_programme_years",
    "cooccurrence_graph",
    "cooccurring_pairs",
    "department_programme_graph",
    "department_programmes",
    "distinct",
    "groups",
    "measure_programme_graph",
    "mention_codes",
]


@dataclass(frozen=True, slots=True, eq=False)
class MentionCodes:
    """The view's mentions as integer codes, one array entry per mention (in ``view.mentions`` order).

    Codes index sorted lists, so sorting codes sorts labels and IRIs too.
    """

    cities: tuple[str, ...]  # every city label of the view, sorted
    programmes: tuple[str, ...]  # the IRIs of the mentioned programmes, sorted
    measure: np.ndarray  # index into view.measures
    city: np.ndarray  # index into cities
    programme: np.ndarray  # index into programmes
    year: np.ndarray  # the year of the measure's document


_last: tuple[View, MentionCodes] | None = None


def mention_codes(view: View) -> MentionCodes:
    """:class:`MentionCodes` of ``view``: one dict lookup per mention (``map``, no Python loop), the rest in numpy.

    The codes of the last view asked about are kept, with the view itself (so
    that no other object can take its id while they are): ``kg analyze`` asks
    for them in most analytics of one view, 0.1 CPU-s each at 5,000
    documents.  The arrays are read-only.
    """
    global _last
    last = _last
    if last is not None and last[0] is view:
        return last[1]
    cities = tuple(sorted(view.cities))
    programmes = tuple(sorted(set(map(itemgetter(1), view.mentions))))
    city_at = {c: i for i, c in enumerate(cities)}
    row_at = {m.iri: i for i, m in enumerate(view.measures)}
    prog_at = {p: i for i, p in enumerate(programmes)}
    n, rows = len(view.mentions), len(view.measures)
    measure = np.fromiter(map(row_at.__getitem__, map(itemgetter(0), view.mentions)), np.int64, n)
    programme = np.fromiter(map(prog_at.__getitem__, map(itemgetter(1), view.mentions)), np.int64, n)
    measure_city = np.fromiter(map(city_at.__getitem__, map(attrgetter("city"), view.measures)), np.int64, rows)
    measure_year = np.fromiter(map(attrgetter("year"), view.measures), np.int64, rows)
    arrays = (measure, measure_city[measure], programme, measure_year[measure])
    for a in arrays:
        a.flags.writeable = False
    codes = MentionCodes(cities, programmes, *arrays)
    _last = (view, codes)
    return codes


def groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of the runs of equal values in the sorted array ``keys``.

    >>> groups(np.array([3, 3, 5]))
    (array([0, 2]), array([2, 3]))
    """
    if len(keys) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return starts, np.r_[starts[1:], len(keys)]


def distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of the integer array ``keys``, sorted.

    ``numpy.unique(keys)`` without its counts takes numpy 2's hash-table path:
    0.5 CPU-s for the 750,000 co-occurring pairs at 5,000 documents, where
    sorting takes 5 ms.

    >>> distinct(np.array([5, 3, 5]))
    array([3, 5])
    """
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def city_programme_year_keys(codes: MentionCodes) -> tuple[np.ndarray, np.ndarray]:
    """Each (city, programme, year) some mention has once, as arrays ``(pair, year)`` sorted by pair, then year.

    ``pair`` = city code × ``len(codes.programmes)`` + programme code, so
    pairs sort as (city label, programme IRI) do.
    """
    if len(codes.year) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    base, span = codes.year.min(), codes.year.max() - codes.year.min() + 1
    pair = codes.city * len(codes.programmes) + codes.programme
    keys = distinct(pair * span + (codes.year - base))
    return keys // span, keys % span + base


def city_programme_years(view: View) -> dict[tuple[str, str], tuple[int, ...]]:
    """``{(city, programme IRI): sorted years of the documents naming it}``, in key order."""
    codes = mention_codes(view)
    pair, year = city_programme_year_keys(codes)
    starts, ends = groups(pair)
    years, n = year.tolist(), len(codes.programmes)
    return {(codes.cities[k // n], codes.programmes[k % n]): tuple(years[s:e])
            for k, s, e in zip(pair[starts].tolist(), starts.tolist(), ends.tolist())}


def _describe_programmes(g: nx.Graph, view: View, programmes, **extra) -> None:
    """Set the attributes of the programme nodes ``programmes`` of ``g`` (and ``extra`` ones)."""
    for p in programmes:
        prog = view.programmes[p]
        g.nodes[p].update(kind="programme", label=prog.label, curated=prog.curated, **extra)


def city_programme_graph(view: View) -> nx.Graph:
    """Bipartite city–programme graph; an edge says a city names the programme.

    Edge attributes: ``first_year`` (the first year a document of the city
    names it), ``years`` (all such years) and ``measures`` (how many measures).
    Cities without any programme are nodes too (degree 0).
    """
    codes = mention_codes(view)
    n = len(codes.programmes)
    pair, year = city_programme_year_keys(codes)
    starts, ends = groups(pair)
    keys, counts = np.unique(codes.city * n + codes.programme, return_counts=True)  # mentions are per measure
    years = year.tolist()
    g = nx.Graph()
    g.add_nodes_from((c, {"kind": "city", "label": c, "bipartite": 0}) for c in codes.cities)
    g.add_edges_from(
        (codes.cities[k // n], codes.programmes[k % n],
         {"first_year": years[s], "years": years[s:e], "measures": m})
        for k, s, e, m in zip(keys.tolist(), starts.tolist(), ends.tolist(), counts.tolist()))
    _describe_programmes(g, view, [codes.programmes[p] for p in distinct(keys % n).tolist()], bipartite=1)
    return g


def measure_programme_graph(view: View) -> nx.Graph:
    """Bipartite measure–programme graph (measures that name no programme are left out)."""
    g = nx.Graph()
    g.add_edges_from(view.mentions)
    _describe_programmes(g, view, set(map(itemgetter(1), view.mentions)))
    for row in view.measures:
        if row.iri in g:
            g.nodes[row.iri].update(kind="measure", label=f"{row.city}{row.year} {row.path}", city=row.city,
                                    year=row.year)
    return g


@dataclass(frozen=True, slots=True, eq=False)
class DepartmentProgrammes:
    """The department–programme edges as codes: ``department[i]`` is responsible for ``weight[i]`` measures naming
    ``programme[i]``; sorted by (department, programme), codes index the sorted ``departments`` and ``programmes``."""

    departments: tuple[str, ...]
    programmes: tuple[str, ...]
    department: np.ndarray
    programme: np.ndarray
    weight: np.ndarray


def department_programmes(view: View, city: str | None = None) -> DepartmentProgrammes:
    """:class:`DepartmentProgrammes` of ``view``; ``city`` keeps one city's departments.

    A join of ``view.responsible`` with the mentions of each measure
    (``view.mentions`` is sorted by measure, so a measure's programmes are one
    slice of it), counted with ``numpy.unique``.
    """
    codes = mention_codes(view)
    resp = [(m, d) for m, d in view.responsible if city is None or view.departments[d].city == city]
    departments = tuple(sorted({d for _, d in resp}))
    dep_at = {d: i for i, d in enumerate(departments)}
    row_at = {m.iri: i for i, m in enumerate(view.measures)}
    # the mentions of measure row r are codes.programme[first[r]:first[r] + count[r]]
    count = np.bincount(codes.measure, minlength=len(view.measures))
    first = np.cumsum(count) - count
    rows = np.fromiter((row_at[m] for m, _ in resp), np.int64, len(resp))
    dep = np.fromiter((dep_at[d] for _, d in resp), np.int64, len(resp))
    per = count[rows]
    offset = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    programme = codes.programme[np.repeat(first[rows], per) + offset]
    n = len(codes.programmes)
    keys, weights = np.unique(np.repeat(dep, per) * n + programme, return_counts=True)
    return DepartmentProgrammes(departments, codes.programmes, keys // n, keys % n, weights)


def department_programme_graph(view: View, city: str | None = None) -> nx.Graph:
    """Department–programme graph: a department is responsible for a measure naming the programme.

    ``weight`` counts such measures.  ``city`` keeps one city's departments
    (departments are per city: 承德's 基教科 is not 抚顺's).
    """
    dp = department_programmes(view, city)
    g = nx.Graph()
    g.add_edges_from((dp.departments[d], dp.programmes[p], {"weight": w})
                     for d, p, w in zip(dp.department.tolist(), dp.programme.tolist(), dp.weight.tolist()))
    _describe_programmes(g, view, [dp.programmes[p] for p in distinct(dp.programme).tolist()])
    for d in (dp.departments[d] for d in distinct(dp.department).tolist()):
        dep = view.departments[d]
        g.nodes[d].update(kind="department", label=dep.label, city=dep.city)
    return g


def cooccurring_pairs(codes: MentionCodes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, b, city)``: programme codes ``a < b`` named in one measure, and that measure's city code.

    One entry per measure and pair.  A measure's mentions are one run of
    ``codes`` with programme codes ascending (``view.mentions`` is sorted and
    unique), so each mention pairs with the ones after it in its run.
    """
    starts, ends = groups(codes.measure)
    size = ends - starts
    later = np.repeat(ends, size) - np.arange(len(codes.measure)) - 1  # mentions after this one, same measure
    left = np.repeat(np.arange(len(codes.measure)), later)
    right = left + 1 + np.arange(later.sum()) - np.repeat(np.cumsum(later) - later, later)
    return codes.programme[left], codes.programme[right], codes.city[left]


def cooccurrence_graph(view: View) -> nx.Graph:
    """Programmes named in the same measure; ``weight`` = number of such measures.

    Edge attribute ``cities`` lists the cities where the pair co-occurs.
    """
    codes = mention_codes(view)
    n, labels = len(codes.programmes), codes.programmes
    a, b, city = cooccurring_pairs(codes)
    pair = a * n + b
    keys, weights = np.unique(pair, return_counts=True)
    where = distinct(pair * len(codes.cities) + city)  # sorted by pair, then city label
    starts, ends = groups(where // len(codes.cities))
    names = [codes.cities[c] for c in (where % len(codes.cities)).tolist()]
    g = nx.Graph()
    g.add_nodes_from(labels)
    _describe_programmes(g, view, labels)
    g.add_edges_from((labels[k // n], labels[k % n], {"weight": w, "cities": names[s:e]})
                     for k, w, s, e in zip(keys.tolist(), weights.tolist(), starts.tolist(), ends.tolist()))
    return g
