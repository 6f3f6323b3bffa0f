"""A flat, read-only view of the RDF graph that every analytic works on.

Analytics need a few joins over and over (measure → document → city, year,
province).  :func:`read_view` does them once, over an index of only the
triples it needs (:mod:`kg.analytics.triples`: one pass per predicate, no
SPARQL; :func:`read_view_file` reads them from a file without building an
rdflib graph of the provenance around them; :func:`read_view_store` asks an
Oxigraph store for the joined rows), and returns plain frozen dataclasses
sorted by IRI, so that every function of :mod:`kg.analytics` is a pure
function of a :class:`View` and gives the same answer for the same graph,
whichever reader read it (of two values of a property meant to have one,
each keeps the smallest).

Cities are keyed by their label (``承德市``): analysts read and type labels,
and prefecture-level city names are unique.  Two city IRIs with the same label
raise :class:`~kg.errors.KgError` rather than merge silently.  Measures of a
document without ``ep:city`` are left out: nothing across cities can be said
of them.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph
from rdflib.namespace import DCTERMS

from kg.analytics.triples import NUMERIC, Lit, Triples, csv_rows, from_file, from_graph, index, one
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
_TYPE = str(RDF.type)


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
    return _zh_of(t.objects(s, prop))


def _zh_of(values) -> str | None:
    """The Chinese (or untagged) value of several, else any value; an empty one is none.

    Of several, the smallest: a graph may carry two titles of one measure,
    and rdflib's iteration order is not the file's, so "the first" would
    change between readers.
    """
    zh = [v.lex for v in values if isinstance(v, Lit) and v.lex and (v.lang or "zh").lower().startswith("zh")]
    if zh:
        return min(zh)
    return min((text for text in map(_str, values) if text), default=None)


def _en(t: Triples, s, prop: str) -> str | None:
    return min((v.lex for v in t.objects(s, prop) if isinstance(v, Lit) and v.lang == "en"), default=None)


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


def _documents(t: Triples, label_of: Mapping[str, str]) -> dict[str, tuple[str, int, str]]:
    """Document IRI → (city label, year, kind) of the documents with a known city and a year."""
    docs = {}
    summaries = t.instances(_C["WorkSummary"])
    for d in t.instances(_C["PolicyDocument"]):
        city, year = t.value(d, _P["city"]), t.value(d, _P["year"])
        if city in label_of and year is not None:
            docs[d] = (label_of[city], int(_str(year)), "summary" if d in summaries else "plan")
    return docs


def _measure(m: str, d: str, docs: Mapping[str, tuple[str, int, str]], path, titles, texts) -> MeasureRow | None:
    """The row of measure ``m`` of document ``d`` (None if the document is not in ``docs``)."""
    if d not in docs:
        return None
    city, year, kind = docs[d]
    return MeasureRow(m, d, city, year, kind, _str(path) or "", _zh_of(titles) or "", _zh_of(texts) or "")


def _measures(t: Triples, docs: Mapping[str, tuple[str, int, str]]) -> Iterator[MeasureRow]:
    for m in t.instances(_C["Measure"]):
        row = _measure(m, t.value(m, _P["document"]), docs, t.value(m, _P["path"]),
                       t.objects(m, _TITLE), t.objects(m, _P["text"]))
        if row is not None:
            yield row


def _programmes(t: Triples, mentioned: set[str]) -> dict[str, Programme]:
    out = {}
    for p in sorted(mentioned):
        theme = t.value(p, _BROADER)
        out[p] = Programme(p, _zh(t, p, _PREF) or _zh(t, p, _RDFS_LABEL) or p, _en(t, p, _PREF),
                           _true(t.value(p, _P["curated"])), _str(theme))
    return out


#: The properties of a target or result, in the order :func:`_quantity` takes their values.
_QUANTITY = ("value", "unit", "metric", "comparator", "normalisedValue", "baseUnit", "metricConcept", "deadline")


def _quantity(q: str, m: str, achieved: bool, texts) -> Quantity:
    """The quantity ``q`` of measure ``m`` from the text of each of :data:`_QUANTITY` (None or empty: none)."""
    value, unit, metric, comparator, normalised, base, concept, deadline = texts
    return Quantity(q, m, achieved, float(value), unit or "", metric or "", comparator or "",
                    float(normalised) if normalised else None, base or None, concept or None, deadline or None)


def _quantities(t: Triples, measures: set[str]) -> Iterator[Quantity]:
    for pred, achieved in ((_P["hasTarget"], False), (_P["hasResult"], True)):
        for m, q in t.pairs(pred):
            texts = [_str(t.value(q, _P[name])) for name in _QUANTITY]
            if m in measures and texts[0] is not None:
                yield _quantity(q, m, achieved, texts)


def _departments(t: Triples, resp, label_of: Mapping[str, str]) -> dict[str, Department]:
    deps = {}
    for d in sorted({d for _, d in resp}):
        deps[d] = Department(d, _zh(t, d, _PREF) or _zh(t, d, _RDFS_LABEL) or d,
                             label_of.get(t.value(d, _P["bureauOf"])))
    return deps


def _join(t: Triples, measures: Callable[[Mapping], Iterable[MeasureRow]],
          pairs: Callable[[str], Iterable[tuple[str, object]]],
          quantities: Callable[[set[str]], Iterable[Quantity]], curated_only: bool) -> View:
    """The :class:`View` of a graph, whichever way it is read.

    Cities, documents, programmes and departments (a few thousand nodes)
    come from ``t``; the bulk (hundreds of thousands of rows at 2,000
    documents) from ``measures(documents)``, ``pairs(predicate)`` and
    ``quantities(kept measure IRIs)``, which each reader fetches its own
    fastest way.  Everything is sorted here, so that readers agree.
    """
    cities, label_of = _cities(t)
    rows = tuple(sorted(measures(_documents(t, label_of)), key=lambda r: r.iri))
    keep = {m.iri for m in rows}
    mentions = {(m, p) for m, p in pairs(_P["mentions"])
                if m in keep and isinstance(p, str) and not p.startswith("_:")}
    resp = {(m, d) for m, d in pairs(_P["responsibleUnit"]) if m in keep and isinstance(d, str)}
    view = View(cities, rows, _programmes(t, {p for _, p in mentions}), tuple(sorted(mentions)),
                _departments(t, resp, label_of), tuple(sorted(resp)),
                tuple(sorted(quantities(keep), key=lambda q: (q.iri, q.achieved, q.measure))))
    return only_curated(view) if curated_only else view


@contextmanager
def _no_gc():
    """Build a view without Python's cyclic garbage collector.

    A view is a million new objects at 2,000 documents, all kept, none in a
    cycle: the collector walks the growing heap again and again for nothing
    (2.3 of 7.3 CPU-s of reading a graph file's triples, 0.6 of 2.4 of
    reading the store's rows).  Left as it was if the caller turned it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
    with _no_gc():
        t = g if isinstance(g, Triples) else from_graph(g)
        return _join(t, lambda docs: _measures(t, docs), t.pairs, lambda keep: _quantities(t, keep), curated_only)


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
    with _no_gc():
        return read_view(from_file(Path(path)), curated_only)


def _sub(s: str, p: str, o: str) -> str:
    """``?s <p> ?o`` as a sub-select.

    Oxigraph joins a sub-select by hashing both sides, where it looks each
    row of a plain pattern up in its index: joining 107,000 results to
    their values takes 0.16 CPU-s instead of 0.53 (2,000 documents).
    """
    return f"{{ SELECT ?{s} ?{o} WHERE {{ ?{s} <{p}> ?{o} }} }}"


def _nodes_query() -> str:
    """Cities, their provinces, documents, and what measures mention or make responsible, with the
    predicates :func:`_cities`, :func:`_documents`, :func:`_programmes` and :func:`_departments` read."""
    nodes = " UNION ".join((f"{{ ?s a <{_C['City']}> }}", f"{{ ?c a <{_C['City']}> ; <{_P['province']}> ?s }}",
                            f"{{ ?s a <{_C['PolicyDocument']}> }}", f"{{ ?m <{_P['mentions']}> ?s }}",
                            f"{{ ?m <{_P['responsibleUnit']}> ?s }}"))
    predicates = ", ".join(f"<{p}>" for p in (_TYPE, _RDFS_LABEL, _PREF, _BROADER, _P["province"], _P["latitude"],
                                              _P["longitude"], _P["city"], _P["year"], _P["curated"], _P["bureauOf"]))
    return (f"SELECT ?s ?p ?o (isLiteral(?o) AS ?literal) (LANG(?o) AS ?lang) WHERE {{ "
            f"{{ SELECT DISTINCT ?s WHERE {{ {nodes} }} }} ?s ?p ?o FILTER(?p IN ({predicates})) }}")


_NODES = _nodes_query()
#: A row per measure (more if it has two titles, say): document, path, title, text and their languages.
_MEASURES = (f"SELECT ?m ?d ?path ?title (LANG(?title) AS ?title_lang) ?text (LANG(?text) AS ?text_lang) WHERE {{ "
             f"{{ SELECT ?m WHERE {{ ?m a <{_C['Measure']}> }} }} {_sub('m', _P['document'], 'd')} "
             f"OPTIONAL {_sub('m', _P['path'], 'path')} OPTIONAL {_sub('m', _TITLE, 'title')} "
             f"OPTIONAL {_sub('m', _P['text'], 'text')} }}")
#: A row per target or result of a measure (more if it has two values of one property).
_QUANTITIES = (f"SELECT ?m ?q ?achieved {' '.join('?' + name for name in _QUANTITY)} WHERE {{ "
               f"{{ SELECT ?m ?q ?achieved WHERE {{ {{ ?m <{_P['hasTarget']}> ?q BIND(false AS ?achieved) }} "
               f"UNION {{ ?m <{_P['hasResult']}> ?q BIND(true AS ?achieved) }} }} }} "
               + _sub("q", _P["value"], "value")
               + "".join(f" OPTIONAL {_sub('q', _P[name], name)}" for name in _QUANTITY[1:]) + " }")
#: Measure → object links of a predicate (IRIs and blank nodes: what :func:`_join` keeps).
_LINKS = "SELECT ?s ?o WHERE {{ ?s <{}> ?o FILTER(!isLiteral(?o)) }}"


def _grouped(rows: Iterable[list[str]], width: int) -> Iterator[tuple[list[str], list[list[str]] | None]]:
    """Each node's first row, and all its rows if it has more: a node with two values of an OPTIONAL
    property gives two rows (rare: most nodes take the fast path of one row)."""
    first: dict[tuple[str, ...], list[str]] = {}
    more: dict[tuple[str, ...], list[list[str]]] = {}
    for row in rows:
        key = tuple(row[:width])
        if key not in first:
            first[key] = row
        elif key in more:
            more[key].append(row)
        else:
            more[key] = [first[key], row]
    return ((row, more.get(key)) for key, row in first.items())


def _one_of(rows: list[list[str]], column: int, numeric: bool = False) -> str | None:
    """:func:`~kg.analytics.triples.one` of the texts in ``column`` of a node's rows."""
    return one([text for text in dict.fromkeys(row[column] for row in rows) if text], numeric)


def _literals(rows: list[list[str]], column: int) -> list[Lit]:
    """The literals in ``column`` of a node's rows, with their language from the next column."""
    return [Lit(text, lang or None) for text, lang in dict.fromkeys((row[column], row[column + 1]) for row in rows)
            if text]


def _store_measures(store, docs: Mapping[str, tuple[str, int, str]]) -> Iterator[MeasureRow]:
    for row, rows in _grouped(csv_rows(store, _MEASURES), 1):
        rows = rows or [row]
        found = _measure(row[0], _one_of(rows, 1), docs, _one_of(rows, 2), _literals(rows, 3), _literals(rows, 5))
        if found is not None:
            yield found


def _store_quantities(store, measures: set[str]) -> Iterator[Quantity]:
    numeric = [_P[name] in NUMERIC for name in _QUANTITY]
    for row, rows in _grouped(csv_rows(store, _QUANTITIES), 3):
        if row[0] in measures:
            texts = row[3:] if rows is None else [_one_of(rows, i + 3, numeric[i]) for i in range(len(_QUANTITY))]
            yield _quantity(row[1], row[0], row[2] == "true", texts)


def read_view_store(store, curated_only: bool = False) -> View:
    """:func:`read_view` of a pyoxigraph store: the same :class:`View`.

    Oxigraph spends about 2 µs looking up each string it returns (an IRI,
    a long literal) and about 1 µs a row on each join, so the view is read
    with a few SELECTs whose joins Oxigraph hashes itself (:func:`_sub`),
    written as CSV (:func:`~kg.analytics.triples.csv_rows`): each
    measure's row, each target's row, the links, and the few thousand
    cities, documents, programmes and departments (indexed, then read by
    the same functions as :func:`read_view`).  Nothing reads the evidence
    nodes, three quarters of the graph.
    """
    with _no_gc():
        nodes = index((s, p, Lit(o, lang or None) if literal == "true" else o)
                      for s, p, o, literal, lang in csv_rows(store, _NODES))
        return _join(nodes, lambda docs: _store_measures(store, docs), lambda p: csv_rows(store, _LINKS.format(p)),
                     lambda keep: _store_quantities(store, keep), curated_only)
