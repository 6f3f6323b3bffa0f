"""Analytics over the graph: how programmes spread across cities and years.

Everything here is a pure function of a :class:`~kg.analytics.view.View`
(:func:`read_view` joins an rdflib graph into one) returning frozen
dataclasses or networkx graphs; the CLI (``kg analyze``) and the explorer
call these rather than computing their own.
"""

from kg.analytics.adoption import Adoption, CityYear, NewProgramme, adoption, diffusion_curve, new_programmes
from kg.analytics.cities import CityPair, city_pairs, idf_weights, jaccard, most_similar, programme_sets, weighted_jaccard
from kg.analytics.projections import (
    city_programme_graph,
    cooccurrence_graph,
    department_programme_graph,
    measure_programme_graph,
)
from kg.analytics.structure import (
    Centrality,
    city_communities,
    city_graph,
    department_centrality,
    programme_centrality,
    shared_chain,
)
from kg.analytics.links import add_similarity
from kg.analytics.textsim import THRESHOLD, MeasureLink, similar_measures
from kg.analytics.view import View, read_view

__all__ = [
    "Adoption", "Centrality", "CityPair", "CityYear", "MeasureLink", "NewProgramme", "THRESHOLD", "View",
    "add_similarity", "adoption", "city_communities", "city_graph", "city_pairs", "city_programme_graph",
    "cooccurrence_graph", "department_centrality", "department_programme_graph", "diffusion_curve",
    "idf_weights", "jaccard", "measure_programme_graph", "most_similar", "new_programmes",
    "programme_centrality", "programme_sets", "read_view", "shared_chain", "similar_measures",
    "weighted_jaccard",
]
