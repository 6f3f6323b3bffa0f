"""Find programmes by Chinese, English or pinyin (full or initials), without Streamlit."""

from __future__ import annotations

import re

import pandas as pd
from pypinyin import Style, lazy_pinyin


def pinyin_keys(text: str) -> tuple[str, str]:
    """Full pinyin and initials of ``text``, lower case, without spaces: 县管校聘 → xianguanxiaopin, xgxp."""
    full = "".join(lazy_pinyin(text)).lower()
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()
    return _squash(full), _squash(initials)


def _squash(text: str) -> str:
    return re.sub(r"[\s\"'“”‘’·\-_]+", "", str(text)).lower()


def haystack(row: pd.Series) -> str:
    names = [row["zh"], row.get("en") or "", row.get("aliases") or ""]
    keys = [k for n in (row["zh"], *str(row.get("aliases") or "").split(" | ")) if n for k in pinyin_keys(n)]
    return "\n".join(_squash(x) for x in [*names, *keys] if isinstance(x, str))


def search(programmes: pd.DataFrame, query: str, hay: pd.Series | None = None) -> pd.DataFrame:
    """Programmes whose label, English label, alias or pinyin contains ``query``, best first.

    ``hay`` is ``programmes.apply(haystack, axis=1)``, computed once by callers that search often.
    """
    if not query.strip():
        return programmes
    needle = _squash(query)
    hay = programmes.apply(haystack, axis=1) if hay is None else hay.reindex(programmes.index)
    hits = programmes[hay.str.contains(needle, regex=False)].copy()
    hits["_exact"] = hits["zh"].map(_squash) == needle
    hits["_len"] = hits["zh"].str.len()
    return hits.sort_values(["_exact", "_len"], ascending=[False, True]).drop(columns=["_exact", "_len"])
