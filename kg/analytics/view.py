"""A flat, read-only view of the RDF graph that every analytic works on.

Analytics need a few joins over and over (measure → document → city, year,
province).  :func:`read_view` does them once, in one pass per predicate, and
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
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import KgError
from kg.vocab import EP

__all__ = ["City", "Department", "MeasureRow", "Programme", "Quantity", "View", "read_view"]


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


def _zh(g: Graph, s, prop) -> str | None:
    """The Chinese (or untagged) value of ``prop``, else any value."""
    values = list(g.objects(s, prop))
    for v in values:
        if isinstance(v, Literal) and (v.language or "zh").lower().startswith("zh"):
            return str(v)
    return str(values[0]) if values else None


def _en(g: Graph, s, prop) -> str | None:
    return next((str(v) for v in g.objects(s, prop) if isinstance(v, Literal) and v.language == "en"), None)


def _float(lit) -> float | None:
    return None if lit is None else float(lit)


def _cities(g: Graph) -> tuple[dict[str, City], dict[URIRef, str]]:
    cities: dict[str, City] = {}
    label_of: dict[URIRef, str] = {}
    for c in sorted(set(g.subjects(RDF.type, EP.City))):
        label = _zh(g, c, RDFS.label) or str(c)
        if label in cities:
            raise KgError(f"two cities are labelled {label!r}: {cities[label].iri} and {c}; "
                          "the analytics key cities by label, fix the gazetteer or the labels")
        prov = g.value(c, EP.province)
        cities[label] = City(label, str(c), _zh(g, prov, RDFS.label) if prov is not None else None,
                             _float(g.value(c, EP.latitude)), _float(g.value(c, EP.longitude)))
        label_of[c] = label
    return cities, label_of


def _measures(g: Graph, label_of: Mapping[URIRef, str]) -> tuple[MeasureRow, ...]:
    docs: dict[URIRef, tuple[str, int, str]] = {}
    for d in set(g.subjects(RDF.type, EP.PolicyDocument)):
        city, year = g.value(d, EP.city), g.value(d, EP.year)
        if city in label_of and year is not None:
            kind = "summary" if (d, RDF.type, EP.WorkSummary) in g else "plan"
            docs[d] = (label_of[city], int(year), kind)
    rows = []
    for m in set(g.subjects(RDF.type, EP.Measure)):
        d = g.value(m, EP.document)
        if d not in docs:
            continue
        city, year, kind = docs[d]
        rows.append(MeasureRow(str(m), str(d), city, year, kind, str(g.value(m, EP.path) or ""),
                               _zh(g, m, DCTERMS.title) or "", _zh(g, m, EP.text) or ""))
    return tuple(sorted(rows, key=lambda r: r.iri))


def _programmes(g: Graph, mentioned: set[URIRef]) -> dict[str, Programme]:
    out = {}
    for p in sorted(mentioned):
        theme = g.value(p, SKOS.broader)
        out[str(p)] = Programme(str(p), _zh(g, p, SKOS.prefLabel) or _zh(g, p, RDFS.label) or str(p),
                                _en(g, p, SKOS.prefLabel), bool(g.value(p, EP.curated) or False),
                                str(theme) if theme is not None else None)
    return out


def _quantities(g: Graph, measures: set[str]) -> tuple[Quantity, ...]:
    out = []
    for pred, achieved in ((EP.hasTarget, False), (EP.hasResult, True)):
        for m, q in g.subject_objects(pred):
            if str(m) not in measures or g.value(q, EP.value) is None:
                continue
            concept, deadline = g.value(q, EP.metricConcept), g.value(q, EP.deadline)
            base = g.value(q, EP.baseUnit)
            out.append(Quantity(
                str(q), str(m), achieved, float(g.value(q, EP.value)), str(g.value(q, EP.unit) or ""),
                str(g.value(q, EP.metric) or ""), str(g.value(q, EP.comparator) or ""),
                _float(g.value(q, EP.normalisedValue)), str(base) if base is not None else None,
                str(concept) if concept is not None else None, str(deadline) if deadline is not None else None))
    return tuple(sorted(out, key=lambda q: q.iri))


def read_view(g: Graph, curated_only: bool = False) -> View:
    """Join ``g`` into a :class:`View`.

    Parameters
    ----------
    g
        A graph as :func:`kg.build.build_graph` writes it (or any graph that
        follows ``GRAPH_CONTRACT.md``).
    curated_only
        Keep only lexicon programmes (``ep:curated true``), dropping the ones a
        rule found; useful when rule-found names are too noisy to compare on.

    >>> read_view(Graph()).measures
    ()
    """
    cities, label_of = _cities(g)
    measures = _measures(g, label_of)
    keep = {m.iri for m in measures}
    pairs = {(str(m), p) for m, p in g.subject_objects(EP.mentions) if str(m) in keep and isinstance(p, URIRef)}
    if curated_only:
        pairs = {(m, p) for m, p in pairs if bool(g.value(p, EP.curated) or False)}
    programmes = _programmes(g, {p for _, p in pairs})
    resp = {(str(m), d) for m, d in g.subject_objects(EP.responsibleUnit) if str(m) in keep}
    deps = {}
    for d in sorted({d for _, d in resp}):
        city = g.value(d, EP.bureauOf)
        deps[str(d)] = Department(str(d), _zh(g, d, SKOS.prefLabel) or _zh(g, d, RDFS.label) or str(d),
                                  label_of.get(city))
    return View(cities, measures, programmes, tuple(sorted((m, str(p)) for m, p in pairs)), deps,
                tuple(sorted((m, str(d)) for m, d in resp)), _quantities(g, keep))
