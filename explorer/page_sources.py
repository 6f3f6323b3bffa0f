"""Sources: a document's text with every extracted span highlighted by type, scrolled to the chosen span."""

from __future__ import annotations

import streamlit as st

from explorer import highlight
from explorer.store import source_text
from explorer.ui import L, additions, base, frame, table, with_links


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def page() -> None:
    st.title(L("原文", "Sources"))
    docs = frame("documents")
    files = list(dict.fromkeys(docs["file"]))
    if not files:
        st.info("没有文件 No documents.")
        return
    wanted = st.query_params.get("file")
    index = files.index(wanted) if wanted in files else 0
    labels = {f: " / ".join(f"{r.city or '?'} {r.year} {r.kind}" for r in docs[docs["file"] == f].itertuples()) for f in files}
    file = st.selectbox(L("文件", "File"), files, index=index, format_func=lambda f: f"{f} — {labels[f]}" if f in labels else f, key="src-file")
    start, end = (_int(st.query_params.get("start")), _int(st.query_params.get("end"))) if file == wanted else (None, None)
    text = source_text(base(), file, additions())
    if text is None:
        st.error(f"找不到源文件 The source file {file} is not available.")
        return
    facts = frame("facts")
    facts = facts[facts["file"] == file]
    focus = (start, max(end or start, start + 1)) if start is not None and 0 <= start < len(text) and start < (end or 0) else None
    if focus:
        _focus_note(text, facts, focus)
    st.markdown(highlight.legend(), unsafe_allow_html=True)
    marks = [highlight.Mark(int(r.start), int(r.end), r.type, f"{r.label} · {r.predicate} · {r.rule}")
             for r in facts.itertuples()]
    counts = facts["type"].value_counts()
    st.caption(" · ".join(f"{highlight.COLOURS[t][1]}: {n}" for t, n in counts.items()) + f" · {len(text)} 字符 characters")
    st.iframe(highlight.page(text, marks, focus), height=620)
    with st.expander(L("本文件的全部事实", "Every fact in this file")):
        table(with_links(facts)[["type", "label", "surface", "sentence", "rule", "year", "source", "file", "start", "end"]],
              f"facts-{file}", hide=("file",))


def _focus_note(text: str, facts, focus: tuple[int, int]) -> None:
    hit = facts[(facts["start"] == focus[0]) & (facts["end"] == focus[1])]
    surface = text[focus[0]:focus[1]]
    if hit.empty:
        st.markdown(f"**选中 Selected** [{focus[0]}–{focus[1]}): 「{surface[:80]}」")
        return
    r = hit.iloc[0]
    types = "、".join(highlight.COLOURS[t][1] for t in hit["type"].unique())
    st.markdown(f"**选中 Selected** {types}: 「{surface}」 → **{r['label']}**  \n"
                f"原句 Sentence: {r['sentence']}  \n规则 Rule: `{r['rule']}` · [{focus[0]}–{focus[1]})")
