"""The metric a figure measures (loaders.metric_phrase): one rule per case, on real sentences.

Sentences marked ``corpus`` are copied from corpus/*.txt; ``genre`` ones are
written like other cities' plans (the rules must not depend on these five files).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import target_rules as R
from loaders.normalise import normalise
from loaders.read import read
from loaders.targets import find_targets
from loaders.words import boundaries

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("text", "metrics"), [
    # a rate names its subject before the figure
    ("全市普惠性幼儿园覆盖率达到85%以上。", ["普惠性幼儿园覆盖率"]),  # genre
    # defining verbs listed with 、 are joined; a reporting verb is dropped
    ("全年新建、改扩建幼儿园37所，面积2.2万平方米。", ["新建改扩建幼儿园", "新建改扩建幼儿园面积"]),  # corpus 004
    ("完成25所寄宿制学校建设改造任务。", ["寄宿制学校建设改造"]),  # corpus 000
    # who acts is not the metric, the verb is
    ("承德护理职业学院打造1-2个省级高水平专业群（骨干专业群）。", ["打造省级高水平专业群"]),  # corpus 004
    # a generic noun takes the subject of the clause before it
    ("6.新建、改扩建幼儿园37所，面积2.2万平方米。", ["新建改扩建幼儿园", "新建改扩建幼儿园面积"]),  # item number
    ("二是新建、改扩建幼儿园37所，占比60%。", ["新建改扩建幼儿园", "新建改扩建幼儿园占比"]),  # genre
    ("面积2.2万平方米。", ["面积"]),  # nothing to add to a lone generic noun that names its unit
    ("党组理论学习中心组学习12次，内容28项。", ["党组理论学习中心组学习", "党组理论学习中心组学习内容"]),  # corpus 004
    ("省级示范性高中达到15所、占总数的77%。", ["省级示范性高中", "省级示范性高中占比"]),  # corpus 004
    # a generic counted noun takes what is said of it
    ("15所学校被命名为河北省奥林匹克教育示范学校。", ["河北省奥林匹克教育示范学校"]),  # corpus 004
    ("11个县市区全部成立教育工委。", ["县市区成立教育工委"]),  # corpus 004
    ("完成1.5万名学生3000万元资助目标。", ["学生资助", "学生资助资金"]),  # corpus 002: money: 资金
    # names given as examples (…等) are not the metric
    ("吸引社会力量举办福环等3所民办普通高中。", ["民办普通高中"]),  # corpus 004
    # a listed figure shares the first one's verb, or its whole metric
    ("计划培树100名市级名师、30名市级名校（园）长、30所市级名校（园）。",  # corpus 004
     ["培树市级名师", "培树市级名校（园）长", "培树市级名校（园）"]),
    ("将教师和学生家用带宽分别提速到500兆、200兆。", ["教师和学生家用带宽", "教师和学生家用带宽"]),  # corpus 004
    # word boundaries: 在校生 keeps 在, 参与 is not cut at 与
    ("在校生规模达到3856人。", ["在校生规模"]),  # corpus 004
    ("专业设置已达到6大类23个专业。", ["专业设置", "专业数量"]),  # corpus 004: never a bare 专业
    ("全市1万余名教师参与录播空中课堂。", ["教师参与录播空中课堂"]),  # corpus 004
    ("每年培训中小学教师2万人次，选派50名骨干教师赴外省跟岗学习。", ["培训中小学教师", "选派骨干教师"]),  # genre
])
def test_metric_is_the_noun_phrase_the_figure_measures(text, metrics):
    assert [h.metric for h in find_targets(text)] == metrics


def test_no_metric_is_empty_or_a_bare_generic_noun_anywhere_in_the_corpus():
    seen = 0
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for h in find_targets(normalise(read(path)).text):
            seen += 1
            assert h.metric and h.metric not in R.GENERIC_NOUNS, (path.name, h)
    assert seen > 150


def test_word_boundaries_come_from_the_dictionary():
    assert 3 in boundaries("在校生规模") and 1 not in boundaries("在校生规模")
    assert 4 in boundaries("职普招生结构比不低于") or 7 in boundaries("职普招生结构比不低于")


@pytest.mark.parametrize(("wording", "concept"), [
    ("高等教育毛入学率", "higher-education-gross-enrolment"),
    ("培训中小学教师", "teacher-training"),
    ("建设改造寄宿制学校", "boarding-schools"),
    ("寄宿制学校建设改造", "boarding-schools"),
    ("培树市级名校（园）长", "master-principals"),
    ("培树市级名校（园）", "model-schools"),
    ("义务教育阶段超大班额比例", "super-sized-classes"),
    ("义务教育阶段大班额比例", "oversized-classes"),
    ("新建改扩建义务教育阶段中小学校项目", "school-construction"),
])
def test_genre_wordings_map_to_their_concept(wording, concept):
    from loaders.metrics import canonical_metric

    assert canonical_metric(wording) == "https://w3id.org/edupolicy/id/metric/" + concept


@pytest.mark.parametrize("wording", [
    "新建改扩建幼儿园面积",  # an area: the label must head the metric
    "新建改扩建义务教育阶段中小学校项目资金",
    "省级示范性高中占比",  # a share of the count is not the count
    "投入资金",  # a project's money names no indicator
])
def test_a_label_inside_another_metric_does_not_map(wording):
    from loaders.metrics import canonical_metric

    assert canonical_metric(wording) is None
