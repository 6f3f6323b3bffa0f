// title: 某项目在各市的全部提及及原句 | Every mention of a programme, with its source sentence
// question: Show every sentence, in every city, that mentions a programme or any of its aliases, and the rule that decided. (ANALYST_QUESTIONS 13, 14)
// param: programme = 县管校聘 (label)
// param: limit = 10
// param: offset = 0
MATCH (p:Program)<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(:PolicyDocument)-[:CITY]->(c:City)
WHERE p.prefLabel = $programme OR $programme IN coalesce(p.altLabel, [])
WITH DISTINCT p, c ORDER BY c.label, p.iri SKIP $offset LIMIT $limit
MATCH (p)<-[r:MENTIONS]-(m:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c)
RETURN DISTINCT c.label AS city, d.year AS year, m.path AS measure, r.surface AS surface, r.rule AS rule,
       r.sourceFile AS source_file, r.start AS start, r.sentence AS sentence
ORDER BY city, year, measure, start
