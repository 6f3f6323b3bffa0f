"""Shared fixtures: the bundled corpus and its documents, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_documents(corpus_dir):
    """``{"000": (Document, …), …}``: each corpus file's documents, by its number."""
    from loaders.pipeline import load_file

    return {p.name[:3]: load_file(p, corpus_dir) for p in sorted(corpus_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def corpus_build(corpus_dir):
    """The whole pipeline over the bundled corpus, once per session (``kg.pipeline.BuildResult``)."""
    from kg.pipeline import build_corpus

    return build_corpus([corpus_dir])


@pytest.fixture(scope="session")
def corpus_graph(corpus_build):
    """The rdflib graph of the bundled corpus."""
    return corpus_build.graph
