"""Municipalities (直辖市): one city node, whatever the adcodes list under them.

adcodes.csv lists 重庆市 at prefecture level twice (500100, its districts;
500200, its counties) and 北京市 once (110100): a province whose
prefecture-level entries all carry its own name is a municipality, one city
with the province's code.  The rule reads the data; no list of four names.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS

from kg.vocab import EP
from loaders.gazetteer import build_gazetteer, gazetteer
from loaders.pipeline import load_file

CHONGQING = Path(__file__).resolve().parent / "data" / "chongqing"


def test_a_province_whose_prefecture_entries_carry_its_name_is_one_city():
    rows = [("980000000000", "海港市"), ("980100000000", "海港市"), ("980200000000", "海港市"),
            ("980101000000", "东区"), ("980201000000", "北岛县"),
            ("970000000000", "山省"), ("970100000000", "甲市"), ("970200000000", "乙市")]
    g = build_gazetteer(rows, ())
    assert [(c.name, c.code, c.province) for c in g.cities] == [
        ("海港市", "980000", "海港市"), ("甲市", "970100", "山省"), ("乙市", "970200", "山省")]
    assert g.municipalities == frozenset({"98"})


def test_the_four_municipalities_are_found_in_the_data_and_each_is_one_city():
    g = gazetteer()
    assert g.municipalities == frozenset({"11", "12", "31", "50"})
    assert [c for c, n in Counter(c.name for c in g.cities).items() if n > 1] == []
    assert [c.code for c in g.cities if c.name == "重庆市"] == ["500000"]


def test_chongqing_and_its_county_documents_are_one_city():
    docs = [d for f in sorted(CHONGQING.glob("*.txt")) for d in load_file(f, CHONGQING)]
    assert [(d.city, d.city_code, d.province) for d in docs] == [("重庆市", "500000", "重庆市")] * 2
    assert [d.bureau_code for d in docs] == [None, "500242"]


@pytest.mark.slow
def test_chongqing_documents_share_one_city_node():
    from kg.pipeline import build_corpus

    g = build_corpus([CHONGQING]).graph
    cities = {c for d in g.subjects(RDF.type, EP.PolicyDocument) for c in g.objects(d, EP.city)}
    assert len(cities) == 1
    assert {str(label) for c in cities for label in g.objects(c, RDFS.label)} == {"重庆市"}
