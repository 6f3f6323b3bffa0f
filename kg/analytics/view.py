"""A flat, read-only view of the RDF graph that every analytic works on.

Analytics need a few joins over and over (measure → document → city, year,
province).  :func:`read_view` does them once, over an index of only the
triples it needs (:mod:`kg.analytics.triples`: one pass per predicate, no
SPARQL; :func:`read_view_file` reads them from a file without building an
rdflib graph of the provenance around them), and
returns plain frozen dataclasses sorted by IRI, so that every function of
:mod:`kg.analytics` is a pure function of a :class:`View` and gives the same
answer for the same graph.

Cities are keyed by their label (``承德市``): analysts read and type labels,
and prefecture-level city names are unique.  Two city IRIs with the same label
raise :class:`~kg.errors.KgError` rather than merge silently.  Measures of a
document without ``ep:city`` are left out: nothing across cities can be said
of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import RDFS, SKOS, Graph
from rdflib.namespace import DCTERMS

from kg.analytics.triples import Lit, Triples, from_file, from_graph, from_store
from kg.errors import KgError
from kg.vocab import EP

__all__ = ["City", "Department", "MeasureRow", "Programme", "Quantity", "View", "only_curated", "read_view",
           "read_view_file", "read_view_store"]

_C = {n: str(EP[n]) for n in ("City", "PolicyDocument", "WorkSummary", "Measure")}
_P = {n: str(EP[n]) for n in (
    "province", "latitude", "longitude", "city", "year", "document", "path", "text", "mentions", "curated",
    "responsibleUnit", "bureauOf", "hasTarget", "hasResult", "value", "unit", "metric", "comparator",
    "normalisedValue", "baseUnit", "metricConcept", "deadline")}
_RDFS_LABEL, _PREF, _BROADER, _TITLE = str(RDFS.label), str(SKOS.prefLabel), str(SKOS.broader), str(DCTERMS.title)


@dataclass(frozen=True, slots=True)
class City:
    label: str
    iri: str
    province: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class MeasureRow:
    iri: str
    document: str
    city: str  # city label
    year: int
    kind: str  # "plan" or "summary"
    path: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Programme:
    iri: str
    label: str
    label_en: str | None = None
    curated: bool = False
    theme: str | None = None  # theme IRI (skos:broader)


@dataclass(frozen=True, slots=True)
class Department:
    iri: str
    label: str
    city: str | None  # city label


@dataclass(frozen=True, slots=True)
class Quantity:
    """A target (``achieved`` False) or a reported result of one measure."""

    iri: str
    measure: str
    achieved: bool
    value: float
    unit: str
    metric: str
    comparator: str
    normalised: float | None = None
    base_unit: str | None = None
    concept: str | None = None  # ep:metricConcept IRI, if the builder set one
    deadline: str | None = None


@dataclass(frozen=True, slots=True)
class View:
    """Everything the analytics read, joined once; see :func:`read_view`."""

    cities: Mapping[str, City] = field(default_factory=dict)
    measures: tuple[MeasureRow, ...] = ()
    programmes: Mapping[str, Programme] = field(default_factory=dict)
    mentions: tuple[tuple[str, str], ...] = ()  # (measure IRI, programme IRI), sorted, unique
    departments: Mapping[str, Department] = field(default_factory=dict)
    responsible: tuple[tuple[str, str], ...] = ()  # (measure IRI, department IRI)
    quantities: tuple[Quantity, ...] = ()

    def by_iri(self) -> dict[str, MeasureRow]:
        """Measures by IRI (built on each call: callers keep it)."""
        return {m.iri: m for m in self.measures}

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({m.year for m in self.measures}))


def _zh(t: Triples, s, prop: str) -> str | None:
    """The Chinese (or untagged) value of ``prop``, else any value.

    Of several, the smallest: a graph may carry two titles of one measure,
    and rdflib's iteration order is not the file's, so "the first" would
    change between readers.
    """
    values = t.objects(s, prop)
    zh = [v.lex for v in values if isinstance(v, Lit) and (v.lang or "zh").lower().startswith("zh")]
    if zh:
        return min(zh)
    return min(_str(v) for v in values) if values else None


def _en(t: Triples, s, prop: str) -> str | None:
    return next((v.lex for v in t.objects(s, prop) if isinstance(v, Lit) and v.lang == "en"), None)


def _str(term) -> str | None:
    return None if term is None else term.lex if isinstance(term, Lit) else term


def _float(term) -> float | None:
    return None if term is None else float(_str(term))


def _true(term) -> bool:
    return term is not None and _str(term).strip().lower() in ("true", "1")


def _cities(t: Triples) -> tuple[dict[str, City], dict[str, str]]:
    cities: dict[str, City] = {}
    label_of: dict[str, str] = {}
    for c in sorted(t.instances(_C["City"])):
        label = _zh(t, c, _RDFS_LABEL) or c
        if label in cities:
            raise KgError(f"two cities are labelled {label!r}: {cities[label].iri} and {c}; "
                          "the analytics key cities by label, fix the gazetteer or the labels")
        prov = t.value(c, _P["province"])
        cities[label] = City(label, c, _zh(t, prov, _RDFS_LABEL) if prov is not None else None,
                             _float(t.value(c, _P["latitude"])), _float(t.value(c, _P["longitude"])))
        label_of[c] = label
    return cities, label_of


def _measures(t: Triples, label_of: Mapping[str, str]) -> tuple[MeasureRow, ...]:
    docs: dict[str, tuple[str, int, str]] = {}
    summaries = t.instances(_C["WorkSummary"])
    for d in t.instances(_C["PolicyDocument"]):
        city, year = t.value(d, _P["city"]), t.value(d, _P["year"])
        if city in label_of and year is not None:
            docs[d] = (label_of[city], int(_str(year)), "summary" if d in summaries else "plan")
    rows = []
    for m in t.instances(_C["Measure"]):
        d = t.value(m, _P["document"])
        if d not in docs:
            continue
        city, year, kind = docs[d]
        rows.append(MeasureRow(m, d, city, year, kind, _str(t.value(m, _P["path"])) or "",
                               _zh(t, m, _TITLE) or "", _zh(t, m, _P["text"]) or ""))
    return tuple(sorted(rows, key=lambda r: r.iri))


def _programmes(t: Triples, mentioned: set[str]) -> dict[str, Programme]:
    out = {}
    for p in sorted(mentioned):
        theme = t.value(p, _BROADER)
        out[p] = Programme(p, _zh(t, p, _PREF) or _zh(t, p, _RDFS_LABEL) or p, _en(t, p, _PREF),
                           _true(t.value(p, _P["curated"])), _str(theme))
    return out


def _quantities(t: Triples, measures: set[str]) -> tuple[Quantity, ...]:
    out = []
    for pred, achieved in ((_P["hasTarget"], False), (_P["hasResult"], True)):
        for m, q in t.pairs(pred):
            value = t.value(q, _P["value"])
            if m not in measures or value is None:
                continue
            get = lambda name: _str(t.value(q, _P[name]))  # noqa: E731
            out.append(Quantity(
                q, m, achieved, float(_str(value)), get("unit") or "", get("metric") or "",
                get("comparator") or "", _float(t.value(q, _P["normalisedValue"])), get("baseUnit"),
                get("metricConcept"), get("deadline")))
    return tuple(sorted(out, key=lambda q: q.iri))


def _departments(t: Triples, resp, label_of: Mapping[str, str]) -> dict[str, Department]:
    deps = {}
    for d in sorted({d for _, d in resp}):
        deps[d] = Department(d, _zh(t, d, _PREF) or _zh(t, d, _RDFS_LABEL) or d,
                             label_of.get(t.value(d, _P["bureauOf"])))
    return deps


def read_view(g: Graph | Triples, curated_only: bool = False) -> View:
    """Join ``g`` into a :class:`View`.

    Parameters
    ----------
    g
        A graph as :func:`kg.build.build_graph` writes it (or any graph that
        follows ``GRAPH_CONTRACT.md``), or the :class:`~kg.analytics.triples.Triples`
        that :func:`read_view_file` reads from a file.
    curated_only
        Keep only lexicon programmes (``ep:curated true``), dropping the ones a
        rule found; useful when rule-found names are too noisy to compare on.

    >>> read_view(Graph()).measures
    ()
    """
    t = g if isinstance(g, Triples) else from_graph(g)
    cities, label_of = _cities(t)
    measures = _measures(t, label_of)
    keep = {m.iri for m in measures}
    pairs = {(m, p) for m, p in t.pairs(_P["mentions"])
             if m in keep and isinstance(p, str) and not p.startswith("_:")}
    programmes = _programmes(t, {p for _, p in pairs})
    resp = {(m, d) for m, d in t.pairs(_P["responsibleUnit"]) if m in keep and isinstance(d, str)}
    view = View(cities, measures, programmes, tuple(sorted(pairs)), _departments(t, resp, label_of),
                tuple(sorted(resp)), _quantities(t, keep))
    return only_curated(view) if curated_only else view


def only_curated(view: View) -> View:
    """``view`` with only lexicon programmes (``ep:curated true``) and their mentions."""
    mentions = tuple((m, p) for m, p in view.mentions if view.programmes[p].curated)
    kept = {p for _, p in mentions}
    return replace(view, mentions=mentions, programmes={p: v for p, v in view.programmes.items() if p in kept})


def read_view_file(path: Path, curated_only: bool = False) -> View:
    """:func:`read_view` of a graph file, reading only the triples the view needs.

    Much faster and smaller than parsing the whole file into rdflib first
    (see :mod:`kg.analytics.triples`); the same :class:`View` as
    ``read_view(read_graph(path))``.
    """
    return read_view(from_file(Path(path)), curated_only)


def read_view_store(store, curated_only: bool = False) -> View:
    """:func:`read_view` of a pyoxigraph store (:func:`kg.analytics.triples.from_store`): the same :class:`View`."""
    return read_view(from_store(store), curated_only)
