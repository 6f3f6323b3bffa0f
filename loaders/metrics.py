"""Map a target's metric wording to a metric concept of ``ontology/metrics.ttl``.

>>> canonical_metric("在普惠园就读比例")
'https://w3id.org/edupolicy/id/metric/public-benefit-kindergarten-coverage'
>>> canonical_metric("组建工作组") is None
True
>>> canonical_metric("新建改扩建幼儿园面积") is None  # an area, not the count of kindergartens
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.errors import ConfigError

__all__ = ["METRICS_TTL", "canonical_metric", "metric_labels"]

METRICS_TTL = Path(__file__).resolve().parent.parent / "ontology" / "metrics.ttl"
SCHEME = "https://w3id.org/edupolicy/id/metric/scheme"
_NOISE = re.compile(r"[、，,的\s（）()“”]")
_MIN_LABEL = 3  # shorter labels would match inside unrelated words
# The label must be the metric's head: at its end, or followed only by one of
# these (…项目, …人次).  新建改扩建幼儿园面积 measures an area, not the count of
# kindergartens; 学生资助资金 is money, not 学生资助.
_HEAD_SUFFIXES = ("", "数量", "数", "个数", "人数", "人次", "总数", "项目", "项目数", "建设", "改造", "建设改造", "任务")


def _key(text: str) -> str:
    return _NOISE.sub("", text)


@lru_cache(maxsize=1)
def metric_labels(path: Path = METRICS_TTL) -> tuple[tuple[str, str], ...]:
    """(normalised label, concept IRI) pairs, longest label first."""
    try:
        graph = Graph().parse(path)
    except (OSError, SyntaxError, ValueError) as err:
        raise ConfigError(f"{path}: cannot read the metric scheme ({err})") from err
    pairs: dict[str, str] = {}
    for concept in graph.subjects(SKOS.inScheme, None):
        if (concept, RDF.type, SKOS.Concept) not in graph:
            continue
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, prop):
                if getattr(label, "language", None) == "zh":
                    key = _key(str(label))
                    if key in pairs and pairs[key] != str(concept):
                        raise ConfigError(f"{path}: label {label!r} names two metrics")
                    pairs[key] = str(concept)
    return tuple(sorted(((k, v) for k, v in pairs.items() if len(k) >= _MIN_LABEL),
                        key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=8192)
def canonical_metric(metric: str) -> str | None:
    """The concept whose longest label heads ``metric`` (ends it, maybe before 数量/人次…), or ``None``."""
    key = _key(metric)
    if not key:
        return None
    for label, concept in metric_labels():
        if label in key and any(key.endswith(label + s) for s in _HEAD_SUFFIXES):
            return concept
    return None
