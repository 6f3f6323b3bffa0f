"""Read a Word (.docx) file: body paragraphs and tables in order, numbering recovered.

python-docx (maintained, pure Python, reads the OOXML parts without Word)
gives the paragraphs; what it leaves out is what Word *generates*: list
numbers.  A plan typed with Word's automatic numbering has no ``1.`` in its
text, so :mod:`loaders.formats.numbering` puts the label back, otherwise the
measures would vanish.  Headers and footers (running titles, page numbers)
are not read: they are not the document's text.

One paragraph is one line; a table row is one line
(:func:`loaders.formats.rows.row_line`).  The locator maps each line's offset
to ``¶N`` (the N-th body paragraph, from 1) or ``table T row R``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx.oxml.ns import qn

from kg.errors import LoadError
from loaders.formats.numbering import Numbering
from loaders.formats.rows import row_line
from loaders.read import Decoded

__all__ = ["read_docx"]


def _open(path: Path, data: bytes):
    import docx  # imported here: only .docx files pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(path.as_posix(), f"not a readable Word (.docx) file: {exc}") from exc


def _numbering(document) -> Numbering:
    try:
        part = document.part.numbering_part
    except (NotImplementedError, KeyError):
        return Numbering()
    return Numbering.of(part.element)


def _style_numpr(document) -> dict[str, tuple[str, int]]:
    """Style id -> (numId, ilvl) for paragraph styles that carry numbering."""
    out: dict[str, tuple[str, int]] = {}
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}

    def numpr(style_id: str | None, depth: int = 0) -> tuple[str, int] | None:
        style = styles.get(style_id)
        if style is None or depth > 10:
            return None
        num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is not None and num.find(qn("w:numId")) is not None:
            ilvl = num.find(qn("w:ilvl"))
            return num.find(qn("w:numId")).get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        based = style.find(qn("w:basedOn"))
        return numpr(based.get(qn("w:val")), depth + 1) if based is not None else None

    for sid in styles:
        found = numpr(sid)
        if found:
            out[sid] = found
    return out


def _paragraph_numpr(p, by_style: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = p.find(qn("w:pPr"))
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num is not None and num.find(qn("w:numId")) is not None:
        ilvl = num.find(qn("w:ilvl"))
        return num.find(qn("w:numId")).get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return by_style.get(style.get(qn("w:val"))) if style is not None else None


def _blocks(parent) -> Iterator:
    """Body-level ``w:p`` and ``w:tbl`` in order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _cells(tr) -> list[str]:
    from docx.text.paragraph import Paragraph

    out = []
    for tc in tr.iterchildren(qn("w:tc")):
        merged = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        if merged is not None and merged.get(qn("w:val")) in (None, "continue"):
            continue  # the continuation of a vertically merged cell: said above
        out.append("".join(Paragraph(p, None).text for p in tc.iter(qn("w:p"))))
    return out


def _lines(document) -> Iterator[tuple[str, str]]:
    """``(text, locator label)`` per body paragraph or table row."""
    from docx.text.paragraph import Paragraph

    numbering, by_style = _numbering(document), _style_numpr(document)
    para = table = 0
    for block in _blocks(document.element.body):
        if block.tag == qn("w:tbl"):
            table += 1
            for r, tr in enumerate(block.iterchildren(qn("w:tr")), 1):
                yield row_line(_cells(tr)), f"table {table} row {r}"
            continue
        para += 1
        num = _paragraph_numpr(block, by_style)
        text = Paragraph(block, None).text
        if num is not None:
            label = numbering.label(*num)  # an empty numbered paragraph still counts in Word
            text = label + text if text.strip() else text
        yield text, f"¶{para}"


def read_docx(path: Path, data: bytes) -> Decoded:
    """The text of a .docx file, one paragraph or table row per line."""
    document = _open(path, data)
    parts: list[str] = []
    locator: list[tuple[int, str]] = []
    offset = 0
    for text, label in _lines(document):
        if not text.strip():
            continue
        locator.append((offset, label))
        parts.append(text)
        offset += len(text) + 1
    return Decoded("\n".join(parts), "utf-8", tuple(locator))
