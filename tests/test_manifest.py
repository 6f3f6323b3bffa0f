"""The store manifest decides when the explorer may open ``.kg/store``: same corpus bytes, same code."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from explorer.store import open_base, store_is_fresh
from kg.cache import graph_version
from kg.manifest import manifest_path, matches, read_manifest
from kg.pipeline_store import build_to_store
from kg.stores.sparql import OxigraphStore


@pytest.fixture(scope="module")
def built(corpus_dir, tmp_path_factory):
    """Two corpus files built by ``kg build``'s code into a store, with a shared build cache."""
    base = tmp_path_factory.mktemp("manifest")
    corpus = base / "corpus"
    corpus.mkdir()
    for name in sorted(corpus_dir.glob("00[03]_*.txt")):
        shutil.copy(name, corpus)
    report = build_to_store([corpus], base / "g.nt", base / "store", cache_dir=base / "cache")
    return base, corpus, report


def test_kg_build_writes_the_manifest_beside_the_store(built):
    base, corpus, report = built
    saved = read_manifest(base / "store")
    assert manifest_path(base / "store") == base / "store.manifest.json"
    assert saved["pipeline"] == graph_version() and saved["triples"] == report.triples
    assert saved["files"] == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(corpus.iterdir())}
    assert OxigraphStore(base / "store", read_only=True).count() == report.triples
    assert matches(base / "store", [corpus])


def test_the_app_opens_a_matching_store_without_building(built):
    base, corpus, report = built
    opened = open_base(corpus, base / "store", rebuild=False, cache=base / "cache")
    assert opened.origin == "store" and opened.store.count() == report.triples


def test_an_edited_corpus_file_means_a_rebuild_that_rewrites_store_and_manifest(built, tmp_path):
    base, corpus, report = built
    edited = tmp_path / "corpus"
    shutil.copytree(corpus, edited)
    victim = sorted(edited.iterdir())[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    store = tmp_path / "store"
    shutil.copytree(base / "store", store)
    shutil.copy(manifest_path(base / "store"), manifest_path(store))
    assert not store_is_fresh(store, edited)  # copied just now, so newer than the files: age proves nothing
    first = open_base(edited, store, rebuild=False, cache=base / "cache")
    assert first.origin == "build" and not first.notes
    assert store_is_fresh(store, edited)
    again = open_base(edited, store, rebuild=False, cache=base / "cache")
    assert again.origin == "store" and again.store.count() == first.store.count()


@pytest.mark.parametrize("change", [{"pipeline": "built-by-older-code"}, {"triples": 12}])
def test_other_code_or_a_short_store_means_a_rebuild(built, tmp_path, change):
    base, corpus, report = built
    store = tmp_path / "store"
    shutil.copytree(base / "store", store)
    manifest_path(store).write_text(json.dumps({**read_manifest(base / "store"), **change}), encoding="utf-8")
    got = open_base(corpus, store, rebuild=False, cache=base / "cache")
    assert got.origin == "build" and got.store.count() == report.triples
    assert read_manifest(store)["pipeline"] == graph_version() and read_manifest(store)["triples"] == report.triples
