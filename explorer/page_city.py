"""City: a city's documents, sections and measures, programmes, targets and departments."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.ui import L, frame, mentions, source_url, table, with_links


def city_choice(label: str = L("城市", "City"), key: str = "city") -> str | None:
    cities = sorted(frame("documents")["city"].dropna().unique())
    if not cities:
        st.warning("图谱中没有城市 No city in the graph.")
        return None
    wanted = st.query_params.get("city")
    index = cities.index(wanted) if wanted in cities else 0
    return st.selectbox(label, cities, index=index, key=key)


def page() -> None:
    st.title(L("城市", "City"))
    city = city_choice()
    if city is None:
        return
    docs = frame("documents")
    docs = docs[docs["city"] == city]
    st.subheader(f"{city} · {len(docs)} 份文件 documents")
    measures = frame("measures")
    measures = measures[measures["city"] == city]
    facts = frame("facts")
    facts = facts[facts["city"] == city]
    named = facts[facts["type"] == "programme"].groupby("measure")["label"].agg(lambda s: "、".join(dict.fromkeys(s)))
    for _, d in docs.iterrows():
        _document(d, measures[measures["doc"] == d["doc"]], named)
    _programmes(city)
    st.subheader(L("目标与成效", "Targets and results"))
    q = frame("quantities")
    q = with_links(q[q["city"] == city].sort_values(["year", "kind", "metric"]))
    table(q[["year", "kind", "metric", "comparator", "value", "value_max", "unit", "deadline", "label",
             "sentence", "source"]], f"targets-{city}")
    _departments(city, facts, measures)


def _document(d: pd.Series, measures: pd.DataFrame, named: pd.Series) -> None:
    kind = "工作要点 plan" if d["kind"] == "plan" else "工作总结 summary"
    number = f" · {d['number']}" if isinstance(d["number"], str) else ""
    with st.expander(f"{d['year']} {d['title']} ({kind}{number}) — {len(measures)} 项措施 measures",
                     expanded=False, icon=":material/description:"):  # material icons: no emoji font needed
        st.markdown(f"[原文 Source ↗]({source_url(d['file'], 0, 0)})")
        for (sec, title), group in measures.sort_values(["section", "start"]).groupby(["section", "section_title"], sort=False):
            st.markdown(f"**{sec}. {title}**")
            lines = []
            for m in group.itertuples():
                tags = f" — 项目 programmes: {named[m.measure]}" if m.measure in named.index else ""
                lines.append(f"- `{m.path}` [{m.title[:60]}]({source_url(m.file, m.start, m.end)}){tags}")
            st.markdown("\n".join(lines))


def _programmes(city: str) -> None:
    st.subheader(L("提及的项目", "Programmes named"))
    pm = mentions()
    mine = pm[pm["city"] == city]
    others = pm[pm["city"] != city].groupby("programme")["city"].agg(lambda c: "、".join(sorted(set(c))))
    rows = mine.groupby(["programme", "programme_label"]).agg(measures=("measure", "nunique"),
                                                              first_year=("year", "min")).reset_index()
    rows["other_cities"] = rows["programme"].map(others).fillna("")
    rows["shared_with"] = rows["other_cities"].map(lambda s: len(s.split("、")) if s else 0)
    rows = rows.sort_values(["shared_with", "measures"], ascending=False)
    table(rows, f"programmes-{city}", hide=("programme",))


def _departments(city: str, facts: pd.DataFrame, measures: pd.DataFrame) -> None:
    st.subheader(L("责任科室及其工作", "Departments and what each is responsible for"))
    units = facts[facts["type"] == "department"].merge(measures[["measure", "path", "title"]], on="measure")
    if units.empty:
        st.info("这个城市的文件没有列出责任单位 This city's documents name no responsible units.")
        return
    summary = units.groupby("label").agg(measures=("measure", "nunique"),
                                         examples=("title", lambda t: "；".join(list(dict.fromkeys(t))[:3])))
    table(summary.sort_values("measures", ascending=False).reset_index(), f"departments-{city}")
    detail = with_links(units[["label", "year", "path", "title", "surface", "file", "start", "end"]])
    with st.expander(L("全部责任分工", "Every assignment")):
        table(detail.sort_values(["label", "year", "path"]), f"department-measures-{city}",
              hide=("file", "start", "end"))
