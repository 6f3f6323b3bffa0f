"""Deterministic IRIs for resources, minted from content.

The same input always gives the same IRI: keys are built from what a thing
*is* (a city's adcode, a document's city/year/kind, a programme's lexicon
concept or its normalised label), never from run order, random ids or time.

>>> str(mint("city", "130800"))
'https://w3id.org/edupolicy/id/city/130800'
>>> mint("program", "县管校聘") == mint("program", "县管校聘")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.errors import ModelError

ID = "https://w3id.org/edupolicy/id/"

KINDS = frozenset(
    {
        "city",
        "province",
        "document",  # {adcode}-{year}-{kind}
        "program",  # curated: the lexicon's slug; found by rule: x-{hash}
        "theme",
        "concept",  # slogans and other non-initiative concepts
        "work",  # a policy document cited by title
        "department",  # {adcode}/{slug}
        "unit-type",  # the department lexicon's kinds of unit
        "institution",
        "evidence",  # provenance nodes
        "metric",
    }
)

_SAFE = re.compile(r"^[A-Za-z0-9._~\-/]+$")


def digest(text: str, n: int = 12) -> str:
    """A short stable hash of normalised text (NFKC, whitespace removed)."""
    norm = "".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:n]


def key_for(label: str) -> str:
    """An IRI-safe key: ASCII slugs stay readable, anything else is hashed."""
    slug = label.strip()
    return slug if _SAFE.match(slug) else "x-" + digest(label)


def mint(kind: str, key: str) -> URIRef:
    """The IRI of a resource of ``kind`` identified by ``key``.

    ``key`` may be ASCII (used as it is) or any text (hashed): a programme's
    Chinese label mints the same IRI on every machine and every run.
    """
    if kind not in KINDS:
        raise ModelError(f"unknown IRI kind {kind!r}; expected one of {sorted(KINDS)}")
    if not key:
        raise ModelError(f"empty key for IRI kind {kind!r}")
    return URIRef(f"{ID}{kind}/{key_for(key)}")


def child(parent: URIRef, *parts: str | int) -> URIRef:
    """An IRI below ``parent``: a section, measure, target or evidence node."""
    tail = "/".join(str(p) for p in parts)
    if not _SAFE.match(tail):
        raise ModelError(f"child IRI parts must be ASCII-safe, got {tail!r}")
    return URIRef(f"{parent}/{tail}")
