"""The team's analytics (:mod:`kg.analytics`) over the explorer's store, cached per graph version.

:func:`view` reads the store straight into a :class:`kg.analytics.View`
(:func:`kg.analytics.view.read_view_store`: a few queries evaluated and
serialised by Oxigraph, seconds at thousands of documents); the measure
similarity links were computed by the build and are read back from the graph
(:func:`kg.analytics.links.stored_links`), never scored again here.  When the
base graph is the build's store, :func:`seed` gives it the view the build kept
beside the store, so not even that is read.
:func:`warm` reads the view in a background thread when the app starts.
"""

from __future__ import annotations

import threading

from kg.stores.sparql import OxigraphStore

_LOCK = threading.Lock()
_VIEWS: dict[str, object] = {}
_LINKS: dict[str, tuple] = {}


def view(store: OxigraphStore, version: str):
    """The :class:`kg.analytics.View` of ``store`` (read once per ``version``)."""
    from kg.analytics.view import read_view_store

    with _LOCK:
        if version not in _VIEWS:
            _VIEWS[version] = read_view_store(store.native)
        return _VIEWS[version]


def seed(version: str, view) -> None:
    """Use ``view`` for ``version`` (the one the build kept beside the store) instead of reading the store."""
    with _LOCK:
        _VIEWS.setdefault(version, view)


def similar_links(store: OxigraphStore, version: str) -> tuple:
    """Cross-city measure pairs by text similarity, as the build stored them (:mod:`kg.analytics.links`)."""
    from kg.analytics.links import stored_links

    with _LOCK:
        if version not in _LINKS:
            _LINKS[version] = stored_links(store.native)
        return _LINKS[version]


def warm(store: OxigraphStore, version: str) -> threading.Thread:
    """Start reading the view and the links in the background."""

    def run() -> None:
        view(store, version)
        similar_links(store, version)

    t = threading.Thread(target=run, name="explorer-warm", daemon=True)
    t.start()
    return t
