"""What the words around a figure say: masked regions, comparator, deadline.

Helpers of :mod:`loaders.targets`; every word list comes from
:mod:`loaders.target_rules`.  The metric is read by :mod:`loaders.metric_phrase`.
"""

from __future__ import annotations

import re

from kg.model import Comparator
from loaders import target_rules as R

__all__ = ["comparator_of", "deadline_of", "masked", "qualifier_after"]

# Names and slogans: figures inside never make a target.
_MASKS = re.compile(
    r"“[^“”]{0,60}”|“[^“”，。；\n]{0,30}(?=[，。；\n])"  # closed quotes; an unclosed one to its clause end
    r"|《[^《》]{0,150}》|‘[^‘’]{0,40}’|\"[^\"]{0,30}\"|〔[0-9]{4}〕[0-9]+号"
)
_QUOTED_TARGET = re.compile(R.QUOTED_TARGET)
_FIGURE = re.compile(r"[0-9]+|[一二两三四五六七八九十百千]+[个所名项次人]")
_DEADLINE = re.compile("|".join(f"(?:{p})" for p in R.DEADLINE_PATTERNS))
_QUALIFIERS = ("及以上", "以上", "及以下", "以下", "以内", "左右")
_CLAUSE = frozenset(R.CLAUSE_BOUNDARY)
_SENTENCE = frozenset(R.SENTENCE_BOUNDARY)
_HARD = frozenset(R.HARD_CLAUSE_BOUNDARY)
_WINDOW = 30


def masked(text: str) -> bytearray:
    """One byte per character, non-zero inside quotes, titles and document numbers."""
    mask = bytearray(len(text))
    for m in _MASKS.finditer(text):
        if m.group().endswith("”") and _quoted_requirement(m.group()[1:-1]):
            continue
        mask[m.start(): m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _quoted_requirement(inner: str) -> bool:
    if _QUOTED_TARGET.fullmatch(inner):
        return True
    return (len(inner) > R.QUOTE_NAME_MAX and not inner.endswith(R.QUOTE_NAME_SUFFIXES)
            and "，" not in inner and len(_FIGURE.findall(inner)) < 2)


def qualifier_after(text: str, end: int) -> str:
    """以上 / 以下 / 以内 / 左右 right after a figure, or ``""``."""
    for word in _QUALIFIERS:
        if text.startswith(word, end):
            return word
    return ""


def _clause_start(text: str, pos: int, floor: int) -> int:
    lo = max(floor, pos - _WINDOW)
    i = pos
    while i > lo and text[i - 1] not in _CLAUSE:
        i -= 1
    return i


def comparator_of(text, start, trail, qualifier, q, achieved) -> Comparator:
    """Range, about, at most, at least (goal verbs in a plan only) or exactly."""
    if q.value_max is not None and q.kind != "ratio":
        return Comparator.RANGE
    clause = text[_clause_start(text, start, 0): start]
    if qualifier == "左右" or any(w in R.ABOUT_BEFORE for w in trail) or clause.endswith(R.ABOUT_BEFORE):
        return Comparator.ABOUT
    if qualifier in R.AT_MOST_AFTER or any(w in R.AT_MOST_BEFORE for w in trail):
        return Comparator.AT_MOST
    if qualifier in R.AT_LEAST_AFTER or q.more or any(w in R.AT_LEAST_BEFORE for w in trail):
        return Comparator.AT_LEAST
    if any(w in clause for w in ("确保", "至少", "不少于", "不低于")):
        return Comparator.AT_LEAST
    if not achieved and (any(w in R.GOAL_BEFORE for w in trail) or _opens_with_goal(text, start)):
        return Comparator.AT_LEAST
    return Comparator.EXACTLY


def _opens_with_goal(text: str, start: int) -> bool:
    i = start
    while i > 0 and start - i < _WINDOW and text[i - 1] not in _HARD:
        i -= 1
    return text.startswith(R.GOAL_CLAUSE, i)


def deadline_of(text: str, start: int, end: int) -> str | None:
    """The deadline written in the figure's sentence: the nearest before it, else after it."""
    s0, s1 = start, end
    while s0 > 0 and text[s0 - 1] not in _SENTENCE:
        s0 -= 1
    while s1 < len(text) and text[s1] not in _SENTENCE:
        s1 += 1
    before, after = None, None
    for m in _DEADLINE.finditer(text, s0, s1):
        if m.end() <= start:
            before = m.group()
        elif m.start() >= end and after is None and not _HARD.intersection(text[end: m.start()]):
            after = m.group()  # …1200人于7月底前完成, not a date in the next clause
    return before or after
