"""Table rows as lines of text, the same way for every format.

A bureau puts a measure's 目标任务 / 工作措施 / 责任科室 in a two-column form
(label cell, value cell); printed as text that is ``责任科室：…``, which the
segmenter reads as a field.  Any other row is its cells joined by a tab.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["row_line"]

# A label cell: a few Chinese characters, no sentence punctuation, optional colon.
_LABEL = re.compile(r"^[\u4e00-\u9fff（）()]{2,8}[:：]?$")


def row_line(cells: Sequence[str]) -> str:
    """One table row as one line.

    >>> row_line(["责任科室", "党建办、机关党委"])
    '责任科室：党建办、机关党委'
    >>> row_line(["序号", "工作任务", "责任单位"])
    '序号\\t工作任务\\t责任单位'
    """
    texts = [" ".join(c.split()) for c in cells]
    texts = [t for t in texts if t]
    if len(texts) == 2 and _LABEL.match(texts[0]) and len(texts[1]) > len(texts[0]):
        return texts[0].rstrip(":：") + "：" + texts[1]
    return "\t".join(texts)
