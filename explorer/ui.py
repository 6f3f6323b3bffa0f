"""Streamlit glue shared by the pages: the session's graph, cached tables, CSV tables, links."""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from explorer import store as kgstore
from explorer import tables

ADDITIONS = "kg_additions"
SOURCES_PATH = "sources"


def L(zh: str, en: str) -> str:
    """A bilingual label: Chinese first, English alongside."""
    return f"{zh} {en}"


@st.cache_resource(show_spinner="正在构建知识图谱 Building the knowledge graph…")
def base() -> kgstore.Base:
    """The shared base graph, opened or built once per server process."""
    return kgstore.open_base()


def additions() -> tuple[kgstore.Addition, ...]:
    return tuple(st.session_state.get(ADDITIONS, ()))


def graph():
    """``(store, version)`` for this session: the base plus what the session added."""
    adds = additions()
    if not adds:
        b = base()
        return b.store, b.version
    cached = st.session_state.get("_kg_session_store")
    key = tuple(a.sha256 for a in adds)
    if cached is None or cached[0] != key:
        cached = (key, *kgstore.session_store(base(), adds))
        st.session_state["_kg_session_store"] = cached
    return cached[1], cached[2]


@st.cache_data(show_spinner=False, max_entries=64)
def _frame(name: str, version: str, _store) -> pd.DataFrame:
    return tables.frame(_store, name)


def frame(name: str) -> pd.DataFrame:
    """A named table of :mod:`explorer.tables`, cached per graph version."""
    store, version = graph()
    return _frame(name, version, store)


@st.cache_data(show_spinner=False, max_entries=16)
def _mentions(version: str, _store) -> pd.DataFrame:
    return tables.programme_mentions(_frame("facts", version, _store), _frame("measures", version, _store))


def mentions() -> pd.DataFrame:
    store, version = graph()
    return _mentions(version, store)


@st.cache_data(show_spinner=False, max_entries=16)
def _adoption(version: str, _store) -> pd.DataFrame:
    return tables.adoption(_mentions(version, _store))


def adoption() -> pd.DataFrame:
    store, version = graph()
    return _adoption(version, store)


def source_url(file: str, start: int | float | None, end: int | float | None) -> str | None:
    """The Sources page URL of a span (relative, so it works under any base path)."""
    if not isinstance(file, str) or start is None or pd.isna(start):
        return None
    return f"./{SOURCES_PATH}?" + urlencode({"file": file, "start": int(start), "end": int(end)})


def with_links(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a ``source`` column of links to each row's span on the Sources page."""
    if df.empty or "file" not in df:
        return df
    out = df.copy()
    out["source"] = [source_url(f, s, e) for f, s, e in zip(out["file"], out["start"], out["end"], strict=True)]
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "table"


# Column headers as shown (Chinese with the English name the CSV keeps).
HEADERS = {
    "city": "城市", "province": "省份", "year": "年份", "kind": "类别", "title": "标题", "number": "文号",
    "issued": "发布日期", "file": "文件", "sections": "部分数", "measures": "措施数", "type": "类型", "count": "数量",
    "programme_label": "项目", "cities": "城市", "n_cities": "城市数", "rows": "行数", "units": "单位", "other_cities": "其他城市", "measure": "措施", "sentence": "原句",
    "surface": "原文写法", "rule": "规则", "metric": "指标", "value": "数值", "unit": "单位", "comparator": "比较",
    "deadline": "期限", "theme": "主题", "department": "科室", "aliases": "别名", "path": "编号",
    "first_year": "首次年份", "in_lexicon": "在词表中", "documents": "文件", "neighbours": "邻居数", "node": "节点",
    "jaccard": "相似度", "section_title": "部分", "text": "文字", "zh": "中文",
    "city_list": "城市列表", "weighted": "加权相似度", "most_distinctive_shared": "最有特色的共同项目",
    "score": "得分", "programme": "项目", "shared_with": "共享城市数", "programmes": "项目数", "shared": "共同项目", "year_target": "目标年份",
    "label": "标签", "value_max": "上限", "normalised": "折算值", "base_unit": "基本单位", "goal": "目标",
    "pioneers": "率先城市数", "cited": "被引文件", "measure_title": "措施标题", "wording": "原文指标", "has_deadline": "有期限",
    "source_file": "来源文件", "start": "起始位置",
}


def header(column: str) -> str | None:
    """``city`` → ``城市 city``; ``value_target`` → ``目标数值 value_target``; ``None`` when unknown."""
    base, _, side = column.rpartition("_")
    if column in HEADERS:
        return f"{HEADERS[column]} {column}"
    if side in ("result", "target") and base in HEADERS:
        return f"{'成效' if side == 'result' else '目标'}{HEADERS[base]} {column}"
    if side in ("a", "b") and base in HEADERS:
        return f"{HEADERS[base]} {side.upper()} {column}"
    return None


def table(df: pd.DataFrame, name: str, *, height: int | None = None, hide: tuple[str, ...] = ()) -> None:
    """Show ``df`` with a CSV download button; a ``source`` column becomes a link, headers are bilingual."""
    shown = df.drop(columns=[c for c in hide if c in df])
    config: dict = {c: st.column_config.Column(h) for c in shown.columns if (h := header(c))}
    config["source"] = st.column_config.LinkColumn(L("原文", "Source"), display_text="原文 ↗")
    st.dataframe(shown, hide_index=True, column_config=config, height=height or "auto", width="stretch")
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    st.download_button(
        L("下载 CSV", "Download CSV"), buf.getvalue().encode("utf-8-sig"), file_name=f"{_slug(name)}.csv",
        mime="text/csv", key=f"csv-{name}", on_click="ignore",
    )


def short(iri: str) -> str:
    return str(iri).rsplit("/", 1)[-1]
