"""Quantitative targets (a plan's commitments, a summary's reported figures).

:func:`find_targets` is a pure function over one measure's normalised text:
it scans every candidate quantity with :data:`loaders.quantities.TOKEN`, drops
the numbers that are not commitments (ordinals, anniversaries, years,
thresholds, slogans, names: see :mod:`loaders.target_rules`), and reads the
metric, comparator and deadline from the context.  The spaCy component
``edupolicy_targets`` wraps it for the pipeline.

>>> [(h.value, h.unit, h.metric, h.comparator.value)
...  for h in find_targets("全市普惠性幼儿园覆盖率达85%。")]
[(Decimal('85'), '%', '普惠性幼儿园覆盖率', 'atLeast')]
>>> find_targets("举办第31届中小学生田径运动会，庆祝建党100周年。")
()
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.model import Comparator
from loaders import target_rules as R
from loaders.context import comparator_of, deadline_of, masked, qualifier_after
from loaders.metric_phrase import MetricParts, metric_of
from loaders.quantities import CN_DIGITS, TOKEN, UNIT_KIND, normalise, number

__all__ = ["ACHIEVED_KEY", "SPAN_KEY", "TargetHit", "find_targets"]

# The measure's own number (6. / 6、 / 二是 / （三）) is not part of any metric.
_ITEM_MARK = re.compile(r"^\s*(?:[0-9]{1,3}\s*[.、．]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是)")
_FORMULA = re.compile("|".join(re.escape(f) for f in sorted(R.FORMULAS, key=len, reverse=True)))
_NUMERAL_NEXT = frozenset("0123456789" + CN_DIGITS)


@dataclass(frozen=True, slots=True)
class TargetHit:
    """One quantity found in a measure's text; offsets index that text."""

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None  # a range's upper bound; a ratio's second term (4：6 -> 4, 6)
    unit: str  # as written: %, 所, 万元, 万名; 比 for a ratio
    metric: str
    comparator: Comparator
    deadline: str | None
    normalised: Decimal | None
    base_unit: str | None  # 元, 平方米, %, ratio, or the measure word
    ratio: bool
    rule: str


@dataclass(frozen=True, slots=True)
class _Quantity:
    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    unit: str
    kind: str  # count, money, area, percent, ratio, multiplier
    more: bool  # 余 / 多 between number and unit
    normalised: Decimal | None
    base_unit: str | None
    rule: str


def find_targets(text: str, *, achieved: bool = False) -> tuple[TargetHit, ...]:
    """Every quantitative target in ``text`` (one measure's normalised text).

    Parameters
    ----------
    text
        Normalised text: ASCII digits, full-width Chinese punctuation,
        simplified characters, no hard line breaks mid-sentence.
    achieved
        ``True`` for a summary's reported results: goal verbs (达到, 实现)
        then report a figure (``exactly``) instead of a floor (``atLeast``),
        and a result has no deadline (秋季学期 there dates what was done).

    Returns
    -------
    tuple of TargetHit
        In text order; ``text[h.start:h.end]`` is the figure with its unit
        and qualifier (``80%以上``).
    """
    if not text:
        return ()
    mask = masked(text)
    hits: list[TargetHit] = []
    floor = mark.end() if (mark := _ITEM_MARK.match(text)) else 0
    prev: MetricParts | None = None
    for m in TOKEN.finditer(text):
        q = _quantity(text, m)
        if q is None or mask[q.start] or _excluded(text, q):
            continue
        qualifier = qualifier_after(text, q.end)
        end = q.end + len(qualifier)
        prev = metric_of(text, q.start, end, floor, q.kind, prev, q.unit)
        comparator = comparator_of(text, q.start, list(prev.trail), qualifier, q, achieved)
        hits.append(TargetHit(
            q.start, end, q.value, q.value_max, q.unit, prev.metric, comparator,
            None if achieved else deadline_of(text, q.start, end),
            q.normalised, q.base_unit, q.kind == "ratio", q.rule,
        ))
        floor = end
    return tuple(hits)


def _quantity(text: str, m: re.Match) -> _Quantity | None:
    if m.group("ratio"):
        return _ratio(text, m)
    if m.group("pct"):
        value = number(m.group("pct")[3:])
        if value is None:
            return None
        return _Quantity(m.start(), m.end(), value, None, "%", "percent", False, value, "%", "percent-cn")
    if m.group("a") is not None:
        a, b, mult, more, unit = m.group("a", "b", "mult", "more", "unit")
        sep = m.group("sep")
        cn = False
    else:
        a, b, mult, more, unit = m.group("ca", "cb", "cmult", "cmore", "cunit")
        sep = m.group("csep")
        cn = True
        if a == "一" and (unit in R.ONE_NEVER_UNITS or not text[: m.start()].endswith(R.ONE_OK_BEFORE)):
            return None
    return _build(m, a, b if sep else None, mult, more, unit, cn)


def _build(m, a, b, mult, more, unit, cn) -> _Quantity | None:
    kind = UNIT_KIND.get(unit or "", "multiplier" if mult else None)
    if kind is None or kind == "blocked":
        return None
    value, value_max = number(a), number(b) if b else None
    if value is None or (b and value_max is None):
        return None
    end = m.end("unit") if not cn and unit else m.end("cunit") if cn else m.end("mult")
    written = (mult or "") + (unit or "")
    normalised, base = normalise(value, mult, unit or "")
    rule = kind + ("-range" if b else "") + ("-cn" if cn else "")
    return _Quantity(m.start(), end, value, value_max, written, kind, bool(more), normalised, base, rule)


def _ratio(text: str, m: re.Match) -> _Quantity | None:
    # A colon between figures is a ratio only where the clause says so (职普比4：6);
    # elsewhere it is a time (8:30) or a score.
    if "比" not in text[max(0, m.start() - 12): m.start()]:
        return None
    a, b = re.split(r"[ \u3000]?[:：][ \u3000]?", m.group("ratio"))
    value, denominator = Decimal(a), Decimal(b)
    if denominator == 0:
        return None
    normalised = (value / denominator).quantize(Decimal("0.0001"))
    return _Quantity(m.start(), m.end(), value, denominator, "比", "ratio", False, normalised, "ratio", "ratio")


def _excluded(text: str, q: _Quantity) -> bool:
    """Ordinals, labels, thresholds, formulas and numerals glued to numerals."""
    before = text[max(0, q.start - 4): q.start]
    if before.endswith(R.BLOCKED_BEFORE):
        return True
    if text.startswith(R.BLOCKED_AFTER, q.end):
        return True
    if q.rule.endswith("-cn") and q.end < len(text) and text[q.end] in _NUMERAL_NEXT:
        return True  # 两个100%, 十四个五年规划: the count of something numbered
    if q.rule.endswith("-cn") and _totals_a_list(text, q.start):
        return True
    return _FORMULA.match(text, q.start) is not None


def _totals_a_list(text: str, start: int) -> bool:
    """语文、历史三个学科, 体育、美育等三个: a Chinese numeral that counts the items just listed."""
    i = start
    while i > 0 and start - i < R.LIST_WINDOW and text[i - 1] not in R.HARD_CLAUSE_BOUNDARY:
        i -= 1
    return text[start - 1: start] == "等" or "、" in text[i:start]


# --- spaCy component -------------------------------------------------------
# find_targets needs no spaCy; the component only wraps it for the pipeline.
try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
except ImportError:  # pragma: no cover - spaCy is a declared dependency
    Language = None

SPAN_KEY = "targets"
ACHIEVED_KEY = "edupolicy_achieved"  # doc.user_data flag: the doc is a summary

if Language is not None:
    if not Span.has_extension("target"):
        Span.set_extension("target", default=None)

    class TargetsComponent:
        """Store :func:`find_targets` hits as ``doc.spans["targets"]``.

        Each span (label ``TARGET``, widened to token boundaries) carries its
        :class:`TargetHit` in ``span._.target``.  ``doc.user_data["edupolicy_achieved"]``
        overrides the configured ``achieved`` flag for one document.
        """

        def __init__(self, achieved: bool = False) -> None:
            self.achieved = achieved

        def __call__(self, doc: Doc) -> Doc:
            achieved = bool(doc.user_data.get(ACHIEVED_KEY, self.achieved))
            spans = []
            for hit in find_targets(doc.text, achieved=achieved):
                span = doc.char_span(hit.start, hit.end, label="TARGET", alignment_mode="expand")
                if span is not None:
                    span._.target = hit
                    spans.append(span)
            doc.spans[SPAN_KEY] = spans
            return doc

    @Language.factory("edupolicy_targets", default_config={"achieved": False})
    def make_targets_component(nlp: Language, name: str, achieved: bool) -> TargetsComponent:
        """The ``edupolicy_targets`` factory: ``nlp.add_pipe("edupolicy_targets")``."""
        return TargetsComponent(achieved)
