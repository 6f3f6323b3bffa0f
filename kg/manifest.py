"""The store manifest: what the graph in an Oxigraph store was built from.

``kg build`` writes ``<store>.manifest.json`` next to the store folder (for
``.kg/store``: ``.kg/store.manifest.json``)::

    {"format": 1, "pipeline": "<kg.cache.graph_version()>",
     "files": {"000_83ca8e01c31c7e70.txt": "<sha256>", …}, "triples": 39512}

A reader (the explorer) opens the store only when the manifest matches the
corpus it is asked for and the code it runs: the same file names with the
same content, and the same pipeline version (a hash of the loaders, the
ontology, the graph builder and the package versions).  A file's age proves
nothing: an older store built by older code is as stale as one built from
other files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kg.cache import graph_version
from kg.errors import StoreError

__all__ = ["FORMAT", "corpus_digests", "expected", "forget_manifest", "manifest_path", "matches", "read_manifest", "write_manifest"]

FORMAT = 1


def manifest_path(store: Path) -> Path:
    """``.kg/store`` → ``.kg/store.manifest.json``: beside the folder, never inside RocksDB's files."""
    store = Path(store)
    return store.with_name(store.name + ".manifest.json")


def corpus_digests(paths: Iterable[Path]) -> dict[str, str]:
    """``{name relative to its root: sha256 of its bytes}`` of every file ``kg build`` would read."""
    from kg.pipeline import discover

    files, _ = discover(paths)
    out = {}
    for path, root in files:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def expected(paths: Iterable[Path]) -> dict:
    """The manifest a fresh build of ``paths`` by this code would have, less its triple count."""
    return {"format": FORMAT, "pipeline": graph_version(), "files": corpus_digests(paths)}


def write_manifest(store: Path, paths: Iterable[Path], triples: int) -> Path:
    """Write the manifest of ``store`` (atomically: a reader never sees half of it)."""
    path = manifest_path(store)
    data = json.dumps({**expected(paths), "triples": int(triples)}, ensure_ascii=False, indent=1, sort_keys=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".manifest-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"cannot write the store manifest {path}: {exc}") from exc
    return path


def forget_manifest(store: Path) -> None:
    """Remove the manifest of ``store`` before its contents change, so no reader trusts a half-written store."""
    try:
        manifest_path(store).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot remove the store manifest {manifest_path(store)}: {exc}") from exc


def read_manifest(store: Path) -> dict | None:
    """The manifest of ``store``, or ``None`` when there is none or it cannot be read."""
    try:
        data = json.loads(manifest_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def matches(store: Path, paths: Iterable[Path]) -> bool:
    """True when ``store`` exists and its manifest says it holds this code's graph of ``paths``."""
    saved = read_manifest(store)
    if saved is None or not Path(store).is_dir() or not isinstance(saved.get("triples"), int):
        return False
    return {k: saved.get(k) for k in ("format", "pipeline", "files")} == expected(paths)
