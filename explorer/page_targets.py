"""Targets: every target and reported result, by metric; cities on one metric; result vs next target."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from explorer.ui import L, frame, table, with_links

COLUMNS = ["city", "year", "kind", "metric", "comparator", "value", "value_max", "unit", "normalised", "base_unit",
           "deadline", "label", "sentence", "source", "file", "start", "end"]


def page() -> None:
    st.title(L("目标与成效", "Targets and results"))
    q = with_links(frame("quantities"))
    if q.empty:
        st.info("图谱中没有目标 No targets in the graph.")
        return
    c1, c2, c3 = st.columns(3)
    kinds = c1.multiselect(L("类型", "Kind"), ["target", "result"], default=["target", "result"],
                           format_func={"target": "目标 target (plan)", "result": "成效 result (summary)"}.get)
    cities = c2.multiselect(L("城市", "Cities"), sorted(q["city"].dropna().unique()), key="targets-cities")
    text = c3.text_input(L("指标包含", "Metric contains"), key="targets-metric")
    view = q[q["kind"].isin(kinds)]
    view = view[view["city"].isin(cities)] if cities else view
    view = view[view["metric"].str.contains(text, regex=False)] if text else view
    st.subheader(L("按指标分组", "Grouped by metric"))
    grouped = view.groupby("metric").agg(rows=("q", "count"), cities=("city", lambda c: "、".join(sorted(set(c.dropna())))),
                                         n_cities=("city", "nunique"), units=("unit", lambda u: "、".join(sorted(set(u)))))
    table(grouped.sort_values(["n_cities", "rows"], ascending=False).reset_index(), "targets-by-metric")
    st.subheader(L("全部目标", "All targets"))
    table(view.sort_values(["metric", "city", "year"])[COLUMNS], "targets", hide=("file", "start", "end"))
    _metric_chart(q)
    _result_vs_target(q)


def _metric_chart(q: pd.DataFrame) -> None:
    st.subheader(L("同一指标的城市对比", "Cities on one metric"))
    counts = q.groupby("metric")["city"].nunique().sort_values(ascending=False)
    metric = st.selectbox(L("指标", "Metric"), counts.index, key="targets-chart-metric",
                          format_func=lambda m: f"{m} ({counts[m]} 城 cities)")
    kind_zh = {"result": "成效 result", "target": "目标 target"}
    rows = q[q["metric"] == metric].assign(
        series=lambda d: d["kind"].map(kind_zh).fillna(d["kind"]) + " " + d["year"].astype(str))
    units = rows["unit"].unique()
    if len(units) > 1:
        st.caption(f"单位不同 units differ: {'、'.join(units)} — 按单位分开显示 shown per unit")
    chart = alt.Chart(rows).mark_bar().encode(
        x=alt.X("city:N", title="城市 City", axis=alt.Axis(labelAngle=0)), xOffset="series:N", y=alt.Y("value:Q", title=f"{metric}"),
        color=alt.Color("series:N", title="类型 年份 kind year"), column=alt.Column("unit:N", title="单位 unit"),
        tooltip=["city", "year", "kind", "value", "unit", "comparator", "label"],
    )
    st.altair_chart(chart, width="content")


def _result_vs_target(q: pd.DataFrame) -> None:
    st.subheader(L("上年成效对比本年目标", "Last year's result against this year's target"))
    res = q[q["kind"] == "result"][["city", "year", "metric", "value", "unit", "label", "source"]]
    tgt = q[q["kind"] == "target"][["city", "year", "metric", "comparator", "value", "unit", "label", "source"]]
    res = res.assign(next_year=res["year"] + 1)
    both = res.merge(tgt, left_on=["city", "next_year", "metric"], right_on=["city", "year", "metric"],
                     suffixes=("_result", "_target"))
    cities = sorted(set(res["city"].dropna()) & set(tgt["city"].dropna()))
    st.caption(f"同时有总结和下年计划的城市 cities with a summary and the next year's plan: {'、'.join(cities) or '—'}; "
               f"{len(both)} 个指标两边都有 metrics on both sides")
    cols = ["city", "metric", "year_result", "value_result", "unit_result", "label_result", "source_result",
            "year_target", "comparator", "value_target", "unit_target", "label_target", "source_target"]
    both = both.drop(columns=["next_year"])
    st.dataframe(both[cols], hide_index=True, column_config={
        "source_result": st.column_config.LinkColumn("原文 result", display_text="↗"),
        "source_target": st.column_config.LinkColumn("原文 target", display_text="↗")})
    st.download_button(L("下载 CSV", "Download CSV"), both[cols].to_csv(index=False).encode("utf-8-sig"),
                       file_name="result-vs-target.csv", mime="text/csv", on_click="ignore")
