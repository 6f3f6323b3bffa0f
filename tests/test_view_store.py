"""The analytics view read from an Oxigraph store, and the copy the build keeps beside it."""

from __future__ import annotations

import json
import pickle

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from typer.testing import CliRunner

from kg.analytics.triples import csv_rows
from kg.analytics.view import read_view, read_view_file, read_view_store
from kg.analytics.view_cache import load_view, save_view, view_path
from kg.cli import app
from kg.errors import KgError
from kg.manifest import manifest_path, read_manifest, write_manifest
from kg.pipeline_store import build_to_store
from kg.vocab import EP

ID = "https://w3id.org/edupolicy/id/"


def _store(g: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_the_store_gives_the_view_the_graph_gives(corpus_graph):
    view = read_view_store(_store(corpus_graph))
    assert len(view.measures) == 194
    assert view == read_view(corpus_graph)
    assert read_view_store(_store(corpus_graph), curated_only=True) == read_view(corpus_graph, curated_only=True)


AWKWARD = ['引号"与\\反斜杠', "换行\n与\t制表\r回车", "𠀋𪚥 beyond the BMP", "plain", "'single' quotes",
           "\\u0041 stays literal", "逗号, \"引号\", 逗号", " leading and trailing spaces ", '"quoted whole"',
           "_:not a blank node", "<not an IRI>", "分页\x0c与\u2028行分隔", "@zh"]


def _awkward_graph() -> Graph:
    """Cities, documents, measures, programmes, departments and targets with every awkward case the readers
    must agree on: escapes and CSV specials in titles, @en beside @zh, typed numbers, two values of one
    property, a document without a city, links to literals and blank nodes, a target without a value."""
    g = Graph()
    node = lambda path: URIRef(ID + path)  # noqa: E731
    city, province, plan, summary, orphan = (node(p) for p in ("city/1", "province/1", "document/p", "document/s",
                                                                "document/o"))
    g.add((city, RDF.type, EP.City))
    g.add((city, RDFS.label, Literal("甲市", lang="zh")))
    g.add((city, RDFS.label, Literal("Jia", lang="en")))
    g.add((city, EP.province, province))
    g.add((province, RDFS.label, Literal("乙省", lang="zh-CN")))
    g.add((city, EP.latitude, Literal("39.50", datatype=XSD.decimal)))
    g.add((city, EP.longitude, Literal("116", datatype=XSD.integer)))
    for doc, year in ((plan, Literal(2021)), (summary, Literal("2022", datatype=XSD.gYear)), (orphan, Literal(2023))):
        g.add((doc, RDF.type, EP.PolicyDocument))
        g.add((doc, EP.year, year))
    g.add((summary, RDF.type, EP.WorkSummary))
    g.add((plan, EP.city, city))
    g.add((summary, EP.city, city))
    for i, text in enumerate(AWKWARD):
        m = node(f"document/p/m{i}")
        g.add((m, RDF.type, EP.Measure))
        g.add((m, EP.document, plan if i % 2 else summary))
        g.add((m, EP.path, Literal(f"1.0.{i}")))
        g.add((m, DCTERMS.title, Literal(text, lang="zh")))
        g.add((m, DCTERMS.title, Literal("English " + text, lang="en")))
        g.add((m, EP.text, Literal(text)))
    bare, english, two, lost = (node(f"document/p/{n}") for n in ("bare", "english", "two", "lost"))
    for m, doc in ((bare, plan), (english, plan), (two, summary), (lost, orphan)):
        g.add((m, RDF.type, EP.Measure))
        g.add((m, EP.document, doc))
    g.add((english, DCTERMS.title, Literal("only English", lang="en-GB")))
    g.add((english, DCTERMS.title, Literal("", lang="zh")))  # an empty title is none (CSV cannot tell it from none)
    g.add((two, DCTERMS.title, Literal("乙 title", lang="zh")))
    g.add((two, DCTERMS.title, Literal("甲 title")))
    g.add((lost, DCTERMS.title, Literal("a measure of a document without a city", lang="zh")))
    lexicon, rule, theme, dept = node("program/lexicon"), node("program/rule"), node("theme/1"), node("department/1")
    g.add((lexicon, SKOS.prefLabel, Literal("县管校聘", lang="zh")))
    g.add((lexicon, SKOS.prefLabel, Literal("County hiring", lang="en")))
    g.add((lexicon, EP.curated, Literal(True)))
    g.add((lexicon, SKOS.broader, theme))
    g.add((rule, RDFS.label, Literal("规则找到的项目")))
    g.add((dept, SKOS.prefLabel, Literal("教育局", lang="zh")))
    g.add((dept, EP.bureauOf, city))
    m0, m1 = node("document/p/m0"), node("document/p/m1")
    for m, o in ((m0, lexicon), (m1, rule), (two, lexicon), (lost, lexicon), (m0, Literal("a literal")),
                 (m1, BNode())):
        g.add((m, EP.mentions, o))
    for m, o in ((m0, dept), (m1, Literal("a literal unit"))):
        g.add((m, EP.responsibleUnit, o))
    target, result, empty = node("document/p/m0/t/1"), node("document/p/m1/r/1"), node("document/p/m1/r/2")
    g.add((m0, EP.hasTarget, target))
    g.add((m1, EP.hasResult, result))
    g.add((m1, EP.hasResult, empty))
    g.add((m1, EP.hasTarget, result))  # one node both a target and a result: two quantities
    for p, o in ((EP.value, Literal("47.50", datatype=XSD.decimal)), (EP.unit, Literal("%")),
                 (EP.metric, Literal('入学率, "毛"')), (EP.comparator, Literal("atLeast")),
                 (EP.normalisedValue, Literal("47.5", datatype=XSD.double)), (EP.baseUnit, Literal("%")),
                 (EP.metricConcept, node("metric/enrolment")), (EP.deadline, Literal("2025", datatype=XSD.gYear))):
        g.add((target, p, o))
    for p, o in ((EP.value, Literal("98.6", datatype=XSD.decimal)), (EP.value, Literal("10.0", datatype=XSD.decimal)),
                 (EP.unit, Literal("次")), (EP.unit, Literal("%")), (EP.metric, Literal("回头看"))):
        g.add((result, p, o))
    g.add((empty, EP.unit, Literal("%")))
    return g


def test_every_reader_gives_the_same_view_of_awkward_literals(tmp_path):
    g = _awkward_graph()
    view = read_view(g)
    files = []
    for fmt, suffix in (("nt", ".nt"), ("turtle", ".ttl")):
        files.append(tmp_path / f"g{suffix}")
        g.serialize(files[-1], format=fmt, encoding="utf-8")
    assert read_view_store(_store(g)) == view
    assert all(read_view_file(path) == view for path in files)
    assert read_view_store(_store(g), curated_only=True) == read_view(g, curated_only=True)

    titles = {m.iri.rsplit("/", 1)[1]: m.title for m in view.measures}
    assert sorted(titles[f"m{i}"] for i in range(len(AWKWARD))) == sorted(AWKWARD)
    assert {m.text for m in view.measures if m.text} == set(AWKWARD)
    assert (titles["bare"], titles["english"], titles["two"]) == ("", "only English", "乙 title")  # 乙 U+4E59 < 甲 U+7532
    assert "lost" not in titles  # its document has no ep:city
    assert {m.kind for m in view.measures if m.document.endswith("/s")} == {"summary"}
    assert {m.year for m in view.measures} == {2021, 2022}
    city = view.cities["甲市"]
    assert (city.province, city.latitude, city.longitude) == ("乙省", 39.5, 116.0)
    assert {p.label: (p.label_en, p.curated) for p in view.programmes.values()} == {
        "县管校聘": ("County hiring", True), "规则找到的项目": (None, False)}
    assert len(view.mentions) == 3 and [d.city for d in view.departments.values()] == ["甲市"]
    assert [(q.iri.rsplit("/", 2)[1], q.achieved, q.value, q.unit) for q in view.quantities] == [
        ("t", False, 47.5, "%"), ("r", False, 10.0, "%"), ("r", True, 10.0, "%")]  # of two values, the smaller
    first = view.quantities[0]
    assert (first.metric, first.normalised, first.concept, first.deadline) == (
        '入学率, "毛"', 47.5, ID + "metric/enrolment", "2025")


def test_two_cities_with_one_label_are_refused_from_the_store():
    g = _awkward_graph()
    g.add((URIRef(ID + "city/2"), RDF.type, EP.City))
    g.add((URIRef(ID + "city/2"), RDFS.label, Literal("甲市", lang="zh")))
    with pytest.raises(KgError, match="甲市"):
        read_view_store(_store(g))


def test_csv_rows_give_each_text_back_exactly():
    store = ox.Store()
    s = ox.NamedNode(ID + "s")
    for i, text in enumerate(AWKWARD + ["", "x\r\ny"]):
        store.add(ox.Quad(s, ox.NamedNode(f"{ID}p{i:02}"), ox.Literal(text)))
    rows = list(csv_rows(store, "SELECT ?p ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?p"))
    assert [o for _, o, _ in rows] == AWKWARD + ["", "x\r\ny"]
    assert {unbound for _, _, unbound in rows} == {""} and rows[0][0] == ID + "p00"


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus_dir):
    base = tmp_path_factory.mktemp("viewstore")
    build_to_store([corpus_dir], base / "g.nt", base / "store", cache_dir=base / "cache")
    return base


def test_the_build_keeps_its_view_beside_the_store_for_this_graph_only(built):
    store = built / "store"
    assert view_path(store).is_file()
    view = load_view(store)
    assert view is not None and view == read_view_store(ox.Store.read_only(str(store)))
    saved = manifest_path(store).read_bytes()
    try:  # the manifest of another graph (other files, another triple count): the pickled view is not trusted
        write_manifest(store, [], read_manifest(store)["triples"] + 1)
        assert load_view(store) is None
    finally:
        manifest_path(store).write_bytes(saved)
    assert load_view(store) == view
    view_path(store).write_bytes(b"not a pickle")
    assert load_view(store) is None
    assert save_view(store, view) == view_path(store) and load_view(store) == view
    key, _ = pickle.loads(view_path(store).read_bytes())
    assert key == read_manifest(store)


def test_kg_analyze_answers_the_same_from_the_store_and_from_the_file(built, tmp_path):
    runner = CliRunner()
    for src, out in ((built / "store", tmp_path / "s.json"), (built / "g.nt", tmp_path / "f.json")):
        result = runner.invoke(app, ["analyze", str(src), "--json", str(out)])
        assert result.exit_code == 0, result.output
    from_store, from_file = (json.loads((tmp_path / n).read_text(encoding="utf-8")) for n in ("s.json", "f.json"))
    assert from_store == from_file
    assert len(from_store["similar_measures"]["links"]) > 20


def test_kg_analyze_refuses_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "CURRENT").write_text("garbage")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "error" in result.output
