"""The analytics view read from an Oxigraph store, and the copy the build keeps beside it."""

from __future__ import annotations

import json
import pickle

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from typer.testing import CliRunner

from kg.analytics.triples import tsv_term
from kg.analytics.view import read_view, read_view_store
from kg.analytics.view_cache import load_view, save_view, view_path
from kg.cli import app
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


AWKWARD = ['引号"与\\反斜杠', "换行\n与\t制表\r回车", "𠀋𪚥 beyond the BMP", "plain", "'single' quotes", "\\u0041 stays literal"]


def test_awkward_literals_survive_the_tsv_round_trip():
    g = Graph()
    city, doc = URIRef(ID + "city/1"), URIRef(ID + "document/1")
    g.add((city, RDF.type, EP.City))
    g.add((city, RDFS.label, Literal("甲市", lang="zh")))
    g.add((city, EP.latitude, Literal("39.5", datatype=XSD.decimal)))
    g.add((doc, RDF.type, EP.PolicyDocument))
    g.add((doc, EP.city, city))
    g.add((doc, EP.year, Literal(2021)))
    for i, text in enumerate(AWKWARD):
        m = URIRef(f"{ID}document/1/m{i}")
        g.add((m, RDF.type, EP.Measure))
        g.add((m, EP.document, doc))
        g.add((m, EP.path, Literal(f"1.0.{i}")))
        g.add((m, DCTERMS.title, Literal(text, lang="zh")))
        g.add((m, DCTERMS.title, Literal("English " + text, lang="en")))
        g.add((m, EP.text, Literal(text)))
    view = read_view_store(_store(g))
    assert view == read_view(g)
    assert sorted(m.title for m in view.measures) == sorted(AWKWARD)
    assert view.cities["甲市"].latitude == 39.5


@pytest.mark.parametrize("cell, lex, lang, kind", [
    ('"a\\tb\\u00e9\\U0001F600"', "a\tbé😀", None, "string"),
    ('"x"@en-GB', "x", "en-GB", None),
    ('"2021"^^<http://www.w3.org/2001/XMLSchema#gYear>', "2021", None, "gYear"),
    ("12", "12", None, "integer"), ("-1.5", "-1.5", None, "decimal"), ("1.0E3", "1.0E3", None, "double"),
    ("true", "true", None, "boolean")])
def test_tsv_terms_decode_as_the_parser_reads_them(cell, lex, lang, kind):
    term = tsv_term(cell)
    assert (term.lex, term.lang) == (lex, lang)
    assert (term.datatype or "").endswith(kind or "") and (term.datatype is None) == (kind is None)


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
