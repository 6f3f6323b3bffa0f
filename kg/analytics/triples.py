"""The triples the analytics read, indexed by predicate then subject.

A built graph is mostly provenance (``ep:Evidence`` nodes, offsets, source
files: about 85% of the triples of a benchmark build); the analytics read
none of it.  :func:`from_graph` picks the predicates :mod:`kg.analytics.view`
needs out of an rdflib graph (one ``triples((None, p, None))`` per predicate,
no SPARQL); :func:`from_file` reads them straight from a graph file with
pyoxigraph's parser, never building an rdflib graph of the rest.  For
N-Triples, lines whose predicate is not needed are dropped before parsing.

Terms become plain data: an IRI is a ``str``, a blank node a ``str``
starting ``_:``, a literal a :class:`Lit`.

>>> t = index([("m", "https://w3id.org/edupolicy/ontology#path", Lit("1.0.1"))])
>>> t.value("m", EP_PATH).lex
'1.0.1'
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import LoadError
from kg.vocab import EP

__all__ = ["Lit", "NUMERIC", "PREDICATES", "TYPES", "Triples", "csv_rows", "from_file", "from_graph", "index", "one"]

EP_PATH = str(EP.path)
#: Classes whose instances the view looks up (``rdf:type`` triples of other classes are skipped).
TYPES = tuple(str(c) for c in (EP.City, EP.PolicyDocument, EP.WorkSummary, EP.Measure))
#: Every other predicate the view reads.
PREDICATES = tuple(str(p) for p in (
    RDFS.label, SKOS.prefLabel, SKOS.broader, DCTERMS.title,
    EP.province, EP.latitude, EP.longitude, EP.city, EP.year, EP.document, EP.path, EP.text,
    EP.mentions, EP.curated, EP.responsibleUnit, EP.bureauOf, EP.hasTarget, EP.hasResult,
    EP.value, EP.unit, EP.metric, EP.comparator, EP.normalisedValue, EP.baseUnit, EP.metricConcept,
    EP.deadline))
#: Properties whose values are numbers: of two values, :func:`one` keeps the smaller number.
NUMERIC = frozenset(str(p) for p in (EP.value, EP.normalisedValue, EP.latitude, EP.longitude, EP.year))
_TYPE = str(RDF.type)


class Lit(NamedTuple):
    """A literal: lexical form, language tag, datatype IRI."""

    lex: str
    lang: str | None = None
    datatype: str | None = None


@dataclass(frozen=True, slots=True)
class Triples:
    """``objects[predicate][subject]`` (in file order) and ``instances[class]``."""

    objects_of: dict[str, dict[str, list]] = field(default_factory=dict)
    instances_of: dict[str, set[str]] = field(default_factory=dict)

    def objects(self, s: str, p: str) -> list:
        return self.objects_of.get(p, {}).get(s, [])

    def value(self, s: str | None, p: str):
        """The object of ``(s, p)`` (:func:`one` of several), else None."""
        return one(self.objects_of.get(p, {}).get(s, ()), p in NUMERIC) if s is not None else None

    def pairs(self, p: str) -> Iterator[tuple[str, object]]:
        for s, objs in self.objects_of.get(p, {}).items():
            for o in objs:
                yield s, o

    def instances(self, cls: str) -> set[str]:
        return self.instances_of.get(cls, set())


def _text(term) -> str:
    return term.lex if isinstance(term, Lit) else term


def _number(term) -> tuple:
    text = _text(term)
    try:
        return 0, float(text), ""
    except ValueError:
        return 1, 0.0, text


def one(values, numeric: bool = False):
    """The value of a property a node should have once, or None: of several, the smallest.

    A graph merged from builds of overlapping corpora can give one target
    two values; "the first" would be whichever a reader met first (rdflib's
    hash order, a store's index order), so two readers of one graph would
    disagree.  ``numeric`` properties (:data:`NUMERIC`) compare by value,
    since a store rewrites ``2.50`` as ``2.5``; others by text.

    >>> one([Lit("98.6"), Lit("10.0")], numeric=True).lex, one(["b", "a"])
    ('10.0', 'a')
    """
    if len(values) < 2:
        return values[0] if values else None
    return min(values, key=_number if numeric else _text)


def index(triples: Iterable[tuple[str, str, object]]) -> Triples:
    """Index ``(s, p, o)`` triples of plain terms, keeping only what the view reads."""
    keep, types = set(PREDICATES), set(TYPES)
    out = Triples({p: {} for p in PREDICATES}, {c: set() for c in TYPES})
    for s, p, o in triples:
        if p in keep:
            out.objects_of[p].setdefault(s, []).append(o)
        elif p == _TYPE and o in types:
            out.instances_of[o].add(s)
    return out


def _rdflib_term(t) -> str | Lit:
    if isinstance(t, Literal):
        return Lit(str(t), t.language, str(t.datatype) if t.datatype is not None else None)
    return f"_:{t}" if isinstance(t, BNode) else str(t)


def from_graph(g: Graph) -> Triples:
    """The needed triples of an rdflib graph, one index lookup per predicate."""
    def triples():
        for c in TYPES:
            for s in g.subjects(RDF.type, URIRef(c)):
                yield _rdflib_term(s), _TYPE, c
        for p in PREDICATES:
            for s, _, o in g.triples((None, URIRef(p), None)):
                yield _rdflib_term(s), p, _rdflib_term(o)
    return index(triples())


def _index_quads(quads, wanted: set[str]) -> Triples:
    """:func:`index` of pyoxigraph quads, with the term conversion inlined (a million triples per 1,000 documents)."""
    import pyoxigraph as ox

    named, literal = ox.NamedNode, ox.Literal
    keep, types = set(PREDICATES), set(TYPES)
    out = Triples({p: {} for p in PREDICATES}, {c: set() for c in TYPES})
    objects_of, instances_of = out.objects_of, out.instances_of
    for q in quads:
        p = q.predicate.value
        if p not in wanted:
            continue
        s, o = q.subject, q.object
        s = s.value if type(s) is named else f"_:{s.value}"
        if p in keep:
            if type(o) is named:
                o = o.value
            elif type(o) is literal:
                o = Lit(o.value, o.language, None if o.language else o.datatype.value)
            else:
                o = f"_:{o.value}"
            objects_of[p].setdefault(s, []).append(o)
        elif type(o) is named and o.value in types:
            instances_of[o.value].add(s)
    return out


def _patterns() -> list[bytes]:
    """Byte strings one of which every needed N-Triples line contains: the predicate after a separator, or the class."""
    out = [sep + f"<{p}>".encode() for p in PREDICATES for sep in (b" ", b"\t")]
    return out + [f"<{c}>".encode() for c in TYPES]


def _grep(path: Path) -> bytes | None:
    """The lines of ``path`` holding a needed predicate or class (``grep -F``: GB/s), or None without grep."""
    exe = shutil.which("grep")
    if exe is None:
        return None
    with tempfile.NamedTemporaryFile("wb", suffix=".txt") as pats:
        pats.write(b"\n".join(_patterns()) + b"\n")
        pats.flush()
        done = subprocess.run([exe, "-F", "-a", "-f", pats.name, "--", str(path)], capture_output=True,
                              env={**os.environ, "LC_ALL": "C"}, check=False)
    return done.stdout if done.returncode in (0, 1) else None


def _nt_lines(path: Path, use_grep: bool = True) -> bytes:
    """The lines of an N-Triples file that may hold a needed triple.

    Every kept line still goes to the parser, and :func:`index` keeps only
    needed predicates, so a line kept in excess costs time, never a wrong
    answer.  With ``grep`` on the PATH, it picks the lines containing a
    needed predicate IRI after a space or tab, or a needed class IRI (a
    superset of the needed lines: 1 CPU-s for 720 MB, against 5 s for the
    loop below).  Otherwise a line is dropped only when its second
    space-separated token is a whole IRI that is not needed (or
    ``rdf:type`` of a class not needed); anything else (comments, tabs as
    separators) goes to the parser, which is exact.
    """
    found = _grep(path) if use_grep else None
    if found is not None:
        return found
    keep = {f"<{p}>".encode() for p in PREDICATES}
    rdf_type, types = f"<{_TYPE}>".encode(), {f"<{c}>".encode() for c in TYPES}
    kept = []
    with path.open("rb") as f:
        for line in f:
            parts = line.split(b" ", 3)
            if len(parts) < 3 or not (parts[1][:1] == b"<" and parts[1][-1:] == b">"):
                kept.append(line)
            elif parts[1] in keep or (parts[1] == rdf_type and parts[2] in types):
                kept.append(line)
    return b"".join(kept)


def from_file(path: Path) -> Triples:
    """The needed triples of a graph file (.ttl, .nt, .nq, .trig, .rdf), parsed by pyoxigraph.

    Raises :class:`~kg.errors.LoadError` naming the file for a missing,
    unknown or malformed file.
    """
    import pyoxigraph as ox

    formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}
    fmt = formats.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(str(path), f"pyoxigraph reads {', '.join(formats)}; not {path.suffix!r}")
    if not path.exists():
        raise LoadError(str(path), "no such graph file")
    try:
        quads = ox.parse(_nt_lines(path), format=fmt) if fmt == ox.RdfFormat.N_TRIPLES else ox.parse(path=path, format=fmt)
        return _index_quads(quads, set(PREDICATES) | {_TYPE})
    except SyntaxError as exc:
        raise LoadError(str(path), f"not a readable graph: {exc}") from exc


def csv_rows(store, query: str) -> Iterator[list[str]]:
    """The rows of a SELECT as text: serialised as CSV by Oxigraph, split by the :mod:`csv` module (C).

    CSV gives each term's text alone: an IRI bare, a literal's lexical form
    (its language and datatype dropped: a query that needs them selects
    ``LANG(?x)`` or ``isLiteral(?x)``), a blank node ``_:id`` (no IRI
    starts so), an unbound variable an empty cell.  No Python object per
    term, no escape to undo (quotes are doubled, newlines kept inside quotes).
    """
    import pyoxigraph as ox

    data = store.query(query).serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    rows = csv.reader(io.StringIO(data, newline=""))
    next(rows, None)  # the variables
    return rows
