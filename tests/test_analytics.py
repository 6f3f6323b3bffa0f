"""Analytics on hand-built graphs whose answers are known exactly, plus a corpus smoke test.

The toy: 甲市 (2020 and 2021), 乙市 (2021), 丙市 (2022).
甲 names p1+p2 in one 2020 measure and p3 in 2021; 乙 names p1+p2 together; 丙 names p1+p4 together.
Sets: 甲 {p1 p2 p3}, 乙 {p1 p2}, 丙 {p1 p4}; df p1=3, p2=2, p3=p4=1.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.analytics import (
    add_similarity,
    adoption,
    city_communities,
    city_pairs,
    city_programme_graph,
    cooccurrence_graph,
    department_centrality,
    diffusion_curve,
    most_similar,
    new_programmes,
    programme_centrality,
    read_view,
    shared_chain,
    similar_measures,
)
from kg.analytics.html import render_html
from kg.analytics.report import summarise
from kg.analytics.targets import metric_tables, result_vs_target
from kg.analytics.textsim import THRESHOLD, tfidf
from kg.errors import KgError
from kg.iri import digest
from kg.vocab import EP

ID = "https://w3id.org/edupolicy/id/"
P = {n: URIRef(f"{ID}program/p{n}") for n in range(1, 6)}


class Toy:
    """A small graph in the builder's shape, written triple by triple."""

    def __init__(self) -> None:
        self.g = Graph()
        self.n = 0

    def city(self, label: str, province: str = "某省") -> URIRef:
        c = URIRef(f"{ID}city/{digest(label, 6)}")
        prov = URIRef(f"{ID}province/{digest(province, 4)}")
        self.g.add((c, RDF.type, EP.City))
        self.g.add((c, RDFS.label, Literal(label, lang="zh")))
        self.g.add((c, EP.province, prov))
        self.g.add((prov, RDFS.label, Literal(province, lang="zh")))
        return c

    def doc(self, city: URIRef, year: int, summary: bool = False) -> URIRef:
        d = URIRef(f"{city}-{year}-{'summary' if summary else 'plan'}".replace("/city/", "/document/"))
        self.g.add((d, RDF.type, EP.PolicyDocument))
        self.g.add((d, RDF.type, EP.WorkSummary if summary else EP.WorkPlan))
        self.g.add((d, EP.city, city))
        self.g.add((d, EP.year, Literal(year, datatype=XSD.integer)))
        return d

    def measure(self, doc: URIRef, text: str, *programmes: int) -> URIRef:
        self.n += 1
        m = URIRef(f"{doc}/m1.0.{self.n}")
        for t in ((m, RDF.type, EP.Measure), (m, EP.document, doc), (m, EP.path, Literal(f"1.0.{self.n}")),
                  (m, DCTERMS.title, Literal(text[:6], lang="zh")), (m, EP.text, Literal(text, lang="zh"))):
            self.g.add(t)
        for n in programmes:
            self.g.add((m, EP.mentions, P[n]))
            self.g.add((P[n], RDF.type, EP.Program))
            self.g.set((P[n], SKOS.prefLabel, Literal(f"p{n}", lang="zh")))
            self.g.set((P[n], EP.curated, Literal(n != 4)))
        return m

    def quantity(self, m: URIRef, metric: str, value: float, unit: str, achieved: bool = False,
                 normalised: float | None = None, base: str | None = None) -> None:
        self.n += 1
        q = URIRef(f"{m}/{'r' if achieved else 't'}{self.n}")
        self.g.add((m, EP.hasResult if achieved else EP.hasTarget, q))
        self.g.add((q, EP.value, Literal(str(value), datatype=XSD.decimal)))
        self.g.add((q, EP.unit, Literal(unit)))
        self.g.add((q, EP.metric, Literal(metric)))
        self.g.add((q, EP.comparator, Literal("atLeast")))
        if normalised is not None:
            self.g.add((q, EP.normalisedValue, Literal(str(normalised), datatype=XSD.decimal)))
        self.g.add((q, EP.baseUnit, Literal(base or unit)))


@pytest.fixture()
def toy():
    t = Toy()
    a, b, c = t.city("甲市", "一省"), t.city("乙市", "二省"), t.city("丙市", "二省")
    a20, a21, b21, c22 = t.doc(a, 2020, summary=True), t.doc(a, 2021), t.doc(b, 2021), t.doc(c, 2022)
    t.m = {
        "a1": t.measure(a20, "推进课后服务全覆盖，提升课后服务质量", 1, 2),
        "a2": t.measure(a21, "实施县管校聘管理改革", 3),
        "b1": t.measure(b21, "推进课后服务全覆盖，提升课后服务质量", 1, 2),
        "c1": t.measure(c22, "加强校园足球特色学校建设", 1, 4),
    }
    dep = URIRef(f"{ID}department/b/basic")
    t.g.add((dep, RDF.type, EP.Department))
    t.g.add((dep, SKOS.prefLabel, Literal("基教科", lang="zh")))
    t.g.add((dep, EP.bureauOf, b))
    t.g.add((t.m["b1"], EP.responsibleUnit, dep))
    return t


def test_empty_graph_gives_empty_answers():
    v = read_view(Graph())
    assert (adoption(v), city_pairs(v), city_communities(v), similar_measures(v)) == ((), (), (), ())
    assert diffusion_curve(v) == () and new_programmes(v) == ()
    assert programme_centrality(v) == () and department_centrality(v) == ()
    assert metric_tables(v) == () and result_vs_target(v) == ()
    report = summarise(v)
    assert report["counts"]["cities"] == 0
    assert "<svg" not in render_html(report) and render_html(report).startswith("<!DOCTYPE html>")


def test_one_city_graph_is_its_own_community_with_no_pairs():
    t = Toy()
    t.city("甲市")
    v = read_view(t.g)
    assert city_pairs(v) == () and most_similar(v, "甲市") == ()
    assert city_communities(v) == (("甲市",),)
    assert shared_chain(v, "甲市", "甲市") == ("甲市",)
    assert city_programme_graph(v).number_of_nodes() == 1


def test_one_measure_graph_has_no_similar_measures():
    t = Toy()
    t.measure(t.doc(t.city("甲市"), 2021), "推进课后服务", 1)
    assert similar_measures(read_view(t.g), threshold=0.0) == ()


def test_adoption_ranks_by_reach_and_knows_first_years(toy):
    ranked = adoption(read_view(toy.g))
    assert [a.label for a in ranked] == ["p1", "p2", "p3", "p4"]
    p1 = ranked[0]
    assert [(c.city, c.year) for c in p1.cities] == [("甲市", 2020), ("乙市", 2021), ("丙市", 2022)]
    assert p1.provinces == ("一省", "二省") and p1.first_year == 2020 and p1.reach == 3
    assert ranked[1].reach == 2 and ranked[1].first_year == 2020


def test_diffusion_curve_is_cumulative_over_corpus_years(toy):
    v = read_view(toy.g)
    assert diffusion_curve(v, str(P[1])) == ((2020, 1), (2021, 2), (2022, 3))
    assert diffusion_curve(v, str(P[2])) == ((2020, 1), (2021, 2), (2022, 2))
    assert diffusion_curve(v, str(P[4])) == ((2020, 0), (2021, 0), (2022, 1))
    assert diffusion_curve(v) == ((2020, 1), (2021, 2), (2022, 3))


def test_new_programmes_name_the_cities_that_were_silent_before(toy):
    new = new_programmes(read_view(toy.g))
    assert [(n.adoption.label, n.adoption.first_year, n.silent_before) for n in new] == [
        ("p3", 2021, ("甲市",)), ("p4", 2022, ("乙市", "甲市"))]


def test_jaccard_and_weighted_scores_are_exact(toy):
    pairs = {(p.a, p.b): p for p in city_pairs(read_view(toy.g))}
    w1, w2, w_single = math.log(4 / 3), math.log(2), math.log(4)
    ab = pairs[("乙市", "甲市")]
    assert ab.jaccard == pytest.approx(2 / 3)
    assert ab.weighted == pytest.approx((w1 + w2) / (w1 + w2 + w_single))
    assert ab.shared == ("p2", "p1")  # the rarer programme makes them alike first
    ac = pairs[("丙市", "甲市")]
    assert ac.jaccard == pytest.approx(1 / 4)
    assert ac.weighted == pytest.approx(w1 / (w1 + w2 + 2 * w_single))
    assert pairs[("丙市", "乙市")].jaccard == pytest.approx(1 / 3)


def test_most_similar_puts_the_closest_city_first_and_refuses_unknown_cities(toy):
    v = read_view(toy.g)
    assert [p.b for p in most_similar(v, "甲市")] == ["乙市", "丙市"]
    with pytest.raises(KgError, match="戊市"):
        most_similar(v, "戊市")


def test_shared_chain_goes_through_a_programme_and_across_cities(toy):
    toy.measure(toy.doc(toy.city("丁市"), 2022), "足球", 4)
    toy.measure(toy.doc(toy.city("戊市"), 2022), "别的", 5)
    v = read_view(toy.g)
    assert shared_chain(v, "甲市", "乙市") == ("甲市", "p2", "乙市")  # p2 is rarer than p1
    assert shared_chain(v, "甲市", "丁市") == ("甲市", "p1", "丙市", "p4", "丁市")
    assert shared_chain(v, "甲市", "戊市") == ()


def test_cooccurrence_centrality_is_exact(toy):
    v = read_view(toy.g)
    g = cooccurrence_graph(v)
    assert g[str(P[1])][str(P[2])]["weight"] == 2 and g[str(P[1])][str(P[2])]["cities"] == ["乙市", "甲市"]
    top = programme_centrality(v)[0]
    assert (top.label, top.betweenness, top.degree) == ("p1", pytest.approx(1 / 3), pytest.approx(2 / 3))
    (dep,) = department_centrality(v)
    assert (dep.label, dep.city, dep.neighbours) == ("基教科", "乙市", 2)


def test_centrality_equals_networkx_exact_betweenness_on_the_corpus(corpus_graph):
    import networkx as nx

    from kg.analytics.projections import department_programme_graph

    v = read_view(corpus_graph)
    g = cooccurrence_graph(v)
    assert g.number_of_edges() > 0
    want = nx.betweenness_centrality(g)
    got = {c.node: c for c in programme_centrality(v)}
    assert set(got) == set(g.nodes)
    assert all(got[n].betweenness == pytest.approx(want[n], abs=1e-12) for n in g.nodes)
    assert any(b > 0 for b in want.values())
    for city in v.cities:  # each city's department graph on its own
        h = department_programme_graph(v, city)
        if h.number_of_edges() == 0:
            continue
        want = nx.betweenness_centrality(h)
        degree = nx.degree_centrality(h)
        for c in department_centrality(v, city):
            assert (c.betweenness, c.degree) == (pytest.approx(want[c.node], abs=1e-12), pytest.approx(degree[c.node]))


def test_report_ranks_similar_cities_as_most_similar_does(toy):
    v = read_view(toy.g)
    report = summarise(v)
    for city in v.cities:
        assert [p["b"] for p in report["most_similar"][city]] == [p.b for p in most_similar(v, city, k=3)]


def test_communities_separate_cities_that_share_nothing():
    t = Toy()
    for city, progs in (("甲市", (1, 2)), ("乙市", (1, 2)), ("丙市", (4, 5)), ("丁市", (4, 5))):
        t.measure(t.doc(t.city(city), 2021), "x", *progs)
    assert city_communities(read_view(t.g)) == (("丁市", "丙市"), ("乙市", "甲市"))


def test_similar_measures_link_other_cities_only(toy):
    a21 = toy.g.value(toy.m["a2"], EP.document)
    twin = toy.measure(a21, "推进课后服务全覆盖，提升课后服务质量")  # same text, same city as a1
    links = similar_measures(read_view(toy.g), threshold=0.5)
    b1 = str(toy.m["b1"])
    assert sorted((l.source, l.target, l.score) for l in links) == sorted(
        (*sorted((x, b1)), 1.0) for x in (str(toy.m["a1"]), str(twin)))


def test_fast_path_links_what_the_exact_path_links_on_a_toy(toy):
    a21 = toy.g.value(toy.m["a2"], EP.document)
    toy.measure(a21, "推进课后服务全覆盖，提升课后服务质量")
    v = read_view(toy.g)
    assert similar_measures(v, threshold=0.5, exact=False) == similar_measures(v, threshold=0.5, exact=True)


def test_fast_path_finds_the_exact_top_pairs_on_the_corpus(corpus_graph):
    v = read_view(corpus_graph)
    exact = {(l.source, l.target): l.score for l in similar_measures(v, exact=True)}
    fast = similar_measures(v, exact=False)
    found = {(l.source, l.target) for l in fast}
    assert len(exact) > 50 and len(found & set(exact)) / len(exact) >= 0.95
    assert all(exact[p] == l.score for l in fast if (p := (l.source, l.target)) in exact)  # exact re-scoring
    assert similar_measures(v, exact=False) == fast  # seeded: the same links every run


def test_fast_path_visiting_a_few_of_many_lists_finds_the_exact_top_pairs_and_scores():
    # 2,000 measures in 20 families of variants (three characters in ten changed) across 40 cities:
    # ~31 k-means lists, of which a measure visits PROBES.  Visiting its own list only finds 87% of
    # the exact pairs; two lists 99%; four all of them.
    import random

    from kg.analytics import ann
    from kg.analytics.view import MeasureRow, View

    rng = random.Random(1)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 400)]
    stems = ["".join(rng.choices(alphabet, k=60)) for _ in range(20)]
    rows = []
    for i in range(2000):
        text = "".join(ch if rng.random() > 0.3 else rng.choice(alphabet) for ch in rng.choice(stems))
        rows.append(MeasureRow(f"{ID}m/{i:05d}", f"{ID}d", f"市{rng.randrange(40)}", 2021, "plan", "", "", text))
    v = View(measures=tuple(rows))
    assert round(len(rows) / ann.LIST_SIZE) > 4 * ann.PROBES
    exact = {(l.source, l.target): l.score for l in similar_measures(v, exact=True)}
    fast = similar_measures(v, exact=False)
    found = {(l.source, l.target) for l in fast}
    assert len(exact) > 3000 and len(found & set(exact)) / len(exact) >= 0.97
    assert all(exact[p] == l.score for l in fast if (p := (l.source, l.target)) in exact)
    assert similar_measures(v, exact=False) == fast


def test_tfidf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["推进课后服务全覆盖", "课后服务质量提升", "县管校聘管理改革", "推进县管校聘", "", "校"] * 6
    ours = tfidf(texts)
    ref = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, max_df=0.5,
                          lowercase=False).fit_transform(texts)
    assert abs((ours @ ours.T).toarray() - (ref @ ref.T).toarray()).max() < 1e-5


def test_tfidf_matches_scikit_learn_across_blocks_with_a_huge_alphabet():
    # Over 2^17 distinct characters make a 3-gram key 54 bits wide, which leaves room for the rows
    # of only 512 texts per sorted block: these 1,500 texts are counted in three blocks.
    import random

    from sklearn.feature_extraction.text import TfidfVectorizer

    rare = [chr(c) for c in range(0x100, 0x24000) if not 0xD800 <= c < 0xE000 and not chr(c).isspace()]
    assert len(rare) > 1 << 17
    rng = random.Random(0)
    common = "推进课后服务全覆盖县管校聘管理改革"
    texts = ["".join(rare[i:i + 97]) + "".join(rng.choices(common, k=rng.randrange(20)))
             for i in range(0, len(rare), 97)] + ["", "校"]
    ours = tfidf(texts)
    ref = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, max_df=0.5,
                          lowercase=False).fit_transform(texts)
    assert ours.nnz == ref.nnz
    assert abs((ours @ ours.T).toarray() - (ref @ ref.T).toarray()).max() < 1e-5


def test_similarity_links_reach_rdf_and_the_neo4j_plan_idempotently(toy):
    from kg.stores.neo4j_plan import plan_load

    links = similar_measures(read_view(toy.g), threshold=0.5)
    add_similarity(toy.g, links)
    size = len(toy.g)
    add_similarity(toy.g, links)
    assert len(toy.g) == size
    assert (toy.m["a1"], EP.similarTo, toy.m["b1"]) in toy.g
    plan = plan_load(toy.g)
    rels = [r for part in (*(d.batch for d in plan.documents), plan.links) for r in part.rels if r.type == "SIMILAR_TO"]
    assert [r.props["score"] for r in rels] == [1.0]


def test_metric_tables_merge_wordings_of_one_metric_and_compare_units(toy):
    a20 = toy.m["a1"]
    a21, b21, c22 = toy.m["a2"], toy.m["b1"], toy.m["c1"]
    toy.quantity(a20, "在普惠园就读比例", 80.5, "%", achieved=True)
    toy.quantity(a21, "普惠性幼儿园覆盖率", 82, "%")
    toy.quantity(b21, "普惠性幼儿园学位覆盖率", 85, "%")
    toy.quantity(b21, "普惠性幼儿园覆盖率提高", 3, "个百分点")
    toy.quantity(c22, "公办园在园幼儿占比", 50, "%")
    toy.quantity(a20, "学生资助资金", 4.92, "亿元", achieved=True, normalised=492000000, base="元")
    toy.quantity(a21, "学生资助资金", 40000, "万元", normalised=400000000, base="元")
    v = read_view(toy.g)
    tables = {t.label: t for t in metric_tables(v)}
    pub = tables["普惠性幼儿园覆盖率"]
    assert [(r.city, r.year, r.kind, r.comparable, r.change) for r in pub.rows] == [
        ("乙市", 2021, "target", 3.0, True), ("乙市", 2021, "target", 85.0, False),
        ("甲市", 2020, "result", 80.5, False), ("甲市", 2021, "target", 82.0, False)]
    assert tables["公办园在园幼儿占比"].cities == ("丙市",)
    got = {(r.metric, r.result, r.target, r.base_unit) for r in result_vs_target(v)}
    assert got == {("普惠性幼儿园覆盖率", 80.5, 82.0, "%"), ("学生资助资金", 492000000.0, 400000000.0, "元")}


def test_corpus_smoke(corpus_graph, tmp_path):
    v = read_view(corpus_graph)
    assert len(v.cities) == 5 and len(v.measures) > 150
    top = adoption(v)[0]
    assert top.reach == 5 and top.first_year == 2020  # 承德's 2020 summary is the earliest document
    assert len(city_pairs(v)) == 10
    links = {(v.by_iri()[l.source].title, v.by_iri()[l.target].title) for l in similar_measures(v)}
    assert any({"加强语言文字工作", "做好语言文字工作"} == set(p) for p in links)
    # just below the threshold: two measures that share only party boilerplate
    assert not any("五中全会" in a and "十四五" in b or "十四五" in a and "五中全会" in b for a, b in links)
    tables = {t.label: t for t in metric_tables(v)}
    assert len(tables["普惠性幼儿园覆盖率"].cities) >= 3


@pytest.mark.parametrize("suffix", [".nt", ".ttl"])
def test_reading_only_the_needed_triples_from_a_file_gives_the_same_view(corpus_graph, tmp_path, suffix):
    from kg.analytics.view import read_view_file
    from kg.io import write_graph

    path = write_graph(corpus_graph, tmp_path / f"g{suffix}")
    assert read_view_file(path) == read_view(corpus_graph)
    assert read_view_file(path, curated_only=True) == read_view(corpus_graph, curated_only=True)


def test_grep_prefilter_keeps_every_needed_line_the_python_filter_keeps(corpus_graph, tmp_path):
    from kg.analytics.triples import _nt_lines
    from kg.io import write_graph

    path = write_graph(corpus_graph, tmp_path / "g.nt")
    grepped, looped = _nt_lines(path), _nt_lines(path, use_grep=False)
    assert 0 < len(grepped) < path.stat().st_size  # it does drop provenance lines
    assert set(looped.splitlines()) <= set(grepped.splitlines()) | {b""}
    # a tab-separated line with a needed predicate survives too
    tabbed = tmp_path / "t.nt"
    tabbed.write_bytes(b'<x:a>\t<https://w3id.org/edupolicy/ontology#path>\t"1.0.1" .\n<x:a> <x:other> "z" .\n')
    assert _nt_lines(tabbed) == b'<x:a>\t<https://w3id.org/edupolicy/ontology#path>\t"1.0.1" .\n'


def test_reading_a_missing_or_broken_file_names_it(tmp_path):
    from kg.analytics.view import read_view_file

    with pytest.raises(KgError, match="nope.nt"):
        read_view_file(tmp_path / "nope.nt")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(KgError, match="bad.ttl"):
        read_view_file(bad)


def test_cli_writes_json_and_self_contained_html(toy, tmp_path):
    src = tmp_path / "toy.ttl"
    toy.g.serialize(src, format="turtle")
    out, html = tmp_path / "a.json", tmp_path / "a.html"
    subprocess.run([sys.executable, "-m", "kg.cli_analyze", str(src), "--json", str(out), "--report", str(html)],
                   check=True, capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["adoption"][0]["label"] == "p1" and data["counts"]["measures"] == 4
    page = html.read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page and "<link" not in page
    assert "src=\"http" not in page and "href=\"http" not in page


def test_threshold_is_the_documented_one():
    assert THRESHOLD == 0.15
