"""A source text as HTML with every extracted span highlighted by type (no Streamlit, no JavaScript from outside)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

COLOURS = {
    "programme": ("#ffd66b", "项目 programme"),
    "citation": ("#9fd3ff", "引用文件 citation"),
    "target": ("#9be39b", "目标 target"),
    "result": ("#c8f0a8", "成效 result"),
    "department": ("#f4a9c8", "责任单位 department"),
    "slogan": ("#d9c3ff", "提法 slogan"),
    "institution": ("#ffbf8f", "机构 institution"),
    "topic": ("#b8e6e0", "主题 topic"),
}


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    type: str
    title: str


def paint(length: int, marks: Iterable[Mark]) -> list[Mark | None]:
    """For each character, the innermost (shortest) mark covering it, or None."""
    cells: list[Mark | None] = [None] * length
    for m in sorted(marks, key=lambda m: m.end - m.start, reverse=True):
        for i in range(max(0, m.start), min(length, m.end)):
            cells[i] = m
    return cells


def render(text: str, marks: Iterable[Mark], focus: tuple[int, int] | None = None) -> str:
    """``text`` as HTML: runs of characters under one mark become ``<mark>``; ``focus`` gets ``id="focus"``."""
    cells = paint(len(text), marks)
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        in_focus = focus is not None and focus[0] <= i < focus[1]
        while j < len(text) and cells[j] is cells[i] and (focus is not None and focus[0] <= j < focus[1]) == in_focus:
            j += 1
        if focus is not None and i == focus[0]:
            out.append('<span id="focus"></span>')
        chunk = html.escape(text[i:j])
        m = cells[i]
        cls = f"{m.type}{' focus' if in_focus else ''}" if m else ("focus" if in_focus else "")
        if m or in_focus:
            title = f' title="{html.escape(m.title)}"' if m else ""
            out.append(f'<mark class="{cls}"{title}>{chunk}</mark>')
        else:
            out.append(chunk)
        i = j
    return "".join(out)


def legend() -> str:
    return " ".join(f'<mark class="{t}">{html.escape(label)}</mark>' for t, (_, label) in COLOURS.items())


def css() -> str:
    rules = "".join(f"mark.{t}{{background:{c};}}" for t, (c, _) in COLOURS.items())
    return (
        "body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif;font-size:15px;"
        "line-height:1.75;margin:0;padding:0 8px;color:#222}"
        "mark{padding:0 1px;border-radius:3px}mark.focus{outline:3px solid #d62728;background:#ffe0e0}"
        "pre{white-space:pre-wrap;word-break:break-all;font-family:inherit;margin:0}" + rules
    )


def page(text: str, marks: Iterable[Mark], focus: tuple[int, int] | None = None) -> str:
    """A self-contained HTML page that scrolls to the focus span on load."""
    body = render(text, marks, focus)
    script = ("<script>const f=document.getElementById('focus');"
              "if(f){f.scrollIntoView({block:'center'});}</script>")
    return f"<html><head><style>{css()}</style></head><body><pre>{body}</pre>{script}</body></html>"
