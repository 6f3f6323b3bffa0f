"""Readers for the files bureaus publish: Word, PDF and web pages.

Importing this package registers them with :func:`loaders.read.register_reader`
(``loaders.read`` imports it, so ``read`` handles every format).  Each reader
is imported on first use, so reading a text file never loads pdfplumber,
python-docx or selectolax.
"""

from __future__ import annotations

from pathlib import Path

from loaders.read import DOCX, HTML, PDF, Decoded, register_reader

__all__ = ["register_all"]


def _pdf(path: Path, data: bytes) -> Decoded:
    from loaders.formats.pdf import read_pdf

    return read_pdf(path, data)


def _docx(path: Path, data: bytes) -> Decoded:
    from loaders.formats.docx import read_docx

    return read_docx(path, data)


def _html(path: Path, data: bytes) -> Decoded:
    from loaders.formats.html import read_html

    return read_html(path, data)


def register_all() -> None:
    """Register the PDF, DOCX and HTML readers (idempotent)."""
    register_reader(PDF, _pdf)
    register_reader(DOCX, _docx)
    register_reader(HTML, _html)


register_all()
