"""Normalise decoded text into the one canonical form the segmenter reads.

Every step keeps an exact map from each output character back to the source
characters it came from (``Text.starts`` / ``Text.ends``), so any span found
later can be traced to the file.

The canonical form
------------------
* one paragraph per line, ``\\n`` only, no blank lines, no leading or trailing
  spaces; lines that an export broke mid-sentence are joined again;
* digits and Latin letters ASCII (``２０２１`` → ``2021``);
* Chinese punctuation full-width: ，。、；：！？ and brackets （）, also where
  the source typed ASCII ``,`` ``:`` ``(`` … next to Chinese characters
  (``责任单位:审批科(规范办)`` → ``责任单位：审批科（规范办）``); ASCII stays
  between ASCII characters (``1,300``, ``10:30``);
* no spaces next to Chinese characters or punctuation (``2021 年`` →
  ``2021年``), letter-spaced mastheads closed up (``承  德  市`` → ``承德市``),
  one space left between two Chinese words a space separates
  (``中共晋城市委教育工作委员会 晋城市教育局``);
* traditional characters converted to simplified with OpenCC ``t2s``
  (``督導體制`` → ``督导体制``);
* export debris dropped: ``[bookmark: _GoBack]``, page numbers
  (``— 3 —``, ``- 3 -``, ``第3页``), form feeds, zero-width characters.

The steps are repeated until nothing changes, so ``normalise`` is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import opencc

from kg.model import Text
from loaders.patterns import CJK, CJK_PUNCT, is_block_line, starts_item
from loaders.read import Raw

__all__ = ["normalise", "normalise_str"]

_MAX_PASSES = 5


@dataclass(slots=True)
class _Buf:
    """Text under normalisation with its map back to source offsets."""

    text: str
    starts: list[int]
    ends: list[int]


Replacer = Callable[[re.Match[str]], str]


def _rewrite(buf: _Buf, pattern: re.Pattern[str], repl: Replacer) -> _Buf:
    """Replace every match of ``pattern``; keep the offset map exact.

    A same-length replacement maps character by character; any other maps
    each new character to the source of the whole match.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in pattern.finditer(buf.text):
        a, b = m.span()
        new = repl(m)
        out.append(buf.text[pos:a])
        starts += buf.starts[pos:a]
        ends += buf.ends[pos:a]
        if len(new) == b - a:
            starts += buf.starts[a:b]
            ends += buf.ends[a:b]
        elif new:
            s, e = (buf.starts[a], buf.ends[b - 1]) if b > a else (buf.starts[a], buf.starts[a])
            starts += [s] * len(new)
            ends += [e] * len(new)
        out.append(new)
        pos = b
    if pos == 0 and not out:
        return buf
    out.append(buf.text[pos:])
    starts += buf.starts[pos:]
    ends += buf.ends[pos:]
    return _Buf("".join(out), starts, ends)


# --- characters -----------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")
_KEEP_WIDE = set("，：；！？（）")
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


@lru_cache(maxsize=4096)
def _canonical_char(c: str) -> str:
    """Full-width ASCII forms to ASCII, except the punctuation kept wide."""
    o = ord(c)
    if c in _KEEP_WIDE:
        return c
    if 0xFF01 <= o <= 0xFF5E or 0xFE50 <= o <= 0xFE6B:
        n = unicodedata.normalize("NFKC", c)
        return n if len(n) == 1 else c
    return c


_WIDE = re.compile("[\uff01-\uff5e\ufe50-\ufe6b]")


def _characters(buf: _Buf) -> _Buf:
    buf = _rewrite(buf, _NEWLINES, lambda m: "\n")
    buf = _rewrite(buf, _DROP, lambda m: "")
    buf = _rewrite(buf, _SPACES, lambda m: " ")
    return _rewrite(buf, _WIDE, lambda m: _canonical_char(m.group()))


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_LINE = re.compile(r"[^\n]+")


def _simplified(m: re.Match[str]) -> str:
    """t2s on a whole line (phrases decide 乾隆 vs 乾净); per char if lengths differ."""
    line = m.group()
    conv = _t2s().convert(line)
    if len(conv) == len(line):
        return conv
    return "".join(c2 if len(c2 := _t2s().convert(c)) == 1 else c for c in line)


# --- debris, spaces, punctuation ------------------------------------------

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_PAGE_NO = re.compile(r"(?m)^[ ]*(?:[-—–―─]+[ ]*\d{1,4}[ ]*[-—–―─]+|第[ ]*\d{1,4}[ ]*页(?:[ ]*[,，]?[ ]*共[ ]*\d{1,4}[ ]*页)?)[ ]*$")
_EDGE_SPACES = re.compile(r"(?m)^[ ]+|[ ]+$")
_LETTERSPACED = re.compile(rf"(?<![{CJK}])[{CJK}](?:[ ]+[{CJK}](?![{CJK}])){{2,}}")
_GAP = re.compile(r"(?<=\S)[ ]+(?=\S)")
_WIDE_CHARS = CJK_PUNCT + "—·"


_IDEOGRAPH = re.compile(f"[{CJK}]")


def _is_wide(c: str) -> bool:
    return c in _WIDE_CHARS or bool(_IDEOGRAPH.match(c))


def _gap(m: re.Match[str]) -> str:
    """Spaces between two non-space characters: drop next to Chinese, else one."""
    left, right = m.string[m.start() - 1], m.string[m.end()]
    lw, rw = _is_wide(left), _is_wide(right)
    if lw and rw and left not in _WIDE_CHARS and right not in _WIDE_CHARS:
        return " "  # two Chinese words a space separates: keep one
    if lw or rw:
        return ""
    return " "


_ASCII_PUNCT = re.compile(r"[,:;!?()]")
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}


def _punct(m: re.Match[str]) -> str:
    c = m.group()
    if c in "()":
        return _FULL[c]
    s, i = m.string, m.start()
    left = s[i - 1] if i else ""
    right = s[i + 1] if i + 1 < len(s) else ""
    return _FULL[c] if (left and _is_wide(left)) or (right and _is_wide(right)) else c


def _cleanup(buf: _Buf) -> _Buf:
    buf = _rewrite(buf, _BOOKMARK, lambda m: "")
    buf = _rewrite(buf, _PAGE_NO, lambda m: "")
    buf = _rewrite(buf, _EDGE_SPACES, lambda m: "")
    buf = _rewrite(buf, _LETTERSPACED, lambda m: m.group().replace(" ", ""))
    buf = _rewrite(buf, _GAP, _gap)
    buf = _rewrite(buf, _ASCII_PUNCT, _punct)
    return _rewrite(buf, _LINE, _simplified)


# --- line joins -----------------------------------------------------------

_BREAKS = re.compile(r"\n+")


def _join_lines(buf: _Buf) -> _Buf:
    """Drop blank lines; join a line to the next when the export broke it.

    A line is continued by the next one unless it ends its paragraph
    (:func:`loaders.patterns.is_block_line`) or the next line opens a new
    item (:func:`loaders.patterns.starts_item`).  Decisions look at the line
    as joined so far, so a title broken over two lines is joined whole.
    """
    text = buf.text
    line_start = 0
    decisions: list[str] = []
    for m in _BREAKS.finditer(text):
        if m.start() == 0 or m.end() == len(text):
            decisions.append("")
            line_start = m.end()
            continue
        current = text[line_start:m.start()]
        nxt_end = text.find("\n", m.end())
        nxt = text[m.end(): nxt_end if nxt_end >= 0 else len(text)]
        join = not is_block_line(current) and not starts_item(nxt)
        decisions.append("" if join else "\n")
        if not join:
            line_start = m.end()
    it = iter(decisions)
    return _rewrite(buf, _BREAKS, lambda m: next(it))


def _pass(buf: _Buf) -> _Buf:
    return _join_lines(_cleanup(_characters(buf)))


def _run(text: str, starts: list[int], ends: list[int]) -> _Buf:
    buf = _Buf(text, starts, ends)
    for _ in range(_MAX_PASSES):
        nxt = _pass(buf)
        if nxt.text == buf.text:
            return nxt
        buf = nxt
    return buf


def normalise_str(text: str) -> str:
    """The canonical form of a string (no offset map): for tests and lookups."""
    n = len(text)
    return _run(text, list(range(n)), list(range(1, n + 1))).text


def normalise(raw: Raw) -> Text:
    """Normalise a file's text; the result maps every character to the source.

    >>> from kg.model import Source
    >>> raw = Raw(Source("x.txt", "0" * 64), "2021 年工作要点\\r\\n\\r\\n1.加强政治建设。坚持\\r\\n\\r\\n以人为本。")
    >>> normalise(raw).text
    '2021年工作要点\\n1.加强政治建设。坚持以人为本。'
    """
    n = len(raw.text)
    buf = _run(raw.text, list(range(n)), list(range(1, n + 1)))
    return Text(raw.source, raw.text, buf.text, array("I", buf.starts), array("I", buf.ends))
