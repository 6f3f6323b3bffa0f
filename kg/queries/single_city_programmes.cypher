// title: 仅一个城市提及的项目 | Programmes that only one city names
// question: Which programmes does only one city name, and where? (ANALYST_QUESTIONS 1, 5)
// param: city = 承德市 (label)
MATCH (p:Program)<-[r:MENTIONS]-(m:Measure)-[:DOCUMENT]->(d:PolicyDocument)-[:CITY]->(c:City {label: $city})
WHERE NOT EXISTS {
  MATCH (p)<-[:MENTIONS]-(:Measure)-[:DOCUMENT]->(:PolicyDocument)-[:CITY]->(o:City) WHERE o <> c
}
RETURN DISTINCT p.prefLabel AS programme, d.year AS year, m.path AS measure, r.sentence AS sentence
ORDER BY programme, year, measure, sentence
