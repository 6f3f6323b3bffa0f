"""The public data methods of :class:`kg.stores.sparql.OxigraphStore`: load, dump, rdflib copies."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError, StoreError
from kg.stores.sparql import OxigraphStore

NT = (
    '<https://w3id.org/edupolicy/id/program/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "县管校聘"@zh .\n'
    '<https://w3id.org/edupolicy/id/program/a> <http://www.w3.org/2000/01/rdf-schema#label> "县管校聘"@zh .\n'
    '<https://w3id.org/edupolicy/id/ev/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    '<https://w3id.org/edupolicy/ontology#Evidence> .\n'
).encode("utf-8")


def test_load_then_dump_round_trips_and_keeps_chinese(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.load_ntriples(NT)
    store.load_ntriples(b"")
    assert store.count() == 3
    again = OxigraphStore()
    again.load_ntriples(store.dump("nt"))
    assert isomorphic(again.graph(), Graph().parse(data=NT, format="nt"))
    assert "县管校聘".encode() in store.dump("ttl") and b"@prefix skos:" in store.dump("ttl")


def test_graph_of_a_construct_query_keeps_only_what_it_matches():
    store = OxigraphStore()
    store.load_ntriples(NT)
    g = store.graph("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ep:Evidence } }")
    assert len(g) == 2
    assert (URIRef("https://w3id.org/edupolicy/id/program/a"), None, Literal("县管校聘", lang="zh")) in g


def test_graph_refuses_updates_and_selects():
    store = OxigraphStore()
    with pytest.raises(QueryError, match="read-only"):
        store.graph("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="CONSTRUCT"):
        store.graph("SELECT * WHERE { ?s ?p ?o }")


def test_bad_input_names_the_problem():
    store = OxigraphStore()
    with pytest.raises(StoreError, match="N-Triples"):
        store.load_ntriples(b"<urn:a> <urn:b> .\n")
    with pytest.raises(StoreError, match="rdfxml"):
        store.dump("rdfxml")
    assert store.count() == 0
