// title: 引用某政策文件的措施 | Measures that cite a policy document
// question: How does each city turn a cited national or provincial document into measures? (ANALYST_QUESTIONS 4)
// param: title = 深化新时代教育评价改革总体方案 (label)
// param: limit = 10
// param: offset = 0
MATCH (:CitedDocument {label: $title})<-[:BASED_ON*0..]-(:CitedDocument)<-[:CITES]-(:Measure)
      -[:DOCUMENT]->(:PolicyDocument)-[:CITY]->(c:City)
WITH DISTINCT c ORDER BY c.label SKIP $offset LIMIT $limit
MATCH (:CitedDocument {label: $title})<-[:BASED_ON*0..]-(w:CitedDocument)<-[r:CITES]-(m:Measure)
      -[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c)
RETURN DISTINCT c.label AS city, d.year AS year, m.path AS measure, m.title AS measure_title, w.label AS cited, r.sentence AS sentence
ORDER BY city, year, measure, cited, sentence
