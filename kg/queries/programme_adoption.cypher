// title: 某项目在各市的首次提及年份 | Since when each city names a programme
// question: Which cities took up a programme, in what order, and since when? (ANALYST_QUESTIONS 1, 3)
// param: programme = 县管校聘 (label)
// param: limit = 100
// param: offset = 0
MATCH (p:Program {prefLabel: $programme})<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
OPTIONAL MATCH (c)-[:PROVINCE]->(v:Province)
WITH c, v, min(d.year) AS first_year
RETURN c.label AS city, v.label AS province, first_year
ORDER BY first_year, city
SKIP $offset LIMIT $limit
