"""Overview: the corpus, entity counts, the most widely shared programmes, a map of cities."""

from __future__ import annotations

import streamlit as st

from explorer.ui import L, adoption, base, frame, source_url, table

TYPE_ZH = {
    "PolicyDocument": "政策文件", "WorkPlan": "工作要点", "WorkSummary": "工作总结", "Section": "部分",
    "Measure": "措施", "Program": "项目", "CitedDocument": "引用文件", "Slogan": "提法", "Target": "目标",
    "Result": "成效", "Department": "科室", "CollectiveUnit": "科室集体", "Institution": "机构", "City": "城市",
    "Province": "省份", "Evidence": "证据", "Topic": "工作主题", "Theme": "主题", "Metric": "指标",
    "UnitType": "科室类型",
}

# Cities by longitude and latitude, one colour per province, names above the dots.
MAP_SPEC = {
    "height": 320,
    "width": "container",
    "encoding": {
        "x": {"field": "lon", "type": "quantitative", "title": "经度 Longitude", "scale": {"zero": False}},
        "y": {"field": "lat", "type": "quantitative", "title": "纬度 Latitude", "scale": {"zero": False}},
    },
    "layer": [
        {"mark": {"type": "circle", "size": 260, "opacity": 0.85},
         "encoding": {"color": {"field": "province", "type": "nominal", "title": "省份 Province",
                                "scale": {"scheme": "category10"}},
                      "tooltip": [{"field": f} for f in ("label", "province", "adcode", "documents")]}},
        {"mark": {"type": "text", "dy": -16, "fontSize": 13}, "encoding": {"text": {"field": "label", "type": "nominal"}}},
    ],
}


def page() -> None:
    st.title(L("概览", "Overview"))
    docs = frame("documents")
    b = base()
    st.caption(
        f"{len(docs)} 份文件 documents · {docs['city'].nunique()} 个城市 cities · "
        f"{docs['province'].nunique()} 个省份 provinces · 年份 years {docs['year'].min()}–{docs['year'].max()} · "
        f"图谱来源 graph from {'.kg/store' if b.origin == 'store' else 'corpus/'} in {b.seconds:.1f} s"
    )
    for note in b.notes:
        st.info(note)
    st.subheader(L("文件", "Documents"))
    docs = docs.assign(source=[source_url(f, 0, 0) for f in docs["file"]])
    table(docs, "documents", hide=("doc",))
    left, right = st.columns(2)
    with left:
        st.subheader(L("实体数量", "Entities by type"))
        counts = frame("type_counts")
        counts.insert(1, "zh", counts["type"].map(TYPE_ZH).fillna(""))
        table(counts, "entity-counts")
    with right:
        st.subheader(L("城市分布", "Cities by province"))
        _city_map()
    st.subheader(L("共享最广的项目", "Most widely shared programmes"))
    top = adoption().head(25)
    table(top, "shared-programmes", hide=("programme",))


def _city_map() -> None:
    cities = frame("cities").dropna(subset=["lat", "lon"])
    docs = frame("documents").groupby("city").size().rename("documents").reset_index()
    cities = cities.merge(docs, left_on="label", right_on="city", how="left")
    if cities.empty:
        st.info("没有城市坐标 No city coordinates in the graph.")
        return
    st.vega_lite_chart(cities, MAP_SPEC, width="stretch")  # a plain spec: altair costs seconds to import
    if len(cities) < len(frame("cities")):
        st.caption("部分城市无坐标 some cities have no coordinates")
