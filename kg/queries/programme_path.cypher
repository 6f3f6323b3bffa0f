// title: 两市之间经由共同项目的联系 | How two cities are linked through the programmes they share
// question: Which programmes make two cities alike, with the sentence on each side? (ANALYST_QUESTIONS 2, 5)
// param: city_a = 晋城市 (label)
// param: city_b = 承德市 (label)
// param: limit = 10
// param: offset = 0
MATCH (a:City {label: $city_a}), (b:City {label: $city_b})
MATCH (a)<-[:CITY]-(:PolicyDocument)<-[:DOCUMENT]-(:Measure)-[:MENTIONS]->(p:Program)
WITH DISTINCT a, b, p
MATCH (b)<-[:CITY]-(:PolicyDocument)<-[:DOCUMENT]-(:Measure)-[:MENTIONS]->(p)
WITH DISTINCT a, b, p
MATCH (p)<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(o:City)
WITH a, b, p, count(DISTINCT o) AS n, min(d.year) AS first
ORDER BY n, first, p.prefLabel SKIP $offset LIMIT $limit
UNWIND [a, b] AS c
MATCH (p)<-[r:MENTIONS]-(m:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c)
WITH DISTINCT n, first, p.prefLabel AS programme, c.label AS city, d.year AS year, m.path AS measure, r.sentence AS sentence
ORDER BY n, first, programme, city, year, measure, sentence
RETURN programme, city, year, measure, sentence
