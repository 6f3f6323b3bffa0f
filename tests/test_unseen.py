"""Documents of cities the code was not shaped on (``tests/data/unseen``, written by hand).

Every expectation below was written from the text of the file, not from the
system's output: the document's metadata, its sections and measures, the
units of some measures, the programmes it names, its targets and the figures
that must not be read as targets.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF
from rdflib.namespace import SKOS

from kg.build import document_iri
from kg.model import Comparator, DocKind, Source
from kg.vocab import EP
from loaders.normalise import normalise
from loaders.pipeline import load_file
from loaders.read import Raw
from loaders.segment import segment

UNSEEN = Path(__file__).parent / "data" / "unseen"
P, S = DocKind.PLAN, DocKind.SUMMARY

# file: [(kind, year, city, province, 文号, issued, sections, measures)]
DOCUMENTS = {
    "jiaxing_2022_plan.txt": [(P, 2022, "嘉兴市", "浙江省", None, dt.date(2022, 2, 25), 3, 10)],
    "yichang_2023_plan.txt": [(P, 2023, "宜昌市", "湖北省", None, None, 3, 7)],
    "meitan_county_2022_plan.txt": [(P, 2022, "遵义市", "贵州省", None, None, 3, 5)],
    "dali_2022_summary.txt": [(S, 2022, "大理白族自治州", "云南省", None, dt.date(2022, 12, 30), 4, 10)],
    "yanbian_2021_summary_2022_plan.txt": [
        (S, 2021, "延边朝鲜族自治州", "吉林省", None, None, 3, 5),
        (P, 2022, "延边朝鲜族自治州", "吉林省", None, None, 2, 4),
    ],
    "xilinguole_2022_notice_plan.txt": [
        (P, 2022, "锡林郭勒盟", "内蒙古自治区", "锡盟教字〔2022〕12号", dt.date(2022, 2, 18), 3, 6)],
    "no_city_header_2022_plan.txt": [(P, 2022, "曲靖市", "云南省", None, dt.date(2022, 3, 10), 3, 6)],
    "ganzhou_2022_plan_gbk.txt": [(P, 2022, "赣州市", "江西省", None, dt.date(2022, 2, 28), 4, 7)],
    "huzhou_2023_plan.txt": [(P, 2023, "湖州市", "浙江省", None, None, 3, 9)],
    "akesu_2023_plan.txt": [(P, 2023, "阿克苏地区", "新疆维吾尔自治区", None, None, 2, 5)],
}

# file: [measure paths of every document, in order]
PATHS = {
    "jiaxing_2022_plan.txt": [["1.1.1", "1.1.2", "1.2.3", "1.2.4", "2.1.5", "2.1.6", "2.2.7", "2.2.8", "3.0.9",
                               "3.0.10"]],
    "yichang_2023_plan.txt": [["1.0.1", "1.0.2", "2.0.1", "2.0.2", "2.0.3", "3.0.1", "3.0.2"]],
    "meitan_county_2022_plan.txt": [["2.0.1", "2.0.2", "2.0.3", "2.0.4", "3.0.5"]],
    "dali_2022_summary.txt": [["1.0.1", "1.0.2", "1.0.3", "2.0.1", "2.2.1", "2.2.2", "2.2.3", "2.0.3", "3.0.1",
                               "4.0.1"]],
    "yanbian_2021_summary_2022_plan.txt": [["1.0.1", "1.0.2", "2.0.1", "3.0.1", "3.0.2"],
                                           ["1.0.1", "1.0.2", "2.0.3", "2.0.4"]],
    "akesu_2023_plan.txt": [["1.0.1", "1.0.2", "2.0.1", "2.0.2", "2.0.3"]],
}

# (file, document index, path): [(unit, lead, collective)]
UNITS = {
    ("jiaxing_2022_plan.txt", 0, "1.1.2"): [("德育科", True, False), ("基础教育科", False, False),
                                            ("财务科", False, False)],
    ("jiaxing_2022_plan.txt", 0, "3.0.10"): [("职业教育与成人教育科", False, False)],
    ("yichang_2023_plan.txt", 0, "2.0.2"): [("校外教育培训监管科", False, False), ("基础教育科", False, False)],
    ("meitan_county_2022_plan.txt", 0, "2.0.2"): [("教育股", False, False), ("安全股", False, False)],
    ("yanbian_2021_summary_2022_plan.txt", 1, "2.0.3"): [("人事处", True, False), ("各县市教育局", False, True)],
    ("ganzhou_2022_plan_gbk.txt", 0, "2.0.4"): [("人事科", False, False)],
    ("akesu_2023_plan.txt", 0, "1.0.2"): [("组织人事科", False, False), ("机关党委", False, False)],
    ("dali_2022_summary.txt", 0, "2.2.1"): [],
}

# (file, document index, path): [(value, value_max, unit, comparator, deadline)], the measure's targets in order
TARGETS = {
    ("jiaxing_2022_plan.txt", 0, "1.2.3"): [("100", None, "%", Comparator.EXACTLY, None),
                                            ("90", None, "%", Comparator.AT_LEAST, None)],
    ("jiaxing_2022_plan.txt", 0, "1.2.4"): [("30", None, "%", Comparator.ABOUT, "年底前")],
    ("jiaxing_2022_plan.txt", 0, "2.2.7"): [("15", None, "%", Comparator.AT_LEAST, "年内")],
    ("jiaxing_2022_plan.txt", 0, "2.2.8"): [("25", None, "亿元", Comparator.EXACTLY, None)],
    ("yichang_2023_plan.txt", 0, "2.0.1"): [("50", None, "%", Comparator.AT_LEAST, None),
                                            ("98", None, "%", Comparator.AT_LEAST, None)],
    ("yichang_2023_plan.txt", 0, "2.0.3"): [("95", None, "%", Comparator.ABOUT, None)],
    ("yichang_2023_plan.txt", 0, "3.0.2"): [("300", None, "名", Comparator.EXACTLY, None),
                                            ("2", None, "万人次", Comparator.AT_LEAST, None)],
    ("meitan_county_2022_plan.txt", 0, "3.0.5"): [("6.5", None, "亿元", Comparator.AT_LEAST, None)],
    ("dali_2022_summary.txt", 0, "2.2.2"): [("18", None, "所", Comparator.EXACTLY, None),
                                            ("1.2", None, "万个", Comparator.EXACTLY, None)],
    ("yanbian_2021_summary_2022_plan.txt", 1, "2.0.4"): [("3", "5", "个", Comparator.RANGE, None)],
    ("xilinguole_2022_notice_plan.txt", 0, "2.0.4"): [],
    ("no_city_header_2022_plan.txt", 0, "2.0.5"): [("10", None, "个", Comparator.ABOUT, None)],
    ("ganzhou_2022_plan_gbk.txt", 0, "2.0.3"): [("12000", None, "个", Comparator.EXACTLY, None),
                                                ("85", None, "%", Comparator.AT_LEAST, None)],
    ("ganzhou_2022_plan_gbk.txt", 0, "2.0.4"): [("10", None, "%", Comparator.AT_LEAST, "2022年底前")],
    ("ganzhou_2022_plan_gbk.txt", 0, "3.0.5"): [("120", None, "亿元", Comparator.AT_LEAST, None)],
    ("huzhou_2023_plan.txt", 0, "1.0.2"): [],
    ("huzhou_2023_plan.txt", 0, "1.0.3"): [("15", None, "个", Comparator.AT_LEAST, None)],
    ("huzhou_2023_plan.txt", 0, "1.0.4"): [("95", None, "%", Comparator.AT_LEAST, None),
                                           ("98", None, "%", Comparator.AT_LEAST, None)],
    ("huzhou_2023_plan.txt", 0, "2.0.5"): [("20", None, "所", Comparator.ABOUT, None),
                                           ("35", None, "亿元", Comparator.ABOUT, None)],
    ("huzhou_2023_plan.txt", 0, "2.0.6"): [],
    ("huzhou_2023_plan.txt", 0, "3.0.8"): [("100", None, "名", Comparator.EXACTLY, None),
                                           ("500", "800", "名", Comparator.RANGE, None)],
    ("huzhou_2023_plan.txt", 0, "3.0.9"): [("5", None, "%", Comparator.AT_LEAST, None),
                                           ("20", None, "%", Comparator.AT_LEAST, "到2025年")],
}

# (file, document index, path): (metric of its first target)
METRICS = {
    ("jiaxing_2022_plan.txt", 0, "2.1.6"): "新建改扩建幼儿园",
    ("ganzhou_2022_plan_gbk.txt", 0, "3.0.5"): "教育经费投入",
    ("dali_2022_summary.txt", 0, "2.2.2"): "新建改扩建学校",
    ("yanbian_2021_summary_2022_plan.txt", 0, "1.0.2"): "高考本科上线率",
    ("xilinguole_2022_notice_plan.txt", 0, "2.0.3"): "学前三年毛入园率",
}

# Figures that are not targets: ordinals, anniversaries, scopes, periods, formulas, titles.
TRAPS = {
    "jiaxing_2022_plan.txt": ["第十届", "十四五"],
    "xilinguole_2022_notice_plan.txt": ["5+2"],
    "no_city_header_2022_plan.txt": ["第十届", "1+X"],
    "huzhou_2023_plan.txt": ["第十届", "建党100周年", "人口20万以上", "2021—2025年", "第二轮", "二十大", "1+X"],
    "dali_2022_summary.txt": ["二十大", "1+X"],
    "akesu_2023_plan.txt": ["二十大", "2023年12月", "2023年9月"],
}

# file: programme concepts (lexicon ids) its measures name
PROGRAMMES = {
    "jiaxing_2022_plan.txt": {"double-reduction", "anji-play", "county-managed-school-hired", "1plusx-certificate"},
    "yichang_2023_plan.txt": {"double-reduction", "county-managed-school-hired", "clean-school"},
    "meitan_county_2022_plan.txt": {"double-reduction", "county-high-school-revitalisation", "dropout-control"},
    "dali_2022_summary.txt": {"double-reduction", "1plusx-certificate", "clean-school"},
    "yanbian_2021_summary_2022_plan.txt": {"double-reduction", "county-managed-school-hired"},
    "xilinguole_2022_notice_plan.txt": {"double-reduction", "party-history-learning"},
    "no_city_header_2022_plan.txt": {"double-reduction", "1plusx-certificate", "school-group"},
    "ganzhou_2022_plan_gbk.txt": {"double-reduction", "county-managed-school-hired", "preschool-action-plan-4",
                                  "evaluation-reform"},
    "huzhou_2023_plan.txt": {"anji-play", "county-managed-school-hired", "1plusx-certificate", "evaluation-reform"},
    "akesu_2023_plan.txt": {"double-reduction", "vocational-quality-plan"},
}

# (file, path): names found by rule (not in the lexicon), as labels
NAMED = {
    ("jiaxing_2022_plan.txt", "3.0.9"): "南湖名师培养工程",
    ("yichang_2023_plan.txt", "3.0.2"): "宜昌名师培育计划",
    ("huzhou_2023_plan.txt", "2.0.5"): "教育共富三年行动计划",
    ("xilinguole_2022_notice_plan.txt", "3.0.6"): "草原英才教师培养工程",
}


def _path(doc, m) -> str:
    s = next(s for s in doc.sections if m in s.measures)
    return f"{s.ordinal}.{m.group or 0}.{m.ordinal}"


@pytest.fixture(scope="module")
def unseen_docs():
    return {p.name: load_file(p, UNSEEN) for p in sorted(UNSEEN.glob("*.txt"))}


@pytest.fixture(scope="module")
def unseen_build(corpus_dir):
    """The whole pipeline over the corpus and the unseen files together."""
    from kg.pipeline import build_corpus

    return build_corpus([corpus_dir, UNSEEN])


@pytest.fixture(scope="module")
def extracted(unseen_build):
    """``{(file, doc index): (Document, Extraction)}`` of the unseen files."""
    return {(d.source.name, d.index): (d, x) for d, x in unseen_build.extractions if d.source.name in DOCUMENTS}


def test_every_unseen_file_is_listed():
    assert sorted(p.name for p in UNSEEN.glob("*.txt")) == sorted(DOCUMENTS)
    assert all(p.stat().st_size <= 4096 for p in UNSEEN.glob("*.txt"))


@pytest.mark.parametrize("file", sorted(DOCUMENTS))
def test_documents_metadata_and_counts(unseen_docs, file):
    got = [(d.kind, d.year, d.city, d.province, d.number, d.issued, len(d.sections), len(d.measures))
           for d in unseen_docs[file]]
    assert got == DOCUMENTS[file]


@pytest.mark.parametrize("file", sorted(PATHS))
def test_measure_paths(unseen_docs, file):
    assert [[_path(d, m) for m in d.measures] for d in unseen_docs[file]] == PATHS[file]


@pytest.mark.parametrize("key", sorted(UNITS))
def test_units_of_a_measure(unseen_docs, key):
    file, index, path = key
    doc = unseen_docs[file][index]
    m = next(m for m in doc.measures if _path(doc, m) == path)
    assert [(u.name, u.lead, u.collective) for u in m.units] == UNITS[key]


def test_gbk_crlf_traditional_wrapped_file_reads_clean(unseen_docs):
    (doc,) = unseen_docs["ganzhou_2022_plan_gbk.txt"]
    assert doc.source.encoding in ("gb18030", "gbk", "gb2312")
    text = doc.text.text
    assert "\r" not in text and "bookmark" not in text and "- 3 -" not in text
    assert "２" not in text and "教育经费" in text and "經費" not in text
    m = doc.measures[3]  # 4．推進縣管校聘改革，…比例不 / 低於１０％。
    assert "\n" not in m.text and "比例不低于10%" in m.text
    assert "新增公办学位12000个，普惠性幼儿园覆盖率达到85%" in doc.measures[2].text
    assert doc.measures[1].text.count("100%") == 1  # １０ / ０％ joined into one figure
    s, e = m.span.src_start, m.span.src_end
    assert doc.text.raw[s:e].startswith("４．推進縣管校聘改革")


def test_titles_are_headings_without_fields(unseen_docs):
    (doc,) = unseen_docs["jiaxing_2022_plan.txt"]
    assert [m.title for m in doc.measures[:2]] == ["深化大中小学思政课一体化建设", "全面加强劳动教育"]
    assert doc.measures[0].group_title == "加强思想政治教育"
    (yc,) = unseen_docs["yichang_2023_plan.txt"]
    assert [m.title for m in yc.measures[:2]] == ["强化政治引领", "落实意识形态工作责任制"]
    assert "印发" not in doc.measures[-1].text


def test_county_bureau_is_filed_under_its_city_and_says_so(unseen_docs):
    (doc,) = unseen_docs["meitan_county_2022_plan.txt"]
    assert (doc.city, doc.city_code, doc.province, doc.issuers) == ("遵义市", "520300", "贵州省", ("湄潭县教育局",))
    assert "county-level 湄潭县 (520328)" in dict(doc.evidence)["city"]


def test_ambiguous_county_name_is_reported_not_guessed():
    text = "朝阳区教育局2022年工作要点\n一、加强党建\n1.加强政治建设。学习贯彻。\n2.推进均衡发展。督促建设。\n"
    (doc,) = segment(normalise(Raw(Source("chaoyang.txt", "0" * 64), text)))
    assert doc.city is None
    assert "北京市" in dict(doc.evidence)["city"] and "长春市" in dict(doc.evidence)["city"]
    (doc,) = segment(normalise(Raw(Source("chaoyang.txt", "0" * 64), text.replace("学习贯彻", "落实长春市委部署"))))
    assert (doc.city, doc.province) == ("长春市", "吉林省")


def test_headerless_city_wins_over_a_city_named_once(unseen_docs):
    (doc,) = unseen_docs["no_city_header_2022_plan.txt"]
    why = dict(doc.evidence)["city"]
    assert "inferred from the body" in why and "曲靖 ×2" in why and "杭州市 ×1" in why


def test_a_city_named_as_often_as_another_is_not_guessed():
    text = "市教育局2022年工作要点\n一、加强交流\n1.学习借鉴杭州经验。赴曲靖考察。\n2.与杭州、曲靖结对。\n"
    (doc,) = segment(normalise(Raw(Source("tie.txt", "0" * 64), text)))
    assert doc.city is None


@pytest.mark.parametrize("key", sorted(TARGETS))
def test_targets_of_a_measure(extracted, key):
    file, index, path = key
    doc, x = extracted[(file, index)]
    got = [(str(t.value), str(t.value_max) if t.value_max is not None else None, t.unit, t.comparator, t.deadline)
           for t in x.targets if ".".join(map(str, t.measure)) == path]
    assert got == TARGETS[key]


def test_summary_figures_are_achieved_results(extracted):
    doc, x = extracted[("dali_2022_summary.txt", 0)]
    assert x.targets and all(t.achieved for t in x.targets)
    money = next(t for t in x.targets if t.unit == "亿元")
    assert (money.value, money.normalised, money.base_unit) == (Decimal("52.3"), Decimal("5230000000"), "元")


@pytest.mark.parametrize("key", sorted(METRICS))
def test_metric_does_not_carry_the_measure_number(extracted, key):
    file, index, path = key
    doc, x = extracted[(file, index)]
    first = next(t for t in x.targets if ".".join(map(str, t.measure)) == path)
    assert first.metric == METRICS[key]


@pytest.mark.parametrize("file", sorted(TRAPS))
def test_trap_figures_are_not_targets(extracted, file):
    for index in range(len(DOCUMENTS[file])):
        doc, x = extracted[(file, index)]
        text = doc.text.text
        for trap in TRAPS[file]:
            at = [i for i in range(len(text)) if text.startswith(trap, i)]
            assert at, f"{trap} is not in {file}"
            for i in at:
                hit = [t.span.text for t in x.targets if t.span.start < i + len(trap) and i < t.span.end]
                assert not hit, f"{file}: {trap} read as a target {hit}"


@pytest.mark.xfail(strict=True, reason="九成 (tenths: 90%) is not a unit of loaders/quantities.TOKEN; adding 成 "
                                       "needs a guard against 统一成立 / 一成不变 / 建成, in the targets module")
def test_tenths_are_a_percentage(extracted):
    doc, x = extracted[("huzhou_2023_plan.txt", 0)]
    assert [(t.value, t.unit) for t in x.targets if t.measure == (2, 0, 7)][0] in ((Decimal(9), "成"),
                                                                                  (Decimal(90), "%"))


@pytest.mark.parametrize("file", sorted(PROGRAMMES))
def test_programmes_named(extracted, file):
    found = {m.concept.rsplit("/", 1)[-1] for i in range(len(DOCUMENTS[file]))
             for m in extracted[(file, i)][1].mentions if m.concept}
    assert PROGRAMMES[file] <= found


@pytest.mark.parametrize("key", sorted(NAMED))
def test_programmes_found_by_rule(extracted, key):
    file, path = key
    labels = {m.label for m in extracted[(file, 0)][1].mentions if ".".join(map(str, m.measure)) == path}
    assert NAMED[key] in labels


def test_no_false_institutions_from_scope_words(extracted):
    inst = {m.text for (f, _), (_, x) in extracted.items() for m in x.mentions if m.kind.value == "institution"}
    assert "曲靖一中" in inst
    assert not any(n.startswith(("全州", "市中")) for n in inst)


def test_one_node_for_double_reduction_across_cities(unseen_build):
    g = unseen_build.graph
    nodes = {p for p in set(g.objects(None, EP.mentions)) if any("双减" in lab for lab in g.objects(p, SKOS.prefLabel))}
    assert len(nodes) == 1
    (node,) = nodes
    cities = {str(g.value(g.value(m, EP.document), EP.city)) for m in g.subjects(EP.mentions, node)}
    # 忻州 (corpus) and every unseen city but 湖州
    assert len(cities) == 10


def test_documents_in_the_graph(unseen_build):
    g = unseen_build.graph
    docs = set(g.subjects(RDF.type, EP.PolicyDocument))
    assert len(docs) == 6 + sum(len(v) for v in DOCUMENTS.values())
    xlgl = next(d for d in docs if str(g.value(d, EP.documentNumber) or "") == "锡盟教字〔2022〕12号")
    assert (xlgl, RDF.type, EP.WorkPlan) in g


def test_county_and_city_plans_of_one_year_are_two_documents(unseen_docs, tmp_path):
    city = tmp_path / "zunyi.txt"
    city.write_text("遵义市教育局2022年工作要点\n一、加强党建\n1.加强政治建设。学习贯彻。\n", encoding="utf-8")
    (zunyi,) = load_file(city, tmp_path)
    (meitan,) = unseen_docs["meitan_county_2022_plan.txt"]
    assert zunyi.city_code == meitan.city_code
    assert document_iri(zunyi) != document_iri(meitan)
