"""Labelled fields inside a measure and the units named as responsible.

Two layouts occur in the genre:

* a field on its own line: ``目标任务：…`` / ``工作措施：…`` / ``责任单位：…``
  (the value runs on until the next field line or the end of the measure);
* inline, in brackets at the end of a measure: ``（责任单位：人事科）`` or
  ``（牵头单位：基教科；配合单位：财务科）``.

Responsible units are split on 、，；, but never inside brackets, so
``局机关各科室（馆、站）`` stays one unit.
"""

from __future__ import annotations

import re

from kg.model import Field, FieldName, Text, UnitRef
from loaders.patterns import FIELD_LABELS, FIELD_LINE

__all__ = ["fields_in", "is_collective", "split_units"]

_LABEL_NAME = {lab: FieldName(name) for name, labs in FIELD_LABELS.items() for lab in labs}
_FIELD_AT = re.compile(FIELD_LINE.pattern.removeprefix("^"))  # for .match(text, pos)
_INLINE = re.compile(rf"（\s*({'|'.join(_LABEL_NAME)})\s*：")
_OPEN, _CLOSE = "（《〔【“", "）》〕】”"
_SEPARATORS = "、，,；;"
_TRIM = " 。；，、\n"

# A collective phrase names a group of units, not one: a plural determiner
# (各/相关/有关/所有/全体) or a 局属/直属 "units under the bureau" prefix.
_COLLECTIVE = re.compile(r"各|相关|有关|所有|全体|^(?:局属|局直属|直属|下属)|等$")


def is_collective(name: str) -> bool:
    """Is ``name`` a group phrase (局各科室, 局相关科室, 各县区, 局属各单位)?

    >>> is_collective("局机关各科室（馆、站）"), is_collective("审批科（规范办）")
    (True, False)
    """
    return bool(_COLLECTIVE.search(name))


def _depth_split(text: str, seps: str) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of ``text`` split on ``seps`` outside brackets."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in seps and depth == 0:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(text)))
    return pieces


def _trimmed(text: Text, start: int, end: int) -> tuple[int, int]:
    while start < end and text.text[start] in _TRIM:
        start += 1
    while end > start and text.text[end - 1] in _TRIM:
        end -= 1
    return start, end


def split_units(text: Text, field: Field, lead: bool) -> tuple[UnitRef, ...]:
    """The units a responsible field lists, each with its own span."""
    base = field.span.start
    units = []
    for a, b in _depth_split(field.span.text, _SEPARATORS):
        s, e = _trimmed(text, base + a, base + b)
        if e > s:
            name = text.text[s:e]
            units.append(UnitRef(name, text.span(s, e), collective=is_collective(name), lead=lead))
    return tuple(units)


def _line_fields(text: Text, start: int, end: int) -> list[tuple[str, int, int]]:
    """``(label, value_start, value_end)`` of fields written on their own line."""
    found: list[tuple[str, int, int]] = []
    pos = start
    while pos < end:
        nl = text.text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        m = _FIELD_AT.match(text.text, pos, line_end)
        if m:
            if found:
                found[-1] = (found[-1][0], found[-1][1], pos)
            found.append((m.group(1), m.end(), end))
        pos = line_end + 1
    return [(lab, *_trimmed(text, s, e)) for lab, s, e in found]


def _closing(s: str, i: int) -> int:
    """Index of the bracket closing the one at ``i`` (or ``len(s)``)."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] in _OPEN:
            depth += 1
        elif s[j] in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return len(s)


def _inline_fields(text: Text, start: int, end: int) -> list[tuple[str, int, int]]:
    """Fields in brackets: ``（牵头单位：A；配合单位：B）``."""
    found = []
    for m in _INLINE.finditer(text.text, start, end):
        close = min(_closing(text.text, m.start()), end)
        inner_start = m.start() + 1
        for a, b in _depth_split(text.text[inner_start:close], "；;"):
            part = text.text[inner_start + a: inner_start + b]
            lm = re.match(rf"\s*({'|'.join(_LABEL_NAME)})\s*：", part)
            if lm:
                found.append((lm.group(1), *_trimmed(text, inner_start + a + lm.end(), inner_start + b)))
    return found


def fields_in(text: Text, start: int, end: int) -> tuple[tuple[Field, ...], tuple[UnitRef, ...]]:
    """Fields and responsible units of the measure at ``[start, end)``."""
    raw = _line_fields(text, start, end) + _inline_fields(text, start, end)
    fields: list[Field] = []
    units: list[UnitRef] = []
    for label, s, e in sorted(raw, key=lambda t: t[1]):
        if label not in _LABEL_NAME:
            continue  # 完成时限, 抄送 …: not a field of the model
        field = Field(_LABEL_NAME[label], label, text.span(s, e))
        fields.append(field)
        if field.name is FieldName.RESPONSIBLE:
            units += split_units(text, field, lead=label.startswith("牵头"))
    return tuple(fields), tuple(units)
