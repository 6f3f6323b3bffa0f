"""The spaCy pipeline that finds programmes, slogans, citations and institutions.

``spacy.blank("zh")`` with character segmentation (no model download), then
registered components, each configured from data:

* ``edupolicy_lexicon`` – a ``span_ruler`` whose phrase patterns are the
  lexicon's labels (pattern ``id`` = concept IRI), matched on ``NORM`` so the
  quote style and Latin case do not matter; the longest match wins; topics
  (劳动教育…) are marked ``TOPIC`` and never block a rule-found name;
* ``edupolicy_coordination`` – X in “X和Y改革” when X改革 is a lexicon label;
* ``edupolicy_citations`` – every 《…》 title, nested titles too;
* ``edupolicy_quoted`` – quoted names: initiatives vs slogans;
* ``edupolicy_named`` – unquoted names built like programmes (…计划, …工程 …);
* ``edupolicy_institutions`` – schools, universities, centres.

All results sit in ``doc.spans["ep"]``: ``label_`` is the kind (``PROGRAM``,
``SLOGAN``, ``CITATION``, ``INSTITUTION``, ``TOPIC``), ``id_`` the concept IRI (lexicon
hits only), ``kb_id_`` the rule; ``span._.ep_label`` the proposed canonical
text and ``span._.ep_parent`` the outer title of a nested citation.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from loaders import entity_rules as R
from loaders import finders as F
from loaders.lexicon import Lexicon

__all__ = ["build_nlp", "KEY"]

KEY = "ep"
for _ext in ("ep_label", "ep_parent"):
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, default=None)

_RULE_CFG = {
    "left_stops": list(R.LEFT_STOPS),
    "stop_chars": R.STOP_CHARS,
    "tail_ok": list(R.TAIL_OK),
    "generic_names": list(R.GENERIC_NAMES),
    "generic_core_endings": list(R.GENERIC_CORE_ENDINGS),
    "numerals": R.NUMERALS,
    "max_name": R.MAX_NAME,
}
_QUOTED_CFG = {
    "quoted_heads": list(R.QUOTED_HEADS),
    "left_stops": list(R.LEFT_STOPS),
    "stop_chars": R.STOP_CHARS,
    "period_chars": R.PERIOD_CHARS,
    "numerals": R.NUMERALS,
    "honour_tails": list(R.HONOUR_TAILS),
    "weak_heads": list(R.WEAK_HEADS),
    "body_endings": list(R.BODY_ENDINGS),
    "institution_suffixes": list(R.INSTITUTION_SUFFIXES),
    "max_tail": R.MAX_TAIL,
}
_INST_CFG = {
    "left_stops": list(R.LEFT_STOPS),
    "stop_chars": R.STOP_CHARS,
    "institution_suffixes": list(R.INSTITUTION_SUFFIXES),
    "institution_generic": list(R.INSTITUTION_GENERIC),
    "institution_prefix_words": list(R.INSTITUTION_PREFIX_WORDS),
}


def _overlaps(group, start: int, end: int, kinds: tuple[str, ...]) -> bool:
    return any(s.label_ in kinds and s.start_char < end and start < s.end_char for s in group)


class _HitAdder:
    """Base of the rule components: run a finder, add its hits that do not clash."""

    blocked_by: tuple[str, ...] = ()

    def __init__(self, cfg: dict) -> None:
        self.cfg = cfg

    def find(self, text: str) -> tuple[F.Hit, ...]:  # pragma: no cover - overridden
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        group = doc.spans[KEY] if KEY in doc.spans else doc.spans.setdefault(KEY, [])
        titles = [(s.start_char, s.end_char) for s in group if s.label_ == "CITATION"]
        added = []
        for h in self.find(doc.text):
            if h.core_end is not None:
                h, group = _settle_tail(doc, group, h, self.cfg.get("numerals", ""))
            if h.kind != "citation" and self.blocked_by and (
                _overlaps(group, h.start, h.end, self.blocked_by)
                or _overlaps(added, h.start, h.end, self.blocked_by)
                or (h.kind != "citation" and any(a < h.end and h.start < b for a, b in titles))
            ):
                continue
            span = doc.char_span(h.start, h.end, label=h.kind.upper(), kb_id=h.rule, alignment_mode="expand")
            if span is None:
                continue
            span._.ep_label = h.label
            span._.ep_parent = h.parent
            added.append(span)
        group.extend(added)
        return doc


def _settle_tail(doc: Doc, group, hit: F.Hit, numerals: str):
    """A quoted name with a head after it (“X”研学实践教育活动) against the lexicon
    programmes lying wholly in that tail.

    * the quote is already taken (a lexicon hit on “名师课堂” in
      “名师课堂”三个课堂): the hit will be dropped, so the tail keeps its
      programme (三个课堂);
    * the quote is a numbered formula (“三全”交流轮岗新模式): it qualifies a
      known programme, so it becomes a slogan and the programme stays;
    * else the tail is the generic kind of the quoted name
      (“游山西就是读历史”研学实践教育活动) and its lexicon programme gives way.

    Topics in the tail always stay: they say what the name is about.
    """
    in_tail = [s for s in group if s.label_ == "PROGRAM" and s.id_
               and hit.core_end <= s.start_char and s.end_char <= hit.end]
    if not in_tail or _overlaps(group, hit.start, hit.core_end, ("PROGRAM", "SLOGAN", "INSTITUTION")):
        return hit, group
    if hit.label[:1] in numerals:
        content = doc.text[hit.start + 1 : hit.core_end - 1]
        return F.Hit(hit.start, hit.core_end, "slogan", "quoted-formula", content), group
    gone = {(s.start_char, s.end_char, s.id_) for s in in_tail}
    doc.spans[KEY] = [s for s in group if (s.start_char, s.end_char, s.id_) not in gone or s.label_ != "PROGRAM"]
    return hit, doc.spans[KEY]


class CitationFinder(_HitAdder):
    blocked_by = ("PROGRAM",)  # only its cited-plan programme hits, never the titles

    def find(self, text: str) -> tuple[F.Hit, ...]:
        return F.find_citations(text)


class QuotedFinder(_HitAdder):
    blocked_by = ("PROGRAM", "SLOGAN", "INSTITUTION")

    def find(self, text: str) -> tuple[F.Hit, ...]:
        return F.find_quoted(text, self.cfg)


class NamedFinder(_HitAdder):
    blocked_by = ("PROGRAM", "SLOGAN", "INSTITUTION")

    def find(self, text: str) -> tuple[F.Hit, ...]:
        return F.find_named(text, self.cfg)


class InstitutionFinder(_HitAdder):
    blocked_by = ("INSTITUTION",)

    def find(self, text: str) -> tuple[F.Hit, ...]:
        return F.find_institutions(text, self.cfg)


class CoordinationFinder:
    """“X和Y改革”: X改革 is named too, by ellipsis (教育评价和考试招生制度改革).

    Only when X + the shared head is a lexicon label, so the lexicon decides.
    """

    def __init__(self, joints: str, heads: list[str]) -> None:
        self.joints, self.heads, self.lexicon = joints, tuple(heads), None

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None or KEY not in doc.spans:
            return doc
        added = []
        for sp in doc.spans[KEY]:
            head = next((h for h in self.heads if sp.label_ == "PROGRAM" and sp.text.endswith(h)), None)
            j = sp.start_char - 1
            if head is None or j < 2 or doc.text[j] not in self.joints:
                continue
            for k in range(max(0, j - 10), j - 1):
                concept = self.lexicon.lookup(doc.text[k:j] + head)
                if concept is not None and concept.kind == "program":
                    new = doc.char_span(k, sp.end_char, label="PROGRAM", kb_id="coordination", alignment_mode="expand")
                    if new is not None:
                        new.id_ = concept.iri
                        added.append(new)
                    break
        doc.spans[KEY].extend(added)
        return doc


@Language.factory("edupolicy_coordination", default_config={"joints": "和与及、", "heads": ["制度改革", "改革", "计划", "工程"]})
def make_coordination(nlp: Language, name: str, joints: str, heads: list[str]) -> CoordinationFinder:
    return CoordinationFinder(joints, heads)


@Language.factory("edupolicy_citations")
def make_citations(nlp: Language, name: str) -> CitationFinder:
    return CitationFinder({})


@Language.factory("edupolicy_quoted", default_config={"rules": _QUOTED_CFG})
def make_quoted(nlp: Language, name: str, rules: dict) -> QuotedFinder:
    return QuotedFinder(dict(rules))


@Language.factory("edupolicy_named", default_config={"rules": _RULE_CFG | {"strong_heads": list(R.STRONG_HEADS)}})
def make_named(nlp: Language, name: str, rules: dict) -> NamedFinder:
    return NamedFinder(dict(rules))


@Language.factory("edupolicy_institutions", default_config={"rules": _INST_CFG})
def make_institutions(nlp: Language, name: str, rules: dict) -> InstitutionFinder:
    return InstitutionFinder(dict(rules))


def lexicon_patterns(lexicon: Lexicon) -> list[dict]:
    """One phrase pattern per label of every concept; ``id`` is the concept IRI."""
    return [
        {"label": c.kind.upper(), "pattern": label, "id": c.iri}
        for c in lexicon.concepts
        for label in c.labels
    ]


def build_nlp(lexicon: Lexicon) -> Language:
    """The extraction pipeline, its lexicon patterns generated from ``lexicon``."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ruler = nlp.add_pipe(
        "span_ruler",
        name="edupolicy_lexicon",
        config={
            "spans_key": KEY,
            "phrase_matcher_attr": "NORM",
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "validate": False,
        },
    )
    ruler.add_patterns(lexicon_patterns(lexicon))
    nlp.add_pipe("edupolicy_coordination").lexicon = lexicon
    for name in ("edupolicy_citations", "edupolicy_quoted", "edupolicy_named", "edupolicy_institutions"):
        nlp.add_pipe(name)
    return nlp
