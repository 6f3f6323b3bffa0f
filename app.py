"""edupolicy-kg explorer: ``streamlit run app.py``.

A router over the pages in :mod:`explorer`; the graph is built (or opened from
``.kg/store``) once per server process and cached, tables once per graph
version.  ``?page=sources&file=…&start=…&end=…`` on any URL opens the Sources
page at that span.
"""

from __future__ import annotations

import importlib
import time

import streamlit as st

from explorer.ui import L, SOURCES_PATH, base, graph


@st.cache_resource(show_spinner=False)
def warm_analytics():
    """Build the analytics view and import scikit-learn and altair in the background, once per process.

    None of them is needed by the first page; imported here, after it is drawn,
    they are ready when Compare or a charted page is first opened.
    """
    import threading

    from explorer.analysis import warm

    threading.Thread(target=importlib.import_module, args=("altair",), name="explorer-warm-altair", daemon=True).start()
    store, version = graph()
    return warm(store, version)


def _lazy(name: str):
    """The page function of ``explorer.page_{name}``, imported on first visit (a faster cold start)."""

    def run() -> None:
        importlib.import_module(f"explorer.page_{name}").page()

    run.__name__ = f"page_{name}"
    return run


st.set_page_config(page_title="edupolicy-kg 教育政策知识图谱", page_icon=":material/account_tree:", layout="wide")

PAGES = {
    "overview": st.Page(_lazy("overview"), title=L("概览", "Overview"), icon=":material/home:", default=True),
    "city": st.Page(_lazy("city"), title=L("城市", "City"), icon=":material/location_city:", url_path="city"),
    "programme": st.Page(_lazy("programme"), title=L("项目", "Programme"), icon=":material/push_pin:", url_path="programme"),
    "compare": st.Page(_lazy("compare"), title=L("比较", "Compare"), icon=":material/compare_arrows:", url_path="compare"),
    "graph": st.Page(_lazy("graph"), title=L("关系图", "Graph"), icon=":material/hub:", url_path="graph"),
    "targets": st.Page(_lazy("targets"), title=L("目标", "Targets"), icon=":material/flag:", url_path="targets"),
    "query": st.Page(_lazy("query"), title=L("查询", "Query"), icon=":material/search:", url_path="query"),
    SOURCES_PATH: st.Page(_lazy("sources"), title=L("原文", "Sources"), icon=":material/description:", url_path=SOURCES_PATH),
    "add": st.Page(_lazy("add"), title=L("添加文件", "Add document"), icon=":material/upload_file:", url_path="add"),
}

current = st.navigation(
    {
        L("浏览", "Explore"): [PAGES[k] for k in ("overview", "city", "programme", "compare", "graph", "targets")],
        L("工具", "Tools"): [PAGES[k] for k in ("query", SOURCES_PATH, "add")],
    }
)
wanted = st.query_params.get("page")
if wanted in PAGES and PAGES[wanted] is not current:
    params = {k: v for k, v in st.query_params.to_dict().items() if k != "page"}
    st.switch_page(PAGES[wanted], query_params=params)
base()  # build or open the graph before the page draws
started = time.perf_counter()
current.run()
st.sidebar.caption(f"页面用时 page drawn in {(time.perf_counter() - started) * 1000:.0f} ms")
warm_analytics()  # after the first page is drawn: Compare's text similarity is ready when asked for
