"""segment(): documents, their metadata, sections, measures, fields and units.

Expectations for the five corpus files were read off the files by eye.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import LoadError
from kg.model import DocKind, FieldName, Source
from loaders.normalise import normalise
from loaders.pipeline import load_corpus
from loaders.read import Raw
from loaders.segment import segment


def _docs(text: str):
    return segment(normalise(Raw(Source("synthetic.txt", "0" * 64), text)))


def _path(doc, m):
    s = next(s for s in doc.sections if m in s.measures)
    return f"{s.ordinal}.{m.group or 0}.{m.ordinal}"


def _measure(doc, path):
    return next(m for m in doc.measures if _path(doc, m) == path)


# --- the five corpus files --------------------------------------------------

EXPECTED = {
    # file: [(kind, year, city, code, province, 文号, issued, sections, measures)]
    "000": [(DocKind.PLAN, 2021, "晋城市", "140500", "山西省", None, dt.date(2021, 3, 8), 5, 35)],
    "001": [(DocKind.PLAN, 2023, "忻州市", "140900", "山西省", "忻教发〔2023〕1号", dt.date(2023, 3, 15), 7, 28)],
    "002": [(DocKind.PLAN, 2021, "抚顺市", "210400", "辽宁省", "抚教发〔2021〕1号", dt.date(2021, 2, 22), 5, 30)],
    "003": [(DocKind.PLAN, 2021, "四平市", "220300", "吉林省", None, None, 7, 35)],
    "004": [
        (DocKind.SUMMARY, 2020, "承德市", "130800", "河北省", "承教发〔2021〕1号", dt.date(2021, 4, 6), 5, 32),
        (DocKind.PLAN, 2021, "承德市", "130800", "河北省", "承教发〔2021〕1号", dt.date(2021, 4, 6), 6, 34),
    ],
}


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_corpus_documents_have_the_printed_metadata_and_counts(corpus_documents, file):
    docs = corpus_documents[file]
    got = [
        (d.kind, d.year, d.city, d.city_code, d.province, d.number, d.issued, len(d.sections), len(d.measures))
        for d in docs
    ]
    assert got == EXPECTED[file]
    for d in docs:
        assert d.province_code == d.city_code[:2]
        paths = [_path(d, m) for m in d.measures]
        assert len(set(paths)) == len(paths), "measure paths must be unique in a document"


def test_issuers_as_printed(corpus_documents):
    assert corpus_documents["000"][0].issuers == ("中共晋城市委教育工作委员会", "晋城市教育局")
    assert corpus_documents["001"][0].issuers == ("中共忻州市教育系统工委", "忻州市教育局")
    # the plan's own header abbreviates (市委教育工委 市教育局); the notice's masthead names them
    assert corpus_documents["002"][0].issuers == ("中共抚顺市委教育工作委员会", "抚顺市教育局")
    assert corpus_documents["003"][0].issuers == ()
    assert all(d.issuers == ("中共承德市委教育工委", "承德市教育局") for d in corpus_documents["004"])


def test_sipings_city_is_inferred_from_the_body_and_says_so(corpus_documents):
    doc = corpus_documents["003"][0]
    why = dict(doc.evidence)
    assert "inferred from the body" in why["city"] and "四平" in why["city"]
    assert "吉林" in why["province"]


def test_plan_numbering_continuous_and_restarting(corpus_documents):
    jincheng = corpus_documents["000"][0]
    assert [m.ordinal for m in jincheng.measures] == list(range(1, 36))
    assert [len(s.measures) for s in jincheng.sections] == [6, 8, 9, 4, 8]
    assert jincheng.sections[1].title == "深化教育改革创新，激发高质量发展动力"
    assert jincheng.measures[0].title == "加强政治建设"


def test_jincheng_measure_text_has_no_newline_mid_sentence(corpus_documents):
    for m in corpus_documents["000"][0].measures:
        for piece in m.text.split("\n")[:-1]:
            assert piece[-1] in "。；：！？", (m.ordinal, piece[-10:])
    m2 = corpus_documents["000"][0].measures[1]
    assert "深入学习贯彻党的十九届五中全会精神，学习贯彻习近平总书记" in m2.text
    assert not corpus_documents["000"][0].measures[-1].text.count("抄送")


def test_traditional_characters_become_simplified(corpus_documents):
    siping = corpus_documents["003"][0].measures[9]
    assert siping.title == "完善教育督导体制机制" and "督導" not in siping.text
    assert "督导体制" in corpus_documents["001"][0].measures[24].text


def test_fushun_units_split_outside_brackets(corpus_documents):
    doc = corpus_documents["002"][0]
    m23 = _measure(doc, "5.0.23")
    assert m23.title == "加强规范办学工作"
    assert [u.name for u in m23.units] == ["审批科（规范办）", "义教科", "高中科", "纪检组"]
    m5 = _measure(doc, "2.0.5")
    assert [(u.name, u.collective) for u in m5.units] == [
        ("规划科", False), ("局各科室", True), ("市教师进修学院", False), ("市招办（市教育发展服务中心）", False),
    ]
    assert [u.name for u in _measure(doc, "5.0.30").units] == ["局相关科室"]
    assert all(m.units for m in doc.measures), "every 抚顺 measure prints a 责任单位 line"
    m15 = _measure(doc, "4.0.15")
    assert m15.field(FieldName.RESPONSIBLE).label == "责任科室" and len(m15.units) == 11


def test_chengde_plan_fields_and_units(corpus_documents):
    plan = corpus_documents["004"][1]
    m1 = _measure(plan, "1.0.1")
    assert m1.title == "深入学习贯彻党的十九届五中全会精神"
    assert [f.label for f in m1.fields] == ["目标任务", "工作措施", "责任科室"]
    assert [u.name for u in m1.units] == ["党建办（巡察办）", "机关党委", "规划财务（审计）科"]
    assert _measure(plan, "2.0.8").field(FieldName.GOAL).label == "任务目标"
    assert _measure(plan, "3.0.15").field(FieldName.ACTIONS).label == "工作举措"
    m32 = _measure(plan, "6.0.32")
    assert [(u.name, u.collective) for u in m32.units] == [("局机关各科室（馆、站）", True)]
    assert m32.field(FieldName.ACTIONS).span.text.startswith("加强机关节能管理")  # value on the next line
    assert [u.name for u in _measure(plan, "4.0.22").units] == ["办公室（法规科）", "机关党委"]
    unit = m1.units[0]
    assert plan.text.raw[unit.span.src_start:unit.span.src_end] == "党建办（巡察办）"


def test_chengde_summary_items(corpus_documents):
    summary = corpus_documents["004"][0]
    assert [len(s.measures) for s in summary.sections] == [4, 4, 18, 3, 3]
    # 一是… directly under a section: s.0.k
    assert _measure(summary, "1.0.1").title == "进一步强化创新理论武装"
    # （N） groups without items are measures: s.0.N
    assert _measure(summary, "2.0.4").title == "以最高效率，圆满完成两次赴石家庄接返任务"
    # items inside a group: s.N.k, with the group's heading
    m = _measure(summary, "3.4.1")
    assert m.title == "全心做好“民心工程”必答题"
    assert m.group_title == "人民群众对教育的满意度获得感显著提升"
    assert "[bookmark" not in summary.span.text
    assert not any(m.text.startswith("2021年工作要点") for m in summary.measures)


# --- the genre beyond these files --------------------------------------------

LAYERED = """丹东市教育局文件
丹教发[2022]7号
丹东市教育局2022年工作计划
一、总体要求
全年工作的总体要求是：坚持立德树人。
二、重点任务
（一）深化教育改革
1.推进“县管校聘”管理改革。全面推开
“县管校聘”。（责任单位：人事科）
2.深化教育评价改革。破除“五唯”。（牵头单位：基教科；配合单位：财务科、局属各单位）
（二）办好人民满意教育
1.扩大普惠性学前教育资源。覆盖率达到85%。（责任单位：学前科、市招办（市教育发展服务中心））
三、保障措施
1.加强组织领导。各科室要 1.认真落实。
2.强化督导检查。
丹东市教育局办公室 2022 年 3月8日印发
"""


def test_layered_plan_with_groups_inline_fields_and_restarts():
    (doc,) = _docs(LAYERED)
    assert (doc.kind, doc.year, doc.city, doc.province) == (DocKind.PLAN, 2022, "丹东市", "辽宁省")
    assert (doc.number, doc.issued) == ("丹教发〔2022〕7号", dt.date(2022, 3, 8))
    assert [_path(doc, m) for m in doc.measures] == ["2.1.1", "2.1.2", "2.2.1", "3.0.1", "3.0.2"]
    assert doc.sections[0].measures == (), "总体要求 is not a measure"
    m = _measure(doc, "2.1.1")
    assert m.title == "推进“县管校聘”管理改革" and m.group_title == "深化教育改革"
    assert [u.name for u in m.units] == ["人事科"]
    m2 = _measure(doc, "2.1.2")
    assert [(u.name, u.lead, u.collective) for u in m2.units] == [
        ("基教科", True, False), ("财务科", False, False), ("局属各单位", False, True),
    ]
    assert [u.name for u in _measure(doc, "2.2.1").units] == ["学前科", "市招办（市教育发展服务中心）"]
    assert "印发" not in _measure(doc, "3.0.2").text


def test_two_documents_without_a_notice():
    docs = _docs(
        "2021年工作总结\n一、主要成绩\n全年新建幼儿园5所。一是扩大资源。新建幼儿园。二是提升质量。开展评估。\n"
        "二、存在问题\n师资不足。\n"
        "2022年工作要点\n一、加强党的建设\n1.加强政治建设。学习贯彻。\n2.加强基层党建。持续推进。\n"
        "二、推进教育公平\n3.推进均衡发展。督促建设。\n"
    )
    assert [(d.kind, d.year, len(d.measures)) for d in docs] == [(DocKind.SUMMARY, 2021, 3), (DocKind.PLAN, 2022, 3)]
    assert [m.title for m in docs[0].measures] == ["扩大资源", "提升质量", "存在问题"]
    assert docs[0].city is None


def test_header_without_city_infers_it_from_the_body():
    (doc,) = _docs("2022\n2022年全市教育工作的总体思路是：办好鞍山人民满意的教育。\n"
                   "一、加强党建\n1.落实鞍山市委部署。推进鞍山教育现代化。\n2.建设鞍山教育强市。\n")
    assert (doc.city, doc.province, doc.year) == ("鞍山市", "辽宁省", 2022)
    assert "inferred from the body" in dict(doc.evidence)["city"]


def test_text_without_plan_structure_is_a_load_error():
    with pytest.raises(LoadError, match="no 工作要点/工作总结 structure found"):
        _docs("这是一封普通的信。\n祝好。\n")


def test_load_corpus_skips_bad_files_and_keeps_going(tmp_path, corpus_dir):
    good = tmp_path / "good.txt"
    good.write_bytes((corpus_dir / "002_ed8192ea9db54648.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "letter.txt").write_text("这是一封普通的信。", encoding="gbk")
    report = load_corpus(sorted(tmp_path.glob("*.txt")), tmp_path)
    assert [d.city for d in report.documents] == ["抚顺市"]
    assert dict(report.skipped).keys() == {"empty.txt", "letter.txt"}
    assert "no 工作要点/工作总结 structure" in dict(report.skipped)["letter.txt"]


def test_file_in_parts_under_an_abbreviated_notice():
    docs = _docs(
        "市委教育工委 市教育局\n关于印发2022年教育工作要点\n的通知\n各县区教育局：\n"
        "现将《2022年教育工作要点》印发给你们。\n市教育局\n2022年2月1日\n"
        "第一部分 2021年工作总结\n一、主要成绩\n一是扩大资源。新建幼儿园。二是提升质量。开展评估。\n"
        "第二部分 2022年工作要点\n一、加强党的建设\n1.加强政治建设。学习贯彻丹东市委部署。\n"
        "2.加强基层党建。丹东教育持续推进，丹东。\n"
    )
    assert [(d.title, d.kind, d.year) for d in docs] == [
        ("2021年工作总结", DocKind.SUMMARY, 2021), ("2022年工作要点", DocKind.PLAN, 2022),
    ]
    # the notice names no city (市委教育工委); the file's body does, for both documents
    assert [d.city for d in docs] == ["丹东市", "丹东市"]
    assert "inferred from the file" in dict(docs[0].evidence)["city"]
    assert all(d.issued == dt.date(2022, 2, 1) and d.issuers == ("市委教育工委", "市教育局") for d in docs)
