"""read(): encodings detected from the bytes, clear errors for files that are not text."""

from __future__ import annotations

import codecs
import hashlib

import pytest

from kg.errors import LoadError
from loaders.read import DOCX, PDF, TEXT, read, register_reader, sniff, READERS, Decoded

SAMPLE = "忻教发〔2023〕1号\n一、坚持党建引领，全面加强党对教育工作的领导\n1.持续深化党的二十大精神的学习宣传贯彻。督導體制"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.replace("督導體制", "").encode("gbk"), "gb18030"),
    ],
)
def test_read_detects_encoding(tmp_path, encoded, encoding):
    p = tmp_path / "plan.txt"
    p.write_bytes(encoded)
    raw = read(p)
    assert raw.source.encoding == encoding
    assert raw.text.lstrip("\ufeff").startswith("忻教发〔2023〕1号")
    assert "\ufeff" not in raw.text


def test_read_short_gbk_is_not_taken_for_big5(tmp_path):
    p = tmp_path / "short.txt"
    p.write_bytes("短".encode("gbk"))
    assert read(p).text == "短"


def test_read_keeps_crlf_for_normalise_to_map(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(SAMPLE.replace("\n", "\r\n").encode("gb18030"))
    assert read(p).text.count("\r\n") == 2


def test_source_name_is_relative_to_root_and_hash_is_of_bytes(tmp_path):
    (tmp_path / "sub").mkdir()
    p = tmp_path / "sub" / "a.txt"
    p.write_bytes(SAMPLE.encode("utf-8"))
    raw = read(p, tmp_path)
    assert raw.source.name == "sub/a.txt"
    assert raw.source.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert read(p).source.name == "a.txt"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \r\n\n ", "empty file"),
        (b"\x00\x01\x02PK" * 50, "binary file"),
        (bytes(range(1, 9)) * 60, "binary file"),
        (b"\x81\x30\xff\xfe\x80" * 3, "undecodable"),
    ],
)
def test_read_rejects_what_is_not_text_with_a_named_reason(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(LoadError) as err:
        read(p)
    assert err.value.file == "bad.txt"
    assert reason in err.value.reason


def test_read_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="cannot read"):
        read(tmp_path / "nope.txt")


def test_sniff_by_content_not_suffix():
    assert sniff(b"%PDF-1.7\n...", ".txt") == PDF
    assert sniff(b"PK\x03\x04....word/document.xml", ".bin") == DOCX
    assert sniff(b"<!DOCTYPE html><html>", ".txt") == "text/html"
    assert sniff("一、".encode(), ".pdf") == TEXT


def test_unregistered_format_is_refused_and_a_registered_one_is_used(tmp_path, monkeypatch):
    p = tmp_path / "plan.pdf"
    p.write_bytes(b"%PDF-1.4 fake")
    # a private copy of the registry, so the reader registered here does not leak
    monkeypatch.setattr("loaders.read.READERS", {k: v for k, v in READERS.items() if k != PDF})
    with pytest.raises(LoadError, match="no reader for application/pdf"):
        read(p)
    register_reader(PDF, lambda path, data: Decoded("一、总则", "pdf", ((0, "p. 1"),)))
    raw = read(p)
    assert raw.source.media_type == PDF and raw.source.locate(2) == "p. 1"
    assert raw.text == "一、总则"


def test_read_corpus_files_are_utf8(corpus_dir):
    for p in sorted(corpus_dir.glob("*.txt")):
        raw = read(p, corpus_dir)
        assert raw.source.encoding == "utf-8" and raw.source.name == p.name
