"""The RDF → Neo4j mapping and load plan, without a server."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef

from kg.stores.neo4j_mapping import PROPERTY_NAMES, literal_key, python_value, rdf_literal, rel_type
from kg.stores.neo4j_plan import plan_load
from kg.vocab import EP


def test_relationship_types_are_upper_snake_case_of_the_property():
    assert rel_type("responsibleUnit") == "RESPONSIBLE_UNIT"
    assert rel_type("hasTarget") == "HAS_TARGET"
    assert rel_type("city") == "CITY"
    assert PROPERTY_NAMES[SKOS.prefLabel] == "prefLabel" and PROPERTY_NAMES[EP.mentions] == "mentions"


def test_literal_values_and_names():
    assert python_value(Literal("85.5", datatype=XSD.decimal)) == 85.5
    assert python_value(Literal(2021, datatype=XSD.integer)) == 2021
    assert python_value(Literal("承德市", lang="zh")) == "承德市"
    assert literal_key("prefLabel", Literal("x", lang="en")) == "prefLabel_en"
    assert literal_key("prefLabel", Literal("县管校聘", lang="zh")) == "prefLabel"
    assert rdf_literal(85.0, "^^" + str(XSD.decimal)) == Literal("85", datatype=XSD.decimal)
    assert Decimal(str(rdf_literal(0.1, "^^" + str(XSD.decimal)))) == Decimal("0.1")


def test_plan_splits_shared_nodes_from_documents_and_folds_evidence(corpus_graph):
    plan = plan_load(corpus_graph)
    docs = set(corpus_graph.subjects(RDF.type, EP.PolicyDocument))
    assert {URIRef(d.iri) for d in plan.documents} == docs
    shared_labels = {lbl for n in plan.shared.nodes for lbl in n.labels}
    assert {"City", "Program", "Department"} <= shared_labels
    assert not shared_labels & {"Measure", "Section", "Target", "Evidence"}
    rels = [r for d in plan.documents for r in d.batch.rels] + list(plan.links.rels)
    evidence = set(corpus_graph.subjects(RDF.type, EP.Evidence))
    assert {r.key for r in rels if r.key} == {str(e) for e in evidence}  # one relationship per evidence node
    assert not any("Evidence" in n.labels for d in plan.documents for n in d.batch.nodes)
    program = next(n for n in plan.shared.nodes if "Program" in n.labels and n.props.get("altLabel"))
    assert isinstance(program.props["altLabel"], list) and isinstance(program.props["prefLabel"], str)


def test_plan_is_deterministic_and_keeps_unknown_predicates_out():
    g = Graph()
    m = URIRef("https://w3id.org/edupolicy/id/x/m1")
    g.add((m, RDF.type, EP.Measure))
    g.add((m, URIRef("http://example.org/unknown"), Literal("x")))
    plan = plan_load(g)
    assert plan.skipped == ("http://example.org/unknown",)
    assert plan.shared.nodes[0].props == {} and plan_load(g) == plan
