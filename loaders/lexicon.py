"""The programme and slogan lexicon, read from the SKOS Turtle in ``ontology/``.

Aliases are data: ``ontology/programs.ttl`` (``ep:Program`` concepts) and
``ontology/slogans.ttl`` (``ep:Slogan`` concepts) and ``ontology/topics.ttl``
(``ep:Topic``: subject areas such as 劳动教育 that are not initiatives) list
every surface form as ``skos:altLabel``; ``ontology/themes.ttl`` holds the themes they sit under.
This module turns them into a frozen :class:`Lexicon` that the extractor
builds its patterns from and the resolver consults.

>>> lex = load_lexicon()
>>> lex.concept("https://w3id.org/edupolicy/id/program/county-managed-school-hired").pref_zh
'县管校聘'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Namespace, URIRef
from rdflib.term import Literal

from kg.errors import ConfigError

__all__ = ["Concept", "Lexicon", "load_lexicon", "label_key", "ONTOLOGY"]

EP = Namespace("https://w3id.org/edupolicy/ontology#")
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
FILES = ("themes.ttl", "programs.ttl", "slogans.ttl", "topics.ttl")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟＂「」『』"})


def label_key(text: str) -> str:
    """How the matcher compares labels: quote style, Latin case and spaces ignored.

    Mirrors spaCy's ``NORM`` attribute on the char tokenizer (which maps “ ” to
    ``"`` and lowercases), plus whitespace removal.

    >>> label_key("“1+X”证书") == label_key('"1+x" 证书')
    True
    """
    return "".join(text.translate(_QUOTES).lower().split())


@dataclass(frozen=True, slots=True)
class Concept:
    """One lexicon entry (a programme or a slogan)."""

    iri: str
    kind: str  # "program", "slogan" or "topic"
    slug: str  # last IRI segment, used as the minting key
    pref_zh: str
    pref_en: str | None
    alt: tuple[str, ...]
    theme: str | None
    distinct_from: frozenset[str]

    @property
    def labels(self) -> tuple[str, ...]:
        """prefLabel first, then every altLabel."""
        return (self.pref_zh, *self.alt)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All concepts, plus an index from normalised label to concept IRI."""

    concepts: tuple[Concept, ...]
    themes: tuple[tuple[str, str, str | None], ...]  # (iri, zh, en)
    by_key: dict[str, str]

    def concept(self, iri: str) -> Concept:
        for c in self.concepts:
            if c.iri == iri:
                return c
        raise ConfigError(f"ontology/programs.ttl: no concept {iri}")

    def lookup(self, label: str) -> Concept | None:
        """The concept one of whose labels equals ``label`` (after :func:`label_key`)."""
        iri = self.by_key.get(label_key(label))
        return None if iri is None else self.concept(iri)

    def distinct(self, a: str, b: str) -> bool:
        """True when the lexicon says ``a`` and ``b`` must never merge."""
        ca = next((c for c in self.concepts if c.iri == a), None)
        return ca is not None and b in ca.distinct_from


def _lit(graph: Graph, s: URIRef, p: URIRef, lang: str) -> list[str]:
    return sorted(str(o) for o in graph.objects(s, p) if isinstance(o, Literal) and o.language == lang)


def _concept(graph: Graph, iri: URIRef, kind: str) -> Concept:
    zh = _lit(graph, iri, SKOS.prefLabel, "zh")
    if len(zh) != 1:
        raise ConfigError(f"ontology: {iri} needs exactly one skos:prefLabel@zh, has {len(zh)}")
    en = _lit(graph, iri, SKOS.prefLabel, "en")
    theme = next(iter(graph.objects(iri, SKOS.broader)), None)
    distinct = frozenset(str(o) for o in graph.objects(iri, EP.distinctFrom))
    distinct |= frozenset(str(s) for s in graph.subjects(EP.distinctFrom, iri))
    return Concept(
        iri=str(iri),
        kind=kind,
        slug=str(iri).rstrip("/").rsplit("/", 1)[-1],
        pref_zh=zh[0],
        pref_en=en[0] if en else None,
        alt=tuple(_lit(graph, iri, SKOS.altLabel, "zh")),
        theme=None if theme is None else str(theme),
        distinct_from=distinct,
    )


def _index(concepts: tuple[Concept, ...]) -> dict[str, str]:
    by_key: dict[str, str] = {}
    for c in concepts:
        for label in c.labels:
            key = label_key(label)
            other = by_key.setdefault(key, c.iri)
            if other != c.iri:
                raise ConfigError(f"ontology: label {label!r} belongs to both {other} and {c.iri}")
    return by_key


def read_lexicon(folder: Path) -> Lexicon:
    """Read the lexicon's Turtle files of ``folder`` into a :class:`Lexicon`."""
    graph = Graph()
    for name in FILES:
        path = folder / name
        if not path.exists():
            raise ConfigError(f"{path}: lexicon file missing")
        graph.parse(path, format="turtle")
    concepts = tuple(
        _concept(graph, iri, kind)
        for cls, kind in ((EP.Program, "program"), (EP.Slogan, "slogan"), (EP.Topic, "topic"))
        for iri in sorted(graph.subjects(RDF.type, cls))
        if isinstance(iri, URIRef)
    )
    themes = tuple(
        (str(t), _lit(graph, t, SKOS.prefLabel, "zh")[0], next(iter(_lit(graph, t, SKOS.prefLabel, "en")), None))
        for t in sorted(graph.subjects(SKOS.inScheme, URIRef("https://w3id.org/edupolicy/id/theme/scheme")))
        if isinstance(t, URIRef)
    )
    return Lexicon(concepts=concepts, themes=themes, by_key=_index(concepts))


@functools.cache
def load_lexicon(folder: str | None = None) -> Lexicon:
    """The lexicon of ``folder`` (default: the repository's ``ontology/``), cached per process."""
    return read_lexicon(Path(folder) if folder else ONTOLOGY)
