"""Graph: an interactive network around any entity; click a node to expand it (Vega-Lite, bundled, offline)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from explorer import graphview
from explorer.ui import L, adoption, frame, graph, table

CAP = 150
LABELLED = 12  # node labels drawn at most: more overlap in the middle of a spring layout
STATE = "graph-expanded"


@st.cache_resource(show_spinner=False, max_entries=8)
def _entity_graph(version: str, _store):
    return graphview.entity_graph(frame("nodes"), frame("edges"), frame("themes"))


def page() -> None:
    st.title(L("关系图", "Graph"))
    store, version = graph()
    g = _entity_graph(version, store)
    labels = {n: f"{d['label']} · {graphview.TYPE_ZH.get(d['type'], d['type'])} {d['type']}" for n, d in g.nodes(data=True)}
    ids = sorted(labels, key=lambda n: (graphview.PRIORITY.index(g.nodes[n]["type"]), labels[n]))
    top = adoption()
    default = st.query_params.get("node") or (top["programme"].iloc[0] if len(top) else ids[0])
    start = st.selectbox(L("起点（可输入搜索）", "Start from (type to search)"), ids,
                         index=ids.index(default) if default in ids else 0, format_func=lambda n: labels.get(n, n), key="graph-start")
    if st.session_state.get("graph-centre") != start:
        st.session_state["graph-centre"] = start
        st.session_state[STATE] = [start]
    c1, c2, c3 = st.columns([1, 1, 3])
    depth = c1.slider(L("深度", "Depth"), 1, 3, 2, key="graph-depth")
    cap = c2.number_input(L("节点上限", "Node cap"), 20, 400, CAP, step=10, key="graph-cap")
    present = sorted({t for _, t in g.nodes(data="type")}, key=graphview.PRIORITY.index)
    default_types = [t for t in present if t not in ("Result", "Slogan", "Section")]
    types = c3.multiselect(L("类型", "Types"), present, default=default_types, key="graph-types",
                           format_func=lambda t: f"{graphview.TYPE_ZH.get(t, t)} {t}")
    expanded = st.session_state[STATE]
    nb = graphview.neighbourhood(g, expanded, depth, set(types), int(cap))
    nodes, edges = graphview.layout(nb.graph)
    note = f"显示 showing {len(nodes)} / {nb.total} 个节点 nodes, {len(edges)} 条边 edges"
    if nb.capped:
        note += f" — 超出上限，只显示最近的 {int(cap)} 个 over the cap: the nearest {int(cap)} are drawn; 提高上限或减少类型 raise the cap or narrow the types"
    st.caption(note + " · 拖动平移、滚轮缩放、点击节点展开 drag to pan, scroll to zoom, click a node to expand it")
    event = st.altair_chart(_chart(nodes, edges, set(expanded)), on_select="rerun", key="graph-chart",
                            selection_mode="node", width="stretch")
    clicked = [p.get("id") for p in (event.selection.get("node") or []) if p.get("id")] if event else []
    fresh = [n for n in clicked if n not in expanded]
    if fresh:
        st.session_state[STATE] = [*expanded, *fresh]
        st.rerun()
    _controls(g, nb.graph, expanded, labels)


def _chart(nodes, edges, expanded: set[str]) -> alt.LayerChart:
    nodes = nodes.assign(expanded=nodes["id"].isin(expanded), kind=[_kind(t) for t in nodes["type"]])
    pick = alt.selection_point(fields=["id"], name="node", on="click")
    zoom = alt.selection_interval(bind="scales", name="zoom")
    axis = dict(axis=None, scale=alt.Scale(zero=False, nice=False, padding=40))
    lines = alt.Chart(edges).mark_rule(color="#bbb", strokeWidth=1).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q", tooltip=["predicate"])
    dots = alt.Chart(nodes).mark_circle(opacity=0.9, stroke="#333").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis),
        color=alt.Color("kind:N", title="类型 Type", scale=alt.Scale(domain=[_kind(t) for t in graphview.COLOURS],
                                                                    range=list(graphview.COLOURS.values()))),
        size=alt.condition("datum.expanded", alt.value(420), alt.value(160)),
        strokeWidth=alt.condition("datum.expanded", alt.value(2), alt.value(0)),
        tooltip=["label", "类型", "type", "degree", "id"],
    ).add_params(pick, zoom)
    # labels only where they do not overlap: what was expanded, then the biggest hubs; tooltips name the rest
    chosen = graphview.labelled(nodes, LABELLED, keep=nodes.loc[nodes["expanded"], "id"]) if len(nodes) else []
    named = nodes[nodes["id"].isin(chosen)]
    named = named.assign(short=[t if len(t) <= 12 else t[:11] + "…" for t in named["label"]])
    text = alt.Chart(named).mark_text(dy=-12, fontSize=11, color="#333").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="short:N")
    return (lines + dots + text).properties(height=600)


def _kind(t: str) -> str:
    return f"{graphview.TYPE_ZH.get(t, t)} {t}"


def _controls(g, sub, expanded: list[str], labels: dict[str, str]) -> None:
    c1, c2, c3 = st.columns([4, 1, 1], vertical_alignment="bottom")
    options = sorted((n for n in sub if n not in expanded), key=labels.get)
    choice = c1.selectbox(L("展开一个节点", "Expand a node"), ["—", *options], key="graph-expand",
                          format_func=lambda n: labels.get(n, n))
    if c2.button(L("展开", "Expand"), key="graph-expand-go") and choice in options:
        st.session_state[STATE] = [*expanded, choice]
        st.rerun()
    if c3.button(L("重置", "Reset"), key="graph-reset"):
        st.session_state[STATE] = expanded[:1]
        st.rerun()
    rows = [{"node": labels[n], "type": g.nodes[n]["type"], "neighbours": g.degree(n), "iri": n} for n in expanded]
    st.markdown("**已展开 Expanded:**")
    table(pd.DataFrame(rows), "graph-expanded")
