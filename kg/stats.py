"""Counts of a built graph: by class, by city, by contract property."""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, Graph

from kg.vocab import EP

CLASSES = ("PolicyDocument", "WorkPlan", "WorkSummary", "Section", "Measure", "City", "Province", "Program",
           "CitedDocument", "Slogan", "Institution", "Target", "Result", "Department", "CollectiveUnit", "Evidence")
FACTS = ("mentions", "cites", "responsibleUnit", "hasTarget", "hasResult", "mentionsSlogan", "mentionsInstitution")


def by_class(g: Graph) -> dict[str, int]:
    return {name: len(set(g.subjects(RDF.type, EP[name]))) for name in CLASSES}


def by_property(g: Graph) -> dict[str, int]:
    return {name: sum(1 for _ in g.triples((None, EP[name], None))) for name in FACTS}


def by_city(g: Graph) -> dict[str, dict[str, int]]:
    """Per city label: documents, measures, programmes named, targets, departments."""
    out: dict[str, Counter[str]] = {}
    doc_city = {d: str(g.value(c, _label()) or c) for d, c in g.subject_objects(EP.city)}
    for doc, city in doc_city.items():
        out.setdefault(city, Counter())["documents"] += 1
    for m, doc in g.subject_objects(EP.document):
        if (m, RDF.type, EP.Measure) not in g or doc not in doc_city:
            continue
        row = out[doc_city[doc]]
        row["measures"] += 1
        row["mentions"] += sum(1 for _ in g.objects(m, EP.mentions))
        row["targets"] += sum(1 for _ in g.objects(m, EP.hasTarget))
        row["results"] += sum(1 for _ in g.objects(m, EP.hasResult))
    for dep, city in g.subject_objects(EP.bureauOf):
        label = str(g.value(city, _label()) or city)
        if label in out and (dep, RDF.type, EP.Department) in g:
            out[label]["departments"] += 1
    return {k: dict(v) for k, v in sorted(out.items())}


def _label():
    from rdflib import RDFS

    return RDFS.label
