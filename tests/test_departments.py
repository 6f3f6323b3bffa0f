"""Department names resolve to one node per department within a city."""

from __future__ import annotations

from loaders.departments import load_unit_lexicon, resolve_departments, split_name


def _groups(names):
    ents = resolve_departments(names, load_unit_lexicon())
    return {n: ents[n].key for n in names}, ents


def test_abbreviation_and_full_name_are_one_department():
    keys, ents = _groups(["基教科", "基础教育科", "学前科"])
    assert keys["基教科"] == keys["基础教育科"] != keys["学前科"]
    assert ents["基教科"].pref_label == "基础教育科"
    assert ents["基教科"].rule.startswith("lexicon:")


def test_optional_final_ke_and_same_bracket_are_one_department():
    keys, _ = _groups(["体卫艺（国防教育办）", "体卫艺科（国防教育办）"])
    assert keys["体卫艺（国防教育办）"] == keys["体卫艺科（国防教育办）"]


def test_unknown_names_merge_only_on_the_same_name():
    keys, ents = _groups(["市青少年活动中心", "青少年活动中心", "市少年宫"])
    assert keys["市青少年活动中心"] == keys["青少年活动中心"] != keys["市少年宫"]
    assert ents["市少年宫"].unit_type is None and ents["市少年宫"].key.startswith("x-")


def test_bracketed_alias_links_two_written_forms():
    keys, ents = _groups(["市招办（市教育发展服务中心）", "市教育发展服务中心"])
    assert keys["市招办（市教育发展服务中心）"] == keys["市教育发展服务中心"]
    assert set(ents["市教育发展服务中心"].labels) == {"市招办（市教育发展服务中心）", "市教育发展服务中心"}


def test_split_name_keeps_a_bracket_inside_the_name_whole():
    assert split_name("规划财务（审计）科") == ("规划财务科", ("审计",))
    assert split_name("审批科(规范办)") == ("审批科", ("规范办",))


def test_different_sections_stay_apart():
    keys, _ = _groups(["人事科", "组织部", "宣传部", "纪检组", "督导科", "督导室"])
    assert len({keys[n] for n in ["人事科", "组织部", "宣传部", "纪检组"]}) == 4
    assert keys["督导科"] == keys["督导室"]
