"""The build's analytics view, kept beside the store so that readers open it in seconds.

Reading a :class:`~kg.analytics.view.View` out of the store costs what
Oxigraph takes to join and decode the triples it needs, about 2 µs a term
(:func:`kg.analytics.view.read_view_store`: 5.7 CPU-s at 2,000 documents,
16.5 at 5,000).  The build has the view in hand, since it scores measure
similarity on it (:mod:`kg.analytics.links`), so it pickles it next to the
store: ``.kg/store`` → ``.kg/store.view.pickle``, holding
``(key, view)``.

The key is the store's manifest (:mod:`kg.manifest`: format, pipeline version,
the corpus files' digests, the triple count), and its pipeline version must be
the running code's, which hashes the view's own code (``kg/analytics/view.py``,
``triples.py``: see :data:`kg.cache.GRAPH_SOURCES`); so a view pickled by other
code, or of another graph, is never trusted: :func:`load_view` returns ``None`` and the
reader falls back on the store.  The file is local and written by this
program only (as the build cache's pickles are).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from kg.analytics.view import View
from kg.errors import StoreError

__all__ = ["forget_view", "load_view", "save_view", "view_path"]


def view_path(store: Path) -> Path:
    """``.kg/store`` → ``.kg/store.view.pickle``: beside the folder, as the manifest is."""
    store = Path(store)
    return store.with_name(store.name + ".view.pickle")


def _key(store: Path) -> dict | None:
    from kg.manifest import read_manifest

    return read_manifest(store)


def save_view(store: Path, view: View) -> Path | None:
    """Pickle ``view`` beside ``store`` under its current manifest (atomically); None without a manifest."""
    key = _key(store)
    if key is None:
        return None
    path = view_path(store)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".view-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, view), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"cannot write the analytics view {path}: {exc}") from exc
    return path


def load_view(store: Path) -> View | None:
    """The view pickled beside ``store`` when it was made for the graph the store holds now, by this code; else None."""
    from kg.cache import graph_version

    key = _key(store)
    path = view_path(store)
    if key is None or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            saved, view = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, ImportError, TypeError):
        return None
    return view if saved == key and key.get("pipeline") == graph_version() and isinstance(view, View) else None


def forget_view(store: Path) -> None:
    """Remove the pickled view of ``store`` (its graph is about to change)."""
    try:
        view_path(store).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot remove the analytics view {view_path(store)}: {exc}") from exc
