// title: 与某市共享项目最多的城市 | Cities sharing the most programmes with a city
// question: Which city is closest to a given one, by the programmes both name? (ANALYST_QUESTIONS 2)
// param: city = 承德市 (label)
// param: limit = 100
// param: offset = 0
MATCH (c:City {label: $city})<-[:CITY]-(:PolicyDocument)<-[:DOCUMENT]-(:Measure)-[:MENTIONS]->(p:Program)
MATCH (p)<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(:PolicyDocument)-[:CITY]->(o:City)
WHERE o <> c
RETURN o.label AS city, count(DISTINCT p) AS shared
ORDER BY shared DESC, city
SKIP $offset LIMIT $limit
