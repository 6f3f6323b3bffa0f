"""The Graph page's network: a networkx graph of entities, neighbourhoods with a cap, a layout.

No Streamlit here: :func:`entity_graph` builds the whole graph from the
``nodes``/``edges`` tables once; :func:`neighbourhood` picks what to draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

# A node has one type for colouring: the most specific class it carries.
PRIORITY = ("WorkPlan", "WorkSummary", "City", "Province", "Section", "Measure", "Program", "CitedDocument",
            "Department", "CollectiveUnit", "Target", "Result", "Slogan", "Institution", "Theme")
TYPE_ZH = {"WorkPlan": "工作要点", "WorkSummary": "工作总结", "City": "城市", "Province": "省份", "Section": "部分",
           "Measure": "措施", "Program": "项目", "CitedDocument": "引用文件", "Department": "科室",
           "CollectiveUnit": "科室集体", "Target": "目标", "Result": "成效", "Slogan": "提法",
           "Institution": "机构", "Theme": "主题"}

# One colour per type, the same in every view (Tableau 10 and its light variants, by kind of thing).
COLOURS = {"WorkPlan": "#4e79a7", "WorkSummary": "#a0cbe8", "City": "#e15759", "Province": "#ff9d9a",
           "Section": "#bab0ac", "Measure": "#79706e", "Program": "#f28e2b", "CitedDocument": "#59a14f",
           "Department": "#b07aa1", "CollectiveUnit": "#d4a6c8", "Target": "#edc948", "Result": "#f1ce63",
           "Slogan": "#9c755f", "Institution": "#76b7b2", "Theme": "#ff9da7"}


def entity_graph(nodes: pd.DataFrame, edges: pd.DataFrame, themes: pd.DataFrame) -> nx.Graph:
    """Undirected graph: node attributes ``type`` and ``label``, edge attribute ``predicate``."""
    g = nx.Graph()
    rank = {t: i for i, t in enumerate(PRIORITY)}
    for r in nodes.itertuples():
        if r.type not in rank:
            continue
        old = g.nodes.get(r.node)
        if old is None or rank[r.type] < rank[old["type"]]:
            g.add_node(r.node, type=r.type, label=str(r.label))
    for r in themes.itertuples():
        g.add_node(r.node, type="Theme", label=str(r.label))
    for r in edges.itertuples():
        if r.s in g and r.o in g:
            g.add_edge(r.s, r.o, predicate=str(r.p).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    return g


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    graph: nx.Graph
    total: int  # nodes within reach before the cap
    capped: bool


def neighbourhood(g: nx.Graph, centres: Iterable[str], depth: int, types: set[str], cap: int) -> Neighbourhood:
    """Nodes within ``depth`` of any centre, of the given ``types`` (centres always kept), nearest first, at most ``cap``."""
    centres = [c for c in centres if c in g]
    dist: dict[str, int] = {}
    for c in centres:
        allowed = g.subgraph([n for n, t in g.nodes(data="type") if t in types or n == c])
        for n, d in nx.single_source_shortest_path_length(allowed, c, cutoff=depth).items():
            dist[n] = min(d, dist.get(n, d))
    order = sorted(dist, key=lambda n: (dist[n], -g.degree(n), n))
    keep = order[:cap]
    return Neighbourhood(g.subgraph(keep).copy(), len(order), len(order) > cap)


def layout(sub: nx.Graph, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(nodes, edges)`` tables with coordinates from a seeded spring layout."""
    if sub.number_of_nodes() == 0:
        return pd.DataFrame(columns=["id", "x", "y", "type", "label"]), pd.DataFrame(columns=["x", "y", "x2", "y2"])
    pos = nx.spring_layout(sub, seed=seed, k=1.6 / max(1, sub.number_of_nodes()) ** 0.5, iterations=60)
    nodes = pd.DataFrame(
        [{"id": n, "x": float(pos[n][0]), "y": float(pos[n][1]), "type": d["type"],
          "类型": TYPE_ZH.get(d["type"], d["type"]), "label": d["label"][:40], "degree": sub.degree(n)}
         for n, d in sub.nodes(data=True)]
    )
    edges = pd.DataFrame(
        [{"x": float(pos[a][0]), "y": float(pos[a][1]), "x2": float(pos[b][0]), "y2": float(pos[b][1]),
          "predicate": d.get("predicate", "")} for a, b, d in sub.edges(data=True)],
        columns=["x", "y", "x2", "y2", "predicate"],
    )
    return nodes, edges


def labelled(nodes: pd.DataFrame, limit: int, keep: Iterable[str] = (), dx: float = 0.3, dy: float = 0.07) -> list[str]:
    """Ids of the nodes to label: ``keep`` first, then the biggest hubs whose label box is clear.

    A label is roughly ``dx`` wide and ``dy`` high in layout units; a node
    whose box overlaps an accepted one goes unlabelled (its tooltip names it).
    """
    span_x = float(nodes["x"].max() - nodes["x"].min()) or 1.0
    span_y = float(nodes["y"].max() - nodes["y"].min()) or 1.0
    keep = set(keep)
    order = nodes.assign(first=~nodes["id"].isin(keep)).sort_values(["first", "degree", "id"], ascending=[True, False, True])
    chosen: list[tuple[str, float, float]] = []
    for r in order.itertuples():
        x, y = (r.x - nodes["x"].min()) / span_x, (r.y - nodes["y"].min()) / span_y
        clear = all(abs(x - cx) >= dx or abs(y - cy) >= dy for _, cx, cy in chosen)
        if r.id in keep or (clear and len(chosen) < limit):
            chosen.append((r.id, x, y))
    return [n for n, _, _ in chosen]
