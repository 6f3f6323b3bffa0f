"""Sections and measures of one document body.

Plans number their measures 1. / 1、 under 一、 sections, sometimes with a
（一） layer between (then the measure's ``group`` is that number).  The
numbering may run on over the whole document (1–35) or restart in each
section or group; an item is taken as a measure only if its number continues
the count or restarts it at 1 where a section or group begins, so a "1." in
running text does not open a measure.

A section without numbered measures is read as a summary reads:

* a （N） group holding 一是/二是… items yields those items (path s.N.k);
* a （N） group without such items is itself a measure (path s.0.N);
* 一是… items directly under a section are measures (path s.0.k);
* a section with none of these is one measure (s.0.1) titled as the section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.model import Measure, Section, Text
from loaders.fields import fields_in
from loaders.patterns import GROUP, ITEM, MEASURE, SECTION, cn_int

__all__ = ["Line", "sections_of", "section_ordinal"]

_TITLE_END = re.compile(r"[。！？；]")
_INLINE_TAIL = re.compile(r"（\s*(?:责任|牵头|配合)[^（）]*(?:（[^（）]*）[^（）]*)*）\s*$")
_ITEM_START = re.compile(rf"(?:(?<=^)|(?<=[。；！？：\n]))\s*{ITEM.pattern}", re.M)


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str


def section_ordinal(line: str) -> int | None:
    m = SECTION.match(line)
    return cn_int(m.group(1) or m.group(2)) if m else None


def _title(text: str) -> str:
    """The heading sentence: up to the first 。 (or the whole line), inline fields dropped."""
    first = text.split("\n", 1)[0]
    m = _TITLE_END.search(first)
    head = first[: m.start()] if m else first
    return _INLINE_TAIL.sub("", head).strip()


def _measure(text: Text, start: int, end: int, ordinal: int, title: str,
             group: int | None = None, group_title: str | None = None) -> Measure:
    fields, units = fields_in(text, start, end)
    return Measure(ordinal, title, text.span(start, end), fields, units, group, group_title)


def _numbered(text: Text, lines: Sequence[Line], last: int) -> tuple[list[Measure], int]:
    """Plan-style measures of one section's lines (after the heading)."""
    marks: list[tuple[int, int, int | None, str | None]] = []  # (line index, ordinal, group, group title)
    group, group_title, fresh = None, None, True
    for i, ln in enumerate(lines):
        g = GROUP.match(ln.text)
        if g and cn_int(g.group(1)) == (group or 0) + 1:
            group, group_title, fresh = cn_int(g.group(1)), _title(ln.text[g.end():]), True
            marks.append((i, 0, group, group_title))
            continue
        m = MEASURE.match(ln.text)
        if m and (int(m.group(1)) == last + 1 or (fresh and int(m.group(1)) == 1)):
            last, fresh = int(m.group(1)), False
            marks.append((i, last, group, group_title))
    measures = []
    for k, (i, ordinal, grp, gtitle) in enumerate(marks):
        if ordinal == 0:
            continue  # a group heading only bounds the measure before it
        j = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        start, end = lines[i].start, lines[j - 1].end
        body = text.text[start:end]
        head = MEASURE.match(body)
        measures.append(_measure(text, start, end, ordinal, _title(body[head.end():]), grp, gtitle))
    return measures, last


def _items(text: Text, start: int, end: int) -> list[tuple[int, int, int]]:
    """``(ordinal, start, end)`` of a sequential 一是 / 二是 … chain in ``[start, end)``."""
    found: list[tuple[int, int]] = []
    for m in _ITEM_START.finditer(text.text, start, end):
        if cn_int(m.group(1)) == len(found) + 1:
            found.append((len(found) + 1, m.start(1)))
    out = []
    for k, (ordinal, s) in enumerate(found):
        e = found[k + 1][1] if k + 1 < len(found) else end
        out.append((ordinal, s, e))
    return out if len(out) >= 2 else []


def _item_measures(text: Text, items, group: int | None, group_title: str | None) -> list[Measure]:
    out = []
    for ordinal, s, e in items:
        e = len(text.text[s:e].rstrip()) + s
        body = text.text[s:e]
        head = ITEM.match(body)
        out.append(_measure(text, s, e, ordinal, _title(body[head.end():]), group, group_title))
    return out


def _reported(text: Text, heading: Line, lines: Sequence[Line], title: str, whole: bool) -> list[Measure]:
    """Summary-style measures of one section's lines (after the heading).

    ``whole``: a section with neither groups nor items is one measure.
    """
    groups = []
    for i, ln in enumerate(lines):
        g = GROUP.match(ln.text)
        if g and cn_int(g.group(1)) == len(groups) + 1:
            groups.append((i, g))
    if groups:
        out = []
        for k, (i, g) in enumerate(groups):
            j = groups[k + 1][0] if k + 1 < len(groups) else len(lines)
            start, end = lines[i].start, lines[j - 1].end
            ordinal, gtitle = cn_int(g.group(1)), _title(lines[i].text[g.end():])
            items = _items(text, start + g.end(), end)
            out += _item_measures(text, items, ordinal, gtitle) if items else [_measure(text, start, end, ordinal, gtitle)]
        return out
    if lines:
        start, end = lines[0].start, lines[-1].end
        items = _items(text, start, end)
        if items:
            return _item_measures(text, items, None, None)
        return [_measure(text, start, end, 1, title)] if whole else []
    return [_measure(text, heading.start, heading.end, 1, title)] if whole else []


def sections_of(text: Text, lines: Sequence[Line]) -> tuple[Section, ...]:
    """The sections (with their measures) of a document body's lines.

    In a document that numbers its measures, a section without numbered
    items (总体要求, 指导思想 …) keeps only the groups or 一是 items it has;
    it does not become a measure of its own.
    """
    heads = []
    for i, ln in enumerate(lines):
        if section_ordinal(ln.text) == len(heads) + 1:
            heads.append(i)
    parts, last = [], 0
    for k, i in enumerate(heads):
        j = heads[k + 1] if k + 1 < len(heads) else len(lines)
        heading, body = lines[i], lines[i + 1: j]
        title = _title(heading.text[SECTION.match(heading.text).end():])
        measures, last = _numbered(text, body, last)
        parts.append((heading, body, title, measures))
    numbered = any(p[3] for p in parts)
    sections = []
    for k, (heading, body, title, measures) in enumerate(parts):
        if not measures:
            measures = _reported(text, heading, body, title, whole=not numbered)
        end = body[-1].end if body else heading.end
        sections.append(Section(k + 1, title, text.span(heading.start, end), tuple(measures)))
    return tuple(sections)
