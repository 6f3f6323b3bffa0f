"""What a document's masthead, title and colophon say about it.

文号 (``忻教发〔2023〕1号``; ``[2023]`` and ``﹝2023﹞`` are written
``〔2023〕``), issue date (``2023年3月15日``, ``2021年3月8日印发``),
issuing bodies (lines of names ending in 局/委/工委/委员会 …), the year and
kind a title states.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import DocKind
from loaders.patterns import (
    DATE,
    DATE_LINE,
    DOCNO,
    DOCNO_LINE,
    KIND_WORDS,
    ORG_LINE,
    ORG_SUFFIX,
    SECTION,
    CJK,
)

__all__ = ["Masthead", "strip_part", "is_colophon", "is_title", "kind_of", "masthead", "title_issuers", "year_in"]

_TITLE = re.compile(rf"(?:{KIND_WORDS})$")
_ORG = re.compile(rf"^[{CJK}（）]{{2,30}}?(?:{ORG_SUFFIX})$")
_COLOPHON = re.compile(r"^(?:抄送|主送|抄报|印发|附件)|印发$|^（此件[^（）]*）$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分\s*")
_ABBREVIATED = re.compile(r"^(?:中共)?[市县区]")


@dataclass(frozen=True, slots=True)
class Masthead:
    number: str | None = None
    issued: dt.date | None = None
    issuers: tuple[str, ...] = ()


def is_title(line: str) -> bool:
    """A document title line: ends with 工作要点/工作重点/工作计划/工作总结.

    A notice's title (关于印发…的通知) or a line citing the title (《…》) is not;
    a 第一部分 prefix (a file in parts, one document each) is allowed.
    """
    line = _PART.sub("", line)
    return bool(
        _TITLE.search(line)
        and len(line) <= 60
        and not re.search("[，。：；《]", line)
        and not line.startswith(("关于", "现将", "印发"))
        and not SECTION.match(line)
    )


def strip_part(title: str) -> str:
    """``第一部分 2020年工作总结`` → ``2020年工作总结``."""
    return _PART.sub("", title)


def kind_of(title: str) -> DocKind:
    last = re.findall(KIND_WORDS, title)[-1]
    return DocKind.SUMMARY if last == "工作总结" else DocKind.PLAN


def year_in(text: str) -> int | None:
    m = re.search(r"((?:19|20)\d\d)\s*年", text)
    return int(m.group(1)) if m else None


def is_colophon(line: str) -> bool:
    """Lines that close a document: 抄送/印发 lines, a bare date, a signature."""
    return bool(_COLOPHON.search(line) or DATE_LINE.match(line) or DOCNO_LINE.match(line)
                or (len(line) <= 40 and ORG_LINE.match(line)))


def _orgs(line: str) -> list[str]:
    names = line.removesuffix("文件").split()
    return [n for n in names if _ORG.match(n)]


def title_issuers(title: str) -> tuple[str, ...]:
    """Issuers printed before the year in a title (``市委教育工委 市教育局2021年工作要点``)."""
    m = re.search(r"(?:19|20)\d\d\s*年", title)
    if not m or m.start() == 0:
        return ()
    names = title[: m.start()].split()
    return tuple(names) if names and all(_ORG.match(n) for n in names) else ()


def is_abbreviated(issuer: str) -> bool:
    """``市委教育工委``, ``市教育局``: a name that leaves the place out."""
    return bool(_ABBREVIATED.match(issuer))


def masthead(lines: Iterable[str]) -> Masthead:
    """文号, date and issuers stated on lines of their own."""
    number, issued, issuers = None, None, []
    for line in lines:
        if number is None and (m := DOCNO_LINE.match(line)):
            number = f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号"
        elif issued is None and DATE_LINE.match(line):
            d = DATE.search(line)
            try:
                issued = dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            except ValueError:
                pass
        elif len(line) <= 40 and ORG_LINE.match(line):
            issuers += [n for n in _orgs(line) if n not in issuers]
    return Masthead(number, issued, tuple(issuers))


def number_in(text: str) -> str | None:
    """A 文号 anywhere in ``text`` (for a notice that cites it in running text)."""
    m = DOCNO.search(text)
    return f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号" if m else None
