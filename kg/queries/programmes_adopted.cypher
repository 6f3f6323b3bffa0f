// title: 被多个城市采用的项目：城市数、最早年份与率先城市数 | Programmes named by N or more cities: how many, since when, how many first
// question: Which programmes do most cities name, and since when? (ANALYST_QUESTIONS 1, 3; each city's first year: programme_adoption)
// param: min_cities = 4
// param: limit = 100
// param: offset = 0
MATCH (p:Program)<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City)
WITH p, c, min(d.year) AS year
WITH p, count(c) AS cities, min(year) AS first_year, collect(year) AS years
ORDER BY cities DESC, first_year, p.prefLabel
SKIP $offset LIMIT $limit
WITH p, cities, first_year, years WHERE cities >= $min_cities
RETURN p.prefLabel AS programme, cities, first_year, size([y IN years WHERE y = first_year]) AS pioneers
