"""What the words around a figure say: masked regions, metric, comparator, deadline.

Helpers of :mod:`loaders.targets`; every word list comes from
:mod:`loaders.target_rules`.
"""

from __future__ import annotations

import re

from kg.model import Comparator
from loaders import target_rules as R

__all__ = ["comparator_of", "deadline_of", "masked", "metric_of", "qualifier_after"]

# Names and slogans: figures inside never make a target.
_MASKS = re.compile(
    r"“[^“”]{0,60}”|“[^“”，。；\n]{0,30}(?=[，。；\n])"  # closed quotes; an unclosed one to its clause end
    r"|《[^《》]{0,150}》|‘[^‘’]{0,40}’|\"[^\"]{0,30}\"|〔[0-9]{4}〕[0-9]+号"
)
_QUOTED_TARGET = re.compile(R.QUOTED_TARGET)
_COUNT_OF = re.compile(r"[两二三四五六七八九十]个$")  # 达到“三个100%”
_FIGURE = re.compile(r"[0-9]+|[一二两三四五六七八九十百千]+[个所名项次人]")
_DEADLINE = re.compile("|".join(f"(?:{p})" for p in R.DEADLINE_PATTERNS))
_YEARISH = re.compile(r"(?:19|20)[0-9]{2}(?:[-—–~至](?:19|20)[0-9]{2})?年度?")
_QUALIFIERS = ("及以上", "以上", "及以下", "以下", "以内", "左右")
_CLAUSE = frozenset(R.CLAUSE_BOUNDARY)
_SENTENCE = frozenset(R.SENTENCE_BOUNDARY)
_HARD = frozenset(R.HARD_CLAUSE_BOUNDARY)
_DIGIT = re.compile(r"[0-9]")
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


def _strip(words: str, leading: tuple[str, ...], trailing: tuple[str, ...]) -> tuple[str, list[str]]:
    trail: list[str] = []
    changed = True
    while changed and words:
        changed = False
        for w in trailing:
            if words.endswith(w):
                words, changed = words[: -len(w)], True
                trail.append(w)
                break
        for w in leading:
            if words.startswith(w) and len(words) > len(w):
                words, changed = words[len(w):], True
                break
    return words, trail


def _clean(left: str) -> tuple[str, list[str]]:
    left = _YEARISH.sub("", _DEADLINE.sub("", left))
    left = _COUNT_OF.sub("", left.replace("“", "").replace("”", ""))
    for w in R.METRIC_DROP:
        left = left.replace(w, "")
    if left.endswith(R.CONJUNCTIONS):
        return "", []  # 建设2-3个实训基地和2-3个骨干专业: the noun follows the figure
    return _strip(left, R.METRIC_LEADING, R.METRIC_TRAILING)


def _right_noun(text: str, end: int) -> str:
    """The thing counted when the figure comes first (新建5所中小学校)."""
    i, stop = end, min(len(text), end + 10)
    while i < stop and text[i] not in _CLAUSE and not text[i].isdigit():
        i += 1
    noun = text[end:i]
    cut = min((k for k in (noun.find(w) for w in R.RIGHT_STOP) if k > 0), default=len(noun))
    return "" if noun[:1] in R.RIGHT_STOP else noun[:cut]


def metric_of(text: str, start: int, end: int, floor: int, kind: str) -> tuple[str, list[str]]:
    """The metric in a few words, and the comparator words stripped off its end."""
    c0 = _clause_start(text, start, floor)
    # A quoted name before the figure is part of the metric (“学习身边榜样”活动达到…);
    # so is what precedes a quoted count (配备率达到“三个100%”), not a quoted requirement.
    while c0 > floor and start - c0 < _WINDOW and (
            text[c0 - 1] == "”" or (text[c0 - 1] == "“" and not _clean(text[c0:start])[0])):
        c0 = _clause_start(text, c0 - 1, floor)
    left, trail = _clean(text[c0:start])
    if left in R.METRIC_GENERIC and c0 > 0 and text[c0 - 1] in "，,":
        # …在园幼儿5.11万人，占比60%: the subject sits in the clause before.
        p0 = _clause_start(text, c0 - 1, 0)
        subject = _clean(_DIGIT.split(text[p0: c0 - 1], maxsplit=1)[0])[0]
        left = subject + left
    right = _right_noun(text, end) if kind in ("count", "multiplier") or not left else ""
    return left[-16:] + right[:10], trail


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
