"""Resolve mentions across documents and cities into entities, with the reason why.

One programme is one entity whatever the surface form: a lexicon hit resolves
to its concept; a name found by rule resolves to a key built by a few
explainable normalisation rules, and names from different cities merge when
their keys match.  Look-alikes stay apart because the lexicon gives them
different concepts (``ep:distinctFrom``) and a rule-found name is never merged
into a concept unless its normalised text *is* one of that concept's labels.

Every assignment carries a :class:`Decision` (rule + lexicon entry or key), so
``kg explain`` can say why two mentions are (or are not) the same thing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from typing import TYPE_CHECKING

from kg.iri import mint
from kg.model import Document, Mention, MentionKind
from loaders.lexicon import Lexicon, label_key

if TYPE_CHECKING:
    from kg.build import Entity as BuildEntity

__all__ = ["Decision", "Entity", "Resolution", "resolve", "explain", "program_key", "title_key", "build_entities"]

_IRI_KIND = {
    MentionKind.PROGRAM: "program",
    MentionKind.SLOGAN: "concept",
    MentionKind.CITATION: "work",
    MentionKind.INSTITUTION: "institution",
    MentionKind.TOPIC: "concept",  # like slogans: a concept, not an initiative
}
# Modifiers that scope a programme but do not change which programme it is.
_LEAD_MODIFIERS = ("深化", "推进", "实施", "落实", "全面", "持续", "中小学教师", "义务教育教师", "全市", "市级", "我市")
# Endings that name the work on a programme rather than another programme.
_TRAIL = ("试点工作", "工作", "试点")
_PUNCT = re.compile(r"[“”\"「」『』《》〈〉<>‘’'\s]")


@dataclass(frozen=True, slots=True)
class Decision:
    """Why one mention went to its entity."""

    rule: str  # lexicon | lexicon-after-normalisation | rule-key | title | slogan-key | institution-key
    detail: str  # the lexicon entry or the key and the steps that built it
    surface: str
    document: str  # source file name#index
    path: str  # measure path s.g.m


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity; ``mint_kind``/``mint_key`` give its IRI via ``kg.iri.mint``."""

    key: str  # unique: "{mint_kind}:{mint_key}"
    kind: MentionKind
    mint_kind: str
    mint_key: str
    label: str
    curated: bool
    concept: str | None = None
    en_label: str | None = None
    theme: str | None = None
    parent: str | None = None  # key of the document a nested citation sits in

    @property
    def iri(self) -> str:
        return str(mint(self.mint_kind, self.mint_key))


@dataclass(frozen=True, slots=True)
class Resolution:
    entities: dict[str, Entity]
    assignments: dict[tuple[int, int], tuple[str, Decision]]  # (doc index, mention index) -> (entity key, why)

    def entity_of(self, doc_index: int, mention_index: int) -> Entity | None:
        hit = self.assignments.get((doc_index, mention_index))
        return None if hit is None else self.entities[hit[0]]


def title_key(title: str) -> str:
    """A cited title's key: without 《》, inner 〈〉<> unified to 《》, no spaces.

    >>> title_key("《山西省贯彻落实<深化新时代教育评价改革总体方案>工作措施》")
    '山西省贯彻落实《深化新时代教育评价改革总体方案》工作措施'
    """
    t = "".join(title.split())
    if t.startswith(("《", "<", "〈")) and t.endswith(("》", ">", "〉")):
        t = t[1:-1]
    return t.translate(str.maketrans("〈<>〉", "《《》》"))


def program_key(surface: str) -> tuple[str, list[str]]:
    """The merge key of a rule-found programme name, and the steps applied.

    >>> program_key("深化“放心午餐”工程工作")
    ('放心午餐工程', ['strip-quotes', 'strip-modifier:深化', 'strip-ending:工作'])
    """
    steps = []
    key = _PUNCT.sub("", surface)
    if key != surface:
        steps.append("strip-quotes")
    for mod in _LEAD_MODIFIERS:
        if key.startswith(mod) and len(key) - len(mod) >= 3:
            key = key[len(mod) :]
            steps.append(f"strip-modifier:{mod}")
    for end in _TRAIL:
        if key.endswith(end) and len(key) - len(end) >= 3:
            key = key[: -len(end)]
            steps.append(f"strip-ending:{end}")
            break
    return key, steps


def _curated(lexicon: Lexicon, iri: str, kind: MentionKind) -> Entity:
    c = lexicon.concept(iri)
    label = c.pref_zh.replace("“", "").replace("”", "")
    mk = _IRI_KIND[kind]
    return Entity(f"{mk}:{c.slug}", kind, mk, c.slug, label, True, c.iri, c.pref_en, c.theme)


def _resolve_one(m: Mention, lexicon: Lexicon) -> tuple[Entity, str, str]:
    """The entity of one mention, the rule and the detail of the decision."""
    mk = _IRI_KIND[m.kind]
    if m.concept:
        e = _curated(lexicon, m.concept, m.kind)
        return e, "lexicon", f"label {m.text!r} of {m.concept}"
    if m.kind is MentionKind.CITATION:
        key = title_key(m.label or m.text)
        parent = f"work:{title_key(m.parent)}" if m.parent else None
        return Entity(f"work:{key}", m.kind, mk, key, key, False, parent=parent), "title", f"normalised title {key!r}"
    if m.kind is MentionKind.PROGRAM:
        key, steps = program_key(m.text)
        hit = lexicon.lookup(key)
        if hit is not None and hit.kind == "program":
            e = _curated(lexicon, hit.iri, m.kind)
            return e, "lexicon-after-normalisation", f"{' '.join(steps)} -> {key!r} = label of {hit.iri}"
        return Entity(f"{mk}:{key}", m.kind, mk, key, key, False), "rule-key", f"{' '.join(steps) or 'as written'} -> {key!r}"
    key = _PUNCT.sub("", m.label or m.text)
    hit = lexicon.lookup(key)
    if hit is not None and hit.kind == ("slogan" if m.kind is MentionKind.SLOGAN else "-"):
        return _curated(lexicon, hit.iri, m.kind), "lexicon-after-normalisation", f"{key!r} = label of {hit.iri}"
    rule = "slogan-key" if m.kind is MentionKind.SLOGAN else "institution-key"
    return Entity(f"{mk}:{key}", m.kind, mk, key, key, False), rule, f"quotes stripped -> {key!r}"


def resolve(extractions: Iterable[tuple[Document, object]], lexicon: Lexicon) -> Resolution:
    """Entities for every mention of every document; ``extractions`` is ``(doc, Extraction)`` pairs.

    The mention index ``j`` in ``assignments[(i, j)]`` is the mention's position
    in ``extractions[i][1].mentions``.
    """
    entities: dict[str, Entity] = {}
    assignments: dict[tuple[int, int], tuple[str, Decision]] = {}
    for i, (doc, ex) in enumerate(extractions):
        where = f"{doc.source.name}#{doc.index}"
        for j, m in enumerate(ex.mentions):
            ent, rule, detail = _resolve_one(m, lexicon)
            entities.setdefault(ent.key, ent)
            if ent.parent and ent.parent not in entities:
                pk = ent.parent.split(":", 1)[1]
                entities[ent.parent] = Entity(ent.parent, MentionKind.CITATION, "work", pk, pk, False)
            path = ".".join(map(str, m.measure))
            assignments[(i, j)] = (ent.key, Decision(rule, detail, m.text, where, path))
    return Resolution(entities, assignments)


def explain(resolution: Resolution, label: str) -> tuple[tuple[Entity, tuple[Decision, ...]], ...]:
    """The entities whose key, label or a surface matches ``label``, each with its decisions."""
    want = label_key(_PUNCT.sub("", label))
    by_entity: dict[str, list[Decision]] = defaultdict(list)
    for key, decision in resolution.assignments.values():
        by_entity[key].append(decision)
    out = []
    for key, decisions in sorted(by_entity.items()):
        e = resolution.entities[key]
        names = [e.label, e.mint_key, *(d.surface for d in decisions)]
        if any(want in label_key(_PUNCT.sub("", n)) for n in names):
            out.append((e, tuple(decisions)))
    return tuple(out)


def build_entities(resolution: Resolution) -> dict[tuple[int, int], BuildEntity]:
    """The ``entities`` mapping :func:`kg.build.build_graph` takes.

    The one place that knows both entity types: :class:`Entity` is the
    resolver's (with its minting key and decisions), ``kg.build.Entity`` is the
    graph builder's contract, and ``kg`` must not import the spaCy side.
    """
    from rdflib import URIRef

    from kg.build import Entity as BuildEntity

    out = {}
    for ij, (key, decision) in resolution.assignments.items():
        e = resolution.entities[key]
        parent = resolution.entities.get(e.parent) if e.parent else None
        out[ij] = BuildEntity(
            iri=URIRef(e.iri),
            kind=e.kind,
            label=e.label,
            curated=e.curated,
            rule=f"{decision.rule}: {decision.detail}",
            en_label=e.en_label,
            theme=URIRef(e.theme) if e.theme else None,
            parent=URIRef(parent.iri) if parent else None,
        )
    return out
