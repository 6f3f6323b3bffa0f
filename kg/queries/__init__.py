"""The analyst query catalogue: named, parameterised queries in Cypher and SPARQL.

Each query is a pair of files, ``NAME.cypher`` and ``NAME.rq``, that answer the
same question and return the same columns.  A header of comment lines names it
and declares its parameters with their defaults::

    // title: 与某市共享项目最多的城市 | Cities sharing the most programmes with a city
    // question: Which city is closest to a given one? (ANALYST_QUESTIONS 2)
    // param: city = 承德市 (label)

In Cypher a parameter ``city`` is ``$city``, sent to the server as a
parameter.  ``(label)`` after a default says the value is a name the graph
keeps as a Chinese label (``"承德市"@zh``): SPARQL receives it as that
language-tagged literal, so the query can look the city or programme up by an
exact, indexed triple pattern (``?c rdfs:label ?city_param``) instead of
comparing the string of every label in a FILTER, which on a large store scans
them all.  Cypher labels are plain strings, so ``$city`` stays a string.  In SPARQL it is the variable ``?city_param`` (so that it never
clashes with a result column of the same name), bound by a ``VALUES`` block at
the top of the outermost ``WHERE`` whose terms rdflib serialises and escapes
(:func:`bind_sparql`): Oxigraph's own substitutions only bind projected
variables, so they cannot feed a ``FILTER``.

Queries whose answer grows with the corpus answer one page at a time::

    # param: limit = 100
    # param: offset = 0

Cypher reads them as ``SKIP $offset LIMIT $limit``.  SPARQL cannot bind a
``LIMIT`` by ``VALUES``, so :func:`bind_sparql` writes the two whole numbers
into the ``LIMIT ?limit_param`` / ``OFFSET ?offset_param`` clauses itself
(checked, never pasted text).  The page is cut inside the query, on cheap keys,
before the look-ups that make each row expensive (the sentence, the labels):
on a large store the cost of a query is the cost of the rows it builds.

>>> names = [q.name for q in catalogue()]
>>> "shared_programmes" in names and len(names) >= 12
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.stores.sparql import bind_values

__all__ = ["NamedQuery", "bind_sparql", "catalogue", "get", "parse_params", "sparql_bindings"]

HERE = Path(__file__).resolve().parent
_HEADER = re.compile(r"^\s*(?://|#)\s*(title|question|param):\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)(?:\s+\((label)\))?$")
LABEL_LANG = "zh"  # the language of the labels a ``(label)`` parameter is matched against


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str  # "中文 | English"
    question: str
    params: dict[str, Any]  # name → default (int when the default is a whole number)
    cypher: str
    sparql: str
    labels: frozenset[str] = frozenset()  # parameters declared ``(label)``: bound as "…"@zh in SPARQL

    def values(self, given: dict[str, Any] | None = None) -> dict[str, Any]:
        """The defaults overridden by ``given``, each coerced to its default's type."""
        out = dict(self.params)
        for k, v in (given or {}).items():
            if k not in out:
                raise QueryError(f"query {self.name!r} has no parameter {k!r}; it takes {', '.join(out) or 'none'}")
            out[k] = _coerce(v, out[k], k)
        for k in ("limit", "offset"):
            if k in out:
                _check_page(k, out[k])
        return out


def _coerce(value: Any, default: Any, name: str) -> Any:
    if isinstance(default, int) and not isinstance(value, int):
        try:
            return int(value)
        except ValueError:
            raise QueryError(f"parameter {name!r} must be a whole number, got {value!r}") from None
    return value


def _default(text: str) -> Any:
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def _header(text: str, path: Path) -> tuple[str, str, dict[str, Any]]:
    title, question, params, _ = _header_kinds(text, path)
    return title, question, params


def _header_kinds(text: str, path: Path | str) -> tuple[str, str, dict[str, Any], frozenset[str]]:
    """Title, question, parameter defaults and the names of ``(label)`` parameters."""
    title = question = ""
    params: dict[str, Any] = {}
    labels: set[str] = set()
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "title":
            title = value
        elif key == "question":
            question = value
        else:
            p = _PARAM.match(value)
            if not p:
                raise QueryError(f"{path}: bad param line {line!r}; write '# param: name = default'")
            params[p.group(1)] = _default(p.group(2))
            if p.group(3):
                labels.add(p.group(1))
    if not title:
        raise QueryError(f"{path}: no '# title:' header line")
    return title, question, params, frozenset(labels)


@cache
def catalogue() -> tuple[NamedQuery, ...]:
    """Every query pair under ``kg/queries``, by name; a pair whose headers disagree raises."""
    out = []
    for cy in sorted(HERE.glob("*.cypher")):
        rq = cy.with_suffix(".rq")
        if not rq.exists():
            raise QueryError(f"{cy.name} has no SPARQL twin {rq.name}")
        cypher, sparql = cy.read_text(encoding="utf-8"), rq.read_text(encoding="utf-8")
        title, question, params, labels = _header_kinds(cypher, cy)
        if _header_kinds(sparql, rq)[2:] != (params, labels):
            raise QueryError(f"{cy.stem}: the .cypher and .rq files declare different parameters")
        out.append(NamedQuery(cy.stem, title, question, params, cypher, sparql, labels))
    return tuple(out)


def get(name: str) -> NamedQuery | None:
    return next((q for q in catalogue() if q.name == name), None)


def sparql_bindings(values: dict[str, Any]) -> dict[str, Any]:
    """SPARQL variable bindings for parameter values: ``city`` → ``city_param``."""
    return {f"{k}_param": v for k, v in values.items()}


def bind_sparql(text: str, values: dict[str, Any]) -> str:
    """``text`` with the catalogue parameters bound as ``?k_param`` in a VALUES block.

    A parameter that ``text``'s own header declares ``(label)`` is bound as a
    ``@zh`` literal, so it matches labels by an exact triple pattern.

    >>> bind_sparql("SELECT ?x WHERE { ?x ?p ?city_param }", {"city": 'a"b'})
    'SELECT ?x WHERE {\\n  VALUES (?city_param) { ("a\\\\"b") }\\n ?x ?p ?city_param }'
    >>> bind_sparql("# title: t\\n# param: city = x (label)\\nSELECT ?c WHERE { ?c ?p ?city_param }", {"city": "承德市"})
    'SELECT ?c WHERE {\\n  VALUES (?city_param) { ("承德市"@zh) }\\n ?c ?p ?city_param }'
    """
    text, values = _bind_page(text, values)
    labels = _label_params(text)
    if labels:
        from rdflib import Literal  # only when a label is bound: importing the catalogue stays light

        values = {k: Literal(str(v), lang=LABEL_LANG) if k in labels else v for k, v in values.items()}
    return bind_values(text, sparql_bindings(values))


_PAGE = re.compile(r"\b(LIMIT|OFFSET)\s+\?([A-Za-z_][A-Za-z0-9_]*)_param\b", re.IGNORECASE)
MAX_PAGE = 100_000


def _check_page(kind: str, value: int, name: str | None = None) -> None:
    """A page size is 1…MAX_PAGE, an offset 0…MAX_PAGE: anything else is refused, never an empty answer."""
    low = 1 if kind == "limit" else 0
    if not low <= value <= MAX_PAGE:
        raise QueryError(f"parameter {name or kind!r} must be between {low} and {MAX_PAGE}, got {value}")


def _bind_page(text: str, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """``LIMIT ?limit_param`` / ``OFFSET ?offset_param`` with their whole numbers written in.

    A parameter used only there leaves the ``VALUES`` block (it binds no pattern).

    >>> _bind_page("SELECT ?x WHERE { ?x ?p ?o } LIMIT ?limit_param", {"limit": 5})
    ('SELECT ?x WHERE { ?x ?p ?o } LIMIT 5', {})
    """
    def number(m: re.Match) -> str:
        name = m.group(2)
        if name not in values:
            raise QueryError(f"{m.group(1)} ?{name}_param has no value: declare '# param: {name} = N'")
        v = _coerce(values[name], 0, name)
        _check_page("limit" if m.group(1).upper() == "LIMIT" else "offset", v, name)
        return f"{m.group(1)} {v}"

    paged = {m.group(2) for m in _PAGE.finditer(text)}
    if not paged:
        return text, values
    text = _PAGE.sub(number, text)
    keep = {k: v for k, v in values.items() if k not in paged or f"?{k}_param" in text}
    return text, keep


def _label_params(text: str) -> set[str]:
    """Names of the parameters ``text``'s header declares ``(label)`` (a query without a header has none)."""
    out = set()
    for line in text.splitlines():
        m = _HEADER.match(line)
        p = _PARAM.match(m.group(2)) if m and m.group(1) == "param" else None
        if p and p.group(3):
            out.add(p.group(1))
    return out


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``["city=承德市", "min_cities=3"]`` → a dict; a pair without ``=`` raises."""
    out: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: write NAME=VALUE")
        out[key.strip()] = value
    return out
