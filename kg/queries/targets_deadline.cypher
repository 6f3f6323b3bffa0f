// title: 有期限与无期限的目标 | Targets with a deadline and open-ended ones
// question: Which targets have a deadline inside the year, and which are open-ended? (ANALYST_QUESTIONS 9)
// param: year = 2021
// param: limit = 10
// param: offset = 0
MATCH (:PolicyDocument {year: $year})-[:CITY]->(c:City)
WITH DISTINCT c ORDER BY c.label SKIP $offset LIMIT $limit
MATCH (c)<-[:CITY]-(d:PolicyDocument {year: $year})<-[:DOCUMENT]-(m:Measure)-[r:HAS_TARGET]->(t:Target)
RETURN DISTINCT c.label AS city, d.year AS year, t.metric AS metric, t.value AS value, t.unit AS unit,
       t.deadline AS deadline, t.deadline IS NOT NULL AS has_deadline, r.sentence AS sentence
ORDER BY city, has_deadline DESC, metric, value, sentence
