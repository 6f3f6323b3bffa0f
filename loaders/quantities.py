"""Numbers as Chinese policy texts write them: the scanner and the value arithmetic.

:data:`TOKEN` finds every candidate quantity in one pass (Arabic and Chinese
numerals, ranges, multipliers such as 万/亿, units, ratios, 百分之…);
:mod:`loaders.targets` then decides which candidates are commitments.

>>> m = TOKEN.search("投资1300万元对二中食堂进行升级改造")
>>> m.group("a"), m.group("mult"), m.group("unit")
('1300', '万', '元')
>>> cn_number("二十")
Decimal('20')
>>> normalise(Decimal("1.5"), "万", "名")
(Decimal('15000'), '名')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from loaders import target_rules as R

__all__ = ["TOKEN", "UNIT_KIND", "cn_number", "normalise", "number"]

CN_DIGITS = "零〇一二两三四五六七八九十百千"

# Every unit the scanner knows, with its kind; blocked units are matched too
# so that 2021年 is seen (and rejected) as a whole rather than as "2021".
UNIT_KIND: dict[str, str] = {}
for _kind, _units in (("blocked", R.BLOCKED_UNITS), ("count", R.COUNT_UNITS),
                      ("money", R.MONEY_UNITS), ("area", R.AREA_UNITS),
                      ("percent", R.PERCENT_UNITS)):
    for _u in _units:
        UNIT_KIND.setdefault(_u, _kind)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT = _alternation(UNIT_KIND)
_MULT = _alternation(R.MULTIPLIERS)
_AR = r"[0-9]+(?:\.[0-9]+)?"
_CN = f"[{CN_DIGITS}]+"
_SP = r"[ \u3000]?"
_SEP = r"[-—–~～至到]"

# One pass, four shapes; the first that matches at a position wins.
TOKEN = re.compile(
    rf"(?P<ratio>(?<![0-9.]){_AR}{_SP}[:：]{_SP}{_AR}(?![0-9]))"
    rf"|(?P<pct>百分之(?:{_AR}|{_CN}))"
    rf"|(?<![0-9.])(?P<a>{_AR})(?:{_SP}(?P<sep>{_SEP}){_SP}(?P<b>{_AR}))?"
    rf"{_SP}(?P<mult>{_MULT})?(?P<more>余|多)?{_SP}(?P<unit>{_UNIT})?"
    rf"|(?<![{CN_DIGITS}])(?P<ca>{_CN})(?:(?P<csep>[至到])(?P<cb>{_CN}))?"
    rf"(?P<cmult>{_MULT})?(?P<cmore>余|多)?(?P<cunit>{_UNIT})"
)


@lru_cache(maxsize=4096)
def cn_number(text: str) -> Decimal | None:
    """The value of a well-formed Chinese numeral, ``None`` for 十四五, 一二三, 百."""
    try:
        value = cn2an.cn2an(text.replace("两", "二").replace("〇", "零"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def number(text: str) -> Decimal | None:
    """The value of an Arabic or Chinese numeral as written."""
    if text[:1].isascii():
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return cn_number(text)


def normalise(value: Decimal, mult: str | None, unit: str) -> tuple[Decimal, str | None]:
    """The value in its base unit and the base unit's name.

    Money goes to 元, areas to 平方米, percentages stay in %; counts keep their
    measure word (``1.5万名`` -> ``15000 名``).  A bare multiplier (``70万师生``)
    has no base unit.
    """
    value = value * R.MULTIPLIERS.get(mult or "", Decimal(1))
    base, factor = R.NORMALISE.get(unit, (unit or None, Decimal(1)))
    result = value * factor
    if result == result.to_integral_value():
        result = result.quantize(Decimal(1))
    else:
        result = result.quantize(Decimal("0.0001")).normalize()
    return result, base
