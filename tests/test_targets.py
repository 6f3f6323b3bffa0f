"""The target extractor on real sentences of the corpus and of the genre.

Sentences marked ``# corpus NNN`` are copied from ``corpus/NNN_*.txt`` (as the
normaliser writes them); the others are written like other cities' plans and
summaries.  Every case states exactly what must come out, so a rule change that
loses a target, invents one or reads the wrong metric fails here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Comparator as C
import loaders.targets  # noqa: F401  (registers the spaCy factory)
from loaders.metrics import canonical_metric
from loaders.normalise import normalise
from loaders.quantities import number
from loaders.read import read
from loaders.targets import find_targets

D = Decimal
AL, AM, AB, EX, RG = C.AT_LEAST, C.AT_MOST, C.ABOUT, C.EXACTLY, C.RANGE

# (sentence, [(surface, value, value_max, unit, metric, comparator, deadline), ...])
POSITIVE = [
    ("全市普惠性幼儿园覆盖率达85%。",  # corpus 000
     [("85%", D(85), None, "%", "普惠性幼儿园覆盖率", AL, None)]),
    ("加强实习实训基地和专业建设，建设2-3个实训基地和2-3个骨干专业。",  # corpus 000
     [("2-3个", D(2), D(3), "个", "建设实训基地", RG, None),
      ("2-3个", D(2), D(3), "个", "建设骨干专业", RG, None)]),
    ("科学撤并50所左右农村中小学校。",  # corpus 000
     [("50所左右", D(50), None, "所", "撤并农村中小学校", AB, None)]),
    ("优化主城区学校布局，新建改建5所中小学校。",  # corpus 000
     [("5所", D(5), None, "所", "新建改建中小学校", EX, None)]),
    ("完成新改扩建6所公办园任务，确保县级公办在园幼儿占比保持在55%以上。",  # corpus 001
     [("6所", D(6), None, "所", "新改扩建公办园", EX, None),
      ("55%以上", D(55), None, "%", "县级公办在园幼儿占比", AL, None)]),
    ("建设改造47所寄宿制学校，推进义务教育优质均衡发展。",  # corpus 001
     [("47所", D(47), None, "所", "建设改造寄宿制学校", EX, None)]),
    ("到2023年底，全市职业学校办学条件达标比例达到80%，全面提高职业教育质量。",  # corpus 001
     [("80%", D(80), None, "%", "职业学校办学条件达标比例", AL, "到2023年底")]),
    ("推动每县至少办好一所公办普通高中。",  # corpus 001
     [("一所", D(1), None, "所", "每县至少办好公办普通高中", AL, None)]),
    ("普惠性幼儿园学位覆盖率达到80%以上，公办幼儿园在园幼儿占比达到46%。",  # corpus 002
     [("80%以上", D(80), None, "%", "普惠性幼儿园学位覆盖率", AL, None),
      ("46%", D(46), None, "%", "公办幼儿园在园幼儿占比", AL, None)]),
    ("力争年培训人数达到3000人以上。全力做好就业工作，中职毕业生就业率达到95%以上。",  # corpus 002
     [("3000人以上", D(3000), None, "人", "年培训人数", AL, None),
      ("95%以上", D(95), None, "%", "中职毕业生就业率", AL, None)]),
    ("投资1300万元对二中食堂进行升级改造和扩建，改扩建面积7900平方米。",  # corpus 002
     [("1300万元", D(1300), None, "万元", "投资", EX, None),
      ("7900平方米", D(7900), None, "平方米", "改扩建面积", EX, None)]),
    ("2021年计划落实学生资助资金4亿元，资助各级各类学生130万人次。",  # corpus 004
     [("4亿元", D(4), None, "亿元", "学生资助资金", EX, None),
      ("130万人次", D(130), None, "万人次", "资助学生", EX, None)]),
    ("确保职普招生结构比不低于4：6。",  # corpus 004
     [("4：6", D(4), D(6), "比", "职普招生结构比", AL, None)]),
    ("学前三年毛入园率达到92%，在普惠园就读比例达到82%，新增省级示范性幼儿园10所。",  # corpus 004
     [("92%", D(92), None, "%", "学前三年毛入园率", AL, None),
      ("82%", D(82), None, "%", "普惠园就读比例", AL, None),
      ("10所", D(10), None, "所", "新增省级示范性幼儿园", EX, None)]),
    ("工作措施：全面实施10项中小学健康专项行动。",  # corpus 004: a count of actions is a commitment
     [("10项", D(10), None, "项", "全面实施中小学健康专项行动", EX, None)]),
    ("严格落实“学生每天校内校外各1小时”体育活动时间要求，让每个学生掌握2项运动技能。",  # corpus 004
     [("1小时", D(1), None, "小时", "学生每天校内校外", EX, None),
      ("2项", D(2), None, "项", "让每个学生掌握运动技能", EX, None)]),
    ("通过集团化办学改革，使集团（联盟）成员学校数量占义务教育学校数量的80%。",  # corpus 002: 使… states a goal
     [("80%", D(80), None, "%", "成员学校数量占义务教育学校数量", AL, None)]),
    ("打造1—2个省级高水平专业群，新建2至3所公办幼儿园。",  # genre: dash and 至 ranges
     [("1—2个", D(1), D(2), "个", "打造省级高水平专业群", RG, None),
      ("2至3所", D(2), D(3), "所", "新建公办幼儿园", RG, None)]),
    ("年内新建三所幼儿园，改造十个薄弱学校，两所高校完成转设。",  # genre: Chinese numerals
     [("三所", D(3), None, "所", "新建幼儿园", EX, "年内"),
      ("十个", D(10), None, "个", "改造薄弱学校", EX, "年内"),
      ("两所", D(2), None, "所", "高校完成转设", EX, "年内")]),
    ("7月底前完成义务教育学校教师交流轮岗1200人。",  # genre: deadline before the figure
     [("1200人", D(1200), None, "人", "义务教育学校教师交流轮岗", EX, "7月底前")]),
    ("2022年秋季学期前，课后服务覆盖率不低于95%，义务教育阶段大班额比例控制在5%以内。",
     [("95%", D(95), None, "%", "课后服务覆盖率", AL, "2022年秋季学期前"),
      ("5%以内", D(5), None, "%", "义务教育阶段大班额比例", AM, "2022年秋季学期前")]),
    ("上半年建成智慧校园示范校约20所，生均公用经费提高到800元。",
     [("20所", D(20), None, "所", "建成智慧校园示范校", AB, "上半年"),
      ("800元", D(800), None, "元", "生均公用经费", AL, "上半年")]),
    ("全市高中阶段毛入学率提高2个百分点，新增学位1.7万多个。",
     [("2个百分点", D(2), None, "个百分点", "高中阶段毛入学率", EX, None),
      ("1.7万多个", D("1.7"), None, "万个", "新增学位", AL, None)]),
    ("视频监控系统配备率达到“三个100%”，学校出口带宽提速到500兆。",  # corpus 004: a quoted count of figures
     [("100%", D(100), None, "%", "视频监控系统配备率", AL, None),
      ("500兆", D(500), None, "兆", "学校出口带宽", AL, None)]),
    ("征地50亩，新建校舍2.2万平方米，义务教育巩固率达到百分之九十八。",
     [("50亩", D(50), None, "亩", "征地", EX, None),
      ("2.2万平方米", D("2.2"), None, "万平方米", "新建校舍", EX, None),
      ("百分之九十八", D(98), None, "%", "义务教育巩固率", AL, None)]),
]

NEGATIVE = [
    "举办第31届中小学生田径运动会、第22届中学生篮球赛、第8届中小学生足球比赛。",  # corpus 000
    "以优异成绩庆祝建党100周年，以建党百年为契机。",  # corpus 000, 004
    "实现“十四五”时期开门红，编制《第十四个五年规划和2035年远景目标纲要》。",  # corpus 000
    "推动人口20万以上的县特殊教育学校全覆盖。",  # corpus 001: a threshold qualifies the county
    "保障3岁以上适龄儿童入园，落实《3-6岁儿童学习与发展指南》。",  # genre: ages
    "2023年3月15日印发，忻教发〔2023〕1号。",  # corpus 001: date and document number
    "继续实施“1+X”证书制度试点，按“3+1+2”选考模式组织考试。",  # corpus 000, 002
    "增强“四个意识”，坚定“四个自信”，做到“两个维护”，坚持五育并举。",  # corpus 000
    "组织第二批教育工委党组织书记培训，做好第十一批中小学特级教师推荐。",  # corpus 003, 004
    "开好2021年度民主生活会，落实《职业教育提质培优行动计划（2020—2023年）》。",  # corpus 002, 003
    "深化提升“12345”热线服务能力，举报电话12345，每天8:30开放。",  # corpus 001 + genre
    "贯彻党的十九届五中全会和省委十一届十一次全会精神，严格落实中央八项规定精神。",  # corpus 000, 002
    "入选省“120所质量提升工程”，实现“一年补短板，二年有转机，三年显成效”。",  # corpus 004
    "力争用一年时间完善配套机制，遴选一批优秀党课示范案例，建立一支队伍。",  # corpus 001, 000
    "依据《中华人民共和国教育法》第22条和第五十二条规定。",  # genre: legal articles
    "连续16年被评为先进单位，连续三年取得“零问题”的优异成绩。",  # corpus 004: durations
    "晋城市五台山路小学、七台河市教育局参加交流。",  # genre: place names that start with a numeral
    "1.加强政治建设。2.深化思想理论武装。（三）推进教育评价改革。一是强化督导。",  # list ordinals
    "不断强化学校“1个组织、39个岗位”安全管理，开展“课前五分钟，安全记心中活动。",  # corpus 004: slogans
    "建立24小时值班制度，市委组织部、财政等8部门联合印发方案。",  # round the clock; bodies involved
]


def _as_tuples(text, hits):
    return [(text[h.start:h.end], h.value, h.value_max, h.unit, h.metric, h.comparator, h.deadline)
            for h in hits]


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[p[0][:12] for p in POSITIVE])
def test_finds_each_commitment_with_its_value_unit_metric_comparator_and_deadline(text, expected):
    assert _as_tuples(text, find_targets(text)) == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[n[:12] for n in NEGATIVE])
def test_ordinals_anniversaries_years_thresholds_and_slogans_are_not_targets(text):
    assert _as_tuples(text, find_targets(text)) == []


# --- a summary's reported results ------------------------------------------

SUMMARY = "学前三年毛入园率达到91%。毕业生就业率保持在96%以上，职普招生比例稳定在4:6左右。"  # corpus 004


def test_goal_verbs_report_a_figure_in_a_summary_but_set_a_floor_in_a_plan():
    reported = {h.metric: h.comparator for h in find_targets(SUMMARY, achieved=True)}
    planned = {h.metric: h.comparator for h in find_targets(SUMMARY)}
    assert reported == {"学前三年毛入园率": EX, "毕业生就业率": AL, "职普招生比例": AB}
    assert planned["学前三年毛入园率"] is AL


def test_a_ratio_keeps_both_terms_and_normalises_to_their_quotient():
    (hit,) = [h for h in find_targets(SUMMARY) if h.ratio]
    assert (hit.value, hit.value_max, hit.unit, hit.normalised, hit.base_unit) == (
        D(4), D(6), "比", D("0.6667"), "ratio")
    assert hit.comparator is AB  # a ratio's second term is not a range
    assert SUMMARY[hit.start:hit.end] == "4:6左右"


def test_a_colon_without_a_ratio_word_is_a_time_not_a_ratio():
    assert find_targets("每天8:30至17:30开放，全年开放不少于300天。")[0].unit == "天"
    assert len(find_targets("每天8:30至17:30开放。")) == 0


@pytest.mark.parametrize(("text", "normalised", "base"), [
    ("投资1300万元", D(13_000_000), "元"),
    ("资助资金4.92亿元", D(492_000_000), "元"),
    ("面积2.2万平方米", D(22_000), "平方米"),
    ("征地15亩", D(10_000), "平方米"),
    ("完成1.5万名学生资助", D(15_000), "名"),
    ("受助学生达142万人次", D(1_420_000), "人次"),
    ("覆盖率达到80.5%", D("80.5"), "%"),
])
def test_money_areas_and_counts_are_normalised_to_a_base_unit(text, normalised, base):
    (hit,) = find_targets(text)
    assert (hit.normalised, hit.base_unit) == (normalised, base)


# --- metrics ------------------------------------------------------------------

METRIC = "https://w3id.org/edupolicy/id/metric/"


@pytest.mark.parametrize(("wording", "concept"), [
    ("普惠性幼儿园覆盖率", "public-benefit-kindergarten-coverage"),
    ("普惠园就读比例", "public-benefit-kindergarten-coverage"),
    ("普惠性幼儿园学位覆盖率", "public-benefit-kindergarten-coverage"),
    ("县级公办在园幼儿占比", "public-kindergarten-share"),
    ("公办幼儿园在园幼儿占比", "public-kindergarten-share"),
    ("中职毕业生就业率", "employment-rate"),
    ("职普招生结构比", "vocational-general-ratio"),
    ("普职比", "general-vocational-ratio"),
    ("资助学生", "student-aid"),
    ("学前三年毛入园率", "preschool-gross-enrolment"),
    ("高中阶段毛入学率", "senior-secondary-gross-enrolment"),
])
def test_wordings_of_one_metric_map_to_one_concept(wording, concept):
    assert canonical_metric(wording) == METRIC + concept


def test_unknown_or_empty_metrics_map_to_nothing():
    assert canonical_metric("组建工作组") is None
    assert canonical_metric("") is None


def test_a_summary_result_and_next_years_target_share_a_metric_concept():
    result = find_targets("目前全市公办幼儿园在园幼儿5.11万人，占比60%，普惠园覆盖率80.5%。", achieved=True)
    target = find_targets("普惠性幼儿园学位覆盖率达到80%以上，公办幼儿园在园幼儿占比达到46%。")
    assert [h.metric for h in result] == ["公办幼儿园在园幼儿", "公办幼儿园在园幼儿占比", "普惠园覆盖率"]
    assert [canonical_metric(h.metric) for h in result[1:]] == [
        canonical_metric(h.metric) for h in reversed(target)] == [
        METRIC + "public-kindergarten-share", METRIC + "public-benefit-kindergarten-coverage"]


# --- properties ---------------------------------------------------------------

_NUMERAL = re.compile(r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+")
_ALPHABET = list("0123456789.%：:-—至到万亿千百十一二两三四五六七八九零个所名元平方米亩项次人以上下内左右约近达到"
                 "不低于超过控制在第届年月日号周岁“”《》，。、；（）的县口比例率覆盖新建前底内半 \n+")


def _check(text: str, hits) -> None:
    last = 0
    for h in hits:
        assert last <= h.start < h.end <= len(text)
        span = text[h.start:h.end].removeprefix("百分之")
        first = _NUMERAL.search(span)
        assert first is not None and span.startswith(first.group())
        assert number(first.group()) == h.value
        last = h.end


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.booleans())
def test_genre_like_noise_never_crashes_and_spans_start_with_their_number(text, achieved):
    _check(text, find_targets(text, achieved=achieved))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_never_crashes(text):
    _check(text, find_targets(text))


# --- the corpus ---------------------------------------------------------------

CORPUS = sorted(Path(__file__).resolve().parent.parent.joinpath("corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return [normalise(read(path)).text for path in CORPUS]


def test_corpus_commitments_are_found_with_their_deadlines(corpus_texts):
    found = {(i, t[h.start:h.end], h.comparator, h.deadline)
             for i, t in enumerate(corpus_texts) for h in find_targets(t)}
    assert {(0, "85%", AL, None), (0, "50所左右", AB, None), (1, "80%", AL, "到2023年底"),
            (1, "55%以上", AL, None), (2, "1300万元", EX, None), (2, "3000人以上", AL, None),
            (3, "28所", EX, None), (4, "4亿元", EX, None), (4, "4：6", AL, None)} <= found


def test_no_corpus_hit_is_an_ordinal_a_year_or_an_anniversary(corpus_texts):
    for text in corpus_texts:
        for h in find_targets(text):
            assert text[h.start - 1: h.start] not in ("第", "届")
            assert not text.startswith(("年", "届", "周年", "号", "日", "岁"), h.end)



def test_the_spacy_component_stores_hits_as_spans_with_their_attributes():
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("edupolicy_targets")
    doc = nlp("全市普惠性幼儿园覆盖率达85%，新建改扩建幼儿园37所。")
    spans = list(doc.spans["targets"])
    assert [(s.text, s.label_, s._.target.metric) for s in spans] == [
        ("85%", "TARGET", "普惠性幼儿园覆盖率"), ("37所", "TARGET", "新建改扩建幼儿园")]
    summary = nlp.make_doc("学前三年毛入园率达到91%。")
    summary.user_data["edupolicy_achieved"] = True
    summary = nlp.get_pipe("edupolicy_targets")(summary)
    assert summary.spans["targets"][0]._.target.comparator is EX
