"""normalise(): the canonical form, line joins, and an exact map back to the source."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Source
from loaders.normalise import normalise, normalise_str
from loaders.read import Raw, read

DATA = Path(__file__).parent / "data"
_T2S = opencc.OpenCC("t2s")


def _norm(text: str):
    return normalise(Raw(Source("t.txt", "0" * 64), text))


# --- the canonical form ---------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2021 年工作要点", "2021年工作要点"),
        ("建党 100 周年", "建党100周年"),
        ("２０２１年ＡＢ", "2021年AB"),
        ("承  德  市  教  育  局", "承德市教育局"),
        ("责任单位:审批科(规范办)、纪检组", "责任单位：审批科（规范办）、纪检组"),
        ("投资1,300万元，10:30开会", "投资1,300万元，10:30开会"),
        ("完善教育督導體制机制", "完善教育督导体制机制"),
        ("[bookmark: _GoBack]（一）以铁肩精神", "（一）以铁肩精神"),
        ("中共承德市委教育工委          承德市教育局", "中共承德市委教育工委 承德市教育局"),
        ("高素质、 专业化", "高素质、专业化"),
        ("忻教发﹝2023﹞1号", "忻教发〔2023〕1号"),
        ("乾隆年间", "乾隆年间"),
    ],
)
def test_canonical_form(source, expected):
    assert normalise_str(source) == expected


@pytest.mark.parametrize("debris", ["— 3 —", "- 12 -", "第3页", "第 3 页 共 10 页", "\f"])
def test_page_debris_is_dropped(debris):
    text = f"1.加强政治建设。坚持以习近平新时代中国特色\n{debris}\n社会主义思想为指导。"
    assert normalise_str(text) == "1.加强政治建设。坚持以习近平新时代中国特色社会主义思想为指导。"


def test_crlf_lf_and_cr_give_the_same_text():
    lf = "一、总体要求\n\n1.加强政治建设。坚持以习近平\n\n新时代中国特色社会主义思想为指导。"
    assert normalise_str(lf.replace("\n", "\r\n")) == normalise_str(lf) == normalise_str(lf.replace("\n", "\r"))


def test_hard_wraps_are_joined_but_items_and_sentences_are_not():
    text = (
        "一、加强党的全面领导，坚定高质量发展方向\n\n"
        "1.加强政治建设。坚持以习近平新时代中国特色社会主义思\n\n"
        "想为指导，进一步增强“四个意识”。\n\n"
        "2.深化思想理论武装\n\n"
        "目标任务：深入学习贯彻党的十九届五中\n"
        "全会精神。\n"
        "责任科室：办公室"
    )
    assert normalise_str(text).split("\n") == [
        "一、加强党的全面领导，坚定高质量发展方向",
        "1.加强政治建设。坚持以习近平新时代中国特色社会主义思想为指导，进一步增强“四个意识”。",
        "2.深化思想理论武装",
        "目标任务：深入学习贯彻党的十九届五中全会精神。",
        "责任科室：办公室",
    ]


def test_jincheng_export_wraps_are_rejoined():
    text = normalise(read(DATA / "jincheng_2021_plan_head.txt")).text
    lines = text.split("\n")
    assert lines[:3] == ["中共晋城市委教育工作委员会 晋城市教育局", "2021年工作要点", lines[2]]
    assert lines[2].startswith("2021年是中国共产党建党100周年，是我市开启全面建设社会主义现代化新征程")
    assert lines[2].endswith("以优异成绩庆祝建党100周年。")
    assert lines[3] == "一、加强党的全面领导，坚定高质量发展方向"
    assert lines[4].startswith("1.加强政治建设。坚持以习近平新时代中国特色社会主义思想为指导，")
    # a line break is left only where a sentence ended
    assert all(line[-1] in "。；：！？" for line in lines[2:-1] if not line.startswith("一、"))  # the excerpt ends mid-measure


def test_chengde_masthead_lines_stay_apart_and_the_broken_title_is_joined():
    lines = normalise(read(DATA / "chengde_2021_notice_head.txt")).text.split("\n")
    assert lines[:4] == ["承教发〔2021〕1号", "中共承德市委教育工委", "承德市教育局", "关于印发2020年工作总结及2021年工作要点的通知"]
    assert "中共承德市委教育工委 承德市教育局" in lines
    assert lines[-2:] == ["2021年4月6日", "2020年工作总结"]


# --- the offset map -------------------------------------------------------


def _same_char(norm_char: str, source: str) -> bool:
    """Does ``source`` (a slice of the file) normalise to ``norm_char``, up to width?"""
    fold = unicodedata.normalize("NFKC", norm_char)
    return any(unicodedata.normalize("NFKC", _T2S.convert(c)) == fold for c in source)


def _check_map(t) -> None:
    assert len(t.starts) == len(t.ends) == len(t.text)
    for i, ch in enumerate(t.text):
        s, e = t.starts[i], t.ends[i]
        assert 0 <= s < e <= len(t.raw), (i, ch, s, e)
        src = t.raw[s:e]
        if ch == "\n":
            assert any(c in "\r\n\f\v\u2028\u2029\x85" for c in src), (i, src)
        elif ch == " ":
            assert not src.strip(), (i, src)
        else:
            assert _same_char(ch, src), (i, ch, src)
        if i:
            assert t.starts[i - 1] <= s and t.ends[i - 1] <= e, (i, ch)


def test_corpus_offsets_map_back_to_the_source(corpus_dir):
    for p in sorted(corpus_dir.glob("*.txt")):
        t = normalise(read(p, corpus_dir))
        _check_map(t)
        span = t.span(10, 20)
        assert span.text == t.text[10:20]


_ALPHABET = st.sampled_from(
    list("一二三四五六七八九十、。，：；！？（）《》“”年月日市教育局工作要点总结责任单位科室是的体导督發體導")
    + list("0123456789０１２３ａＢ.,:;()- ") + ["\n", "\r\n", "\r", "\n\n", "\u3000", "  ", "\f"]
    + ["1.", "（一）", "一、", "一是", "责任单位：", "2021 年", "— 3 —", "[bookmark: _GoBack]", "承  德  市"]
)
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_normalise_is_idempotent(text):
    once = normalise_str(text)
    assert normalise_str(once) == once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_every_normalised_char_maps_back_to_its_source(text):
    _check_map(_norm(text))
