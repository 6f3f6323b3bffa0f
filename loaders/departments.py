"""One department, one node: resolving the names listed after 责任单位 within a city.

A bureau's sections are written many ways in one city's documents: 基教科 and
基础教育科, 体卫艺（国防教育办） and 体卫艺科（国防教育办）, 市招办（市教育发展服务中心）.
Names are merged, per city, when

1. their main names (without the bracketed part) fall under the same kind of
   unit in the department lexicon (``ontology/departments.ttl``): rule
   ``lexicon:<unit type>``;
2. their main names agree once the prefixes 市/局/市教育局 and a final 科 are
   dropped: rule ``same-name``;
3. one name's bracketed alias is another name's main name: rule ``alias``.

Departments of different cities are never merged.

>>> lex = load_unit_lexicon()
>>> ents = resolve_departments(["基教科", "基础教育科", "人事科"], lex)
>>> ents["基教科"] is ents["基础教育科"], ents["基教科"].pref_label
(True, '基础教育科')
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Namespace

from kg.iri import digest

EP = Namespace("https://w3id.org/edupolicy/ontology#")
LEXICON = Path(__file__).resolve().parents[1] / "ontology" / "departments.ttl"

_BRACKETS = re.compile(r"[（(]([^（）()]*)[）)]")
_PREFIX = re.compile(r"^(?:市教育局|市教体局|教育局|市|局)")


@dataclass(frozen=True, slots=True)
class UnitLexicon:
    """Name (as compared) → (unit type IRI, its Chinese prefLabel, its slug)."""

    by_name: dict[str, tuple[str, str, str]]

    def lookup(self, name: str) -> tuple[str, str, str] | None:
        return self.by_name.get(_strip_prefix(name)) or self.by_name.get(name)


@dataclass(frozen=True, slots=True)
class DepartmentEntity:
    """A resolved department of one city."""

    key: str  # ASCII, unique within the city: a unit-type slug or a hash
    pref_label: str
    labels: tuple[str, ...]  # every surface form met, sorted
    unit_type: str | None  # unit-type IRI when the lexicon knows it
    rule: str  # why these names are one department


@functools.cache
def load_unit_lexicon(path: Path = LEXICON) -> UnitLexicon:
    """Read the SKOS department lexicon."""
    g = Graph().parse(path)
    by_name: dict[str, tuple[str, str, str]] = {}
    for concept in sorted(g.subjects(RDF.type, EP.UnitType)):
        zh = [str(o) for o in g.objects(concept, SKOS.prefLabel) if getattr(o, "language", None) == "zh"]
        alts = [str(o) for o in g.objects(concept, SKOS.altLabel) if getattr(o, "language", None) == "zh"]
        entry = (str(concept), zh[0], str(concept).rsplit("/", 1)[-1])
        for label in [*zh, *alts]:
            by_name.setdefault(_strip_prefix(label), entry)
    return UnitLexicon(by_name)


def _strip_prefix(name: str) -> str:
    return _PREFIX.sub("", name) or name


def split_name(name: str) -> tuple[str, tuple[str, ...]]:
    """Main name and bracketed aliases: 市招办（市教育发展服务中心） → (市招办, (市教育发展服务中心,)).

    A bracket inside a name (规划财务（审计）科) leaves the main name whole (规划财务科).
    """
    aliases = tuple(a.strip() for a in _BRACKETS.findall(name) if a.strip())
    main = _BRACKETS.sub("", name).strip()
    return (main or name), aliases


def _name_key(main: str) -> str:
    base = _strip_prefix(main)
    return base[:-1] if len(base) > 2 and base.endswith("科") else base


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.why[min(ra, rb)] = why


def resolve_departments(names: Iterable[str], lexicon: UnitLexicon) -> dict[str, DepartmentEntity]:
    """Group one city's unit names into departments; surface form → entity.

    ``names`` may repeat (one per mention): the most frequent form that is not an
    abbreviation of the lexicon's name becomes the preferred label.
    """
    counts = Counter(names)
    uf = _Union()
    by_key: dict[str, str] = {}
    for name in sorted(counts):
        main, aliases = split_name(name)
        hit = lexicon.lookup(main)
        keys = [(f"type:{hit[2]}", f"lexicon:{hit[2]}")] if hit else []
        keys.append((f"name:{_name_key(main)}", "same-name"))
        keys.extend((f"name:{_name_key(a)}", "alias") for a in aliases)
        for key, why in keys:
            if key in by_key:
                uf.union(name, by_key[key], why)
            else:
                by_key[key] = name
                uf.find(name)
    groups: dict[str, list[str]] = {}
    for name in counts:
        groups.setdefault(uf.find(name), []).append(name)
    out: dict[str, DepartmentEntity] = {}
    for root, members in groups.items():
        entity = _entity(sorted(members), counts, lexicon, uf.why.get(root, "single"))
        out.update(dict.fromkeys(members, entity))
    return out


def _entity(members: list[str], counts: Counter[str], lexicon: UnitLexicon, why: str) -> DepartmentEntity:
    hits = [h for h in (lexicon.lookup(split_name(m)[0]) for m in members) if h]
    unit_type = hits[0] if hits else None
    full = [m for m in members if unit_type and split_name(m)[0] == unit_type[1]]
    pref = full[0] if full else max(members, key=lambda m: (counts[m], len(m), m))
    key = unit_type[2] if unit_type else "x-" + digest(_name_key(split_name(pref)[0]))
    return DepartmentEntity(key, pref, tuple(members), unit_type[0] if unit_type else None, why)
