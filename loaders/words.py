"""Word boundaries of short Chinese strings (jieba), for cutting metric phrases.

A metric is cut out of its sentence by dropping function words at its ends
(在, 和, 与, 等) and stopping at words that end a noun phrase.  Matched on
characters alone, those rules cut words in half: 在校生 loses 在, 参与 stops
at 与, 教育工作者 stops at 工作.  :func:`boundaries` gives the offsets where a
word may end, from jieba's dictionary (shipped with the package, no download),
so the rules apply only to whole words.

Only the few dozen characters around each figure are segmented, never the
whole text, so the extractor's throughput stays well above 100k chars/s.

>>> words("全市1万余名教师参与录播空中课堂")[-3:]
('参与', '录播', '空中课堂')
>>> 3 in boundaries("在校生规模")
True
>>> 1 in boundaries("在校生规模")
False
"""

from __future__ import annotations

import logging
from functools import lru_cache

__all__ = ["boundaries", "words"]

# Words jieba's dictionary glues to their neighbours (比不|低于) or lacks;
# a metric is cut at them, so they must be whole words.
_EXTRA_WORDS = (
    "不低于", "不少于", "不超过", "不高于", "控制在", "保持在", "稳定在", "提高到", "提升到", "增加到",
    "改扩建", "新改扩建", "新建改扩建", "公办园", "普惠园", "在园幼儿", "占比", "毛入园率", "毛入学率",
    "巩固率", "覆盖率", "就业率", "达标率", "职普比", "普职比", "大班额", "超大班额", "一类园",
)


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # a few hundred ms to load the dictionary: only when a metric is read

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in _EXTRA_WORDS:
        tok.add_word(w, freq=tok.suggest_freq(w, tune=False) + 1000)
    return tok


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """``text`` cut into words (jieba's precise mode, no HMM guesses)."""
    return tuple(_tokenizer().cut(text, HMM=False)) if text else ()


@lru_cache(maxsize=16384)
def boundaries(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a word starts or ends (0 and ``len(text)`` included)."""
    out, k = {0}, 0
    for w in words(text):
        k += len(w)
        out.add(k)
    return frozenset(out)
