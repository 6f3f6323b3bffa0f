"""``kg push`` against a real Fuseki: one named graph per document, replaced alone.

Needs ``eval "$(scripts/fuseki-dev start)"`` (FUSEKI_URL); skipped otherwise.
"""

from __future__ import annotations

import os
import shutil

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline_store import build_to_store, document_triples
from kg.push import SHARED_GRAPH, delete_graph, document_graphs, split, sparql_select

FUSEKI_URL = os.environ.get("FUSEKI_URL")
needs_fuseki = pytest.mark.skipif(
    not FUSEKI_URL, reason='FUSEKI_URL not set: run eval "$(scripts/fuseki-dev start)" or point it at a Fuseki dataset'
)
PREFIX = "https://w3id.org/edupolicy/id/"


def test_split_keeps_a_documents_own_triples_and_shares_the_rest():
    doc = "https://w3id.org/edupolicy/id/document/130800-2021-plan"
    chunk = (f"<{doc}> <p> <{PREFIX}city/130800> .\n<{doc}/m1.0.1> <p> \"x\" .\n"
             f"<{doc}0/m1> <p> \"a look-alike prefix\" .\n<{PREFIX}city/130800> <p> \"承德市\" .\n").encode()
    own, shared = split(chunk, doc)
    assert [line.split()[0] for line in own] == [f"<{doc}>".encode(), f"<{doc}/m1.0.1>".encode()]
    assert len(shared) == 2


def test_document_graphs_partition_the_whole_graph(corpus_dir, tmp_path):
    chunks, _ = document_triples([corpus_dir], cache_dir=tmp_path / "cache")
    docs, shared = document_graphs(chunks)
    assert len(docs) == 6 and len({d.graph for d in docs}) == 6
    report = build_to_store([corpus_dir], tmp_path / "g.nt", None, cache_dir=tmp_path / "cache")
    assert sum(len(d.lines) for d in docs) + len(shared) == report.triples


def _counts() -> dict[str, int]:
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    return {r["g"]: int(r["n"]) for r in sparql_select(FUSEKI_URL, q) if r["g"].startswith(PREFIX)}


@pytest.mark.fuseki
@needs_fuseki
def test_push_then_replace_one_document(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    cache = str(tmp_path / "cache")
    runner = CliRunner()
    for g in _counts():
        delete_graph(FUSEKI_URL, g)
    try:
        result = runner.invoke(app, ["push", str(corpus), "--sparql-endpoint", FUSEKI_URL, "--cache", cache])
        assert result.exit_code == 0, result.output
        docs, shared = document_graphs(document_triples([corpus], cache_dir=tmp_path / "cache")[0])
        expected = {d.graph: len(d.lines) for d in docs} | {SHARED_GRAPH: len(shared)}
        assert _counts() == expected

        # one measure of 抚顺 loses its 责任单位 line: only that document's graph changes
        victim = next(corpus.glob("002_*.txt"))
        text = victim.read_text(encoding="utf-8")
        victim.write_text(text.replace("责任单位：宣传部\n", "", 1), encoding="utf-8")
        docs2, shared2 = document_graphs(document_triples([corpus], cache_dir=tmp_path / "cache")[0])
        fushun = next(d for d in docs2 if "/210400-" in d.document)
        result = runner.invoke(app, ["push", str(corpus), "--sparql-endpoint", FUSEKI_URL, "--cache", cache,
                                     "--document", fushun.document])
        assert result.exit_code == 0, result.output
        after = _counts()
        assert after[fushun.graph] == len(fushun.lines) < expected[fushun.graph]
        assert after[SHARED_GRAPH] == len(shared2)
        assert {g: n for g, n in after.items() if g not in (fushun.graph, SHARED_GRAPH)} == {
            g: n for g, n in expected.items() if g not in (fushun.graph, SHARED_GRAPH)}
    finally:
        for g in _counts():
            delete_graph(FUSEKI_URL, g)
