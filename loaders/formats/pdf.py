"""Read a PDF: the text layer in reading order, as the paragraphs it was typeset from.

pdfplumber (on pdfminer.six, both maintained, pure Python) is used rather
than pypdf because the paragraphs have to be rebuilt from *geometry*: it
gives every line's box and font size and finds ruled tables, where pypdf
gives a text stream with the line breaks and nothing to tell a wrapped line
from a paragraph end.

Per page: the tables (a bureau's 目标任务 / 责任科室 form) are read row by row
(:func:`loaders.formats.rows.row_line`), the rest as text lines.  Running
headers and footers (the same line at the top or bottom of most pages,
digits aside) and page numbers (``— 3 —``, ``第3页``, ``3/10``) are dropped.
A line is glued to the previous one when that one runs to the right margin
and this one is not indented and does not open an item; every other break
is left as a line break for :func:`loaders.normalise.normalise` to judge, as
for a text file.  The locator maps offsets to ``p. N``.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.errors import LoadError
from loaders.formats.rows import row_line
from loaders.normalise import normalise_str
from loaders.patterns import FIELD_LINE, GROUP, MEASURE, SECTION, SUBITEM
from loaders.read import Decoded

__all__ = ["read_pdf"]

# Page numbers that say so by their form; a bare "3" only goes when it recurs in place (a running footer).
_PAGE_NO = re.compile(r"^(?:[-—–―─]+\s*\d{1,4}\s*[-—–―─]+|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff，。、；：！？（）《》“”]")
# A numbered heading or a field label opens a paragraph even flush left; 一是… may sit anywhere in one.
_OPENS = re.compile("|".join(p.pattern for p in (SECTION, GROUP, MEASURE, SUBITEM, FIELD_LINE)))
_RUNNING_SHARE = 0.5  # a line at the top/bottom of at least this share of pages is a running header/footer


@dataclass(frozen=True, slots=True)
class _Item:
    """A text line or a table row on a page, with the geometry that places it."""

    top: float
    x0: float
    x1: float
    size: float
    text: str = ""
    cells: tuple[str, ...] | None = None  # a table row


def _open(path: Path, data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: corrupt files fail here
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower():
            raise LoadError(path.as_posix(), "encrypted PDF: save an unprotected copy first") from exc
        raise LoadError(path.as_posix(), f"not a readable PDF (damaged or truncated?): {cause!r}") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise LoadError(path.as_posix(), f"not a readable PDF (damaged or truncated?): {exc!r}") from exc
    return pdf


def _join_cell(text: str) -> str:
    """A cell's wrapped lines as one: no space between Chinese, one between words."""
    out = ""
    for part in text.split("\n"):
        part = part.strip()
        if out and part and not (_CJK.match(out[-1]) or _CJK.match(part[0])):
            out += " "
        out += part
    return out


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page) -> list[_Item]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    body = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    items = [
        _Item(ln["top"], ln["x0"], ln["x1"], statistics.median(c["size"] for c in ln["chars"]), ln["text"])
        for ln in body.extract_text_lines(x_tolerance_ratio=0.4)
        if ln["text"].strip()
    ]
    for table in tables:
        for row, cells in zip(table.rows, table.extract()):
            texts = tuple(_join_cell(c or "") for c in cells)
            if any(texts):
                items.append(_Item(row.bbox[1], table.bbox[0], table.bbox[2], 0.0, cells=texts))
    return sorted(items, key=lambda it: it.top)


def _key(item: _Item) -> tuple[str, int]:
    """What a running header/footer keeps from page to page: its text (digits aside) and height."""
    return re.sub(r"\d+", "#", "".join(item.text.split())), round(item.top / 6)


def _drop_running(pages: list[list[_Item]]) -> list[list[_Item]]:
    """Without running headers/footers and page numbers (up to two lines at each end)."""
    ends = Counter()
    for items in pages:
        lines = [it for it in items if it.cells is None]
        ends.update({_key(it) for it in lines[:2] + lines[-2:]})
    need = max(2, _RUNNING_SHARE * len(pages))
    running = {k for k, n in ends.items() if n >= need}

    def is_furniture(it: _Item) -> bool:
        return it.cells is None and (_key(it) in running or bool(_PAGE_NO.match(it.text.strip())))

    out = []
    for items in pages:
        items = list(items)
        for _ in range(2):
            if items and is_furniture(items[0]):
                items.pop(0)
            if items and is_furniture(items[-1]):
                items.pop()
        out.append(items)
    return out


def _merge_split_rows(pages: list[list[_Item]]) -> list[list[_Item]]:
    """A row broken over a page break continues at the top of the next page: glue it back.

    The continuation is told by an empty cell (the part of the row that
    ended on the previous page); a row whose every cell goes on is
    indistinguishable from a new row and stays one.
    """
    out: list[list[_Item]] = []
    for items in pages:
        items = list(items)
        prev = out[-1][-1] if out and out[-1] else None
        head = items[0] if items else None
        if prev and head and prev.cells and head.cells and not all(head.cells) and len(head.cells) == len(prev.cells):
            glued = tuple(_join_cell(a + "\n" + b) if b else a for a, b in zip(prev.cells, head.cells))
            out[-1][-1] = _Item(prev.top, prev.x0, prev.x1, prev.size, cells=glued)
            items.pop(0)
        out.append(items)
    return out


def _margins(pages: list[list[_Item]]) -> tuple[float, float]:
    """The text block's left edge (the leftmost common line start) and right edge."""
    lines = [it for items in pages for it in items if it.cells is None]
    if not lines:
        return 0.0, 0.0
    starts = Counter(round(it.x0) for it in lines)
    left = min(x for x, n in starts.items() if n >= max(2, 0.02 * len(lines)) or n == max(starts.values()))
    rights = sorted(it.x1 for it in lines)
    return left, rights[int(0.95 * (len(rights) - 1))]


def _continues(prev: _Item, cur: _Item, left: float, right: float) -> bool:
    """Was ``cur`` wrapped from ``prev`` (same paragraph)?"""
    if prev.cells is not None or cur.cells is not None:
        return False
    full = prev.x1 >= right - 3 * prev.size
    flush = cur.x0 <= left + 0.5 * cur.size
    return full and flush and not _OPENS.match(normalise_str(cur.text))


def read_pdf(path: Path, data: bytes) -> Decoded:
    """The text of a PDF's text layer, paragraphs rebuilt; raises LoadError for scans."""
    with _open(path, data) as pdf:
        if not any(page.chars for page in pdf.pages):
            if any(page.images for page in pdf.pages):
                raise LoadError(path.as_posix(), "no text layer (a scanned PDF?): OCR it first")
            raise LoadError(path.as_posix(), "PDF without any text")
        pages = _merge_split_rows(_drop_running([_page_items(p) for p in pdf.pages]))
    if not any(pages):
        raise LoadError(path.as_posix(), "PDF without any text besides page headers and numbers")
    left, right = _margins(pages)
    text, locator, prev = "", [], None
    for number, items in enumerate(pages, 1):
        for it in items:
            line = row_line(it.cells) if it.cells is not None else it.text
            if prev is not None:
                text += "" if _continues(prev, it, left, right) else "\n"
            if not locator or locator[-1][1] != f"p. {number}":
                locator.append((len(text), f"p. {number}"))
            text += line
            prev = it
    return Decoded(text, "utf-8", tuple(locator))
