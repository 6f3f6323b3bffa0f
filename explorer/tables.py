"""The explorer's tables: one SPARQL query each, returned as pandas DataFrames.

Every function takes a store with the :class:`kg.stores.base.GraphStore`
``query`` method and returns a DataFrame; nothing here knows about Streamlit.
Fact tables carry ``file``, ``start`` and ``end`` (source offsets) so the app
can link each row to its source sentence.
"""

from __future__ import annotations

import pandas as pd

from kg.stores.base import GraphStore

ROWS = 200_000  # far above the corpus; a guard, not a page size

# predicate local name → span type shown on the Sources page (its colour and label: explorer.highlight.COLOURS)
FACT_TYPES = {
    "mentions": "programme",
    "cites": "citation",
    "hasTarget": "target",
    "hasResult": "result",
    "responsibleUnit": "department",
    "mentionsSlogan": "slogan",
    "mentionsInstitution": "institution",
    "mentionsTopic": "topic",
}

QUERIES = {
    "documents": """
SELECT ?doc ?city ?province ?year ?kind ?title ?number ?issued ?file
       (COUNT(DISTINCT ?s) AS ?sections) (COUNT(DISTINCT ?m) AS ?measures) WHERE {
  ?doc a ep:PolicyDocument ; ep:year ?year ; dct:title ?title ; ep:sourceFile ?file .
  BIND(IF(EXISTS { ?doc a ep:WorkSummary }, "summary", "plan") AS ?kind)
  OPTIONAL { ?doc ep:city ?c . ?c rdfs:label ?city .
             OPTIONAL { ?c ep:province ?p . ?p rdfs:label ?province } }
  OPTIONAL { ?doc ep:documentNumber ?number } OPTIONAL { ?doc dct:issued ?issued }
  OPTIONAL { ?s a ep:Section ; ep:document ?doc } OPTIONAL { ?m a ep:Measure ; ep:document ?doc }
} GROUP BY ?doc ?city ?province ?year ?kind ?title ?number ?issued ?file ORDER BY ?city ?year ?kind""",
    "cities": """
SELECT ?city ?label ?province ?adcode ?lat ?lon WHERE {
  ?city a ep:City ; rdfs:label ?label .
  OPTIONAL { ?city ep:adcode ?adcode } OPTIONAL { ?city ep:province/rdfs:label ?province }
  OPTIONAL { ?city ep:latitude ?lat ; ep:longitude ?lon }
} ORDER BY ?label""",
    "measures": """
SELECT ?measure ?doc ?city ?year ?kind ?section ?section_title ?path ?title ?text ?goal ?actions
       ?file ?start ?end WHERE {
  ?measure a ep:Measure ; ep:document ?doc ; ep:path ?path ; dct:title ?title ; ep:text ?text ;
           ep:section ?s ; ep:sourceFile ?file ; ep:startOffset ?start ; ep:endOffset ?end .
  ?s ep:ordinal ?section ; dct:title ?section_title .
  ?doc ep:year ?year . BIND(IF(EXISTS { ?doc a ep:WorkSummary }, "summary", "plan") AS ?kind)
  OPTIONAL { ?doc ep:city/rdfs:label ?city }
  OPTIONAL { ?measure ep:goal ?goal } OPTIONAL { ?measure ep:actions ?actions }
}""",
    "facts": """
SELECT ?measure ?predicate ?object ?label ?surface ?sentence ?rule ?file ?start ?end ?doc ?city ?year WHERE {
  ?ev a ep:Evidence ; rdf:subject ?measure ; rdf:predicate ?p ; rdf:object ?object ;
      ep:surface ?surface ; ep:sentence ?sentence ; ep:rule ?rule ; ep:sourceFile ?file ;
      ep:startOffset ?start ; ep:endOffset ?end ; ep:document ?doc .
  ?doc ep:year ?year . OPTIONAL { ?doc ep:city/rdfs:label ?city }
  OPTIONAL { ?object skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?object rdfs:label ?rl }
  BIND(COALESCE(?zh, ?rl, ?surface) AS ?label)
  BIND(STRAFTER(STR(?p), "#") AS ?predicate)
}""",
    "programmes": """
SELECT ?programme ?zh ?en ?curated ?theme ?theme_zh ?theme_en
       (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?aliases) WHERE {
  ?programme a ep:Program ; skos:prefLabel ?zh FILTER(lang(?zh) = "zh")
  OPTIONAL { ?programme skos:prefLabel ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?programme ep:curated ?curated }
  OPTIONAL { ?programme skos:broader ?theme .
             OPTIONAL { ?theme skos:prefLabel ?theme_zh FILTER(lang(?theme_zh) = "zh") }
             OPTIONAL { ?theme skos:prefLabel ?theme_en FILTER(lang(?theme_en) = "en") } }
  OPTIONAL { ?programme skos:altLabel ?alt }
} GROUP BY ?programme ?zh ?en ?curated ?theme ?theme_zh ?theme_en""",
    "quantities": """
SELECT ?q ?kind ?measure ?doc ?city ?year ?metric ?value ?value_max ?unit ?comparator ?deadline
       ?normalised ?base_unit ?label ?sentence ?file ?start ?end WHERE {
  ?measure ?p ?q . VALUES (?p ?kind) { (ep:hasTarget "target") (ep:hasResult "result") }
  ?q ep:metric ?metric ; ep:value ?value ; ep:unit ?unit ; ep:comparator ?comparator ;
     rdfs:label ?label ; ep:document ?doc .
  ?doc ep:year ?year . OPTIONAL { ?doc ep:city/rdfs:label ?city }
  OPTIONAL { ?q ep:valueMax ?value_max } OPTIONAL { ?q ep:deadline ?deadline }
  OPTIONAL { ?q ep:normalisedValue ?normalised } OPTIONAL { ?q ep:baseUnit ?base_unit }
  OPTIONAL { ?ev a ep:Evidence ; rdf:subject ?measure ; rdf:object ?q ; ep:sentence ?sentence ;
             ep:sourceFile ?file ; ep:startOffset ?start ; ep:endOffset ?end }
}""",
    "type_counts": """
SELECT ?type (COUNT(DISTINCT ?x) AS ?count) WHERE {
  ?x a ?c . FILTER(STRSTARTS(STR(?c), STR(ep:)))
  BIND(STRAFTER(STR(?c), "#") AS ?type)
} GROUP BY ?type ORDER BY DESC(?count)""",
    "edges": """
SELECT ?s ?p ?o WHERE {
  VALUES ?p { ep:city ep:province ep:document ep:section ep:mentions ep:cites ep:responsibleUnit
              ep:hasTarget ep:hasResult ep:mentionsSlogan ep:mentionsInstitution skos:broader }
  ?s ?p ?o . FILTER(isIRI(?o)) FILTER NOT EXISTS { ?s a ep:Evidence }
  FILTER(?p != ep:document || EXISTS { ?s a ep:Section })
}""",
    "nodes": """
SELECT ?node ?type ?label WHERE {
  ?node a ?c . FILTER(STRSTARTS(STR(?c), STR(ep:))) FILTER(?c NOT IN (ep:Evidence, ep:PolicyDocument))
  BIND(STRAFTER(STR(?c), "#") AS ?type)
  OPTIONAL { ?node skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?node rdfs:label ?rl } OPTIONAL { ?node dct:title ?t } OPTIONAL { ?node ep:path ?path }
  BIND(COALESCE(?zh, ?rl, IF(BOUND(?path), CONCAT(?path, " ", ?t), ?t), STR(?node)) AS ?label)
}""",
    "themes": """
SELECT ?node ?label WHERE { ?x skos:broader ?node . ?node skos:prefLabel ?label FILTER(lang(?label) = "zh") }""",
}


def frame(store: GraphStore, name: str) -> pd.DataFrame:
    """The table ``name`` of :data:`QUERIES`, as a DataFrame (one row per solution)."""
    result = store.query(QUERIES[name], limit=ROWS, timeout=60)
    df = pd.DataFrame.from_records(list(result.rows), columns=list(result.columns))
    if name == "facts":
        df = _with_fact_types(df)
    if name == "programmes":
        df["curated"] = df["curated"].fillna(False).astype(bool)
    return df.drop_duplicates(ignore_index=True)


def _with_fact_types(df: pd.DataFrame) -> pd.DataFrame:
    df = df[df["predicate"].isin(list(FACT_TYPES))].copy()
    df["type"] = df["predicate"].map(FACT_TYPES)
    return df.reset_index(drop=True)


def programme_mentions(facts: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """One row per (programme, measure): the city, year, measure path/title, surface and evidence."""
    prog = facts[facts["predicate"] == "mentions"]
    cols = ["measure", "path", "title", "kind"]
    out = prog.merge(measures[cols], on="measure", how="left")
    return out.rename(columns={"object": "programme", "label": "programme_label"})


def adoption(mentions: pd.DataFrame) -> pd.DataFrame:
    """Programmes by how many cities name them, with the cities and the first year each."""
    named = mentions.dropna(subset=["city"])
    first = named.groupby(["programme", "programme_label", "city"], as_index=False)["year"].min()
    agg = first.groupby(["programme", "programme_label"]).agg(
        cities=("city", "nunique"),
        city_list=("city", lambda c: "、".join(sorted(c))),
        first_year=("year", "min"),
    )
    measures = named.groupby("programme")["measure"].nunique().rename("measures")
    out = agg.reset_index().merge(measures, on="programme")
    return out.sort_values(["cities", "measures", "programme_label"], ascending=[False, False, True], ignore_index=True)
