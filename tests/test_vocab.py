"""The ontology is the single source of IRIs: kg/vocab.py must match it, and it must hold the contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg import vocab_gen
from kg.vocab import EP

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT.parent / "shared" / "design" / "GRAPH_CONTRACT.md"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "edupolicy.ttl")


def test_generated_vocab_matches_the_turtle():
    assert (ROOT / "kg" / "vocab.py").read_text(encoding="utf-8") == vocab_gen.render(), (
        "kg/vocab.py is stale: run `python -m kg.vocab_gen`"
    )


def test_closed_namespace_refuses_a_typo():
    assert str(EP.Measure) == "https://w3id.org/edupolicy/ontology#Measure"
    with pytest.raises(AttributeError):
        EP.Measur  # noqa: B018


def test_every_term_has_chinese_and_english_labels(ontology: Graph):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            langs = {lit.language for lit in ontology.objects(term, RDFS.label) if isinstance(lit, Literal)}
            assert {"zh", "en"} <= langs, f"{term} lacks a zh or en rdfs:label"


@pytest.mark.skipif(not CONTRACT.exists(), reason="../shared/design/GRAPH_CONTRACT.md not beside the repo")
def test_every_contract_term_is_defined_and_marked(ontology: Graph):
    names = set(re.findall(r"`ep:([A-Za-z]+)`", CONTRACT.read_text(encoding="utf-8")))
    assert len(names) >= 25
    for name in sorted(names):
        term = URIRef(EP._NS + name)
        assert (term, RDF.type, None) in ontology, f"ep:{name} of the contract is not in the ontology"
        assert (term, URIRef(EP._NS + "contract"), Literal(True)) in ontology, f"ep:{name} not marked ep:contract"
