"""Entity extraction on sentences taken from the corpus, and over whole documents."""

from __future__ import annotations


import pytest

from kg.model import MentionKind
from loaders.extract import extract
from loaders.lexicon import load_lexicon
from loaders.nlp import KEY, build_nlp

P = "https://w3id.org/edupolicy/id/program/"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(load_lexicon())


def spans(nlp, text):
    doc = nlp(text)
    return [(s.label_, s.text, s.id_.rsplit("/", 1)[-1], s.kb_id_, s._.ep_parent) for s in doc.spans[KEY]]


def test_char_tokenizer_needs_no_model(nlp):
    assert [t.text for t in nlp.make_doc("县管校聘")] == list("县管校聘")
    assert "edupolicy_lexicon" in nlp.pipe_names


def test_lookalikes_stay_apart(nlp):
    # 抚顺: the school-group model, then the certificate system in another measure
    a = spans(nlp, "大力推进集团化（联盟）办学模式改革，通过“1+x”型集团化（联盟）办学模式，以优质学校为龙头")
    b = spans(nlp, "稳步推进高职扩招、现代学徒制试点、“1+X”证书制度试点工作。")
    assert ("PROGRAM", "“1+x”型集团化（联盟）办学模式", "school-group-1plusx", "", None) in a
    assert not any(s[2] == "1plusx-certificate" for s in a)
    assert ("PROGRAM", "“1+X”证书制度试点", "1plusx-certificate", "", None) in b
    uni = spans(nlp, "坚持和完善高校党委领导下的校长负责制，推进中小学校党建品牌创建工作")
    school = spans(nlp, "推动建立中小学校党组织领导的校长负责制。")
    assert uni[0][2] == "principal-responsibility-university"
    assert school[0][2] == "principal-responsibility-school"


def test_nested_citation_gives_two_mentions_inner_with_parent(nlp):
    got = spans(nlp, "落实《山西省贯彻落实<深化新时代教育评价改革总体方案>工作措施》，制定实施工作清单。")
    cites = [s for s in got if s[0] == "CITATION"]
    assert [c[1] for c in cites] == ["《山西省贯彻落实<深化新时代教育评价改革总体方案>工作措施》", "<深化新时代教育评价改革总体方案>"]
    assert cites[1][4] == "山西省贯彻落实《深化新时代教育评价改革总体方案》工作措施"
    got = spans(nlp, "印发《中共承德市委承德市人民政府印发<关于全面加强新时代大中小学劳动教育的若干措施>的通知》")
    assert sum(s[0] == "CITATION" for s in got) == 2


def test_slogans_are_told_from_programmes(nlp):
    got = spans(nlp, "进一步增强“四个意识”，坚定“四个自信”，做到“两个维护”。开展“五个一”活动。防止和纠正“小学化”倾向。")
    kinds = {s[1]: s[0] for s in got}
    assert kinds["“四个意识”"] == kinds["“两个维护”"] == "SLOGAN"
    assert kinds["“五个一”活动"] == "PROGRAM"
    assert kinds["“小学化”"] == "SLOGAN"
    assert not any("十四五" in s[1] for s in spans(nlp, "实现“十四五”时期开门红。"))


def test_unknown_programmes_found_by_rule(nlp):
    got = spans(nlp, "继续实施农村义务教育寄宿制学生营养改善计划和农村义务教育寄宿制学校后勤保障全覆盖工程。")
    assert ("PROGRAM", "农村义务教育寄宿制学校后勤保障全覆盖工程", "", "named", None) in got
    got = spans(nlp, "扎实开展新一轮“晋城的事，大家想、大家说、大家干”思想解放大讨论活动。")
    assert got[0][1] == "“晋城的事，大家想、大家说、大家干”思想解放大讨论活动" and got[0][3] == "quoted+head"
    # a generic phrase with a programme head is not a programme
    assert spans(nlp, "以深化改革创新为动力，健全工作机制。") == []


def test_quoted_name_wins_over_a_generic_lexicon_tail(nlp):
    got = spans(nlp, "开展“游山西就是读历史”研学实践教育活动。")
    programs = [(s[1], s[3]) for s in got if s[0] == "PROGRAM"]
    assert programs == [("“游山西就是读历史”研学实践教育活动", "quoted+head")]
    # the tail's subject stays, as a topic, not as a second programme
    assert [s[1] for s in got if s[0] == "TOPIC"] == ["研学实践教育活动"]


def test_a_tail_programme_stays_when_the_quote_is_taken_or_a_formula(nlp):
    # “名师课堂” is a lexicon programme, so the quoted+head name is dropped: 三个课堂 must stay
    got = spans(nlp, "推进“专递课堂”“名师课堂”和“名校网络课堂”三个课堂落地实施。")
    assert ("三个课堂", "PROGRAM") in [(s[1], s[0]) for s in got]
    # a numbered formula before a known programme qualifies it: slogan + programme
    got = spans(nlp, "探索建立“三全”交流轮岗新模式。")
    kinds = {s[1]: s[0] for s in got}
    assert kinds.get("“三全”") == "SLOGAN" and kinds.get("交流轮岗") == "PROGRAM", got


def test_generic_subjects_are_topics_not_programmes(nlp):
    got = spans(nlp, "加强劳动教育和学生心理健康教育，推动家校共育，健全师德师风建设长效机制。")
    assert [s[0] for s in got] == ["TOPIC"] * 4, got
    # a named plan inside a subject area is still a programme
    got = spans(nlp, "落实《河北省老年教育三年行动计划》，扩大老年教育供给。")
    assert ("PROGRAM", "老年教育三年行动计划") in [(s[0], s[1]) for s in got]


def test_institutions_have_proper_left_boundaries(nlp):
    got = spans(nlp, "支持晋城职业技术学院与市旅游职业教育集团合作，推动太原科技大学华科学院转设。加强全市中小学建设。")
    inst = [s[1] for s in got if s[0] == "INSTITUTION"]
    assert inst == ["晋城职业技术学院", "太原科技大学华科学院"]


def test_extract_maps_offsets_to_the_source(nlp, corpus_documents):
    doc = corpus_documents["000"][0]
    ex = extract(doc, nlp)
    raw = doc.text.raw
    for m in ex.mentions:
        assert doc.text.text[m.span.start : m.span.end] == m.text
        src = "".join(raw[m.span.src_start : m.span.src_end].split())
        assert src == "".join(m.text.split()) or m.kind is MentionKind.CITATION
    paths = {m.measure for m in ex.mentions}
    assert (4, 0, 26) in paths
    assert any(m.concept == P + "county-managed-school-hired" and m.measure == (4, 0, 26) for m in ex.mentions)
    assert ex.targets and all(not t.achieved for t in ex.targets)


def test_summary_figures_are_achieved(nlp, corpus_documents):
    summary = next(d for d in corpus_documents["004"] if d.kind.value == "summary")
    ex = extract(summary, nlp)
    assert ex.targets and all(t.achieved for t in ex.targets)

