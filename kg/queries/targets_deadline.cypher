// title: 有期限与无期限的目标 | Targets with a deadline and open-ended ones
// question: Which targets have a deadline inside the year, and which are open-ended? (ANALYST_QUESTIONS 9)
// param: year = 2021
MATCH (m:Measure)-[r:HAS_TARGET]->(t:Target), (m)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
WHERE d.year = $year
RETURN DISTINCT c.label AS city, d.year AS year, t.metric AS metric, t.value AS value, t.unit AS unit,
       t.deadline AS deadline, t.deadline IS NOT NULL AS has_deadline, r.sentence AS sentence
ORDER BY has_deadline DESC, city, metric, value, sentence
