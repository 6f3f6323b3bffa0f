// title: 某指标在各市的目标 | All targets on a metric across cities
// question: On one metric, each city's target side by side, with units made comparable. (ANALYST_QUESTIONS 7)
// param: metric = 毛入园率
// param: limit = 100
// param: offset = 0
// The metric is a concept of ontology/metrics.ttl, found by a part of its Chinese name; a target counts
// when its wording maps to that concept (METRIC_CONCEPT), whatever the wording.  Values are in the base
// unit (normalisedValue, baseUnit); `wording` is the metric as the document writes it.  A page of `limit`
// targets per metric concept, by city, year and value.
MATCH (m:Measure)-[:HAS_TARGET]->(t:Target)-[:METRIC_CONCEPT]->(mc:Metric), (m)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
WHERE mc.prefLabel CONTAINS $metric AND t.normalisedValue IS NOT NULL AND t.baseUnit IS NOT NULL
WITH DISTINCT mc, t, c.label AS city, d.year AS year
ORDER BY mc.prefLabel, city, year, t.normalisedValue, t.iri
WITH mc, collect(t) AS ts
UNWIND ts[$offset..$offset + $limit] AS t
MATCH (m:Measure)-[r:HAS_TARGET]->(t), (m)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
RETURN DISTINCT c.label AS city, d.year AS year, mc.prefLabel AS metric, t.metric AS wording, t.normalisedValue AS value,
       t.baseUnit AS unit, t.comparator AS comparator, t.deadline AS deadline, r.sentence AS sentence
ORDER BY metric, city, year, value
