"""Write the graph to a SPARQL 1.1 server, one named graph per document.

Any server with the SPARQL 1.1 Graph Store HTTP Protocol will do (Apache Jena
Fuseki, GraphDB, Virtuoso, Oxigraph server …).  Each document's triples —
the document, its sections, measures, targets, results and evidence, i.e.
every triple whose subject is the document's IRI or below it — go to the
named graph ``<document IRI>/graph``; everything the documents share
(programmes, cities, provinces, departments, cited documents …) goes to
:data:`SHARED_GRAPH`.  ``PUT`` replaces a graph whole, so pushing one
document again replaces it alone.

>>> split(b'<https://w3id.org/edupolicy/id/document/1-2021-plan/s1> <p> "x" .\\n', "https://w3id.org/edupolicy/id/document/1-2021-plan")
([b'<https://w3id.org/edupolicy/id/document/1-2021-plan/s1> <p> "x" .'], [])
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.errors import StoreError

__all__ = ["SHARED_GRAPH", "DocumentGraph", "document_graphs", "graph_iri", "put_graph", "split", "sparql_select"]

SHARED_GRAPH = "https://w3id.org/edupolicy/id/graph/shared"
_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/edupolicy/ontology#PolicyDocument>"


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """One document's own triples (N-Triples lines) and the IRI of its named graph."""

    document: str
    lines: tuple[bytes, ...]

    @property
    def graph(self) -> str:
        return graph_iri(self.document)


def graph_iri(document: str) -> str:
    """The named graph of a document: its IRI + ``/graph``."""
    return f"{document}/graph"


def _document_of(chunk: bytes) -> str:
    for line in chunk.splitlines():
        if _TYPE in line:
            return line[1 : line.index(b">")].decode("utf-8")
    raise StoreError("a document's triples have no ep:PolicyDocument: cannot name its graph")


def split(chunk: bytes, document: str) -> tuple[list[bytes], list[bytes]]:
    """A document's N-Triples split into its own lines and the shared ones."""
    own, shared = [], []
    inside = (f"<{document}>".encode(), f"<{document}/".encode())
    for line in chunk.splitlines():
        if not line.strip():
            continue
        (own if line.startswith(inside) else shared).append(line)
    return own, shared


def document_graphs(chunks: Iterable[bytes]) -> tuple[list[DocumentGraph], list[bytes]]:
    """Per-document graphs and the sorted, de-duplicated shared lines.

    The shared graph also carries the whole-graph summaries (:mod:`kg.summary`:
    cities per programme, adoptions), which belong to no single document.
    """
    from kg.summary import summary_graph_ntriples

    chunks = list(chunks)
    docs, shared = [], set()
    for chunk in chunks:
        doc = _document_of(chunk)
        own, common = split(chunk, doc)
        docs.append(DocumentGraph(doc, tuple(sorted(set(own)))))
        shared.update(common)
    shared.update(line for line in summary_graph_ntriples(b"".join(chunks)).splitlines(keepends=True) if line.strip())
    return docs, sorted(shared)


def _request(method: str, url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 300):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        raise StoreError(f"{method} {url}: HTTP {exc.code} {exc.read()[:300]!r}") from exc
    except urllib.error.URLError as exc:
        raise StoreError(f"{method} {url}: cannot reach the server ({exc.reason}); is it running?") from exc


def put_graph(store_url: str, graph: str, lines: Iterable[bytes]) -> None:
    """Replace ``graph`` on a Graph Store Protocol endpoint with ``lines`` (N-Triples)."""
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    body = b"\n".join(lines) + b"\n"
    _request("PUT", url, body, {"Content-Type": "application/n-triples; charset=utf-8"})


def delete_graph(store_url: str, graph: str) -> None:
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    try:
        _request("DELETE", url)
    except StoreError as exc:
        if "HTTP 404" not in str(exc):
            raise


def sparql_select(endpoint: str, query: str) -> Iterator[dict[str, str]]:
    """Rows of a SELECT over HTTP (SPARQL 1.1 Protocol, JSON results), values as strings."""
    import json

    body = urllib.parse.urlencode({"query": query}).encode()
    _, data = _request("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                "Accept": "application/sparql-results+json"})
    for row in json.loads(data)["results"]["bindings"]:
        yield {k: v["value"] for k, v in row.items()}
