// title: 引用某政策文件的措施 | Measures that cite a policy document
// question: How does each city turn a cited national or provincial document into measures? (ANALYST_QUESTIONS 4)
// param: title = 深化新时代教育评价改革总体方案
MATCH (m:Measure)-[r:CITES]->(w:CitedDocument), (m)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
WHERE w.label CONTAINS $title
RETURN DISTINCT c.label AS city, d.year AS year, m.path AS measure, m.title AS measure_title, w.label AS cited, r.sentence AS sentence
ORDER BY city, year, measure, sentence
