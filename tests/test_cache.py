"""The build cache: hits on unchanged files, re-extraction of changed ones, invalidation, same graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cache import BuildCache, file_key, pipeline_version
from kg.pipeline import build_corpus
from kg.pipeline_store import build_to_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def warm(tmp_path_factory, corpus_dir):
    """A copy of the corpus and a cache filled by one cold build of it."""
    base = tmp_path_factory.mktemp("cache")
    corpus = base / "corpus"
    shutil.copytree(corpus_dir, corpus)
    cold = build_to_store([corpus], base / "cold.ttl", base / "cold-store", cache_dir=base / "cache")
    return base, corpus, cold


def test_second_build_hits_the_cache_for_every_file(warm):
    base, corpus, cold = warm
    assert cold.cached_files == 0 and not cold.up_to_date
    again = build_corpus([corpus], cache_dir=base / "cache")
    assert again.files == 5
    assert again.cached_files == again.files


def test_unchanged_corpus_is_up_to_date_and_rewrites_nothing(warm):
    base, corpus, cold = warm
    before = (base / "cold.ttl").stat().st_mtime_ns
    again = build_to_store([corpus], base / "cold.ttl", base / "cold-store", cache_dir=base / "cache")
    assert again.up_to_date
    assert again.triples == cold.triples and again.documents == cold.documents == 6
    assert (base / "cold.ttl").stat().st_mtime_ns == before


def test_changing_one_file_re_extracts_only_that_file(warm, tmp_path):
    base, corpus, cold = warm
    changed = tmp_path / "corpus"
    shutil.copytree(corpus, changed)
    victim = sorted(changed.glob("*.txt"))[2]
    victim.write_bytes(victim.read_bytes().replace("加强".encode(), "强化".encode(), 1))
    cache = tmp_path / "cache"
    shutil.copytree(base / "cache", cache)
    report = build_to_store([changed], tmp_path / "g.ttl", tmp_path / "store", cache_dir=cache)
    assert not report.up_to_date
    assert report.cached_files == report.files - 1
    # documents whose resolved entities did not change reuse their cached triples
    assert 0 < report.cached_graphs < report.documents
    assert report.timings["extract"] > 0


def test_a_pipeline_version_change_invalidates(tmp_path):
    cache = BuildCache(tmp_path, version="a" * 64)
    key = file_key("x.txt", b"data")
    cache.put(key, ("documents", "extractions", None))
    assert BuildCache(tmp_path, version="a" * 64).get(key) == ("documents", "extractions", None)
    assert BuildCache(tmp_path, version="b" * 64).get(key) is None


def test_pipeline_version_follows_the_loaders_and_the_lexicon(tmp_path):
    for part in ("loaders", "ontology", "kg"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    before = pipeline_version(tmp_path)
    assert pipeline_version(tmp_path) == before
    lexicon = tmp_path / "ontology" / "programs.ttl"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# a new alias\n", encoding="utf-8")
    pipeline_version.cache_clear()  # computed once per process: a build runs with the code it started with
    after_lexicon = pipeline_version(tmp_path)
    assert after_lexicon != before
    loader = tmp_path / "loaders" / "segment.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    pipeline_version.cache_clear()
    assert pipeline_version(tmp_path) not in (before, after_lexicon)


def test_graph_is_identical_cached_or_not(warm, tmp_path):
    base, corpus, cold = warm
    uncached = build_to_store([corpus], tmp_path / "g.ttl", None, cache_dir=None)
    assert (tmp_path / "g.ttl").read_bytes() == (base / "cold.ttl").read_bytes()
    assert uncached.triples == cold.triples
    in_memory = build_corpus([corpus], cache_dir=base / "cache").graph
    assert isomorphic(in_memory, Graph().parse(base / "cold.ttl", format="turtle"))
