"""Reading and writing graph files; the format follows the suffix."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import KgError

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".n3": "n3"}


def graph_format(path: Path) -> str:
    """The rdflib format name for ``path``'s suffix."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise KgError(f"{path}: unknown graph format {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}") from None


def write_graph(graph: Graph, path: Path) -> Path:
    """Write ``graph`` to ``path`` (creating folders); the suffix picks the format."""
    fmt = graph_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json-ld":
        data = graph.serialize(format=fmt, auto_compact=True, indent=1, ensure_ascii=False)
        path.write_text(data, encoding="utf-8")
    else:
        graph.serialize(destination=str(path), format=fmt, encoding="utf-8")
    return path


def read_graph(path: Path) -> Graph:
    """Parse a graph file; a missing or malformed file raises :class:`KgError` naming it."""
    if not path.exists():
        raise KgError(f"{path}: no such graph file")
    try:
        return Graph().parse(str(path), format=graph_format(path))
    except KgError:
        raise
    except Exception as exc:  # rdflib raises parser-specific exceptions
        raise KgError(f"{path}: not a readable {graph_format(path)} graph: {exc}") from exc
