"""A lightweight triple collector with the part of rdflib's Graph API the builder uses.

Building each document's graph in rdflib's in-memory store costs about 45 µs
a triple (it keeps three indexes); the builder only ever adds triples and
replaces a single-valued property, so an insertion-ordered dict does the job
at a fraction of the cost.  :meth:`Triples.graph` hands over a real rdflib
graph (the project's one hand-off format); :meth:`Triples.ntriples` writes
N-Triples straight from the terms for the stores that load bytes.

>>> from rdflib import URIRef, Literal
>>> t = Triples()
>>> s, p = URIRef("urn:s"), URIRef("urn:p")
>>> t.set((s, p, Literal("a"))); t.set((s, p, Literal("b"))); t.add((s, p, Literal("c"))); len(t)
2
>>> t.ntriples()
b'<urn:s> <urn:p> "b" .\\n<urn:s> <urn:p> "c" .\\n'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class Triples:
    """An ordered set of triples; ``set`` keeps one value per (subject, predicate) it was used for."""

    __slots__ = ("_triples", "_single")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: dict[Triple, None] = dict.fromkeys(triples)
        self._single: dict[tuple[Node, Node], Node] = {}

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None

    def set(self, triple: Triple) -> None:
        """Replace the value an earlier ``set`` wrote for (subject, predicate).

        Unlike rdflib's ``Graph.set`` it leaves values written with ``add`` alone
        (the builder adds an English prefLabel beside the Chinese one it sets).
        """
        s, p, o = triple
        old = self._single.get((s, p))
        if old is not None and old != o:
            self._triples.pop((s, p, old), None)
        self._single[(s, p)] = o
        self._triples[triple] = None

    def update(self, triples: Iterable[Triple]) -> None:
        self._triples.update(dict.fromkeys(triples))

    def objects(self, predicate: Node) -> Iterator[Node]:
        return (o for _, p, o in self._triples if p == predicate)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def graph(self, into: Graph | None = None) -> Graph:
        """The triples as an rdflib graph (added to ``into`` when given)."""
        g = Graph() if into is None else into
        for t in self._triples:
            g.add(t)
        return g

    def ntriples(self) -> bytes:
        """N-Triples, sorted so that the same triples always give the same bytes."""
        return "".join(sorted(_nt_row(t) for t in self._triples)).encode("utf-8")
