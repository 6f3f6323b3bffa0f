"""Word, PDF and web-page versions of each corpus file give what the text file gives.

The fixtures under ``tests/data/formats`` are generated from the corpus by
``scripts/make_fixtures.py`` (see its README): Word files with automatic
numbering and a field table, PDFs exported from them by LibreOffice with a
running header and page numbers, government-site pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest
from rdflib import Graph

from kg.errors import LoadError
from kg.model import Document
from loaders.normalise import normalise, normalise_str
from loaders.patterns import MEASURE
from loaders.pipeline import load_bytes, load_file
from loaders.read import DOCX, HTML, PDF, read

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FORMATS = ROOT / "tests" / "data" / "formats"
ODD = FORMATS / "sniff"
STEMS = sorted(p.stem for p in CORPUS.glob("*.txt"))
EXTS = ("docx", "pdf", "html")


def structure(docs: tuple[Document, ...]) -> list:
    """Everything segmentation decides, without offsets (they index each format's own text)."""
    out = []
    for d in docs:
        out.append((d.index, d.kind, d.year, d.title, d.city, d.city_code, d.province_code, d.number,
                    d.issued, d.issuers))
        for s in d.sections:
            out.append(("section", s.ordinal, s.title))
            for m in s.measures:
                out.append((
                    (s.ordinal, m.group or 0, m.ordinal), m.title, m.group_title, m.text,
                    tuple((f.name, f.label, f.span.text) for f in m.fields),
                    tuple((u.name, u.collective, u.lead) for u in m.units),
                ))
    return out


@pytest.fixture(scope="module")
def text_docs():
    return {stem: load_file(CORPUS / f"{stem}.txt", CORPUS) for stem in STEMS}


@pytest.mark.parametrize("ext", EXTS)
@pytest.mark.parametrize("stem", STEMS)
def test_each_format_gives_the_documents_sections_measures_and_units_of_the_text(text_docs, stem, ext):
    docs = load_file(FORMATS / f"{stem}.{ext}", FORMATS)
    expected = text_docs[stem]
    assert len(docs) == len(expected)
    assert sum(len(d.measures) for d in docs) == sum(len(d.measures) for d in expected) > 20
    assert structure(docs) == structure(expected)
    assert docs[0].source.media_type == {"docx": DOCX, "pdf": PDF, "html": HTML}[ext]


@pytest.mark.parametrize("ext", EXTS)
@pytest.mark.parametrize("stem", STEMS)
def test_each_format_normalises_to_the_same_text(stem, ext):
    """Stronger than the structure: every line, so no entity can differ either."""
    assert normalise(read(FORMATS / f"{stem}.{ext}")).text == normalise(read(CORPUS / f"{stem}.txt")).text


# --- entities and the graph -------------------------------------------------

_PROVENANCE = ("startOffset", "endOffset", "sourceFile", "sha256", "locator")


def _content(g: Graph) -> set:
    """The triples that do not depend on the file format (offsets, file name, hash, locator)."""
    return {t for t in g if not str(t[1]).endswith(_PROVENANCE)}


@pytest.fixture(scope="module")
def text_build():
    from kg.pipeline import build_corpus

    return build_corpus([CORPUS])


@pytest.mark.slow
@pytest.mark.parametrize("ext", EXTS)
def test_each_format_builds_the_same_graph_entities_included(text_build, tmp_path, ext):
    from kg.pipeline import build_corpus
    from kg.vocab import EP

    for stem in STEMS:
        shutil.copy(FORMATS / f"{stem}.{ext}", tmp_path)
    built = build_corpus([tmp_path])
    assert not built.skipped
    mentions = sum(len(x.mentions) for _, x in built.extractions)
    assert mentions == sum(len(x.mentions) for _, x in text_build.extractions) > 100
    assert [(m.kind, m.text, m.measure, m.concept) for _, x in built.extractions for m in x.mentions] == [
        (m.kind, m.text, m.measure, m.concept) for _, x in text_build.extractions for m in x.mentions
    ]
    assert _content(built.graph) == _content(text_build.graph)
    locators = {str(o) for o in built.graph.objects(None, EP.locator)}
    if ext == "pdf":
        assert locators and all(re.fullmatch(r"p\. \d+", x) for x in locators) and len(locators) > 10
    if ext == "docx":
        assert locators and all(re.fullmatch(r"¶\d+|table \d+ row \d+", x) for x in locators)


# --- provenance -------------------------------------------------------------


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", normalise_str(s))


def test_pdf_evidence_points_at_the_page_that_prints_it():
    path = FORMATS / f"{STEMS[4]}.pdf"
    docs = load_file(path)
    with pdfplumber.open(path) as pdf:
        pages = [_squash(p.extract_text()) for p in pdf.pages]
    seen = set()
    for d in docs:
        for m in d.measures:
            label = d.source.locate(m.span.src_start)
            assert label and label.startswith("p. "), m.title
            n = int(label[3:])
            seen.add(n)
            assert _squash(m.text)[:6] in pages[n - 1], (m.title, label)
    assert len(seen) > 15  # measures spread over the pages, not all labelled p. 1


def test_docx_evidence_points_at_the_paragraph():
    path = FORMATS / f"{STEMS[0]}.docx"  # automatic numbering: the paragraph lacks the "1."
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    doc = load_file(path)[0]
    for m in doc.measures:
        label = doc.source.locate(m.span.src_start)
        assert label and label.startswith("¶"), m.title
        printed = MEASURE.sub("", _squash(paragraphs[int(label[1:]) - 1]))  # literal numbers in some sections
        assert printed.startswith(_squash(MEASURE.sub("", m.title))[:8]), (m.title, label)


# --- what each reader must get right ------------------------------------------


def test_docx_recovers_word_automatic_numbering():
    path = FORMATS / f"{STEMS[0]}.docx"
    document = docx.Document(path)
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered) > 20 and not any(re.match(r"\s*\d+\s*[.、．]", p.text) for p in numbered)
    text = read(path).text
    assert "1.加强政治建设。" in text and "2.深化思想理论武装。" in text
    # 000 numbers its measures 1 … N through all sections: one list, never restarted
    assert len(re.findall(r"(?m)^1\.", text)) == 1 and "30.推进智慧教育建设。" in text


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_NUMBERING = f"""<w:numbering {_W}>
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="7"/>
  <w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def test_numbering_follows_word_counters_levels_and_restarts():
    from docx.oxml import parse_xml

    from loaders.formats.numbering import Numbering

    nb = Numbering.of(parse_xml(_NUMBERING))
    seq = [(1, 0), (1, 1), (1, 2), (1, 2), (1, 1), (1, 2), (1, 0), (1, 2), (1, 2), (2, 2), (0, 0)]
    labels = [nb.label(str(num), ilvl) for num, ilvl in seq]
    # a deeper level restarts under a new parent; a list sharing the abstract definition
    # continues it unless it overrides the start; numId 0 means "no number"
    assert labels == ["一、", "（一）", "1.", "2.", "（二）", "1.", "二、", "1.", "2.", "1.", ""]
    assert [nb.label("1", 0) for _ in range(10)][-1] == "十二、"


def test_table_rows_become_field_lines_also_across_a_pdf_page_break():
    """002 and 004 carry a field block as a table; in the PDF a row breaks over a page."""
    for stem, line in ((STEMS[2], "责任单位：组织部、纪检组"), (STEMS[4], "责任科室：党建办（巡察办）、机关党委、规划财务（审计）科")):
        for ext in EXTS:
            assert line in normalise(read(FORMATS / f"{stem}.{ext}")).text.splitlines(), (stem, ext)
    with pdfplumber.open(FORMATS / f"{STEMS[2]}.pdf") as pdf:
        tables = [(p.page_number, t.extract()) for p in pdf.pages for t in p.find_tables()]
    assert len(tables) == 2 and tables[0][0] + 1 == tables[1][0]  # the row really is split


def test_pdf_running_header_and_page_numbers_are_dropped():
    for stem in STEMS:
        pdf_text = read(FORMATS / f"{stem}.pdf").text
        txt_lines = normalise(read(CORPUS / f"{stem}.txt")).text.splitlines()
        assert not re.search(r"(?m)^[—-]\s*\d+\s*[—-]$", pdf_text)
        with pdfplumber.open(FORMATS / f"{stem}.pdf") as pdf:
            header = pdf.pages[1].extract_text_lines()[0]["text"]
            assert len(pdf.pages) > 8 and all(header in p.extract_text() for p in pdf.pages)
        # the header line is printed on every page but kept only where the text has it
        assert pdf_text.count(header) == sum(line.count(header) for line in txt_lines)


def test_html_reader_keeps_the_article_only():
    for stem in STEMS:
        text = read(FORMATS / f"{stem}.html").text
        for chrome in ("版权所有", "当前位置", "首页", "统计代码", "分享到", "浏览次数", "备案号"):
            assert chrome not in text, (stem, chrome)
    raw = read(FORMATS / f"{STEMS[2]}.html")
    assert raw.source.encoding == "gb18030" and "抚顺" in raw.text


def test_html_without_known_container_uses_the_densest_block(tmp_path):
    body = "".join(f"<p>{i}.推进第{i}项工作。加强组织领导，确保落实到位。</p>" for i in range(1, 8))
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<div class='menu'><a href='/'>首页</a><a href='/a'>机构设置</a><a href='/b'>政策文件</a></div>"
        f"<div class='wrap'><div class='left'><p>相关链接</p></div><div class='txt'>"
        f"<p>2022年工作要点</p><p>一、总体要求</p>{body}</div></div>"
        "<div class='bottom'><p>版权所有 © 某市教育局</p></div></body></html>"
    )
    (tmp_path / "page.htm").write_text(page, encoding="utf-8")
    lines = read(tmp_path / "page.htm").text.splitlines()
    assert lines[:3] == ["2022年工作要点", "一、总体要求", "1.推进第1项工作。加强组织领导，确保落实到位。"]
    assert len(lines) == 9 and not any("版权" in ln or "首页" in ln for ln in lines)


# --- sniffing and failures ----------------------------------------------------


def test_a_doc_that_is_html_and_a_pdf_without_suffix_are_read_by_content(text_docs):
    saved = ODD / f"{STEMS[2]}_saved_from_site.doc"
    download = ODD / f"{STEMS[1]}_download"
    assert read(saved).source.media_type == HTML and read(download).source.media_type == PDF
    assert structure(load_file(saved)) == structure(text_docs[STEMS[2]])
    assert structure(load_file(download)) == structure(text_docs[STEMS[1]])


def test_uploaded_bytes_load_like_the_file(text_docs):
    for ext in EXTS:
        data = (FORMATS / f"{STEMS[3]}.{ext}").read_bytes()
        docs = load_bytes(f"uploads/四平.{ext}", data)
        assert docs[0].source.name == f"uploads/四平.{ext}"
        assert structure(docs) == structure(text_docs[STEMS[3]])


def test_scanned_and_protected_pdfs_get_a_clear_error():
    with pytest.raises(LoadError, match=r"no text layer \(a scanned PDF\?\): OCR it first"):
        read(ODD / "scanned.pdf")
    with pytest.raises(LoadError, match="encrypted PDF"):
        read(ODD / "encrypted.pdf")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cut.pdf", (FORMATS / f"{STEMS[1]}.pdf").read_bytes()[:40000], "not a readable PDF"),
        ("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, "not a readable PDF"),
        ("junk.docx", b"PK\x03\x04" + b"\x00" * 64, "not a readable Word"),
        ("empty.html", "<html><body><script>var a;</script><nav><a href='/'>首页</a></nav></body></html>".encode(),
         "HTML page without article text"),
    ],
)
def test_damaged_files_get_a_load_error_naming_them(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(LoadError, match=reason) as err:
        read(tmp_path / name, tmp_path)
    assert err.value.file == name


def test_kg_build_of_a_folder_with_a_scan_builds_the_rest(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    folder = tmp_path / "downloads"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(ODD / "scanned.pdf", folder)
    shutil.copy(ODD / "encrypted.pdf", folder / "sub")
    shutil.copy(FORMATS / f"{STEMS[3]}.docx", folder / "sub")
    shutil.copy(ODD / f"{STEMS[1]}_download", folder)
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(out), "--store", "", "--cache", ""])
    assert result.exit_code == 0, result.output
    assert "scanned.pdf: no text layer" in result.output and "encrypted.pdf: encrypted PDF" in result.output
    assert "built 2 documents from 4 files (2 skipped)" in " ".join(result.output.split())
    assert len(Graph().parse(out)) > 1000


def test_page_furniture_goes_but_a_bare_year_in_the_body_stays():
    from loaders.formats.pdf import _drop_running, _Item

    BODY = ["坚持立德树人。", "深化教育改革。", "加强队伍建设。", "推进依法治教。"]

    def page(n: int, first: str) -> list[_Item]:
        return [
            _Item(30, 200, 400, 10.5, "某市教育局文件"),  # running header
            _Item(100, 110, 300, 16, first),
            _Item(130, 80, 510, 16, BODY[n - 1]),
            _Item(780, 280, 320, 10.5, f"第 {n} 页 共 4 页" if n % 2 else f"{n}/4"),  # page numbers, two styles
        ]

    pages = _drop_running([page(1, "2021"), page(2, "一、总体要求"), page(3, "1.加强党建"), page(4, "2.深化改革")])
    assert [[it.text for it in items] for items in pages] == [
        ["2021", BODY[0]], ["一、总体要求", BODY[1]], ["1.加强党建", BODY[2]], ["2.深化改革", BODY[3]],
    ]
