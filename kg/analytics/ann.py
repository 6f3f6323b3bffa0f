"""Nearest neighbours of tens of thousands of measures without scoring every pair.

Exact all-pairs cosine of n TF-IDF rows costs n² sparse products (and more:
common grams make the product dense).  Beyond a few thousand measures
:func:`kg.analytics.textsim.similar_measures` instead

1. projects the rows onto ``DIMS`` directions (:func:`reduce`): the top right
   singular vectors of a seeded sample of rows (randomised SVD, Halko et
   al. 2011), rows L2-normalised, so a dot product approximates the cosine;
2. clusters the projections into n / LIST_SIZE lists (spherical k-means,
   seeded) and sends each row to its ``PROBES`` nearest lists: an
   inverted-file index, as FAISS's IVF;
3. scores each list's members *exactly* against the rows sent to it, other
   cities only, and keeps each row's best ``c`` (:func:`candidates`).  One
   dense matrix product per list, over the grams its members use: rows close
   enough to meet in a list share most of their grams, so the blocks are
   dense and BLAS does them at ~100 GFlop/s, where sparse products of the same
   pairs are ~30 times slower per useful operation.

The projection only decides which lists a row visits; the scores that choose
its neighbours are exact cosines (float32).  That is what keeps near-equal
neighbours apart: the benchmark corpus comes in near-duplicate families, with
a median of 56 other-city measures within 0.02 of a measure's third best.
Ranking candidates by a 256-dimension projection and re-scoring the best 32
instead found the exact top 3 of 87% of the measures at 2,000 documents and
80% at 5,000; scoring the visited lists exactly finds 97% and 87% (99% within
0.02 of the exact score at both sizes), and the 64-dimension projection that
suffices to choose lists costs a tenth of the 256 (0.9 CPU-s at 5,000
documents against 9-10).

Cost: n·PROBES·LIST_SIZE exact pairs, linear in n; assigning rows to lists is
n·lists·DIMS, quadratic with a 1/LIST_SIZE constant (0.4 CPU-s of 5 at 5,000
documents).  Everything is seeded and ties go to the lower row index, so the
same graph gives the same links.  No n×n matrix is ever built: memory is
O(n·DIMS) beside the TF-IDF rows.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DIMS", "PROBES", "candidates", "reduce", "rescore"]

DIMS = 64  # 32: the exact top 3 of 82% of the measures at 5,000 documents instead of 87%, 1.3 CPU-s less
PROBES = 4  # lists a row visits: 5 finds 91% at 5,000 documents for 0.8 CPU-s more
SAMPLE = 4000  # rows the SVD basis is learnt from (8000: same recall on a 500-document build, 1.7x the time)
SEED = 7
LIST_SIZE = 64  # rows per k-means list on average (3 probes of 96: 88% at 5,000 documents, 0.5 CPU-s more)
KMEANS_SAMPLE = 20_000  # rows the lists are learnt from
_ITERATIONS = 6  # k-means rounds: lists only need to be coherent, not optimal
_BLOCK = 4096
_LOW = 0xFFFFFFFF  # the low 32 bits of a packed (score, row) key: the row, inverted


def _normalise(z: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return z / norms


def _orthonormal(y: np.ndarray) -> np.ndarray:
    """An orthonormal basis of ``y``'s columns from its k × k Gram matrix (Cholesky-QR via eigh).

    LAPACK's QR of the tall ``y`` took seconds on a loaded 2-core machine;
    this is one small BLAS product and a k × k eigendecomposition.
    """
    evals, u = np.linalg.eigh((y.T @ y).astype(np.float64))
    keep = evals > evals.max() * 1e-10
    return (y @ (u[:, keep] / np.sqrt(evals[keep]))).astype(np.float32)


def reduce(x, dims: int = DIMS, seed: int = SEED) -> np.ndarray:
    """Rows of the sparse matrix ``x`` projected on its top ``dims`` singular directions, L2-normalised.

    The basis comes from at most :data:`SAMPLE` seeded rows, with one power
    iteration: the directions that carry most of the weight, not all of it;
    enough to send a row to the lists that hold its neighbours.
    """
    rng = np.random.default_rng(seed)
    n, v = x.shape
    rows = np.sort(rng.choice(n, SAMPLE, replace=False)) if n > SAMPLE else np.arange(n)
    xs = x[rows]
    k = min(dims + 10, *xs.shape)
    q = _orthonormal(xs @ rng.standard_normal((v, k)).astype(np.float32))
    q = _orthonormal(np.asarray(xs @ (xs.T @ q)))
    w = np.asarray(xs.T @ q)  # v × k: B = q.T @ xs, transposed
    # B's right singular vectors from the k × k Gram matrix: an SVD of the v-wide B costs ~40× more
    evals, u = np.linalg.eigh((w.T @ w).astype(np.float64))
    top = np.argsort(-evals)[:dims]
    basis = (w @ (u[:, top] / np.sqrt(np.maximum(evals[top], 1e-12)))).astype(np.float32)
    z = np.asarray(x @ basis, dtype=np.float32)
    return _normalise(z)


def _kmeans(z: np.ndarray, lists: int, rng) -> np.ndarray:
    """Spherical k-means centroids of ``z``, trained on at most :data:`KMEANS_SAMPLE` seeded rows."""
    if len(z) > KMEANS_SAMPLE:
        z = z[np.sort(rng.choice(len(z), KMEANS_SAMPLE, replace=False))]
    cent = z[np.sort(rng.choice(len(z), lists, replace=False))].copy()
    for _ in range(_ITERATIONS):
        label = _nearest(z, cent, 1)[:, 0]
        sums = np.zeros_like(cent)
        np.add.at(sums, label, z)
        filled = np.bincount(label, minlength=lists) > 0
        cent[filled] = _normalise(sums[filled])
    return cent


def _nearest(z: np.ndarray, cent: np.ndarray, p: int) -> np.ndarray:
    """The ``p`` centroids with the highest dot product for each row of ``z``, nearest first (blocked).

    ``p`` passes of argmax, each masking what it found: for the few probes
    wanted, six times faster than a partition of every row.
    """
    out = np.empty((len(z), p), dtype=np.int64)
    for s in range(0, len(z), _BLOCK):
        sim = z[s:s + _BLOCK] @ cent.T
        rows = np.arange(len(sim))
        for j in range(p):
            out[s:s + _BLOCK, j] = top = sim.argmax(axis=1)
            sim[rows, top] = -np.inf
    return out


def _index(x, probes: int, seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each k-means list's members, and the rows that visit it (their ``probes`` nearest lists)."""
    n = x.shape[0]
    lists = max(1, round(n / LIST_SIZE))
    z = reduce(x, seed=seed)
    probe = _nearest(z, _kmeans(z, lists, np.random.default_rng(seed)), min(probes, lists))
    return _groups(probe[:, 0], lists), _groups(probe.ravel(), lists, probe.shape[1])


def _groups(label: np.ndarray, lists: int, per_row: int = 1) -> list[np.ndarray]:
    """The rows carrying each label, in row order (``label`` holds ``per_row`` labels a row)."""
    order = np.argsort(label, kind="stable")
    return np.split(order // per_row, np.searchsorted(label[order], np.arange(1, lists)))


def _positions(x, rows: np.ndarray) -> np.ndarray:
    """Where the entries of rows ``rows`` of the CSR ``x`` lie in its arrays, row after row."""
    start = x.indptr[rows]
    length = x.indptr[rows + 1] - start
    return np.arange(length.sum()) + np.repeat(start - np.cumsum(length) + length, length)


def _dense(x, rows: np.ndarray, colmap: np.ndarray, width: int) -> np.ndarray:
    """Rows ``rows`` of the CSR ``x`` as a dense array over the columns ``colmap`` numbers (the others, -1, dropped).

    The dropped entries go to one spare last column, cut off by a view: scipy
    then writes the block in C (0.66 CPU-s at 2,000 documents, against 1.07
    for the same scatter in numpy).
    """
    from scipy import sparse

    part = x[rows]
    col = colmap[part.indices]
    col[col < 0] = width
    return sparse.csr_matrix((part.data, col, part.indptr), shape=(len(rows), width + 1)).toarray()[:, :width]


def _pack(scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(score, row) as one int64 that orders like the score, then the lower row: higher is better.

    A non-negative float32's bits order like its value; a score of -1 (same
    city) gives a negative key, below every real one.
    """
    key = scores.view(np.int32).astype(np.int64) << 32
    key |= _LOW - rows
    return key


def _keep_best(best: np.ndarray, rows: np.ndarray, keys: np.ndarray) -> None:
    """``best[rows]`` := the ``c`` highest of ``best[rows]`` and ``keys``, row by row."""
    c = best.shape[1]
    both = np.concatenate([best[rows], keys], 1)
    best[rows] = np.partition(both, both.shape[1] - c, axis=1)[:, -c:]


def candidates(x, group: np.ndarray, c: int, probes: int = PROBES, seed: int = SEED) -> np.ndarray:
    """For each row of the L2-normalised sparse ``x``, the ``c`` rows of *other* groups (cities) of highest
    cosine among the members of the lists it visits (see the module docstring); best first, equal scores: lower
    row first.

    Returns an ``n × c`` int array of row indices, ``-1`` where fewer were found.
    """
    n, v = x.shape
    best = np.full((n, c), -1, dtype=np.int64)
    if v:
        members, visitors = _index(x, probes, seed)
        colmap = np.full(v, -1, np.int64)
        for rm, rq in zip(members, visitors):
            if not len(rm):
                continue
            used = np.zeros(v, bool)  # the members' grams: no other gram adds to a dot product with them
            used[x.indices[_positions(x, rm)]] = True
            cols = np.flatnonzero(used)
            colmap[cols] = np.arange(len(cols))
            q = _dense(x, rq, colmap, len(cols))
            colmap[cols] = -1
            s = q @ q[np.searchsorted(rq, rm)].T  # the members visit their own list: they are among the rows
            s[group[rq][:, None] == group[rm][None, :]] = -1.0
            _keep_best(best, rq, _pack(s, rm))
    best = -np.sort(-best, axis=1)
    return np.where(best >= 0, _LOW - (best & _LOW), -1)


def rescore(x, cand: np.ndarray, block: int = 2000) -> np.ndarray:
    """Exact dot products ``x[r] · x[cand[r, j]]`` (``-inf`` where ``cand`` is -1).

    Each unordered pair is scored once: neighbours are mostly mutual, so
    about half of the candidate pairs are the same pair seen from both ends.
    Pairs go 2,000 at a time: their gathered rows (~8 MB) are reused from one
    block to the next, where 50,000 at a time took fresh memory each time and
    cost 1.6 times the CPU.
    """
    n, c = cand.shape
    rows = np.repeat(np.arange(n), c)
    cols = cand.ravel()
    out = np.full(n * c, -np.inf, dtype=np.float32)
    ok = np.nonzero(cols >= 0)[0]
    lo, hi = np.minimum(rows[ok], cols[ok]), np.maximum(rows[ok], cols[ok])
    pairs, back = np.unique(lo * n + hi, return_inverse=True)
    a, b = pairs // n, pairs % n
    scores = np.empty(len(pairs), dtype=np.float32)
    for s in range(0, len(pairs), block):
        scores[s:s + block] = np.asarray(x[a[s:s + block]].multiply(x[b[s:s + block]]).sum(axis=1)).ravel()
    out[ok] = scores[back.ravel()]
    return out.reshape(n, c)
