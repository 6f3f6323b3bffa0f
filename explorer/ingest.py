"""One uploaded file through the same stages as ``kg build``, in memory (no Streamlit here).

bytes → :func:`loaders.pipeline.load_bytes` (read, normalise, segment; the
file's type comes from its bytes: .txt, .docx, .pdf, .html) →
:func:`loaders.extract.extract` with a spaCy pipeline the caller builds once →
resolution of programmes and departments (:mod:`kg.pipeline`'s functions) →
:func:`kg.build.build_graph`.  Programme and department IRIs are minted from
their names, so a programme the corpus names is the same node here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from kg.errors import KgError

__all__ = ["analyse", "make_nlp"]


def make_nlp():
    """The spaCy pipeline of the lexicon (seconds to build: once per server, not per upload)."""
    from loaders.lexicon import load_lexicon
    from loaders.nlp import build_nlp

    return build_nlp(load_lexicon())


def _places(docs) -> dict[str, tuple[float, float]]:
    from loaders.gazetteer import coordinates

    return {d.city_code: c for d in docs if d.city_code and (c := coordinates(d.city_code))}


def _graph(docs, extractions):
    from kg.build import build_graph
    from kg.pipeline import resolve_mentions, resolve_units

    _, entities = resolve_mentions(list(zip(docs, extractions)))
    return build_graph(docs, dict(enumerate(extractions)), entities, departments=resolve_units(docs),
                       places=_places(docs))


def _documents(docs) -> pd.DataFrame:
    return pd.DataFrame([{"city": d.city, "province": d.province, "year": d.year, "kind": d.kind.value,
                          "title": d.title, "number": d.number, "sections": len(d.sections),
                          "measures": len(d.measures)} for d in docs])


def analyse(name: str, data: bytes, nlp) -> dict:
    """What the pipeline makes of one uploaded file.

    Returns a dict: ``name``, ``sha256``, ``ntriples`` (the file's graph),
    ``raw`` (the decoded text evidence offsets index), ``documents`` (a
    table), ``facts`` (``(kind, surface, in lexicon)``), ``targets``,
    ``triples``, ``iris`` (each document's IRI: city, year and kind).

    Raises
    ------
    KgError
        the file cannot be read (a scan without text, an encrypted PDF …) or
        holds no plan or summary; the message names the file and the reason.
    """
    from kg.build import document_iri
    from loaders.extract import extract
    from loaders.pipeline import load_bytes

    name = Path(name).name
    docs = load_bytes(name, data)
    if not docs:
        raise KgError(f"{name}: no plan or summary found in the file")
    extractions = [extract(d, nlp) for d in docs]
    graph = _graph(docs, extractions)
    facts = [(m.kind.value, m.text, m.concept is not None) for ex in extractions for m in ex.mentions]
    return {"name": name, "sha256": hashlib.sha256(data).hexdigest(),
            "ntriples": graph.serialize(format="nt", encoding="utf-8"), "raw": docs[0].text.raw,
            "documents": _documents(docs), "facts": facts, "targets": sum(len(ex.targets) for ex in extractions),
            "skipped": [], "triples": len(graph), "iris": [str(document_iri(d)) for d in docs]}
