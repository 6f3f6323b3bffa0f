"""All the analytics of one graph as plain JSON-able data (``kg analyze --json``).

:func:`summarise` is what both outputs read: the HTML report
(:mod:`kg.analytics.html`) renders exactly these numbers.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from itertools import combinations
from typing import Any

from kg.analytics.adoption import adoption, diffusion_curve, new_programmes
from kg.analytics.cities import city_pairs
from kg.analytics.structure import city_communities, department_centrality, programme_centrality, shared_chain
from kg.analytics.targets import metric_tables, result_vs_target
from kg.analytics.textsim import THRESHOLD, MeasureLink, similar_measures
from kg.analytics.view import View

__all__ = ["summarise", "MAX_CHAIN_CITIES"]

#: chains for every pair of cities up to this many cities (one BFS per pair).
MAX_CHAIN_CITIES = 30


def _flat(obj) -> dict[str, Any]:
    """``dataclasses.asdict`` without its deep copies of every string (the answers' fields are
    scalars, tuples of scalars or dataclasses): asdict of the 53,000 city pairs took 30 s at
    1,000 documents, more than every analytic but one."""
    out = {}
    for f in fields(obj):
        v = getattr(obj, f.name)
        if is_dataclass(v):
            v = _flat(v)
        elif isinstance(v, (tuple, list)) and any(is_dataclass(x) for x in v[:1]):
            v = type(v)(_flat(x) for x in v)
        out[f.name] = v
    return out


def _adoption(view: View) -> list[dict[str, Any]]:
    return [{"programme": a.programme, "label": a.label, "curated": a.curated, "reach": a.reach,
             "first_year": a.first_year, "provinces": list(a.provinces),
             "cities": [_flat(c) for c in a.cities]} for a in adoption(view)]


def _links(view: View, links) -> list[dict[str, Any]]:
    rows = view.by_iri()
    out = []
    for link in links:
        a, b = rows[link.source], rows[link.target]
        out.append({"score": link.score,
                    "a": {"measure": a.iri, "city": a.city, "year": a.year, "path": a.path, "title": a.title},
                    "b": {"measure": b.iri, "city": b.city, "year": b.year, "path": b.path, "title": b.title}})
    return out


def _counts(view: View) -> dict[str, Any]:
    return {"cities": len(view.cities), "documents": len({m.document for m in view.measures}),
            "measures": len(view.measures), "programmes": len(view.programmes),
            "mentions": len(view.mentions), "quantities": len(view.quantities),
            "departments": len(view.departments), "years": list(view.years)}


def _most_similar(pairs, k: int) -> dict[str, list[dict[str, Any]]]:
    """:func:`most_similar` for every city at once, from the already ranked pairs."""
    out: dict[str, list[dict[str, Any]]] = {}
    for p in pairs:  # most alike first, as most_similar ranks
        for a, b in ((p.a, p.b), (p.b, p.a)):
            if len(out.setdefault(a, [])) < k:
                out[a].append({**_flat(p), "a": a, "b": b})
    return dict(sorted(out.items()))


def _structure(view: View, top: int) -> dict[str, Any]:
    cities = sorted(view.cities)
    chains = []
    if len(cities) <= MAX_CHAIN_CITIES:
        chains = [{"a": a, "b": b, "chain": list(shared_chain(view, a, b))} for a, b in combinations(cities, 2)]
    return {
        "programme_centrality": [_flat(c) for c in programme_centrality(view)[:top]],
        "department_centrality": [_flat(c) for c in department_centrality(view)[:top]],
        "communities": [list(c) for c in city_communities(view)],
        "chains": chains,
    }


def summarise(view: View, top: int = 20, k: int = 3, threshold: float = THRESHOLD,
              links: tuple[MeasureLink, ...] | None = None) -> dict[str, Any]:
    """Every analytic of ``view`` as JSON-able data.

    ``top`` bounds the centrality lists and the programme curves; adoption,
    city pairs, measure links and metric tables are complete.  ``links``:
    :func:`similar_measures` already computed with ``k`` and ``threshold``.

    >>> summarise(View())["counts"]["measures"]
    0
    """
    adopted = _adoption(view)
    pairs = city_pairs(view)
    curves = {a["label"]: [list(p) for p in diffusion_curve(view, a["programme"])] for a in adopted[:5]}
    return {
        "counts": _counts(view),
        "adoption": adopted,
        "diffusion": {"corpus": [list(p) for p in diffusion_curve(view)], "programmes": curves},
        "new_programmes": [{"label": n.adoption.label, "programme": n.adoption.programme,
                            "first_year": n.adoption.first_year, "reach": n.adoption.reach,
                            "order": [_flat(c) for c in n.adoption.cities],
                            "silent_before": list(n.silent_before)} for n in new_programmes(view)],
        "city_pairs": [_flat(p) for p in pairs],
        "most_similar": _most_similar(pairs, 3),
        **_structure(view, top),
        "similar_measures": {"threshold": threshold, "k": k, "links": _links(view, links if links is not None else similar_measures(view, k=k, threshold=threshold))},
        "metrics": [{"concept": t.concept, "label": t.label, "cities": list(t.cities),
                     "rows": [_flat(r) for r in t.rows]} for t in metric_tables(view)],
        "result_vs_target": [{**_flat(r), "gap": r.gap} for r in result_vs_target(view)],
    }
