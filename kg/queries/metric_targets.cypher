// title: 某指标在各市的目标 | All targets on a metric across cities
// question: On one metric, each city's target side by side, with units. (ANALYST_QUESTIONS 7)
// param: metric = 毛入园率
MATCH (m:Measure)-[r:HAS_TARGET]->(t:Target), (m)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
WHERE t.metric CONTAINS $metric
RETURN DISTINCT c.label AS city, d.year AS year, t.metric AS metric, t.value AS value, t.unit AS unit,
       t.comparator AS comparator, t.deadline AS deadline, r.sentence AS sentence
ORDER BY metric, city, year, value
