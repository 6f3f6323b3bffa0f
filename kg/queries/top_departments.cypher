// title: 某市承担措施最多的科室 | Departments that carry the most measures in a city
// question: Which departments carry the most measures in a city? (ANALYST_QUESTIONS 10)
// param: city = 抚顺市 (label)
MATCH (c:City {label: $city})<-[:CITY]-(:PolicyDocument)<-[:DOCUMENT]-(m:Measure)-[:RESPONSIBLE_UNIT]->(u)
WHERE u:Department OR u:CollectiveUnit
RETURN u.prefLabel AS department, u:CollectiveUnit AS collective, count(DISTINCT m) AS measures
ORDER BY measures DESC, department
