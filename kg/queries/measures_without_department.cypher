// title: 未指定责任科室的措施 | Measures that name no responsible department
// question: Which measures name no responsible department at all? (ANALYST_QUESTIONS 12)
// param: city = 承德市 (label)
MATCH (c:City {label: $city})<-[:CITY]-(d:PolicyDocument)<-[:DOCUMENT]-(m:Measure)
WHERE NOT (m)-[:RESPONSIBLE_UNIT]->()
RETURN c.label AS city, d.year AS year, m.path AS measure, m.title AS title, m.sourceFile AS source_file
ORDER BY year, measure
