"""Run the entity pipeline and the targets extractor over a document's measures.

>>> from loaders.pipeline import load_file                          # doctest: +SKIP
>>> doc = load_file(Path("corpus/000_83ca8e01c31c7e70.txt"))[0]      # doctest: +SKIP
>>> ex = extract(doc, build_nlp(load_lexicon()))                     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language

from kg.model import DocKind, Document, Measure, Mention, MentionKind, Target
from loaders.metrics import canonical_metric
from loaders.nlp import KEY
from loaders.targets import find_targets

__all__ = ["Extraction", "extract", "measure_paths"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """What was found in one document: mentions and targets, in text order."""

    mentions: tuple[Mention, ...]
    targets: tuple[Target, ...]


def measure_paths(doc: Document) -> list[tuple[tuple[int, int, int], Measure]]:
    """Every measure with its ``(section, group or 0, ordinal)`` path."""
    return [((s.ordinal, m.group or 0, m.ordinal), m) for s in doc.sections for m in s.measures]


def _mentions(doc: Document, path, measure: Measure, sdoc) -> list[Mention]:
    base = measure.span.start
    out = []
    for sp in sorted(doc_spans(sdoc), key=lambda s: (s.start_char, -s.end_char)):
        kind = MentionKind(sp.label_.lower())
        out.append(
            Mention(
                kind=kind,
                text=sp.text,
                span=doc.text.span(base + sp.start_char, base + sp.end_char),
                measure=path,
                concept=sp.id_ or None,
                rule=sp.kb_id_ or "lexicon",
                label=sp._.ep_label,
                parent=sp._.ep_parent,
            )
        )
    return out


def doc_spans(sdoc) -> list:
    return list(sdoc.spans[KEY]) if KEY in sdoc.spans else []


def _targets(doc: Document, path, measure: Measure) -> list[Target]:
    achieved = doc.kind is DocKind.SUMMARY
    base = measure.span.start
    return [
        Target(
            value=h.value,
            unit=h.unit,
            metric=h.metric,
            comparator=h.comparator,
            span=doc.text.span(base + h.start, base + h.end),
            measure=path,
            deadline=h.deadline,
            value_max=h.value_max,
            normalised=h.normalised,
            base_unit=h.base_unit,
            achieved=achieved,
            rule=h.rule,
            ratio=h.ratio,
            metric_concept=canonical_metric(h.metric),
        )
        for h in find_targets(measure.text, achieved=achieved)
    ]


def extract(doc: Document, nlp: Language, *, batch_size: int = 64) -> Extraction:
    """Mentions and targets of every measure of ``doc``; offsets are the document's."""
    items = measure_paths(doc)
    mentions: list[Mention] = []
    targets: list[Target] = []
    for (path, measure), sdoc in zip(items, nlp.pipe((m.text for _, m in items), batch_size=batch_size)):
        mentions += _mentions(doc, path, measure, sdoc)
        targets += _targets(doc, path, measure)
    return Extraction(tuple(mentions), tuple(targets))


def extract_all(docs: Iterable[Document], nlp: Language) -> list[tuple[Document, Extraction]]:
    """:func:`extract` over several documents."""
    return [(d, extract(d, nlp)) for d in docs]
