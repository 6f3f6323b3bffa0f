"""Cross-city resolution: one node per programme, look-alikes apart, decisions explainable."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.iri import mint
from loaders.extract import extract
from loaders.lexicon import load_lexicon
from loaders.nlp import build_nlp
from loaders.resolve import build_entities, explain, program_key, resolve, title_key


@pytest.fixture(scope="module")
def resolved(corpus_documents):
    lex = load_lexicon()
    nlp = build_nlp(lex)
    pairs = [(d, extract(d, nlp)) for ds in corpus_documents.values() for d in ds]
    return pairs, resolve(pairs, lex)


def _cities(pairs, res, key):
    return {pairs[i][0].city for (i, _), (k, _) in res.assignments.items() if k == key}


def test_county_managed_school_hired_is_one_node_in_every_city(resolved):
    pairs, res = resolved
    assert _cities(pairs, res, "program:county-managed-school-hired") == {"晋城市", "忻州市", "抚顺市", "四平市", "承德市"}
    e = res.entities["program:county-managed-school-hired"]
    assert e.curated and e.iri == str(mint("program", "county-managed-school-hired"))


def test_1plusx_certificate_and_school_group_never_merge(resolved):
    pairs, res = resolved
    cert = _cities(pairs, res, "program:1plusx-certificate")
    assert {"晋城市", "忻州市", "抚顺市", "承德市"} <= cert
    group = [d for k, d in res.assignments.values() if k == "program:school-group-1plusx"]
    assert group and all("证书" not in d.surface for d in group)


def test_rule_keys_are_explainable_steps():
    assert program_key("“三零”单位创建工作") == ("三零单位创建", ["strip-quotes", "strip-ending:工作"])
    assert title_key("《教育信息化 2.0行动计划》") == "教育信息化2.0行动计划"
    assert title_key("〈深化新时代教育评价改革总体方案〉") == "深化新时代教育评价改革总体方案"


def test_titles_merge_across_cities_with_and_without_brackets(resolved):
    pairs, res = resolved
    cities = _cities(pairs, res, "work:深化新时代教育评价改革总体方案")
    assert len(cities) >= 3


def test_nested_citation_points_to_its_parent(resolved):
    _, res = resolved
    inner = [e for e in res.entities.values() if e.parent]
    assert any(e.parent == "work:山西省贯彻落实《深化新时代教育评价改革总体方案》工作措施" for e in inner)


def test_explain_lists_the_decisions(resolved):
    _, res = resolved
    [(entity, decisions)] = [x for x in explain(res, "县管校聘") if x[0].curated]
    assert entity.key == "program:county-managed-school-hired"
    assert {d.rule for d in decisions} == {"lexicon"}
    assert any("中小学教师“县管校聘”管理改革" in d.detail for d in decisions)


def test_build_entities_feeds_the_graph_builder(resolved):
    _, res = resolved
    ents = build_entities(res)
    assert len(ents) == len(res.assignments)
    assert all(str(e.iri).startswith("https://w3id.org/edupolicy/id/") for e in ents.values())


def test_only_build_entities_knows_both_entity_types():
    """kg.build.Entity (the graph's contract) and loaders.resolve.Entity meet in one function."""
    import ast

    root = Path(__file__).resolve().parent.parent
    both = []
    for path in sorted([*root.glob("kg/**/*.py"), *root.glob("loaders/**/*.py"), *root.glob("explorer/**/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        froms = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        defines = any(isinstance(n, ast.ClassDef) and n.name == "Entity" for n in tree.body)
        knows_build = ("kg.build", "Entity") in froms
        knows_resolve = ("loaders.resolve", "Entity") in froms or (defines and path.name == "resolve.py")
        if knows_build and knows_resolve:
            both.append(path.relative_to(root).as_posix())
        if path.parts[-2] == "kg" or "kg" in path.relative_to(root).parts[:1]:
            assert ("loaders.resolve", "Entity") not in froms, f"{path}: kg must not know the resolver's Entity"
    assert both == ["loaders/resolve.py"]


def test_topics_reach_the_graph_apart_from_programmes(corpus_graph):
    from rdflib import RDF, SKOS

    from kg.vocab import EP

    g = corpus_graph
    topics = set(g.subjects(RDF.type, EP.Topic))
    zh = {str(o) for t in topics for o in g.objects(t, SKOS.prefLabel) if o.language == "zh"}
    assert {"劳动教育", "心理健康教育", "师德师风建设"} <= zh
    assert not topics & set(g.subjects(RDF.type, EP.Program))
    assert all(any(True for _ in g.subjects(EP.mentionsTopic, t)) for t in topics)
