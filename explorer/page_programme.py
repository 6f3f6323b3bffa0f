"""Programme: every city and measure naming a programme, first year per city, aliases, theme, departments."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from explorer.search import haystack, search
from explorer.ui import L, adoption, frame, graph, mentions, table, with_links


@st.cache_data(show_spinner=False, max_entries=8)
def _haystacks(version: str, _programmes: pd.DataFrame) -> pd.Series:
    return _programmes.apply(haystack, axis=1)


def page() -> None:
    st.title(L("项目", "Programme"))
    programmes = frame("programmes")
    named = adoption()
    order = {p: i for i, p in enumerate(named["programme"])}
    programmes = programmes.assign(_rank=programmes["programme"].map(order).fillna(len(order)))
    query = st.text_input(L("搜索（中文、英文或拼音）", "Search (Chinese, English or pinyin)"),
                          value=st.query_params.get("q", ""), placeholder="县管校聘 / county / xgxp")
    hay = _haystacks(graph()[1], programmes)
    hits = search(programmes.sort_values(["_rank", "zh"]), query, hay)
    if hits.empty:
        st.warning(f"没有找到 Nothing matches “{query}”.")
        return
    labels = {r.programme: f"{r.zh}" + (f" — {r.en}" if isinstance(r.en, str) else "") for r in hits.itertuples()}
    ids = list(labels)
    wanted = st.query_params.get("iri")
    chosen = st.selectbox(L("项目", "Programme"), ids, index=ids.index(wanted) if wanted in ids else 0,
                          format_func=lambda n: labels.get(n, n), key="programme")
    _show(hits[hits["programme"] == chosen].iloc[0])


def _show(p: pd.Series) -> None:
    st.header(p["zh"] + (f" · {p['en']}" if isinstance(p["en"], str) else ""))
    theme = p["theme_zh"] if isinstance(p["theme_zh"], str) else "—"
    theme_en = f" {p['theme_en']}" if isinstance(p["theme_en"], str) else ""
    aliases = p["aliases"] or "—"
    st.markdown(f"**主题 Theme:** {theme}{theme_en}  \n**别名 Aliases:** {aliases}  \n"
                f"**来源 Lexicon:** {'词表收录 curated' if p['curated'] else '规则识别 found by rule'}  \n"
                f"`{p['programme']}`")
    rows = mentions()
    rows = rows[rows["programme"] == p["programme"]].sort_values(["city", "year", "path"])
    cities = sorted(rows["city"].dropna().unique())
    st.subheader(f"{len(cities)} 个城市 cities · {rows['measure'].nunique()} 项措施 measures")
    st.markdown(" · ".join(f"**{c}**" for c in cities) or "—")
    _timeline(rows)
    st.subheader(L("提及的措施与原句", "Measures naming it, with evidence sentences"))
    table(with_links(rows)[["city", "year", "kind", "path", "title", "surface", "sentence", "source", "rule",
                            "file", "start", "end"]], f"programme-{p['zh']}", hide=("file", "start", "end"))
    _departments(rows)


def _timeline(rows: pd.DataFrame) -> None:
    first = rows.dropna(subset=["city"]).groupby("city", as_index=False)["year"].min()
    if first.empty:
        return
    st.subheader(L("各城市首次提及年份", "First year each city names it"))
    chart = alt.Chart(first).mark_circle(size=220).encode(
        x=alt.X("year:O", title="年份 Year", axis=alt.Axis(labelAngle=0)), y=alt.Y("city:N", title="城市 City", sort="x"),
        color=alt.Color("city:N", legend=None), tooltip=["city", "year"],
    ) + alt.Chart(first).mark_text(dx=28).encode(x="year:O", y=alt.Y("city:N", sort="x"), text="year:O")
    st.altair_chart(chart.properties(height=40 + 32 * len(first)), width="stretch")


def _departments(rows: pd.DataFrame) -> None:
    st.subheader(L("各城市的责任科室", "Responsible departments per city"))
    facts = frame("facts")
    units = facts[(facts["type"] == "department") & facts["measure"].isin(rows["measure"])]
    if units.empty:
        st.info("这些措施没有列出责任单位 These measures name no responsible unit.")
        return
    per_city = units.groupby(["city", "label"]).agg(measures=("measure", "nunique")).reset_index()
    table(per_city.rename(columns={"label": "department"}), "programme-departments")
