"""How an RDF graph maps onto Neo4j: names, values, and rows to write.

Pure functions over rdflib terms: no driver here, so the mapping can be read,
tested and benchmarked without a server.  The contract's "Neo4j mapping":

* every node has the label ``Resource`` (one global uniqueness constraint on
  ``iri`` that MERGE can use) plus the local name of each of its ``ep:``
  classes (a WorkPlan node is ``:Resource:PolicyDocument:WorkPlan``); other
  ``rdf:type`` IRIs (``skos:Concept``) go to the list property ``rdfType``;
* an object property becomes a relationship whose type is the property's
  local name in UPPER_SNAKE_CASE (``ep:responsibleUnit`` → ``RESPONSIBLE_UNIT``);
* a literal becomes a property named by the predicate's local name
  (``dct:title`` → ``title``, ``rdfs:label`` → ``label``, ``skos:prefLabel``
  → ``prefLabel``); xsd:integer → int, xsd:decimal → float, xsd:boolean →
  bool, xsd:date → date, anything else → str.  Language tags are dropped; a
  language other than Chinese gets its own property (``prefLabel_en``);
* a property with several values on a node, or listed in :data:`LIST_PROPERTIES`,
  is a sorted list (``altLabel``, ``issuer``, ``rdfType``);
* an ``ep:Evidence`` node is not a node: its fields become properties of the
  relationship it supports (:data:`EVIDENCE_FIELDS`), one relationship per
  evidence node, keyed by ``evidence`` (its IRI).

Names come only from :data:`PROPERTY_NAMES` and the ``ep:`` classes of
:mod:`kg.vocab`, so they are safe to put in query text; every value is sent
as a parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from rdflib import OWL, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.vocab import EP

__all__ = [
    "CLASS_LABELS",
    "EVIDENCE_FIELDS",
    "LIST_PROPERTIES",
    "PROPERTY_NAMES",
    "label_of",
    "literal_key",
    "python_value",
    "rel_type",
]

_EP = str(EP._NS)
_TERMS = [n for n in EP.__annotations__ if not n.startswith("_")]

#: ``ep:`` class local names: the only node labels besides ``Resource``.
CLASS_LABELS: frozenset[str] = frozenset(n for n in _TERMS if n[0].isupper())

_STANDARD = {
    DCTERMS.title: "title",
    DCTERMS.issued: "issued",
    DCTERMS.description: "description",
    DCTERMS.source: "source",
    RDFS.label: "label",
    RDFS.comment: "comment",
    RDFS.seeAlso: "seeAlso",
    SKOS.prefLabel: "prefLabel",
    SKOS.altLabel: "altLabel",
    SKOS.hiddenLabel: "hiddenLabel",
    SKOS.definition: "definition",
    SKOS.notation: "notation",
    SKOS.broader: "broader",
    SKOS.narrower: "narrower",
    SKOS.related: "related",
    SKOS.inScheme: "inScheme",
    SKOS.exactMatch: "exactMatch",
    SKOS.closeMatch: "closeMatch",
    OWL.sameAs: "sameAs",
    PROV.wasDerivedFrom: "wasDerivedFrom",
}

#: predicate IRI → property / relationship name; closed: nothing else is written.
PROPERTY_NAMES: dict[URIRef, str] = {
    **{URIRef(_EP + n): n for n in _TERMS if n[0].islower()},
    **_STANDARD,
}
if len(set(PROPERTY_NAMES.values())) != len(PROPERTY_NAMES):  # pragma: no cover - vocabulary bug
    raise RuntimeError("two predicates map to the same Neo4j name; rename one in kg/stores/neo4j_mapping.py")
PREDICATES: dict[str, URIRef] = {v: k for k, v in PROPERTY_NAMES.items()}

#: properties that are lists on every node, even with one value.
LIST_PROPERTIES: frozenset[str] = frozenset({"altLabel", "hiddenLabel", "issuer", "rdfType"})

#: Evidence predicate → relationship property name.
EVIDENCE_FIELDS: dict[URIRef, str] = {
    EP.sourceFile: "sourceFile",
    EP.startOffset: "start",
    EP.endOffset: "end",
    EP.sentence: "sentence",
    EP.surface: "surface",
    EP.rule: "rule",
    EP.locator: "locator",
    EP.document: "document",
    EP.score: "score",
}
EVIDENCE_PREDICATES: dict[str, URIRef] = {v: k for k, v in EVIDENCE_FIELDS.items()}

_CHINESE = {None, "zh", "zh-cn", "zh-hans"}
_LANG = re.compile(r"^[a-z]{2,3}$")


def rel_type(name: str) -> str:
    """``responsibleUnit`` → ``RESPONSIBLE_UNIT``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def label_of(cls: URIRef) -> str | None:
    """The node label of an ``ep:`` class, ``None`` for any other class."""
    s = str(cls)
    if s.startswith(_EP) and s[len(_EP):] in CLASS_LABELS:
        return s[len(_EP):]
    return None


def literal_key(name: str, lit: Literal) -> str | None:
    """Property name for a literal of predicate ``name``: ``prefLabel``, ``prefLabel_en``.

    ``None`` for a language tag that is not a plain 2-3 letter code.
    """
    lang = (lit.language or "").lower() or None
    if lang in _CHINESE:
        return name
    return f"{name}_{lang}" if lang and _LANG.match(lang) else None


def literal_signature(lit: Literal) -> str:
    """How to turn the stored value back into this literal: ``@zh``, ``^^xsd-iri`` or ``""``."""
    if lit.language:
        return "@" + lit.language
    return "^^" + str(lit.datatype) if lit.datatype else ""


def python_value(lit: Literal) -> Any:
    """A literal's value as Neo4j stores it (see the module docstring)."""
    dtype = str(lit.datatype or "")
    value = lit.toPython()
    if dtype.endswith(("#integer", "#int", "#long", "#short", "#nonNegativeInteger", "#positiveInteger")):
        return int(lit)
    if dtype.endswith(("#decimal", "#double", "#float")):
        return float(lit)
    if dtype.endswith("#boolean"):
        return bool(value)
    if dtype.endswith("#date") and isinstance(value, dt.date):
        return value
    return str(lit)


def rdf_literal(value: Any, signature: str) -> Literal:
    """Inverse of :func:`python_value` given the literal's :func:`literal_signature`."""
    if signature.startswith("@"):
        return Literal(str(value), lang=signature[1:])
    if signature.startswith("^^"):
        dtype = URIRef(signature[2:])
        if str(dtype).endswith(("#decimal",)):
            return Literal(_decimal_text(value), datatype=dtype)
        if hasattr(value, "iso_format"):  # neo4j.time.Date
            value = value.iso_format()
        if isinstance(value, bool):
            return Literal(str(value).lower(), datatype=dtype)
        return Literal(str(value), datatype=dtype)
    return Literal(str(value))


def _decimal_text(value: Any) -> str:
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    text = format(d.normalize(), "f")
    return text
