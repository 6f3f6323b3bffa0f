"""The query catalogue: its files, parameter binding, and answers checked by reading the corpus.

The expected answers below were found by reading corpus/*.txt (grep), not by
running the queries; the Cypher twins are checked against these SPARQL answers
in tests/test_neo4j.py.
"""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.queries import bind_sparql, catalogue, get, parse_params

FIVE_CITIES = {"晋城市", "忻州市", "抚顺市", "四平市", "承德市"}


@pytest.fixture(scope="module")
def sparql(corpus_graph):
    from kg.stores.sparql import OxigraphStore

    st = OxigraphStore()
    st.write(corpus_graph)

    def run(name: str, **params):
        q = get(name)
        assert q is not None, name
        return st.query(bind_sparql(q.sparql, q.values(params)), limit=100_000).records()

    return run


def test_catalogue_has_twelve_or_more_documented_pairs():
    qs = catalogue()
    assert len(qs) >= 12
    for q in qs:
        assert " | " in q.title and q.question, q.name  # Chinese | English, and the question it answers
        assert "$" in q.cypher or not q.params, q.name
        for p in q.params:
            assert f"${p}" in q.cypher and f"?{p}_param" in q.sparql, (q.name, p)


def test_parameters_are_typed_and_checked():
    q = get("programmes_adopted")
    assert q.values({"min_cities": "3"}) == {"min_cities": 3, "limit": 100, "offset": 0}
    with pytest.raises(QueryError, match="whole number"):
        q.values({"min_cities": "three"})
    with pytest.raises(QueryError, match="no parameter"):
        q.values({"city": "承德市"})
    assert parse_params(["city=承德市", "a=b=c"]) == {"city": "承德市", "a": "b=c"}
    with pytest.raises(QueryError):
        parse_params(["city"])


def test_a_parameter_value_cannot_change_the_query(sparql):
    # a value that would close the string and the group if it were pasted into the text
    rows = sparql("shared_programmes", city='承德市" } } SELECT * WHERE { ?s ?p ?o } #')
    assert rows == []
    text = bind_sparql("SELECT ?x WHERE { ?x ?p ?city_param }", {"city": '"x'})
    assert 'VALUES (?city_param) { ("\\"x") }' in text


def test_plan_against_previous_summary_for_chengde(sparql):
    # 004, 2020 summary: 学前三年毛入园率达到91%; 2021 plan: 学前三年毛入园率达到92%
    rows = [r for r in sparql("plan_vs_summary", city="承德市") if r["metric"] == "学前三年毛入园率"]
    assert [(r["result_year"], r["result"], r["target_year"], r["target"]) for r in rows] == [(2020, 91.0, 2021, 92.0)]
    assert "91%" in rows[0]["result_sentence"] and "92%" in rows[0]["target_sentence"]


def test_plan_against_summary_pairs_on_the_metric_concept_and_base_unit(sparql):
    # Read in 004 (grep): 2020 summary vs 2021 plan, each pair worded differently or not:
    # 普惠园覆盖率80.5% / 在普惠园就读比例达到82%; 受助学生达142万人次 / 资助各级各类学生130万人次;
    # 资助资金4.92亿元 / 学生资助资金4亿元; 改扩建幼儿园37所 / 规划新建改扩建幼儿园10所;
    # 认定普惠园53所 / 认定普惠园10所; 省市级示范园达到103所 / 新增省级示范性幼儿园10所;
    # 职普招生比例稳定在4:6左右 / 职普招生结构比不低于4：6; and “培树100名市级名师、30名市级名校（园）长、
    # 30所市级名校（园）” in both years: 名 pairs with 名 and 所 with 所, never across.
    rows = sparql("plan_vs_summary", city="承德市")
    got = {(r["metric"], r["result"], r["result_unit"], r["target"], r["target_unit"]) for r in rows}
    assert got == {
        ("学前三年毛入园率", 91.0, "%", 92.0, "%"),
        ("普惠性幼儿园覆盖率", 80.5, "%", 82.0, "%"),
        ("学生资助", 1_420_000.0, "人次", 1_300_000.0, "人次"),
        ("学生资助资金", 492_000_000.0, "元", 400_000_000.0, "元"),
        ("新建改扩建幼儿园", 37.0, "所", 10.0, "所"),
        ("认定普惠性幼儿园", 53.0, "所", 10.0, "所"),
        ("示范性幼儿园", 103.0, "所", 10.0, "所"),
        ("职普比", 0.6667, "ratio", 0.6667, "ratio"),
        ("名师培养", 100.0, "名", 100.0, "名"),
        ("名校长培养", 30.0, "名", 30.0, "名"),
        ("名校培育", 30.0, "所", 30.0, "所"),
    }
    assert all(r["metric"] not in ("", "学校", "内容", "县市区") for r in rows)


def test_every_city_mentions_county_managed_school_hiring(sparql):
    # “县管校聘” occurs in all five files (000 line 380, 001, 002, 003, 004 lines 40 and 165)
    rows = sparql("programme_mentions", programme="县管校聘")
    assert {r["city"] for r in rows} == FIVE_CITIES
    assert all("县管校聘" in r["sentence"] and "县管校聘" in r["surface"] for r in rows)
    assert {r["year"] for r in rows if r["city"] == "承德市"} == {2020, 2021}  # the summary and the plan


def test_measures_citing_the_evaluation_reform_plan(sparql):
    # 《深化新时代教育评价改革总体方案》 in 001-004; 000 cites it nested: 《山西省贯彻落实<深化…总体方案>工作措施》
    rows = sparql("measures_citing", title="深化新时代教育评价改革总体方案")
    assert {r["city"] for r in rows} == FIVE_CITIES
    assert all("深化新时代教育评价改革总体方案" in r["sentence"] for r in rows)
    top = sparql("most_cited")[0]
    assert (top["cited"], top["cities"]) == ("深化新时代教育评价改革总体方案", 5)


def test_fushun_basic_education_section_carries_fourteen_measures(sparql):
    # 002: 14 lines “责任单位/责任科室：…义教科…” (lines 67 83 99 105 115 119 125 137 141 147 151 157 161 165)
    rows = {r["department"]: r["measures"] for r in sparql("top_departments", city="抚顺市")}
    assert rows["义教科"] == 14


def test_preschool_enrolment_target_across_cities(sparql):
    # only 承德's 2021 plan sets a 毛入园率 target: “学前三年毛入园率达到92%”
    rows = sparql("metric_targets", metric="毛入园率")
    assert [(r["city"], r["year"], r["value"], r["unit"], r["comparator"]) for r in rows] == [
        ("承德市", 2021, 92.0, "%", "atLeast")
    ]


def test_targets_on_one_metric_compare_whatever_the_wording(sparql):
    # 000 “普惠性幼儿园覆盖率达85%”, 002 “普惠性幼儿园学位覆盖率达到80%以上”, 004 “在普惠园就读比例达到82%”:
    # three wordings of one metric (metrics.ttl scopeNote); all plans' targets, in %
    rows = sparql("metric_targets", metric="普惠性幼儿园覆盖率")
    assert {(r["city"], r["value"], r["unit"], r["wording"]) for r in rows} == {
        ("晋城市", 85.0, "%", "普惠性幼儿园覆盖率"),
        ("抚顺市", 80.0, "%", "普惠性幼儿园学位覆盖率"),
        ("承德市", 82.0, "%", "普惠园就读比例"),
    }


def test_summary_measures_have_no_responsible_department(sparql):
    # 承德's 2020 summary has no 责任科室 lines; its 2021 plan gives one for every measure
    rows = sparql("measures_without_department", city="承德市")
    assert rows and {r["year"] for r in rows} == {2020}


PAGED = [q for q in catalogue() if {"limit", "offset"} <= set(q.params)]


def test_queries_that_grow_with_the_corpus_answer_in_pages():
    assert {q.name for q in PAGED} >= {"programmes_adopted", "most_cited", "measures_citing", "programme_mentions",
                                       "programme_departments", "programme_path", "targets_deadline",
                                       "shared_programmes", "programme_adoption"}
    text = bind_sparql(get("programme_mentions").sparql, get("programme_mentions").values({"limit": "3", "offset": 6}))
    assert "LIMIT 3 OFFSET 6" in text and "?limit_param" not in text  # written in, and out of the VALUES block
    for q in PAGED:  # refused whether the query pages by LIMIT/OFFSET or by a window of ranks
        for bad in ({"limit": 0}, {"offset": -1}, {"limit": 10**9}):
            with pytest.raises(QueryError, match="between"):
                q.values(bad)
    with pytest.raises(QueryError, match="between"):  # query text run as it is, without the catalogue's values()
        bind_sparql(get("programme_mentions").sparql, {"programme": "县管校聘", "limit": 0, "offset": 0})


@pytest.mark.parametrize("name", [q.name for q in PAGED])
def test_pages_are_disjoint_and_add_up_to_the_whole_answer(sparql, name):
    whole = sparql(name, limit=100_000)
    assert whole, name
    pages, offset = [], 0
    while True:
        page = sparql(name, limit=2, offset=offset)
        if not page:
            break
        pages.extend(page)
        offset += 2
    assert sorted(map(repr, pages)) == sorted(map(repr, whole))


def test_a_page_of_cities_holds_each_city_whole(sparql):
    first = sparql("programme_mentions", programme="县管校聘", limit=2)
    assert sorted({r["city"] for r in first}) == sorted(FIVE_CITIES)[:2]
    rest = sparql("programme_mentions", programme="县管校聘", limit=3, offset=2)
    assert not {r["city"] for r in first} & {r["city"] for r in rest}
    assert len(first) + len(rest) == len(sparql("programme_mentions", programme="县管校聘"))


def test_programme_adoption_gives_each_city_its_first_year(sparql):
    # 004 names it in its 2020 summary; 000, 002, 003 are 2021 plans, 001 (忻州) a 2023 plan
    rows = sparql("programme_adoption", programme="县管校聘")
    assert {r["city"]: r["first_year"] for r in rows} == {
        "承德市": 2020, "晋城市": 2021, "抚顺市": 2021, "四平市": 2021, "忻州市": 2023}
    assert [r["first_year"] for r in rows] == sorted(r["first_year"] for r in rows)
    top = {r["programme"]: r for r in sparql("programmes_adopted", min_cities=5)}
    assert (top["县管校聘"]["cities"], top["县管校聘"]["first_year"], top["县管校聘"]["pioneers"]) == (5, 2020, 1)


def test_the_closest_cities_by_shared_programmes(sparql):
    rows = sparql("shared_programmes", city="承德市")
    assert {r["city"] for r in rows} == FIVE_CITIES - {"承德市"}
    assert [r["shared"] for r in rows] == sorted((r["shared"] for r in rows), reverse=True)


def test_kg_query_prints_a_page_and_says_how_to_get_the_next(corpus_graph, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.summary import SUMMARY_PREDICATES

    # a graph file without the summaries (an older build): `kg query --graph` computes them
    bare = tmp_path / "bare.nt"
    g = corpus_graph.__class__()
    for t in corpus_graph:
        if str(t[1]) not in SUMMARY_PREDICATES:
            g.add(t)
    g.serialize(bare, format="nt", encoding="utf-8")
    args = ["query", "--sparql", "programmes_adopted", "-p", "min_cities=5", "-p", "limit=2", "--graph", str(bare),
            "--format", "csv"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == "programme,cities,first_year,pioneers" and len(first.stdout.splitlines()) == 3
    assert "next: -p offset=2" in first.stderr
    second = CliRunner().invoke(app, [*args, "-p", "offset=2"])
    assert not set(first.stdout.splitlines()[1:]) & set(second.stdout.splitlines()[1:])
