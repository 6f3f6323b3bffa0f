"""Query: read-only SPARQL over the embedded store, Cypher over Neo4j when NEO4J_URI is set."""

from __future__ import annotations

import os
import time

import pandas as pd
import streamlit as st

from kg.errors import KgError
from kg.queries import bind_sparql, catalogue
from explorer.ui import L, graph, table

DEFAULT_SPARQL = """SELECT ?city (COUNT(DISTINCT ?p) AS ?programmes) WHERE {
  ?m ep:mentions ?p ; ep:document/ep:city/rdfs:label ?city .
} GROUP BY ?city ORDER BY DESC(?programmes)"""
DEFAULT_CYPHER = "MATCH (c:City)<-[:CITY]-(d:PolicyDocument) RETURN c.label AS city, count(d) AS documents"


def page() -> None:
    st.title(L("查询", "Query"))
    st.caption("只读：更新语句会被拒绝；有超时和行数上限 Read-only: updates are refused; queries have a timeout and a row limit.")
    c1, c2 = st.columns(2)
    limit = c1.number_input(L("行数上限", "Row limit"), 1, 100_000, 1000, step=100)
    timeout = c2.number_input(L("超时（秒）", "Timeout (s)"), 1.0, 120.0, 10.0, step=1.0)
    sparql, cypher = st.tabs(["SPARQL (Oxigraph)", "Cypher (Neo4j)"])
    with sparql:
        _editor("sparql", DEFAULT_SPARQL, int(limit), float(timeout))
    with cypher:
        if not os.environ.get("NEO4J_URI"):
            st.info("Neo4j 未配置 Neo4j is not configured. 设置 Set `NEO4J_URI`, `NEO4J_USER`, `NEO4J_PASSWORD` "
                    "(a local server: `scripts/neo4j-dev`, see scripts/README.md), load the graph into it, and restart the app. "
                    "下面可以查看示例查询 The saved Cypher queries are shown below as examples.")
        _editor("cypher", DEFAULT_CYPHER, int(limit), float(timeout))


def _example(lang: str):
    named = {q.name: q for q in catalogue()}
    options = ["—", *named]
    choice = st.selectbox(L("示例查询", "Saved queries (kg/queries)"), options, key=f"{lang}-example",
                          format_func=lambda n: named[n].title if n in named else "— 自己写 write your own —",
                          on_change=_load_example, args=(lang,))
    return named.get(choice)


def _load_example(lang: str) -> None:
    q = next((q for q in catalogue() if q.name == st.session_state[f"{lang}-example"]), None)
    if q is not None:
        st.session_state[f"{lang}-text"] = q.sparql if lang == "sparql" else q.cypher


def _editor(lang: str, default: str, limit: int, timeout: float) -> None:
    named = _example(lang)
    if named is not None:
        st.caption(named.question)
    values = {}
    for name, dflt in (named.params if named else {}).items():
        values[name] = st.text_input(f"参数 Parameter `{name}`", value=str(dflt), key=f"{lang}-param-{named.name}-{name}")
    st.session_state.setdefault(f"{lang}-text", default)
    text = st.text_area(L("查询", "Query"), height=220, key=f"{lang}-text")
    if not st.button(L("运行", "Run"), key=f"{lang}-run", type="primary"):
        return
    try:
        t0 = time.perf_counter()
        result = _run(lang, text, named.values(values) if named else {}, limit, timeout)
        took = time.perf_counter() - t0
    except (KgError, ValueError) as exc:
        st.error(f"查询失败 Query failed: {exc}")
        return
    df = pd.DataFrame.from_records(list(result.rows), columns=list(result.columns))
    note = f" · 已截断 cut at {limit} rows" if result.truncated else ""
    st.success(f"{len(df)} 行 rows in {took * 1000:.0f} ms{note}")
    table(df, f"{lang}-result")


def _run(lang: str, text: str, values: dict, limit: int, timeout: float):
    if lang == "sparql":
        store, _ = graph()
        bound = bind_sparql(text, values) if values and any(f"?{k}_param" in text for k in values) else text
        return store.query(bound, limit=limit, timeout=timeout)
    if not os.environ.get("NEO4J_URI"):
        raise KgError("Neo4j is not configured: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to run Cypher")
    from kg.stores.neo4j_store import Neo4jStore

    with Neo4jStore.from_env() as neo:
        return neo.query(text, values, limit=limit, timeout=timeout)


