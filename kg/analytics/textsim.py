"""Measures of different cities with close text: character n-gram TF-IDF cosine.

Chinese has no spaces, so words are not tokens; character 2- and 3-grams
capture 课后服务 / 县管校聘 / 普惠性幼儿园 without a segmenter and run offline.
Grams in more than half the measures (教育, 工作, 推进 …) are dropped
(``max_df``): they say nothing about what a measure is about and make the
similarity matrix dense.

THRESHOLD is set from the data; see :data:`THRESHOLD`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kg.analytics.view import View

__all__ = ["CANDIDATES", "EXACT_MAX", "MeasureLink", "THRESHOLD", "score_matrix_rows", "similar_measures", "tfidf"]

#: Cosine above which two measures of different cities are linked.  On the
#: five-city corpus (194 measures, 14,573 cross-city pairs) the scores fall off
#: steeply: median 0.013, 95th percentile 0.046, 99th 0.124; 94 pairs reach
#: 0.15.  Reading the pairs in score order: every pair above 0.2 is the same
#: topic in other words (加强语言文字工作 / 做好语言文字工作 0.40, 特殊教育 pairs
#: 0.23-0.41, 疫情防控 pairs 0.25-0.34); between 0.15 and 0.2 they still are
#: (学前教育普及普惠 / 学前教育抓规范扩公办 0.19, 教育督导 pairs 0.16-0.19); below
#: 0.15 unrelated pairs that share only party boilerplate start to appear
#: (学习贯彻十九届五中全会精神 / 编制实施"十四五"规划 0.141, … / 强化教材管理
#: 0.127).  0.15 is where that happens.  Same-topic pairs below it (两个
#: 县管校聘 measures at 0.142) are linked through their named programme anyway.
THRESHOLD = 0.15
RULE = "char-tfidf-2-3-cosine"
NGRAMS = (2, 3)
_ROWS = 512  # rows of the similarity matrix computed at once: bounds memory
#: Up to this many measures every pair is scored; beyond, see :mod:`kg.analytics.ann`.
EXACT_MAX = 4000
#: Candidates per measure re-scored exactly on the fast path (recall 0.95 at 32, 0.64 at 16 on
#: a 500-document benchmark build whose measures come in near-duplicate families).
CANDIDATES = 32


@dataclass(frozen=True, slots=True)
class MeasureLink:
    source: str  # measure IRI
    target: str  # measure IRI, in another city
    score: float


def _grams(text: str):
    for n in NGRAMS:
        for i in range(len(text) - n + 1):
            yield text[i:i + n]


#: Texts counted at once by :func:`_gram_matrix`: its int64 keys cost ~40 bytes a character, so
#: counting 118,000 measures at once peaked at 4.3 GB; in blocks the peak is the result's size.
_BLOCK_TEXTS = 8192


def _block_counts(texts: list[str]):
    """Counts of character 2- and 3-grams of a few texts: (CSR over the block's own sorted grams, those grams).

    Vectorised: a gram is keyed by its code points (21 bits each, so a 3-gram
    key never equals a 2-gram key), and (text, gram) pairs are counted with
    sorts instead of a Python dict per text.
    """
    from scipy import sparse

    n = len(texts)
    lengths = np.fromiter((len(t) for t in texts), np.int64, n)
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    row_of = np.repeat(np.arange(n), lengths)
    rows, keys = [], []
    for size in NGRAMS:
        if len(cps) < size:
            continue
        key = np.zeros(len(cps) - size + 1, np.int64)
        for i in range(size):
            key = (key << 21) | cps[i:len(cps) - size + 1 + i]
        start = row_of[:len(key)]
        ok = start == row_of[size - 1:]  # the gram does not cross into the next text
        rows.append(start[ok])
        keys.append(key[ok])
    keys = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    vocab = np.unique(keys)  # a sort, then a binary search: faster than unique's argsort for the inverse
    x = sparse.csr_matrix((np.ones(len(keys), np.float32), (np.concatenate(rows) if rows else keys,
                                                             np.searchsorted(vocab, keys))), shape=(n, len(vocab)))
    x.sum_duplicates()  # counts: duplicates summed row by row, not by one global sort
    return x, vocab


def _gram_matrix(texts: list[str]):
    """Counts of character 2- and 3-grams per text (CSR, one column per distinct gram, in key order).

    Counted :data:`_BLOCK_TEXTS` texts at a time (:func:`_block_counts`); each
    block's columns are then renumbered into the union of the blocks' grams.
    Both gram lists are sorted, so the renumbering keeps every row's columns
    in order and the blocks stack as they are.
    """
    from scipy import sparse

    blocks = [_block_counts(texts[i:i + _BLOCK_TEXTS]) for i in range(0, len(texts), _BLOCK_TEXTS)]
    vocab = np.unique(np.concatenate([v for _, v in blocks])) if blocks else np.zeros(0, np.int64)
    if not len(vocab):
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32)
    for x, v in blocks:
        x.indices = np.searchsorted(vocab, v)[x.indices].astype(np.int32)
        x.resize(x.shape[0], len(vocab))
    out = sparse.vstack([x for x, _ in blocks], format="csr", dtype=np.float32)
    out.has_sorted_indices = True
    return out


def tfidf(texts: list[str], max_df: float = 0.5):
    """L2-normalised TF-IDF rows of character n-grams (a sparse CSR matrix).

    The same weighting as scikit-learn's ``TfidfVectorizer(analyzer="char",
    ngram_range=(2, 3), sublinear_tf=True, max_df=max_df)`` (smoothed idf
    ln((1+n)/(1+df)) + 1; a test checks the two agree), written with scipy so
    that ``kg analyze`` does not pay scikit-learn's ~10 s import.  ``max_df``
    applies from 20 texts on: a toy corpus has no "common" grams to drop.
    Weights and norms are computed in place on the count matrix: a copy of it
    is ~0.5 GB at 5,000 documents.
    """
    x = _gram_matrix(texts)
    n = len(texts)
    df = np.bincount(x.indices, minlength=x.shape[1])
    idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
    if n >= 20:
        idf[df > max_df * n] = 0.0
    np.log(x.data, out=x.data)
    x.data += 1
    x.data *= idf[x.indices]
    x.eliminate_zeros()
    per_row = np.diff(x.indptr)
    squares = np.add.reduceat(x.data * x.data, x.indptr[:-1][per_row > 0]) if x.nnz else np.zeros(0, np.float32)
    norms = np.ones(n, np.float32)
    norms[per_row > 0] = np.sqrt(squares)
    x.data /= np.repeat(norms, per_row)
    return x


def _text(m) -> str:
    return m.text or m.title


def _city_codes(measures) -> np.ndarray:
    cities = {c: i for i, c in enumerate(sorted({m.city for m in measures}))}
    return np.array([cities[m.city] for m in measures])


def score_matrix_rows(view: View):
    """Yield ``(row offset, dense block of cosines, city codes)`` blocks over all measures.

    Same-city cells are set to -1 so callers can ignore them; for inspecting
    the score distribution as well as for the exact path of
    :func:`similar_measures`.  Quadratic: every pair is scored.
    """
    measures = view.measures
    if len(measures) < 2:
        return
    x = tfidf([_text(m) for m in measures])
    code = _city_codes(measures)
    xt = x.T.tocsr()
    for start in range(0, len(measures), _ROWS):
        block = (x[start:start + _ROWS] @ xt).toarray()
        block[code[start:start + _ROWS, None] == code[None, :]] = -1.0
        yield start, block, code


def _best(scores: np.ndarray, cols: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` highest (column, score) of one row; equal scores: lower column first."""
    order = np.lexsort((cols, -scores))[:k]
    return [(int(cols[i]), float(scores[i])) for i in order]


def _exact_top(view: View, k: int):
    """Each row's ``k`` best other-city (column, score), scoring every pair."""
    for start, block, _ in score_matrix_rows(view):
        kk = min(k, block.shape[1])
        kth = -np.partition(-block, kk - 1, axis=1)[:, kk - 1]
        for r in range(len(block)):
            cols = np.flatnonzero(block[r] >= kth[r])
            yield start + r, _best(block[r, cols], cols, k)


def _fast_top(view: View, k: int):
    """Each row's ``k`` best other-city (column, score) among :mod:`kg.analytics.ann`'s candidates."""
    from threadpoolctl import threadpool_limits

    from kg.analytics import ann

    x = tfidf([_text(m) for m in view.measures])
    # One BLAS thread: the products are small and many, and OpenBLAS's threads spin while they wait
    # (on the shared 2-core machine: 8.0 -> 5.3 CPU-s for the projection at 500 documents).
    with threadpool_limits(1, "blas"):
        cand = ann.candidates(ann.reduce(x), _city_codes(view.measures), max(CANDIDATES, 4 * k))
    scores = ann.rescore(x, cand)
    for r in range(len(cand)):
        ok = cand[r] >= 0
        yield r, _best(scores[r, ok], cand[r, ok], k)


def similar_measures(view: View, k: int = 3, threshold: float = THRESHOLD,
                     exact: bool | None = None) -> tuple[MeasureLink, ...]:
    """For each measure, its ``k`` most similar measures in *other* cities scoring ≥ ``threshold``.

    Returned once per unordered pair (``source`` < ``target`` by IRI), when
    either measure has the other in its top ``k``; highest score first.
    Equal scores go to the measure first by IRI, so the answer is stable.

    ``exact`` scores every pair (quadratic); by default only up to
    :data:`EXACT_MAX` measures.  Beyond, candidates come from an approximate
    index (:mod:`kg.analytics.ann`: seeded SVD projection, k-means lists,
    the best :data:`CANDIDATES` per measure) and are re-scored exactly, so a
    link's score is always the exact cosine; what may differ from the
    exhaustive answer is which of several near-equal neighbours is kept
    (recall of the exact top 3 ≥ 0.95 on the corpus, measured by the tests
    and ``benchmarks/bench_analytics.py``).
    """
    measures = view.measures
    if len(measures) < 2:
        return ()
    if exact is None:
        exact = len(measures) <= EXACT_MAX
    found: dict[tuple[str, str], float] = {}
    for r, best in (_exact_top(view, k) if exact else _fast_top(view, k)):
        for c, s in best:
            if s >= threshold:
                a, b = sorted((measures[r].iri, measures[c].iri))
                found[(a, b)] = round(s, 4)
    links = (MeasureLink(a, b, s) for (a, b), s in found.items())
    return tuple(sorted(links, key=lambda l: (-l.score, l.source, l.target)))
