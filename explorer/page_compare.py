"""Compare: shared and unique programmes, targets per metric, similarity, most similar measures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import analysis
from kg.analytics.links import K
from kg.analytics.textsim import THRESHOLD
from explorer.ui import L, frame, graph, mentions, source_url, table


def page() -> None:
    st.title(L("比较城市", "Compare cities"))
    cities = sorted(frame("documents")["city"].dropna().unique())
    chosen = st.multiselect(L("城市（两个或更多）", "Cities (two or more)"), cities, default=cities[:2], key="compare")
    if len(chosen) < 2:
        st.info("请至少选择两个城市 Pick at least two cities.")
        return
    pm = mentions()
    sets = {c: set(pm.loc[pm["city"] == c, "programme_label"]) for c in chosen}
    _similarity(chosen)
    _programmes(chosen, sets)
    _targets(chosen)
    _measures(chosen)


def _similarity(chosen: list[str]) -> None:
    st.subheader(L("相似度", "Similarity"))
    store, version = graph()
    from kg.analytics import city_pairs

    pairs = [p for p in city_pairs(analysis.view(store, version)) if p.a in chosen and p.b in chosen]
    rows = pd.DataFrame(
        [{"city_a": p.a, "city_b": p.b, "jaccard": round(p.jaccard, 3), "weighted": round(p.weighted, 3),
          "shared": len(p.shared), "most_distinctive_shared": "、".join(p.shared[:8])} for p in pairs]
    )
    st.caption("jaccard = 共同项目/全部项目 shared/all programmes; weighted = 按稀有程度加权 weighted by rarity (kg.analytics)")
    table(rows, "city-similarity")


def _programmes(chosen: list[str], sets: dict[str, set[str]]) -> None:
    shared = set.intersection(*sets.values())
    st.subheader(f"{L('共同项目', 'Shared programmes')} · {len(shared)}")
    st.markdown("、".join(sorted(shared)) or "—")
    st.subheader(L("各城市独有项目", "Programmes only one of them names"))
    cols = st.columns(len(chosen))
    for col, city in zip(cols, chosen, strict=True):
        others = set().union(*(sets[c] for c in chosen if c != city))
        only = sorted(sets[city] - others)
        with col:
            st.markdown(f"**{city}** · {len(only)}")
            table(pd.DataFrame({"programme": only}), f"unique-{city}", height=300)


def _targets(chosen: list[str]) -> None:
    st.subheader(L("同一指标的目标对照", "Targets on the same metric, side by side"))
    q = frame("quantities")
    q = q[q["city"].isin(chosen) & (q["kind"] == "target")]
    q = q.assign(cell=q["comparator"].map(_COMPARATOR).fillna("") + q["value"].map("{:g}".format) + q["unit"]
                 + " (" + q["year"].astype(str) + ")")
    wide = q.groupby(["metric", "city"])["cell"].agg("；".join).unstack("city")
    both = wide.dropna(thresh=2) if len(wide.columns) > 1 else wide.iloc[0:0]
    st.caption(f"{len(both)} 个指标至少两个城市都有目标 metrics with targets in at least two cities; "
               f"{len(wide)} 个指标共计 in all")
    table(both.reset_index(), "targets-side-by-side")
    with st.expander(L("全部指标", "All metrics")):
        table(wide.reset_index(), "targets-all-metrics")


_COMPARATOR = {"atLeast": "≥", "atMost": "≤", "about": "≈", "exactly": "", "range": ""}


def _measures(chosen: list[str]) -> None:
    st.subheader(L("最相似的措施", "Most similar measures across these cities"))
    store, version = graph()
    links = analysis.similar_links(store, version)
    m = frame("measures").set_index("measure")
    rows = []
    for link in links:
        a, b = m.loc[link.source], m.loc[link.target]
        if a["city"] in chosen and b["city"] in chosen:
            rows.append({"score": link.score, "city_a": a["city"], "measure_a": f"{a['path']} {a['title']}",
                         "source_a": source_url(a["file"], a["start"], a["end"]), "city_b": b["city"],
                         "measure_b": f"{b['path']} {b['title']}", "source_b": source_url(b["file"], b["start"], b["end"])})
    df = pd.DataFrame(rows, columns=["score", "city_a", "measure_a", "source_a", "city_b", "measure_b", "source_b"])
    st.caption(f"图中的 ep:similarTo 链接 the graph's ep:similarTo links: 字符2-3元TF-IDF余弦 character 2-3-gram "
               f"TF-IDF cosine ≥ {THRESHOLD}, 每项前{K} top {K} each (kg.analytics.links, computed by the build)")
    st.dataframe(df.head(30), hide_index=True, column_config={
        "source_a": st.column_config.LinkColumn("原文 A", display_text="↗"),
        "source_b": st.column_config.LinkColumn("原文 B", display_text="↗")})
    st.download_button(L("下载 CSV", "Download CSV"), df.to_csv(index=False).encode("utf-8-sig"),
                       file_name="similar-measures.csv", mime="text/csv", on_click="ignore")
