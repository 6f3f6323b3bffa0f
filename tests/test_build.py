"""The RDF graph of the corpus: contract, provenance, determinism, resilience to bad files."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from kg.build import build_graph
from kg.cli import app
from kg.pipeline import build_corpus
from kg.vocab import EP
from loaders.normalise import normalise_str

# (file, kind, year, city, province, 文号, issued, measures) — read off the printed documents.
EXPECTED = [
    ("000_83ca8e01c31c7e70.txt", "WorkPlan", 2021, "晋城市", "山西省", None, "2021-03-08", 35),
    ("001_6d41f039740db764.txt", "WorkPlan", 2023, "忻州市", "山西省", "忻教发〔2023〕1号", "2023-03-15", 28),
    ("002_ed8192ea9db54648.txt", "WorkPlan", 2021, "抚顺市", "辽宁省", "抚教发〔2021〕1号", "2021-02-22", 30),
    ("003_18d3cb622f102b8f.txt", "WorkPlan", 2021, "四平市", "吉林省", None, None, 35),
    ("004_1ac5cf17bd611ec8.txt", "WorkSummary", 2020, "承德市", "河北省", "承教发〔2021〕1号", "2021-04-06", 32),
    ("004_1ac5cf17bd611ec8.txt", "WorkPlan", 2021, "承德市", "河北省", "承教发〔2021〕1号", "2021-04-06", 34),
]


def _docs(g: Graph):
    return sorted(g.subjects(RDF.type, EP.PolicyDocument))


def _doc(g: Graph, file: str, kind: str) -> URIRef:
    hits = [d for d in _docs(g) if str(g.value(d, EP.sourceFile)) == file and (d, RDF.type, EP[kind]) in g]
    assert len(hits) == 1, f"{file}: expected one {kind}, found {len(hits)}"
    return hits[0]


@pytest.mark.parametrize("file,kind,year,city,province,number,issued,measures", EXPECTED)
def test_each_document_has_the_printed_metadata(corpus_graph, file, kind, year, city, province, number, issued,
                                                measures):
    g = corpus_graph
    d = _doc(g, file, kind)
    assert g.value(d, EP.year).toPython() == year
    c = g.value(d, EP.city)
    assert str(g.value(c, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == city
    p = g.value(c, EP.province)
    assert str(g.value(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == province
    assert (str(g.value(d, EP.documentNumber)) if g.value(d, EP.documentNumber) else None) == number
    assert (str(g.value(d, DCTERMS.issued)) if g.value(d, DCTERMS.issued) else None) == issued
    assert len(set(g.subjects(EP.document, d)) & set(g.subjects(RDF.type, EP.Measure))) == measures


def test_exactly_the_six_documents_and_no_more(corpus_graph):
    assert len(_docs(corpus_graph)) == 6


def test_rebuild_gives_an_isomorphic_graph_with_the_same_iris(corpus_dir, corpus_graph):
    again = build_corpus([corpus_dir]).graph
    assert isomorphic(again, corpus_graph)
    assert set(again.subjects()) == set(corpus_graph.subjects())


@settings(max_examples=4, deadline=None)
@given(st.randoms(use_true_random=False))
def test_graph_does_not_depend_on_document_order(corpus_documents, rnd: random.Random):
    docs = [d for ds in corpus_documents.values() for d in ds]
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    assert set(build_graph(shuffled)) == set(build_graph(docs))


def test_every_fact_has_evidence_pointing_at_its_source_characters(corpus_build, corpus_dir):
    g = corpus_build.graph
    raw = {d.source.name: d.text.raw for d in corpus_build.documents}
    # extracted facts; an ep:similarTo link's evidence is the build's score between two measures, its span
    # the whole source measure's (tests/test_links.py checks it)
    evidence = [ev for ev in g.subjects(RDF.type, EP.Evidence) if g.value(ev, RDF.predicate) != EP.similarTo]
    assert len(evidence) > 500
    for ev in evidence:
        s, e = g.value(ev, EP.startOffset).toPython(), g.value(ev, EP.endOffset).toPython()
        source = raw[str(g.value(ev, EP.sourceFile))][s:e]
        surface = str(g.value(ev, EP.surface))
        assert "".join(normalise_str(source).split()) == "".join(surface.split()), ev
        assert surface.replace(" ", "")[:4] in str(g.value(ev, EP.sentence)).replace(" ", "")
        subj, pred, obj = (g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object))
        assert (subj, pred, obj) in g


def test_every_contract_fact_is_backed_by_evidence(corpus_graph):
    g = corpus_graph
    for pred in (EP.mentions, EP.cites, EP.responsibleUnit, EP.hasTarget):
        facts = set(g.subject_objects(pred))
        assert facts, f"no {pred} facts at all"
        backed = {(g.value(ev, RDF.subject), g.value(ev, RDF.object)) for ev in g.subjects(RDF.predicate, pred)}
        assert facts == backed, f"{pred}: {len(facts - backed)} facts without evidence"


def test_one_department_node_however_it_is_written_within_a_city(corpus_graph):
    g = corpus_graph
    by_label = {str(lbl): dep for dep, lbl in g.subject_objects(SKOS.altLabel) if (dep, RDF.type, EP.Department) in g}
    assert by_label["基教科"] == by_label["基础教育科"]
    assert by_label["体卫艺（国防教育办）"] == by_label["体卫艺科（国防教育办）"]
    assert by_label["基教科"] != by_label["职成教科"]
    collective = {str(g.value(c, SKOS.prefLabel)) for c in g.subjects(RDF.type, EP.CollectiveUnit)}
    assert {"局各科室", "局相关科室", "局机关各科室（馆、站）"} <= collective


def test_departments_of_different_cities_are_different_nodes(corpus_graph):
    g = corpus_graph
    cities = {g.value(dep, EP.bureauOf) for dep in g.subjects(RDF.type, EP.Department)}
    assert len(cities) == 2  # only 抚顺 and 承德 print responsible units
    for dep in g.subjects(RDF.type, EP.Department):
        assert len(set(g.objects(dep, EP.bureauOf))) == 1


def test_a_programme_named_in_every_city_is_one_node(corpus_graph):
    g = corpus_graph
    hits = [p for p, lbl in g.subject_objects(SKOS.prefLabel) if str(lbl) == "县管校聘"]
    assert len(hits) == 1
    cities = {g.value(g.value(m, EP.document), EP.city) for m in g.subjects(EP.mentions, hits[0])}
    assert len(cities) == 5


def test_graph_conforms_to_the_shacl_shapes(corpus_graph):
    from kg.validate import validate

    assert validate(corpus_graph) == ()


def test_shacl_reports_a_measure_without_a_document(corpus_graph):
    from kg.validate import validate

    g = Graph()
    for t in corpus_graph:
        g.add(t)
    m = next(iter(g.subjects(RDF.type, EP.Measure)))
    g.remove((m, EP.document, None))
    violations = validate(g)
    assert any(v.focus == str(m) and v.path.endswith("#document") for v in violations)


def test_one_bad_file_never_aborts_the_batch(tmp_path: Path, corpus_dir: Path):
    for f in corpus_dir.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "prose.txt").write_text("这是一段普通的文字，没有任何工作要点的结构。", encoding="utf-8")
    result = build_corpus([tmp_path])
    assert len(result.documents) == 6
    skipped = dict(result.skipped)
    assert set(skipped) == {"empty.txt", "binary.txt", "prose.txt"}
    assert all(reason for reason in skipped.values())


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_cli_build_writes_each_format_and_lists_skipped_files(tmp_path: Path, corpus_dir: Path, suffix: str):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(corpus_dir / "002_ed8192ea9db54648.txt", src)
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / f"graph{suffix}"
    result = CliRunner().invoke(app, ["build", str(src), "--out", str(out), "--store", "", "--cache", ""])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.output and "1 skipped" in result.output
    g = Graph().parse(out)
    assert len(list(g.subjects(RDF.type, EP.Measure))) == 30
    assert (None, EP.documentNumber, Literal("抚教发〔2021〕1号")) in g


def test_cli_validate_and_stats(tmp_path: Path, corpus_graph):
    path = tmp_path / "g.ttl"
    corpus_graph.serialize(path, format="turtle")
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(path)])
    assert ok.exit_code == 0 and "conforms" in ok.output
    stats = runner.invoke(app, ["stats", str(path)])
    assert stats.exit_code == 0 and "承德市" in stats.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    res = runner.invoke(app, ["stats", str(bad)])
    assert res.exit_code == 1 and "bad.ttl" in res.output


def test_store_refuses_a_folder_that_is_not_a_store(tmp_path: Path):
    from kg.errors import StoreError
    from kg.stores.sparql import OxigraphStore

    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        OxigraphStore(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_sparql_parameters_bind_variables_used_in_filters_too(corpus_graph, tmp_path: Path):
    from kg.errors import QueryError
    from kg.stores.sparql import OxigraphStore, RdflibStore

    store = OxigraphStore(tmp_path / "store")
    store.write(corpus_graph)
    text = "SELECT ?c WHERE { ?c a ep:City ; rdfs:label ?n FILTER(STR(?n) = ?name) }"
    for st_ in (store, RdflibStore(corpus_graph)):
        assert st_.query(text, {"name": "承德市"}).rows == (("https://w3id.org/edupolicy/id/city/130800",),)
        assert st_.query(text, {"name": '承德市" } #'}).rows == ()  # a value is a term, never query text
        with pytest.raises(QueryError, match="refused"):
            st_.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_fast_ntriples_path_gives_the_same_graph_as_rdflib(corpus_build):
    from kg.build import build_graph, build_triples

    doc = corpus_build.documents[3]
    fast = Graph().parse(data=build_triples([doc]).ntriples(), format="nt")
    assert isomorphic(fast, build_graph([doc]))
    assert build_triples([doc]).ntriples() == build_triples([doc]).ntriples()
