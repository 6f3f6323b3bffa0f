"""SHACL validation of a built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace

SHAPES = Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl"
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "edupolicy.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str
    message: str


def validate(graph: Graph) -> tuple[Violation, ...]:
    """SHACL violations of ``graph`` (empty when it conforms)."""
    import pyshacl  # slow import; only this command needs it

    shapes = Graph().parse(SHAPES)
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=Graph().parse(ONTOLOGY),
                                           inference="none", advanced=True)
    if conforms:
        return ()
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        out.append(Violation(str(report.value(result, SH.focusNode)), str(report.value(result, SH.resultPath) or ""),
                             str(report.value(result, SH.resultMessage) or "")))
    return tuple(sorted(out, key=lambda v: (v.focus, v.path)))
