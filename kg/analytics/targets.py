"""Targets and results by metric: one table per metric, comparable across cities.

A quantity's metric concept is ``ep:metricConcept`` when the builder set it,
else the concept of ``ontology/metrics.ttl`` whose longest label occurs in its
metric wording (labels compared without 、，的 and spaces: the rule of
``loaders.metrics``, read here with rdflib so that ``kg`` stays free of the
extraction stack).  Which wordings merge is decided in ``metrics.ttl``
(``skos:altLabel`` and its ``skos:scopeNote``): 普惠性幼儿园覆盖率,
普惠园就读比例 and 普惠性幼儿园学位覆盖率 are one concept; 公办园在园幼儿占比
is not.

Values are made comparable through ``ep:normalisedValue`` in ``ep:baseUnit``
(万元 and 亿元 both become 元).  A ``个百分点`` figure is a *change* of a rate,
not a level: it stays in the table but is flagged ``change`` and never
compared with a level.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, SKOS, Graph

from kg.analytics.view import Quantity, View
from kg.errors import ConfigError

__all__ = ["METRICS_TTL", "MetricRow", "MetricTable", "ResultVsTarget", "metric_concept", "metric_tables",
           "result_vs_target"]

METRICS_TTL = Path(__file__).resolve().parents[2] / "ontology" / "metrics.ttl"
_NOISE = re.compile(r"[、，,的\s]")
_MIN_LABEL = 3
_CHANGE_UNITS = frozenset({"个百分点", "百分点"})


@dataclass(frozen=True, slots=True)
class MetricRow:
    city: str
    year: int
    kind: str  # "target" or "result"
    comparator: str
    value: float  # as written
    unit: str  # as written
    comparable: float  # in base_unit
    base_unit: str
    change: bool  # a change (个百分点), not a level
    wording: str  # the metric as written
    measure: str  # measure IRI
    path: str
    deadline: str | None = None


@dataclass(frozen=True, slots=True)
class MetricTable:
    concept: str  # IRI
    label: str
    rows: tuple[MetricRow, ...]  # by city, year, kind

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(sorted({r.city for r in self.rows}))


@dataclass(frozen=True, slots=True)
class ResultVsTarget:
    """A city's result of ``result_year`` against its target of the next year."""

    city: str
    metric: str  # concept label, or the wording both share
    result_year: int
    result: float
    target_year: int
    target: float
    comparator: str
    base_unit: str

    @property
    def gap(self) -> float:
        return self.target - self.result


@lru_cache(maxsize=4)
def _labels(path: Path = METRICS_TTL) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    try:
        g = Graph().parse(path)
    except (OSError, SyntaxError, ValueError) as err:
        raise ConfigError(f"{path}: cannot read the metric scheme ({err})") from err
    pairs: dict[str, str] = {}
    names: dict[str, str] = {}
    for c in g.subjects(RDF.type, SKOS.Concept):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(c, prop):
                if getattr(label, "language", None) == "zh":
                    pairs[_NOISE.sub("", str(label))] = str(c)
                    if prop == SKOS.prefLabel:
                        names[str(c)] = str(label)
    ordered = sorted(((k, v) for k, v in pairs.items() if len(k) >= _MIN_LABEL), key=lambda kv: (-len(kv[0]), kv[0]))
    return tuple(ordered), names


def metric_concept(q: Quantity, path: Path = METRICS_TTL) -> str | None:
    """The metric concept IRI of ``q``: ``ep:metricConcept``, else the longest label in its wording."""
    if q.concept:
        return q.concept
    return _concept_of_wording(q.metric, path)


@lru_cache(maxsize=65536)
def _concept_of_wording(metric: str, path: Path) -> str | None:
    """The concept of the longest label in ``metric``'s wording (cached: a corpus repeats its wordings,
    and scanning every label per quantity made metric_tables grow faster than the corpus)."""
    key = _NOISE.sub("", metric)
    return next((c for label, c in _labels(path)[0] if label in key), None) if key else None


def _is_change(q: Quantity) -> bool:
    return q.unit in _CHANGE_UNITS or (q.base_unit or "") in _CHANGE_UNITS


def _row(view: View, q: Quantity, measures) -> MetricRow:
    m = measures[q.measure]
    return MetricRow(m.city, m.year, "result" if q.achieved else "target", q.comparator, q.value, q.unit,
                     q.normalised if q.normalised is not None else q.value, q.base_unit or q.unit, _is_change(q),
                     q.metric, q.measure, m.path, q.deadline)


def metric_tables(view: View, path: Path = METRICS_TTL) -> tuple[MetricTable, ...]:
    """One table per metric concept that some quantity measures; most cities first."""
    measures = view.by_iri()
    rows: dict[str, list[MetricRow]] = defaultdict(list)
    for q in view.quantities:
        c = metric_concept(q, path)
        if c is not None:
            rows[c].append(_row(view, q, measures))
    names = _labels(path)[1]
    tables = [MetricTable(c, names.get(c, c.rsplit("/", 1)[-1]),
                          tuple(sorted(rs, key=lambda r: (r.city, r.year, r.kind, r.measure, r.value))))
              for c, rs in rows.items()]
    return tuple(sorted(tables, key=lambda t: (-len(t.cities), t.label)))


def result_vs_target(view: View, path: Path = METRICS_TTL) -> tuple[ResultVsTarget, ...]:
    """Each city's reported result of year Y against its target of year Y+1, metric by metric.

    A metric is its concept, or (without one) the exact wording, which within
    one city's summary and next plan names the same thing.  Only levels in
    the same base unit are paired; with several figures for one metric in a
    year, the first by measure path.
    """
    measures = view.by_iri()
    names = _labels(path)[1]
    # (comparable value, comparator) of the first figure of each key, not a MetricRow: those are all the
    # pairing reads, and a MetricRow for each of the 194,000 keys at 5,000 documents was half the time
    seen: dict[tuple[str, str, str, int, bool], tuple[float, str]] = {}
    levels = [q for q in view.quantities if not _is_change(q)]
    for q in sorted(levels, key=lambda q: (measures[q.measure].path, q.iri)):
        c = metric_concept(q, path)
        m = measures[q.measure]
        key = (m.city, names.get(c, c) if c else q.metric, q.base_unit or q.unit, m.year, q.achieved)
        if key not in seen:
            seen[key] = (q.normalised if q.normalised is not None else q.value, q.comparator)
    out = []
    for (city, metric, unit, year, achieved), (value, _) in seen.items():
        nxt = seen.get((city, metric, unit, year + 1, False))
        if achieved and nxt is not None:
            out.append(ResultVsTarget(city, metric, year, value, year + 1, nxt[0], nxt[1], unit))
    return tuple(sorted(out, key=lambda r: (r.city, r.result_year, r.metric)))
