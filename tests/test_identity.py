"""Identity invariants of built graphs: one node per document, one per measure.

Two documents that mint the same document IRI merge silently: their measures
of the same path become one node with two titles and two texts.  The
``same_year`` pair reproduces it (a headerless 柳州 summary whose body names
石家庄 more often than 柳州, next to 石家庄's own summary of the same year).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF
from rdflib.namespace import DCTERMS

from kg.build import document_iri, measure_path
from kg.vocab import EP
from loaders.pipeline import load_file

DATA = Path(__file__).resolve().parent / "data"
SAME_YEAR = DATA / "same_year"


@pytest.fixture(scope="module")
def all_build(corpus_dir):
    from kg.pipeline import build_corpus

    return build_corpus([corpus_dir, DATA / "unseen", SAME_YEAR])


def test_headerless_summary_is_filed_under_its_province_city_not_a_city_it_visited():
    (doc,) = load_file(SAME_YEAR / "liuzhou_2022_summary_no_city_header.txt", SAME_YEAR)
    assert (doc.city, doc.city_code, doc.province) == ("柳州市", "450200", "广西壮族自治区")
    why = dict(doc.evidence)["city"]
    assert "石家庄 ×3" in why and "but not its province" in why and "柳州市 ×1" in why


def test_most_named_city_stays_when_the_body_names_its_province():
    # the body's own province is named: a city named more often elsewhere does not win by province alone
    from loaders.segment import _city

    body = "赴石家庄学习。石家庄经验。石家庄做法。河北省要求。柳州一次。广西一次。"
    city, _, _ = _city(body, body, (), "2022年工作总结")
    assert city.name == "石家庄市"


def test_documents_of_a_build_have_distinct_iris(all_build):
    counts = Counter(document_iri(d) for d in all_build.documents)
    assert len(all_build.documents) >= 19
    assert [str(k) for k, n in counts.items() if n > 1] == []


def test_measures_of_a_document_have_distinct_paths(all_build):
    for d in all_build.documents:
        paths = Counter(measure_path(s.ordinal, m) for s in d.sections for m in s.measures)
        assert [p for p, n in paths.items() if n > 1] == [], (d.source.name, d.index)


def test_every_measure_node_has_one_title_one_path_one_text(all_build):
    g = all_build.graph
    measures = set(g.subjects(RDF.type, EP.Measure))
    assert len(measures) > 250
    for pred in (DCTERMS.title, EP.path, EP.text, EP.document):
        bad = [str(m) for m in measures if len(set(g.objects(m, pred))) != 1]
        assert bad == [], (pred, bad[:3])
