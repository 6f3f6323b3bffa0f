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
#: Neighbours per measure kept from the approximate index on the fast path and re-scored the way the
#: exact path's are.  The index already ranks what it compares by exact cosine (:mod:`kg.analytics.ann`),
#: so the top ``k`` need no spare: it needed 32 to reach a recall of 0.87 when it ranked by a projection.
CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class MeasureLink:
    source: str  # measure IRI
    target: str  # measure IRI, in another city
    score: float


#: Texts counted at once by :func:`_gram_matrix`.  Counting all at once held ~40 bytes of keys per
#: character (4.3 GB at 5,000 documents); blocks of 2,048 texts (~8 MB of keys) are also the fastest
#: (CPU-s at 2,000 documents: 0.9 at 2,048, 1.3 at 1,024, 1.7 at 8,192): their arrays are reused
#: from block to block instead of being taken afresh from the system.
_BLOCK_TEXTS = 2048


def _code_points(texts: list[str]) -> np.ndarray:
    return np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)


def _alphabet(texts: list[str]) -> tuple[np.ndarray, int]:
    """Each code point's rank among the corpus's distinct characters (1, 2, …; 0: absent), and the ranks' bit width.

    Ranks instead of code points make a 3-gram key 3 × ~11 bits instead of
    3 × 21, which leaves room in one int64 for the text's row below the gram:
    a (gram, text) pair then sorts as one number.
    """
    present = np.zeros(0x110000, np.int32)
    for i in range(0, len(texts), _BLOCK_TEXTS):
        present[_code_points(texts[i:i + _BLOCK_TEXTS])] = 1
    rank = np.cumsum(present, dtype=np.int32)
    distinct = int(rank[-1])
    rank *= present
    return rank, distinct.bit_length()


def _block_pairs(texts: list[str], rank: np.ndarray, bits: int) -> tuple[np.ndarray, int]:
    """Every (gram, text) occurrence in a few texts as one int64, the gram's ranks above the row's bits; sorted."""
    n = len(texts)
    row_bits = (n - 1).bit_length()
    codes = rank[_code_points(texts)].astype(np.int64)
    row = np.repeat(np.arange(n, dtype=np.int64), np.fromiter(map(len, texts), np.int64, n))
    keys = []
    for size in NGRAMS:
        m = len(codes) - size + 1
        if m <= 0:
            continue
        key = codes[:m].copy()
        for i in range(1, size):
            key <<= bits
            key |= codes[i:m + i]
        key <<= row_bits
        key |= row[:m]
        keys.append(key[row[:m] == row[size - 1:]])  # the gram does not cross into the next text
    pairs = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    pairs.sort()
    return pairs, row_bits


def _block_counts(texts: list[str], rank: np.ndarray, bits: int):
    """Counts of character 2- and 3-grams of a few texts: (CSR over the block's own grams, those grams' keys).

    One sort of the (gram, text) keys puts each gram's texts together: runs
    of equal keys are the counts and runs of equal grams the columns, which
    is the block's matrix by column; scipy turns it into rows.
    """
    from scipy import sparse

    pairs, row_bits = _block_pairs(texts, rank, bits)
    first = np.flatnonzero(np.diff(pairs, prepend=-1))  # each distinct (gram, text)
    count = np.diff(first, append=len(pairs)).astype(np.float32)
    pairs = pairs[first]
    rows = (pairs & ((1 << row_bits) - 1)).astype(np.int32)
    pairs >>= row_bits
    starts = np.flatnonzero(np.diff(pairs, prepend=-1))  # each distinct gram
    x = sparse.csc_matrix((count, rows, np.append(starts, len(pairs))), shape=(len(texts), len(starts)))
    return x.tocsr(), pairs[starts]


def _gram_matrix(texts: list[str]):
    """Counts of character 2- and 3-grams per text (CSR, one column per distinct gram, in key order).

    Counted :data:`_BLOCK_TEXTS` texts at a time (:func:`_block_counts`) into
    arrays sized for every gram occurrence (the pages of the unused end are
    never touched), then each block's columns are renumbered in place into
    the union of the blocks' grams.  Both gram lists are sorted, so the
    renumbering keeps every row's columns in order.  A block holds at most
    2^(63 - 3 × rank bits) texts, so that its rows fit below the grams.
    """
    from scipy import sparse

    rank, bits = _alphabet(texts)
    step = min(_BLOCK_TEXTS, 1 << max(0, 63 - max(NGRAMS) * bits))
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    most = int(sum(np.maximum(lengths - size + 1, 0).sum() for size in NGRAMS))
    indices, data, indptr = np.empty(most, np.int32), np.empty(most, np.float32), [np.zeros(1, np.int64)]
    grams, end = [], 0
    for i in range(0, len(texts), step):
        x, v = _block_counts(texts[i:i + step], rank, bits)
        indices[end:end + x.nnz], data[end:end + x.nnz] = x.indices, x.data
        indptr.append(x.indptr[1:] + end)
        grams.append((end, end + x.nnz, v))
        end += x.nnz
    vocab = np.concatenate([v for _, _, v in grams]) if grams else np.zeros(0, np.int64)
    vocab.sort()
    vocab = vocab[np.flatnonzero(np.diff(vocab, prepend=-1))]
    for lo, hi, v in grams:
        indices[lo:hi] = np.searchsorted(vocab, v).astype(np.int32)[indices[lo:hi]]
    out = sparse.csr_matrix((data[:end], indices[:end], np.concatenate(indptr)), shape=(len(texts), len(vocab)))
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
    code = _city_codes(measures)
    for start, block in _score_blocks(tfidf([_text(m) for m in measures]), code):
        yield start, block, code


def _score_blocks(x, code: np.ndarray):
    """``(row offset, dense block of cosines)`` over all rows of ``x``; same-city cells -1."""
    xt = x.T.tocsr()
    for start in range(0, x.shape[0], _ROWS):
        block = (x[start:start + _ROWS] @ xt).toarray()
        block[code[start:start + _ROWS, None] == code[None, :]] = -1.0
        yield start, block


def _top(scores: np.ndarray, cols: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` highest (columns, scores), best first; equal scores: lower column first."""
    order = np.lexsort((cols, -scores), axis=-1)[:, :k]
    return np.take_along_axis(cols, order, 1), np.take_along_axis(scores, order, 1)


def _exact_top(x, code: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k`` best other-city columns, scoring every pair (-1 past the other cities' measures)."""
    tops = [_top(block, np.broadcast_to(np.arange(block.shape[1]), block.shape), k)
            for _, block in _score_blocks(x, code)]
    return np.concatenate([np.where(s < 0, -1, c) for c, s in tops])


def _fast_top(x, code: np.ndarray, k: int) -> np.ndarray:
    """Each row's best :data:`CANDIDATES` (at least ``k``) other-city columns from :mod:`kg.analytics.ann`."""
    from threadpoolctl import threadpool_limits

    from kg.analytics import ann

    # One BLAS thread: the products are small and many, and OpenBLAS's threads spin while they wait
    # (on the shared 2-core machine: 8.0 -> 5.3 CPU-s for the projection at 500 documents).
    with threadpool_limits(1, "blas"):
        return ann.candidates(x, code, max(CANDIDATES, k))


def _links(measures, cols: np.ndarray, scores: np.ndarray, threshold: float) -> tuple[MeasureLink, ...]:
    """One link per unordered pair of rows where one has the other among its ``cols`` at ≥ ``threshold``.

    ``source`` < ``target`` by IRI; highest (rounded) score first, then by
    IRIs.  Both ends of a pair carry the same score, so either may be kept.
    Vectorised: at 5,000 documents there are ~300,000 links.
    """
    iris = np.array([m.iri for m in measures], dtype=object)
    rank = np.empty(len(iris), np.int64)
    rank[np.argsort(iris, kind="stable")] = np.arange(len(iris))
    r, j = np.nonzero(scores >= threshold)
    c, s = cols[r, j], scores[r, j]
    first = rank[r] < rank[c]
    a, b = np.where(first, r, c), np.where(first, c, r)
    _, once = np.unique(rank[a] * len(iris) + rank[b], return_index=True)
    rounded = np.array([round(v, 4) for v in s[once].tolist()])
    order = np.lexsort((rank[b[once]], rank[a[once]], -rounded))
    a, b = a[once][order], b[once][order]
    return tuple(map(MeasureLink, iris[a].tolist(), iris[b].tolist(), rounded[order].tolist()))


def similar_measures(view: View, k: int = 3, threshold: float = THRESHOLD,
                     exact: bool | None = None) -> tuple[MeasureLink, ...]:
    """For each measure, its ``k`` most similar measures in *other* cities scoring ≥ ``threshold``.

    Returned once per unordered pair (``source`` < ``target`` by IRI), when
    either measure has the other in its top ``k``; highest score first.
    Equal scores go to the measure first by IRI, so the answer is stable.

    ``exact`` scores every pair (quadratic); by default only up to
    :data:`EXACT_MAX` measures.  Beyond, each measure is scored exactly
    against the measures of the few k-means lists nearest to it
    (:mod:`kg.analytics.ann`: seeded SVD projection, k-means lists, one dense
    product per list), so a link's score is always the exact cosine; what may
    differ from the exhaustive answer is a neighbour in a list the measure
    did not visit.  On the benchmark builds, whose measures come in
    near-duplicate families, the fast path finds 97% of the exact top 3 at
    2,000 documents and 87% at 5,000 (99% within 0.02 of the exact score),
    in ~4 and ~11 CPU-s; ``benchmarks/bench_analytics.py`` measures it.

    Both paths report a pair's score as :func:`kg.analytics.ann.rescore`
    computes it, so they agree to the last digit.  It is also the closer sum:
    within 3e-7 of a float64 sum of the same float32 products, where the
    running float32 sum of the matrix product that ranks the exact path is
    up to 2e-5 off, and a fourth decimal apart for ~1% of pairs of long
    measures.
    """
    measures = view.measures
    if len(measures) < 2:
        return ()
    if exact is None:
        exact = len(measures) <= EXACT_MAX
    from kg.analytics import ann

    x = tfidf([_text(m) for m in measures])
    cand = (_exact_top if exact else _fast_top)(x, _city_codes(measures), k)
    # Both paths report the score of a pair computed one way, so they agree on it to the last bit.
    return _links(measures, *_top(ann.rescore(x, cand), cand, k), threshold)
