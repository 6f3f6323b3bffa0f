"""Add document: upload → the same loader as ``kg build`` → see what was extracted → confirm.

The only place the app changes a graph, and only this session's copy: the
base graph other sessions see is never touched.  On any error nothing changes.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from explorer import store as kgstore
from explorer.ui import ADDITIONS, L, additions, frame, table
from kg.errors import KgError

PENDING = "add-pending"
TYPES = ["txt", "docx", "pdf", "html", "htm"]


def page() -> None:
    st.title(L("添加文件", "Add document"))
    st.caption("上传的文件经过与 `kg build` 相同的加载和抽取流程，确认后只加入本会话的图谱 "
               "An upload goes through the same loader and extractor as `kg build`; once confirmed it joins "
               "this session's graph only (the files on disk and other sessions are not changed).")
    upload = st.file_uploader(L("选择文件", "Choose a file"), type=TYPES, key="add-file")
    if upload is not None:
        preview(upload.name, upload.getvalue())
    _added()


@st.cache_resource(show_spinner="正在准备抽取模型 Preparing the extractor…")
def nlp():
    """The spaCy pipeline, built once per server process and shared by every upload."""
    from explorer.ingest import make_nlp

    return make_nlp()


def analyse(name: str, data: bytes) -> dict:
    """:func:`explorer.ingest.analyse` with the server's spaCy pipeline."""
    from explorer.ingest import analyse as run

    return run(name, data, nlp())


def preview(name: str, data: bytes) -> None:
    """Extract ``data`` (once per content), show what was found and offer to add it; an error changes nothing."""
    sha = hashlib.sha256(data).hexdigest()
    pending = st.session_state.get(PENDING)
    if pending is None or pending.get("sha256") != sha:
        try:
            with st.spinner("正在读取和抽取 Reading and extracting…"):
                pending = analyse(name, data)
        except KgError as exc:
            st.session_state.pop(PENDING, None)
            st.error(f"无法加载 Could not load this file — nothing was changed. {exc}")
            return
        st.session_state[PENDING] = pending
    _report(pending)
    _already_there(pending)
    if any(a.sha256 == sha for a in additions()):
        st.info("这个文件已经加入 This file is already in the session's graph.")
    elif st.button(L("确认加入图谱", "Confirm: add to the graph"), type="primary", key="add-confirm"):
        kinds = pending["documents"][["city", "year", "kind"]].astype(str).agg(" ".join, axis=1)
        st.session_state[ADDITIONS] = [*additions(), kgstore.Addition(
            pending["name"], pending["sha256"], pending["ntriples"], pending["raw"], "、".join(kinds))]
        st.success(f"已加入 Added {pending['name']}: {pending['triples']} triples")
        st.rerun()


def _already_there(p: dict) -> None:
    """Warn when a document of the upload (same city, year and kind) is already in the graph."""
    docs = frame("documents")
    for iri, row in zip(p["iris"], p["documents"].itertuples(), strict=True):
        files = sorted(set(docs.loc[docs["doc"] == iri, "file"]))
        if files:
            st.warning(f"{row.city or ''} {row.year} {row.kind}: 图谱中已有这份文件 this document is already in the graph "
                       f"(from {', '.join(files)}); 加入后合并为同一文件 adding it merges the two into one document.")


def _report(p: dict) -> None:
    st.subheader(L("识别出的文件", "Documents found"))
    table(p["documents"], "upload-documents")
    facts = pd.DataFrame(p["facts"], columns=["type", "surface", "in_lexicon"])
    counts = facts.groupby("type").size().to_dict() if len(facts) else {}
    st.markdown(" · ".join(f"**{k}** {v}" for k, v in counts.items()) + f" · **target/result** {p['targets']} · "
                f"{p['triples']} triples")
    st.subheader(L("未能理解的部分", "What was not understood"))
    docs = p["documents"]
    problems = [f"{r.year} {r.title}: 未识别城市 no city found" for r in docs.itertuples() if not r.city]
    problems += [f"{r.year} {r.title}: 没有措施 no measures found" for r in docs.itertuples() if r.measures == 0]
    problems += [f"{f}: {why}" for f, why in p["skipped"]]
    for line in problems:
        st.warning(line)
    unknown = facts[(facts["type"] == "program") & ~facts["in_lexicon"]].drop_duplicates()
    st.caption(f"{len(unknown)} 个项目名称不在词表中（由规则识别） programme names not in the lexicon (found by rule)")
    table(unknown, "upload-uncurated", height=220)


def _added() -> None:
    adds = additions()
    if not adds:
        return
    st.subheader(L("本会话已加入", "Added in this session"))
    table(pd.DataFrame([{"file": a.name, "documents": a.summary, "sha256": a.sha256[:12]} for a in adds]), "added")
    n = frame("documents")["doc"].nunique()
    st.caption(f"图谱现有 {n} 份文件 the session's graph now has {n} documents")
    if st.button(L("移除已加入的文件", "Remove the added documents"), key="add-clear"):
        st.session_state[ADDITIONS] = []
        st.rerun()
