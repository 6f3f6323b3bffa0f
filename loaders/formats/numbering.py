"""Word's automatic list numbering, recovered as the text Word would show.

A paragraph with ``w:numPr`` (its own or its style's) gets its label from the
numbering part: ``w:num`` → ``w:abstractNum`` → ``w:lvl`` gives the start,
``w:numFmt`` (``chineseCounting`` → 一, ``decimal`` → 1 …) and ``w:lvlText``
(``%1、``).  Counters run per abstract list and level, as in Word: lists
that share an abstract definition continue each other unless a ``w:num``
overrides the start; a level restarts when a shallower level advances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

__all__ = ["Numbering", "format_number"]

_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """一 … 九十九 (Word's chineseCounting), digits beyond."""
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    return str(n)


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalHalfWidth": str,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (unknown formats as decimal).

    >>> format_number(3, "chineseCounting"), format_number(12, "chineseCounting"), format_number(2, "decimal")
    ('三', '十二', '2')
    """
    return _FORMATS.get(fmt, str)(n)


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str  # lvlText, e.g. "%1、"
    suffix: str  # what follows the label: tab, space or nothing


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val")) if child is not None else default


def _levels(abstract) -> dict[int, _Level]:
    out = {}
    for lvl in abstract.findall(qn("w:lvl")):
        ilvl = int(lvl.get(qn("w:ilvl"), "0"))
        out[ilvl] = _Level(
            start=int(_val(lvl, "w:start", "1") or 1),
            fmt=_val(lvl, "w:numFmt", "decimal") or "decimal",
            text=_val(lvl, "w:lvlText", "") or "",
            suffix=_val(lvl, "w:suff", "tab") or "tab",
        )
    return out


@dataclass(slots=True)
class Numbering:
    """The numbering definitions of one document and the running counters."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> levels
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, numbering_element) -> Numbering:
        """Read the ``w:numbering`` element (``None``: a document without lists)."""
        nb = cls()
        if numbering_element is None:
            return nb
        for ab in numbering_element.findall(qn("w:abstractNum")):
            nb.levels[ab.get(qn("w:abstractNumId"))] = _levels(ab)
        for num in numbering_element.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            nb.abstract_of[num_id] = _val(num, "w:abstractNumId") or ""
            for ov in num.findall(qn("w:lvlOverride")):
                start = _val(ov, "w:startOverride")
                if start is not None:
                    nb.overrides.setdefault(num_id, {})[int(ov.get(qn("w:ilvl"), "0"))] = int(start)
        return nb

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``(num_id, ilvl)`` and return the label Word shows."""
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if num_id == "0" or ilvl not in levels:
            return ""  # numId 0 switches numbering off
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in self.overrides.get(num_id, {}).items():
                counters[lv] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text and k in levels:
                value = counters.get(k, levels[k].start)
                text = text.replace(f"%{k + 1}", format_number(value, levels[k].fmt))
        return text + (" " if levels[ilvl].suffix == "space" else "")
