"""Generate the .docx / .pdf / .html test fixtures from the corpus text files.

    .venv/bin/python scripts/make_fixtures.py [--corpus corpus] [--out tests/data/formats]

For each ``corpus/<stem>.txt`` this writes, the way bureaus produce them:

* ``<stem>.docx`` (python-docx): one paragraph per non-blank source line,
  公文 layout (A4, 16 pt, first-line indent), a running header line and a
  ``— N —`` page-number footer.  In ``NUMBERED`` files the ``1.`` measures
  use Word's automatic numbering instead of literal numbers; the first block
  of labelled fields (目标任务 / 工作措施 / 责任单位 …) becomes a two-column table.
* ``<stem>.pdf``: that .docx converted by LibreOffice headless, as a bureau
  exports it (needs ``soffice``: ``apt-get install -y libreoffice-writer-nogui
  fonts-wqy-zenhei``).
* ``<stem>.html``: a government-site page (nav, breadcrumbs, the article in
  ``<div id="zoom">``, a 版权所有 footer, scripts); ``GBK_HTML`` files are
  encoded in GBK with a ``<meta charset>``.

and, under ``sniff/``: a scanned PDF (an image, no text layer), a
password-protected PDF, a ``.doc`` that is really HTML and a PDF without a
suffix.  The outputs are committed,
so the tests do not need LibreOffice; rerun this after changing the corpus.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from loaders.read import read  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NUMBERED = ("000", "003")  # measures typed with Word's automatic numbering
GBK_HTML = ("002",)  # pages served in GBK, as many older government sites are
FONT = "WenQuanYi Zen Hei"
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")
_MEASURE = re.compile(r"^\s*([0-9０-９]{1,3})\s*[.、．]\s*")
_FIELD = re.compile(r"^\s*(目标任务|工作措施|工作举措|责任单位|责任科室|牵头单位)\s*[：:]\s*")


def source_lines(path: Path) -> list[str]:
    """The non-blank lines of a corpus file, as decoded (trailing spaces dropped)."""
    return [ln.rstrip() for ln in read(path).text.splitlines() if ln.strip()]


def auto_numbered(lines: list[str]) -> dict[int, int]:
    """Line index -> list key, for the measures Word can number itself.

    A plan numbered 1 … N straight through is one list (key 0); one that
    restarts in every section gets a list per section (key = section).  Only
    runs without gaps qualify, so Word's numbers are exactly the printed ones.
    """
    items: list[tuple[int, int, int]] = []  # (line, section, number)
    section = 0
    for i, line in enumerate(lines):
        if _SECTION.match(line):
            section += 1
        elif (m := _MEASURE.match(line)) and section:
            items.append((i, section, int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))))
    if [n for _, _, n in items] == list(range(1, len(items) + 1)):
        return {i: 0 for i, _, _ in items}
    out: dict[int, int] = {}
    for sec in {s for _, s, _ in items}:
        run = [(i, n) for i, s, n in items if s == sec]
        if [n for _, n in run] == list(range(1, len(run) + 1)):
            out |= {i: sec for i, _ in run}
    return out


def field_block(lines: list[str]) -> range:
    """The first run of labelled-field lines (the table candidates)."""
    for i, line in enumerate(lines):
        if _FIELD.match(line):
            j = i
            while j < len(lines) and _FIELD.match(lines[j]):
                j += 1
            return range(i, j)
    return range(0)


def header_line(lines: list[str]) -> str:
    """A running header as bureaus print it: the issuer's name."""
    for line in lines[:12]:
        text = "".join(line.split())
        if 4 <= len(text) <= 30 and re.search(r"(教育局|委员会|工委)(文件)?$", text):
            return text
    return "教育局文件"


# --- docx -------------------------------------------------------------------


def _style(document: docx.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _header_footer(document: docx.Document, header: str) -> None:
    section = document.sections[0]
    hp = section.header.paragraphs[0]
    hp.text, hp.alignment = header, WD_ALIGN_PARAGRAPH.CENTER
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    fp._p.append(field)
    fp.add_run(" —")


def _add_list(document: docx.Document, num_id: int) -> None:
    """A decimal ``%1.`` list restarting at 1 (one per section), as Word writes it."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(num_id))
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1."), ("w:suff", "nothing")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    abstract.append(lvl)
    nums = numbering.findall(qn("w:num"))
    (nums[0].addprevious(abstract) if nums else numbering.append(abstract))
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(num_id))
    num.append(ref)
    numbering.append(num)


def _number(paragraph, num_id: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def write_docx(lines: list[str], out: Path, numbered: bool) -> None:
    document = docx.Document()
    _style(document)
    _header_footer(document, header_line(lines))
    auto = auto_numbered(lines) if numbered else {}
    table = field_block(lines)
    lists: dict[int, int] = {}
    for i, line in enumerate(lines):
        if i in table:
            if i == table.start:
                grid = document.add_table(rows=0, cols=2)
                grid.style, grid.autofit = "Table Grid", False
                grid.columns[0].width, grid.columns[1].width = Cm(3), Cm(12.6)  # narrow label column, as in the forms
                for f in lines[table.start:table.stop]:
                    label, value = _FIELD.match(f).group(1), f[_FIELD.match(f).end():]
                    cells = grid.add_row().cells
                    cells[0].text, cells[1].text = label, value
                    cells[0].width, cells[1].width = Cm(3), Cm(12.6)
            continue
        if i in auto:
            if auto[i] not in lists:
                lists[auto[i]] = 100 + auto[i]
                _add_list(document, lists[auto[i]])
            _number(document.add_paragraph(line[_MEASURE.match(line).end():]), lists[auto[i]])
        else:
            document.add_paragraph(line)
    document.save(out)


# --- pdf --------------------------------------------------------------------


_ENCRYPT = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"secret"}}')


def write_pdfs(docx_files: list[Path], out_dir: Path, target: str = "pdf") -> None:
    """Convert with LibreOffice headless, as a bureau's office exports its Word file."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed for the PDFs: apt-get install -y libreoffice-writer-nogui fonts-wqy-zenhei")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
             "--outdir", str(out_dir), *map(str, docx_files)],
            check=True, capture_output=True, timeout=600,
        )


# --- html -------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_政务公开_教育局</title>
<script>var _hmt = _hmt || []; document.write("<p>统计代码</p>");</script>
<style>#zoom p {{ text-indent: 2em; }}</style></head>
<body>
<div class="header"><div class="logo">市教育局</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/jyzx/">教育资讯</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知公告</div>
<div class="main"><h1 class="title">{title}</h1>
<div class="info">发布时间：2021-04-06 来源：市教育局 浏览次数：<span id="count"></span></div>
<div id="zoom" class="TRS_Editor">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div></div>
<div class="footer"><p>版权所有：市教育局 地址：市政府大楼 联系电话：0000-0000000</p>
<p><a href="#">网站地图</a> | <a href="#">联系我们</a> 备案号：冀ICP备00000000号</p></div>
<script src="/js/count.js"></script>
</body></html>
"""


def html_page(lines: list[str]) -> str:
    """The page; paragraphs as ``<p>``, the field block as a table, the masthead with ``<br>``."""
    table = field_block(lines)
    body: list[str] = []
    for i, line in enumerate(lines):
        if i in table:
            if i == table.start:
                rows = [_FIELD.match(f) for f in lines[table.start:table.stop]]
                body.append("<table border=\"1\">" + "".join(
                    f"<tr><td>{m.group(1)}</td><td>{html.escape(m.string[m.end():])}</td></tr>" for m in rows
                ) + "</table>")
            continue
        body.append(f"<p>{html.escape(line)}</p>")
    if len(body) > 2 and body[0].startswith("<p>") and body[1].startswith("<p>"):
        body[0:2] = [body[0][:-4] + "<br>\n" + body[1][3:]]  # two masthead lines in one <p>, split by <br>
    return "\n".join(body)


def write_html(lines: list[str], out: Path, gbk: bool) -> None:
    page = _PAGE.format(charset="gb2312" if gbk else "utf-8", title=html.escape(header_line(lines)), body=html_page(lines))
    out.write_bytes(page.encode("gb18030") if gbk else page.encode("utf-8"))


# --- the odd files ----------------------------------------------------------


def write_scan(lines: list[str], out: Path) -> None:
    """A page as a scanner makes it: an image of the text, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 28)
    page = Image.new("1", (1240, 1754), 1)  # 1-bit, as office scanners store text pages
    draw = ImageDraw.Draw(page)
    for k, line in enumerate(lines[:20]):
        draw.text((120, 150 + 48 * k), line.strip()[:38], fill=0, font=font)
    page.save(out, "PDF", resolution=150)


def write_odd_files(out_dir: Path, stems: list[str]) -> None:
    odd = out_dir / "sniff"
    odd.mkdir(exist_ok=True)
    shutil.copyfile(out_dir / f"{stems[2]}.html", odd / f"{stems[2]}_saved_from_site.doc")
    shutil.copyfile(out_dir / f"{stems[1]}.pdf", odd / f"{stems[1]}_download")  # a PDF saved without suffix
    lines = source_lines(ROOT / "corpus" / f"{stems[0]}.txt")
    write_scan(lines, odd / "scanned.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "encrypted.docx"  # a short file: the point is the password, not the text
        write_docx(lines[:6], small, numbered=False)
        write_pdfs([small], odd, target=_ENCRYPT)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "formats")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = sorted(args.corpus.glob("*.txt"))
    for path in files:
        lines = source_lines(path)
        write_docx(lines, args.out / f"{path.stem}.docx", numbered=path.name[:3] in NUMBERED)
        write_html(lines, args.out / f"{path.stem}.html", gbk=path.name[:3] in GBK_HTML)
    write_pdfs([args.out / f"{p.stem}.docx" for p in files], args.out)
    write_odd_files(args.out, [p.stem for p in files])
    total = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"{len(files)} documents -> {args.out} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
