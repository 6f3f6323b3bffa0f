"""``kg build --jobs N`` gives the same bytes as one process."""

from __future__ import annotations

import pickle

import pytest

from kg.pipeline_store import build_to_store
from kg.stages import init_worker, process_file


@pytest.mark.slow
def test_parallel_build_writes_the_same_bytes(corpus_dir, tmp_path):
    one = build_to_store([corpus_dir], tmp_path / "one.ttl", tmp_path / "s1", jobs=1)
    two = build_to_store([corpus_dir], tmp_path / "two.ttl", tmp_path / "s2", jobs=2)
    assert one.triples == two.triples > 20000
    assert (tmp_path / "one.ttl").read_bytes() == (tmp_path / "two.ttl").read_bytes()


def test_what_workers_return_is_picklable_and_textless(corpus_dir, tmp_path):
    init_worker(str(tmp_path), "v" * 64)
    summary = process_file(next(corpus_dir.glob("004_*.txt")), corpus_dir)
    assert [i.index for i in summary.infos] == [0, 1]  # the 2020 summary and the 2021 plan
    back = pickle.loads(pickle.dumps(summary))
    assert back.extractions == summary.extractions
    assert not hasattr(back.infos[0], "text")  # the text stays in the cache, not in the parent
