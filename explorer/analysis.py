"""The team's analytics (:mod:`kg.analytics`) over the explorer's store, cached per graph version.

:func:`kg.analytics.read_view` reads an rdflib graph; the explorer holds an
Oxigraph store, so :func:`view` copies the triples the analytics read
(everything but the provenance nodes) into rdflib once per graph version.
The first call imports scikit-learn, which takes seconds on a cold machine:
:func:`warm` does both in a background thread when the app starts.
"""

from __future__ import annotations

import threading

from rdflib import Graph

from kg.stores.sparql import OxigraphStore

_LOCK = threading.Lock()
_VIEWS: dict[str, object] = {}
_LINKS: dict[str, tuple] = {}
_SUBSET = """CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ep:Evidence } }"""


def _rdflib(store: OxigraphStore) -> Graph:
    return store.graph(_SUBSET)


def view(store: OxigraphStore, version: str):
    """The :class:`kg.analytics.View` of ``store`` (built once per ``version``)."""
    from kg.analytics import read_view

    with _LOCK:
        if version not in _VIEWS:
            _VIEWS[version] = read_view(_rdflib(store))
        return _VIEWS[version]


def similar_links(store: OxigraphStore, version: str, k: int = 5, threshold: float = 0.12) -> tuple:
    """Cross-city measure pairs by text similarity (:func:`kg.analytics.similar_measures`)."""
    from kg.analytics import similar_measures

    v = view(store, version)
    key = f"{version}|{k}|{threshold}"
    with _LOCK:
        if key not in _LINKS:
            _LINKS[key] = similar_measures(v, k=k, threshold=threshold)
        return _LINKS[key]


def warm(store: OxigraphStore, version: str) -> threading.Thread:
    """Start building the view and importing scikit-learn in the background."""

    def run() -> None:
        similar_links(store, version)

    t = threading.Thread(target=run, name="explorer-warm", daemon=True)
    t.start()
    return t
