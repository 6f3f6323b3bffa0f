"""Build the RDF graph: the one hand-off format every store receives.

``build_graph`` turns segmented documents (and, when given, their extracted
mentions and targets with the resolution of those mentions into entities)
into an rdflib graph that follows ``GRAPH_CONTRACT.md``.  Every
``ep:mentions``, ``ep:cites``, ``ep:responsibleUnit``, ``ep:hasTarget`` and
``ep:hasResult`` fact gets an :class:`ep:Evidence` node: the statement
(``rdf:subject/predicate/object``), the file, the source character offsets,
the sentence and the rule that found it.

The graph depends on its input only: IRIs are minted from content
(:mod:`kg.iri`), so a rebuild of the same corpus gives the same triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.iri import child, digest, mint
from kg.model import DocKind, Document, Mention, MentionKind, Measure, Span, Target
from kg.reference import LINKS, reference_triples
from kg.triples import Triples
from kg.vocab import EP

__all__ = ["Entity", "Facts", "build_graph", "build_triples", "document_iri", "measure_iri", "bind_prefixes"]

ELI = Namespace("http://data.europa.eu/eli/ontology#")
_SENTENCE_END = "。；！？\n"


@dataclass(frozen=True, slots=True)
class Entity:
    """What the builder needs to know of the entity a mention resolved to."""

    iri: URIRef
    kind: MentionKind
    label: str
    curated: bool
    rule: str
    en_label: str | None = None
    theme: URIRef | None = None
    parent: URIRef | None = None  # for a nested citation: the document it implements


class Facts(Protocol):
    """Extraction output of one document, as the builder reads it."""

    @property
    def mentions(self) -> Sequence[Mention]: ...

    @property
    def targets(self) -> Sequence[Target]: ...


class _Departments(Protocol):
    key: str
    pref_label: str
    labels: tuple[str, ...]
    unit_type: str | None
    rule: str


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in {
        "ep": EP._NS,
        "id": Namespace("https://w3id.org/edupolicy/id/"),
        "skos": SKOS,
        "dct": DCTERMS,
        "prov": PROV,
        "eli": ELI,
    }.items():
        g.bind(prefix, ns, override=True)
    return g


def document_iri(doc: Document) -> URIRef:
    """``id/document/{bureau adcode}-{year}-{kind}``: stable over rebuilds and file formats.

    The bureau is the issuing one: a county bureau's plan (湄潭县 520328) is not
    its city's plan (遵义市 520300) of the same year.
    """
    place = doc.bureau or "x" + digest(doc.source.name, 8)
    return mint("document", f"{place}-{doc.year}-{doc.kind.value}")


def measure_iri(doc_iri: URIRef, path: tuple[int, int, int]) -> URIRef:
    return child(doc_iri, "m" + ".".join(map(str, path)))


def measure_path(section: int, m: Measure) -> tuple[int, int, int]:
    return (section, m.group or 0, m.ordinal)


def build_graph(
    documents: Sequence[Document],
    facts: Mapping[int, Facts] | None = None,
    entities: Mapping[tuple[int, int], Entity] | None = None,
    departments: Mapping[tuple[str, str], _Departments] | None = None,
    places: Mapping[str, tuple[float, float]] | None = None,
) -> Graph:
    """The RDF graph of ``documents``.

    Parameters
    ----------
    documents
        Segmented documents, in a stable order.
    facts
        ``facts[i]``: the mentions and targets extracted from ``documents[i]``.
    entities
        ``entities[(i, j)]``: the entity that mention ``j`` of ``documents[i]``
        resolved to; mentions without an entry are left out.
    departments
        ``departments[(bureau adcode, unit name)]``: the department a responsible
        unit's name resolved to within its issuing bureau (a county's, else the city's).  Without it every distinct
        name is its own department.
    places
        ``places[adcode] = (latitude, longitude)`` for cities, where known.
    """
    return build_triples(documents, facts, entities, departments, places).graph(bind_prefixes(Graph()))


def build_triples(
    documents: Sequence[Document],
    facts: Mapping[int, Facts] | None = None,
    entities: Mapping[tuple[int, int], Entity] | None = None,
    departments: Mapping[tuple[str, str], _Departments] | None = None,
    places: Mapping[str, tuple[float, float]] | None = None,
) -> Triples:
    """The triples of :func:`build_graph`, without rdflib's store: for the stores that load N-Triples."""
    g = Triples()
    for i, doc in enumerate(documents):
        d = _add_document(g, doc, places or {})
        measures = _add_structure(g, doc, d, departments or {})
        if facts and i in facts:
            _add_facts(g, doc, d, measures, facts[i], i, entities or {})
    # labels of the themes, metrics and unit types the graph points at
    g.update(reference_triples([(p, o) for p in LINKS for o in g.objects(p) if isinstance(o, URIRef)]))
    return g


def _add_document(g: Triples, doc: Document, places: Mapping[str, tuple[float, float]]) -> URIRef:
    d = document_iri(doc)
    g.add((d, RDF.type, EP.PolicyDocument))
    g.add((d, RDF.type, EP.WorkPlan if doc.kind is DocKind.PLAN else EP.WorkSummary))
    g.add((d, DCTERMS.title, Literal(doc.title, lang="zh")))
    g.add((d, RDFS.label, Literal(f"{doc.city or ''}{doc.year}年{doc.title.removeprefix(f'{doc.year}年')}", lang="zh")))
    g.add((d, EP.year, Literal(doc.year, datatype=XSD.integer)))
    g.add((d, EP.sourceFile, Literal(doc.source.name)))
    g.add((d, EP.sha256, Literal(doc.source.sha256)))
    g.add((d, EP.startOffset, Literal(doc.span.src_start, datatype=XSD.integer)))
    g.add((d, EP.endOffset, Literal(doc.span.src_end, datatype=XSD.integer)))
    if doc.number:
        g.add((d, EP.documentNumber, Literal(doc.number)))
    if doc.issued:
        g.add((d, DCTERMS.issued, Literal(doc.issued.isoformat(), datatype=XSD.date)))
    for issuer in doc.issuers:
        g.add((d, EP.issuer, Literal(issuer, lang="zh")))
    if doc.city_code and doc.city:
        city = mint("city", doc.city_code)
        g.add((d, EP.city, city))
        g.add((city, RDF.type, EP.City))
        g.add((city, RDFS.label, Literal(doc.city, lang="zh")))
        g.add((city, EP.adcode, Literal(doc.city_code)))
        if doc.city_code in places:
            lat, lon = places[doc.city_code]
            g.add((city, EP.latitude, Literal(str(lat), datatype=XSD.decimal)))
            g.add((city, EP.longitude, Literal(str(lon), datatype=XSD.decimal)))
        if doc.province_code and doc.province:
            prov = mint("province", doc.province_code)
            g.add((city, EP.province, prov))
            g.add((prov, RDF.type, EP.Province))
            g.add((prov, RDFS.label, Literal(doc.province, lang="zh")))
            g.add((prov, EP.adcode, Literal(doc.province_code)))
    return d


def _add_span(g: Triples, node: URIRef, span: Span) -> None:
    g.add((node, EP.startOffset, Literal(span.src_start, datatype=XSD.integer)))
    g.add((node, EP.endOffset, Literal(span.src_end, datatype=XSD.integer)))


def _add_structure(
    g: Triples, doc: Document, d: URIRef, departments: Mapping[tuple[str, str], _Departments]
) -> dict[tuple[int, int, int], URIRef]:
    measures: dict[tuple[int, int, int], URIRef] = {}
    for sec in doc.sections:
        s = child(d, f"s{sec.ordinal}")
        g.add((s, RDF.type, EP.Section))
        g.add((s, EP.document, d))
        g.add((s, EP.ordinal, Literal(sec.ordinal, datatype=XSD.integer)))
        g.add((s, DCTERMS.title, Literal(sec.title, lang="zh")))
        g.add((s, EP.path, Literal(str(sec.ordinal))))
        _add_span(g, s, sec.span)
        for m in sec.measures:
            path = measure_path(sec.ordinal, m)
            node = measures[path] = measure_iri(d, path)
            _add_measure(g, doc, d, s, node, path, m)
            _add_units(g, doc, d, node, m, departments)
    return measures


def _add_measure(g: Triples, doc: Document, d: URIRef, s: URIRef, node: URIRef, path, m: Measure) -> None:
    g.add((node, RDF.type, EP.Measure))
    g.add((node, EP.document, d))
    g.add((node, EP.section, s))
    g.add((node, EP.ordinal, Literal(m.ordinal, datatype=XSD.integer)))
    g.add((node, EP.path, Literal(".".join(map(str, path)))))
    g.add((node, DCTERMS.title, Literal(m.title, lang="zh")))
    g.add((node, EP.text, Literal(m.text, lang="zh")))
    g.add((node, EP.sourceFile, Literal(doc.source.name)))
    _add_span(g, node, m.span)
    if m.group:
        g.add((node, EP.group, Literal(m.group, datatype=XSD.integer)))
        if m.group_title:
            g.add((node, EP.groupTitle, Literal(m.group_title, lang="zh")))
    for f in m.fields:
        if f.name.value == "goal":
            g.add((node, EP.goal, Literal(f.span.text, lang="zh")))
        elif f.name.value == "actions":
            g.add((node, EP.actions, Literal(f.span.text, lang="zh")))


def _add_units(g, doc: Document, d: URIRef, node: URIRef, m: Measure, departments) -> None:
    if not doc.city_code:
        return
    city = mint("city", doc.city_code)
    for unit in m.units:
        ent = departments.get((doc.bureau, unit.name))
        key = ent.key if ent else "x-" + digest(unit.name)
        dep = mint("department", f"{doc.bureau}/{key}")
        g.add((dep, RDF.type, EP.CollectiveUnit if unit.collective else EP.Department))
        g.add((dep, EP.bureauOf, city))
        g.add((dep, EP.collective, Literal(unit.collective)))
        pref = ent.pref_label if ent else unit.name
        g.set((dep, SKOS.prefLabel, Literal(pref, lang="zh")))
        g.add((dep, RDFS.label, Literal(pref, lang="zh")))
        g.add((dep, SKOS.altLabel, Literal(unit.name, lang="zh")))
        if ent and ent.unit_type:
            g.add((dep, EP.unitType, URIRef(ent.unit_type)))
        rule = f"responsible-field;{ent.rule}" if ent else "responsible-field"
        _add_fact(g, doc, d, node, EP.responsibleUnit, dep, unit.span, unit.name, rule)


def sentence_of(doc: Document, span: Span) -> str:
    """The sentence of the normalised text that holds ``span``."""
    text = doc.text.text
    start = max(text.rfind(c, 0, span.start) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, span.end) for c in _SENTENCE_END) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def _add_fact(g, doc: Document, d, subj, pred, obj, span: Span, surface: str, rule: str) -> URIRef:
    g.add((subj, pred, obj))
    ev = child(subj, "ev", digest(f"{pred}|{obj}|{span.start}|{span.end}"))
    g.add((ev, RDF.type, EP.Evidence))
    g.add((ev, RDF.subject, subj))
    g.add((ev, RDF.predicate, pred))
    g.add((ev, RDF.object, obj))
    g.add((ev, EP.document, d))
    g.add((ev, EP.sourceFile, Literal(doc.source.name)))
    _add_span(g, ev, span)
    g.add((ev, EP.sentence, Literal(sentence_of(doc, span), lang="zh")))
    g.add((ev, EP.surface, Literal(surface, lang="zh")))
    g.add((ev, EP.rule, Literal(rule)))
    locator = doc.source.locate(span.src_start)
    if locator:
        g.add((ev, EP.locator, Literal(locator)))
    return ev


_PREDICATE = {
    MentionKind.PROGRAM: (EP.mentions, EP.Program),
    MentionKind.CITATION: (EP.cites, EP.CitedDocument),
    MentionKind.SLOGAN: (EP.mentionsSlogan, EP.Slogan),
    MentionKind.INSTITUTION: (EP.mentionsInstitution, EP.Institution),
    MentionKind.TOPIC: (EP.mentionsTopic, EP.Topic),
}


def _add_facts(g, doc: Document, d, measures, facts: Facts, i: int, entities) -> None:
    for j, mention in enumerate(facts.mentions):
        ent = entities.get((i, j))
        node = measures.get(mention.measure)
        if ent is None or node is None:
            continue
        pred, cls = _PREDICATE[ent.kind]
        _add_entity(g, ent, cls, mention.text)
        _add_fact(g, doc, d, node, pred, ent.iri, mention.span, mention.text, ent.rule)
    counters: dict[URIRef, int] = defaultdict(int)
    for t in facts.targets:
        node = measures.get(t.measure)
        if node is None:
            continue
        counters[node] += 1
        _add_quantity(g, doc, d, node, t, counters[node])


def _add_entity(g: Triples, ent: Entity, cls: URIRef, surface: str) -> None:
    g.add((ent.iri, RDF.type, cls))
    if cls in (EP.Program, EP.Slogan, EP.Topic):
        g.add((ent.iri, RDF.type, SKOS.Concept))
        g.set((ent.iri, SKOS.prefLabel, Literal(ent.label, lang="zh")))
        if ent.en_label:
            g.add((ent.iri, SKOS.prefLabel, Literal(ent.en_label, lang="en")))
        if surface != ent.label:
            g.add((ent.iri, SKOS.altLabel, Literal(surface, lang="zh")))
        g.set((ent.iri, EP.curated, Literal(ent.curated)))
        if ent.theme is not None:
            g.add((ent.iri, SKOS.broader, ent.theme))
    g.set((ent.iri, RDFS.label, Literal(ent.label, lang="zh")))
    if ent.parent is not None:
        g.add((ent.iri, EP.basedOn, ent.parent))


def _add_quantity(g: Triples, doc: Document, d, node: URIRef, t: Target, n: int) -> None:
    q = child(node, "r" if t.achieved else "t", str(n))
    g.add((q, RDF.type, EP.Result if t.achieved else EP.Target))
    g.add((q, EP.value, Literal(str(t.value), datatype=XSD.decimal)))
    g.add((q, EP.unit, Literal(t.unit)))
    g.add((q, EP.metric, Literal(t.metric)))
    g.add((q, EP.comparator, Literal(t.comparator.value)))
    g.add((q, RDFS.label, Literal(t.span.text, lang="zh")))
    g.add((q, EP.document, d))
    if t.deadline:
        g.add((q, EP.deadline, Literal(t.deadline)))
    if t.value_max is not None:
        g.add((q, EP.ratioTo if t.ratio else EP.valueMax, Literal(str(t.value_max), datatype=XSD.decimal)))
    if t.metric_concept:
        g.add((q, EP.metricConcept, URIRef(t.metric_concept)))
    if t.normalised is not None:
        g.add((q, EP.normalisedValue, Literal(str(t.normalised), datatype=XSD.decimal)))
    if t.base_unit:
        g.add((q, EP.baseUnit, Literal(t.base_unit)))
    pred = EP.hasResult if t.achieved else EP.hasTarget
    _add_fact(g, doc, d, node, pred, q, t.span, t.span.text, t.rule or "targets")

