// title: 被引用最多的政策文件 | The most cited policy documents
// question: Which national or provincial policy documents do most cities cite? (ANALYST_QUESTIONS 4)
// param: min_cities = 1
// param: limit = 100
// param: offset = 0
MATCH (w:CitedDocument)<-[:CITES]-(m:Measure)-[:DOCUMENT]->(:PolicyDocument)-[:CITY]->(c:City)
WITH w, count(DISTINCT c) AS cities, count(DISTINCT m) AS measures
ORDER BY cities DESC, measures DESC, w.label
SKIP $offset LIMIT $limit
WITH w, cities, measures WHERE cities >= $min_cities
RETURN w.label AS cited, cities, measures
