// title: 各市负责某项目的科室 | Which department is responsible for a programme in each city
// question: For a programme, what did each city commit to and which department leads it? (ANALYST_QUESTIONS 6, 11)
// param: programme = 县管校聘 (label)
// param: limit = 10
// param: offset = 0
MATCH (p:Program {prefLabel: $programme})<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(:PolicyDocument)-[:CITY]->(c:City)
WITH DISTINCT p, c ORDER BY c.label SKIP $offset LIMIT $limit
MATCH (p)<-[r:MENTIONS]-(m:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c)
OPTIONAL MATCH (m)-[:RESPONSIBLE_UNIT]->(u:Department)
RETURN DISTINCT c.label AS city, d.year AS year, m.path AS measure, u.prefLabel AS department, r.sentence AS sentence
ORDER BY city, year, measure, department, sentence
