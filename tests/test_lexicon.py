"""The SKOS programme lexicon and the patterns generated from it."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import SKOS, Graph, URIRef

from loaders.lexicon import ONTOLOGY, label_key, load_lexicon
from loaders.nlp import lexicon_patterns


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_every_concept_has_a_zh_preflabel_and_a_known_theme(lexicon):
    themes = {iri for iri, _, _ in lexicon.themes}
    assert len(themes) >= 16
    for c in lexicon.concepts:
        assert c.pref_zh, c.iri
        assert c.theme in themes, f"{c.iri} has theme {c.theme}"


def test_lexicon_is_genre_sized_with_english_labels_for_most(lexicon):
    programs = [c for c in lexicon.concepts if c.kind == "program"]
    assert 120 <= len(programs) <= 300
    assert sum(c.pref_en is not None for c in programs) / len(programs) > 0.9


def test_no_label_is_shared_by_two_concepts_even_after_quote_and_case_folding(lexicon):
    keys = Counter(label_key(label) for c in lexicon.concepts for label in set(map(label_key, c.labels)))
    assert [k for k, n in keys.items() if n > 1] == []


def test_patterns_generated_are_exactly_the_labels(lexicon):
    pats = lexicon_patterns(lexicon)
    assert sorted((p["id"], p["pattern"]) for p in pats) == sorted(
        (c.iri, label) for c in lexicon.concepts for label in c.labels
    )


def test_lookalikes_are_declared_distinct_both_ways(lexicon):
    cert = "https://w3id.org/edupolicy/id/program/1plusx-certificate"
    group = "https://w3id.org/edupolicy/id/program/school-group-1plusx"
    assert lexicon.distinct(cert, group) and lexicon.distinct(group, cert)
    school = "https://w3id.org/edupolicy/id/program/principal-responsibility-school"
    uni = "https://w3id.org/edupolicy/id/program/principal-responsibility-university"
    assert lexicon.distinct(school, uni)


def test_distinct_pairs_have_a_scope_note():
    g = Graph().parse(ONTOLOGY / "programs.ttl")
    ep = "https://w3id.org/edupolicy/ontology#distinctFrom"
    for s in set(g.subjects(URIRef(ep), None)):
        assert list(g.objects(s, SKOS.scopeNote)), s


def test_surface_variants_resolve_to_one_concept(lexicon):
    for surface in ("县管校聘", "“县管校聘”管理改革", "中小学教师“县管校聘”管理改革", "“县管校聘”改革"):
        assert lexicon.lookup(surface).slug == "county-managed-school-hired", surface
    for surface in ("1+X证书制度", "“1+X”证书制度试点", "“1+X证书”试点"):
        assert lexicon.lookup(surface).slug == "1plusx-certificate", surface
    assert lexicon.lookup("公办、民办学校同步招生").slug == lexicon.lookup("公民同招").slug
    assert lexicon.lookup("“1+x”型集团化").slug == "school-group-1plusx"


def test_generic_subjects_are_topics_and_named_plans_in_them_programmes(lexicon):
    for label in ("劳动教育", "心理健康教育", "师德师风建设", "家校共育", "产教融合", "老年教育"):
        assert lexicon.lookup(label).kind == "topic", label
    for label in ("老年教育三年行动计划", "家校社协同育人", "社区教育示范区", "县管校聘"):
        assert lexicon.lookup(label).kind == "program", label
