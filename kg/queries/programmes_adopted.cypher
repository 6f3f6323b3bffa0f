// title: 被多个城市采用的项目及各市首次提及年份 | Programmes adopted by N or more cities, with each city's first year
// question: Which programmes do most cities name, and since when (first year per city)? (ANALYST_QUESTIONS 1, 3)
// param: min_cities = 4
MATCH (p:Program)<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
WITH p, c, min(d.year) AS first_year
WITH p, collect({city: c.label, year: first_year}) AS adopters
WHERE size(adopters) >= $min_cities
UNWIND adopters AS a
RETURN p.prefLabel AS programme, size(adopters) AS cities, a.city AS city, a.year AS first_year
ORDER BY cities DESC, programme, first_year, city
