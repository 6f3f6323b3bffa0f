"""Read a government web page: the article body, with its paragraph structure.

selectolax's lexbor backend is a maintained, standards-following HTML5
parser (fast, tolerant of the broken markup CMSs emit); text is never cut
out of HTML with regular expressions.

The article is the first of the usual content containers of Chinese
government CMSs that holds text (``#zoom``, ``.TRS_Editor``,
``#UCAP-CONTENT`` …, then ``article``, ``.article``, ``.content``), else the
element whose own ``<p>`` children hold the most text.  Scripts, styles,
navigation, headers, footers, asides and link-dense blocks are dropped.
``<p>``, ``<div>``, ``<br>``, ``<li>`` … end lines; a table row is one line
(:func:`loaders.formats.rows.row_line`).  The charset is the one the page
declares (GB2312/GBK read as their superset GB18030), else detected.
Offsets index the extracted article text; there is no page locator.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from pathlib import Path

from kg.errors import LoadError
from loaders.formats.rows import row_line
from loaders.read import Decoded, decode_text

__all__ = ["read_html", "article_lines"]

CONTAINERS = (
    "#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".view.TRS_UEDITOR", "#Zoom", ".zoom",
    "article", ".article", ".article-content", ".content", "#content", ".main-text", "main",
)
_DROP = "script, style, noscript, template, iframe, form, nav, header, footer, aside, select, button"
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 section article blockquote pre table tbody thead tfoot "
    "center dl dt dd hr address figure figcaption main".split()
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_WS = re.compile(r"[ \t\r\n\f]+")  # HTML collapses these; &nbsp; and U+3000 are kept
_MIN_TEXT = 50  # a container with less text than this is a stub, not the article
_LINK_DENSITY = 0.5


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The page's characters, by BOM, then declared charset, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path.as_posix())
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        encoding = _SUPERSETS.get(declared, declared)
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: detect instead
    return decode_text(data, path.as_posix())


def _text(node) -> str:
    return _WS.sub(" ", node.text(deep=True) or "")


def _link_dense(node) -> bool:
    text = len(_text(node).strip())
    links = sum(len(_text(a).strip()) for a in node.css("a"))
    return text > 0 and links / text > _LINK_DENSITY


def _densest(tree):
    """The element whose direct ``<p>`` children hold the most text."""
    score: Counter = Counter()
    nodes = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is not None:
            key = parent.mem_id  # one id per element, stable across lookups
            nodes[key] = parent
            score[key] += len(_text(p).strip())
    if not score:
        return tree.body
    return nodes[score.most_common(1)[0][0]]


def _article(tree):
    for selector in CONTAINERS:
        found = [n for n in tree.css(selector) if len(_text(n).strip()) >= _MIN_TEXT]
        if found:
            return max(found, key=lambda n: len(_text(n)))
    return _densest(tree)


def _walk(node, out: list[str]) -> None:
    """Append ``node``'s text to ``out`` (a list of lines, the last one open)."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out[-1] += _WS.sub(" ", child.text_content or "")
        elif tag == "br":
            out.append("")
        elif tag == "tr":
            out += [row_line([_text(c).strip() for c in child.css("td, th")]), ""]
        elif tag in _BLOCK:
            if tag in ("div", "ul", "ol", "table") and child.css_first("a") is not None and _link_dense(child):
                continue
            out.append("")
            _walk(child, out)
            out.append("")
        else:
            _walk(child, out)


def article_lines(html: str) -> list[str]:
    """The article of a page as lines of text (no blank lines)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css(_DROP):
        node.decompose()
    root = _article(tree)
    if root is None:
        return []
    out = [""]
    _walk(root, out)
    return [line.strip(" ") for line in out if line.strip()]


def read_html(path: Path, data: bytes) -> Decoded:
    """The article text of an HTML page, one paragraph per line."""
    html, encoding = _decode(path, data)
    lines = article_lines(html)
    if not lines:
        raise LoadError(path.as_posix(), "HTML page without article text (is it a frame set or a script-built page?)")
    return Decoded("\n".join(lines), encoding)
