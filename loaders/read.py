"""Read a file into decoded text plus a :class:`kg.model.Source`.

The only stage of the loader that touches the file system.  A file's type is
*sniffed from its bytes* (a PDF starts with ``%PDF``, a DOCX is a ZIP, HTML
opens with a tag), the suffix only breaks ties; the matching reader from
:data:`READERS` turns the bytes into text.  Plain text is decoded as UTF-8
(with or without BOM) or as whatever ``charset-normalizer`` detects
(GB18030/GBK in practice), never by assumption.

Other formats plug in by registering a reader::

    from loaders.read import register_reader
    register_reader("application/pdf", read_pdf)  # (path, data) -> Decoded

>>> from pathlib import Path
>>> import tempfile
>>> p = Path(tempfile.mkdtemp()) / "plan.txt"
>>> _ = p.write_bytes("一、总体要求".encode("gb18030"))
>>> raw = read(p)
>>> raw.text, raw.source.encoding
('一、总体要求', 'gb18030')
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import LoadError
from kg.model import Source

__all__ = ["Decoded", "Raw", "READERS", "read", "read_bytes", "register_reader", "sniff", "decode_text"]

TEXT = "text/plain"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"

# Share of control characters above which decoded "text" is taken for binary.
_MAX_CONTROL = 0.05


@dataclass(frozen=True, slots=True)
class Raw:
    """A file as read: where it came from and its decoded characters."""

    source: Source
    text: str


@dataclass(frozen=True, slots=True)
class Decoded:
    """What a format reader returns: text, the encoding used, page locators."""

    text: str
    encoding: str = "utf-8"
    locator: tuple[tuple[int, str], ...] = ()


Reader = Callable[[Path, bytes], Decoded]


_HTML_PREAMBLE = re.compile(rb"^(?:\s*(?:<!--.*?-->|<\?xml[^>]*>))*\s*", re.S)
_HTML_OPENERS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body", b"<title")


def sniff(data: bytes, suffix: str = "") -> str:
    """The media type of ``data``, from its first bytes (suffix breaks ties)."""
    head = data[:512].lstrip()
    if head.startswith(b"%PDF"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX if suffix.lower() in ("", ".docx") or b"word/" in data[:4096] else "application/zip"
    low = _HTML_PREAMBLE.sub(b"", head.lower())[:256]  # "<!-- saved from url=… -->", "<?xml …?>"
    if low.startswith(_HTML_OPENERS) or (suffix.lower() in (".htm", ".html") and b"<" in low):
        return HTML
    return TEXT


def _cjk_share(text: str) -> float:
    sample = text[:4000]
    if not sample:
        return 0.0
    return sum("\u4e00" <= c <= "\u9fff" for c in sample) / len(sample)


def _control_share(text: str) -> float:
    sample = text[:8000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or 0x7F <= ord(c) < 0xA0)
    return bad / len(sample)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes of a text file; returns ``(text, encoding)``.

    Strict UTF-8 is tried first (a BOM is honoured and dropped); otherwise
    ``charset-normalizer`` proposes candidates, and a CJK encoding that
    decodes to plausible Chinese wins over a Latin guess.

    Raises
    ------
    LoadError
        when no encoding decodes the bytes into text.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise LoadError(name, f"starts with a UTF-8 BOM but is not UTF-8 at byte {exc.start}") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise LoadError(name, f"starts with a UTF-16 BOM but does not decode at byte {exc.start}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data, name)


def _gb_share(text: str) -> float:
    """Share of non-ASCII characters that GB2312 (common simplified) holds."""
    wide = [c for c in text[:4000] if ord(c) > 127 and not c.isspace()]
    if not wide:
        return 0.0
    ok = 0
    for c in wide:
        try:
            c.encode("gb2312")
            ok += 1
        except UnicodeEncodeError:
            pass
    return ok / len(wide)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Ask charset-normalizer; rank its candidates by how Chinese they read.

    charset-normalizer may rank Big5 or Shift-JIS first on a short GBK text;
    every candidate (plus GB18030, always worth a strict try) is decoded and
    the one whose characters are most often common simplified Chinese wins,
    GB18030 on a tie.
    """
    candidates: list[str] = [m.encoding for m in from_bytes(data)]
    best: tuple[tuple[float, float, bool], str, str] | None = None
    for enc in dict.fromkeys(candidates + ["gb18030"]):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = (_gb_share(text), _cjk_share(text), enc == "gb18030")
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None:
        raise LoadError(name, "undecodable: neither UTF-8 nor any encoding charset-normalizer detects (GB18030, GBK …)")
    return best[1], best[2]


def _read_text(path: Path, data: bytes) -> Decoded:
    text, encoding = decode_text(data, path.name)
    return Decoded(text, encoding)


READERS: dict[str, Reader] = {TEXT: _read_text}
"""Readers by sniffed media type; ``loaders/formats/`` adds PDF, DOCX, HTML."""


def register_reader(media_type: str, reader: Reader) -> None:
    """Make ``read`` handle ``media_type`` with ``reader``."""
    READERS[media_type] = reader


def _source_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def read(path: Path, root: Path | None = None) -> Raw:
    """Read one file; its :class:`Source` is named relative to ``root``.

    Raises
    ------
    LoadError
        for a missing, empty, binary, undecodable or unsupported file; the
        message names the file and the reason.
    """
    path = Path(path)
    name = _source_name(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(name, f"cannot read: {exc.strerror or exc}") from exc
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str) -> Raw:
    """Read a file's bytes (an upload, say); ``name`` names it and gives the suffix.

    Raises
    ------
    LoadError
        as :func:`read`.
    """
    path = Path(name)
    if not data.strip():
        raise LoadError(name, "empty file (no characters to read)")
    media_type = sniff(data, path.suffix)
    if media_type == TEXT and b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LoadError(name, "binary file (contains NUL bytes), not text")
    reader = READERS.get(media_type)
    if reader is None:
        raise LoadError(name, f"no reader for {media_type} (readable: {', '.join(sorted(READERS))})")
    decoded = reader(path, data)
    if media_type == TEXT and _control_share(decoded.text) > _MAX_CONTROL:
        raise LoadError(name, "binary file (mostly control characters), not text")
    if not decoded.text.strip():
        raise LoadError(name, "empty file (only whitespace after decoding)")
    digest = hashlib.sha256(data).hexdigest()
    source = Source(name, digest, media_type, decoded.encoding, decoded.locator)
    return Raw(source, decoded.text)


# PDF, DOCX and HTML readers register themselves on import (kept last: they import this module).
import loaders.formats  # noqa: E402,F401
