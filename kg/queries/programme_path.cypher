// title: 两市之间经由共同项目的联系 | How two cities are linked through the programmes they share
// question: Which programmes make two cities alike, with the sentence on each side? (ANALYST_QUESTIONS 2, 5)
// param: city_a = 晋城市 (label)
// param: city_b = 承德市 (label)
MATCH path = (a:City {label: $city_a})<-[:CITY]-(:PolicyDocument)<-[:DOCUMENT]-(ma:Measure)-[ra:MENTIONS]->(p:Program)
             <-[rb:MENTIONS]-(mb:Measure)-[:DOCUMENT]->(:PolicyDocument)-[:CITY]->(b:City {label: $city_b})
RETURN DISTINCT p.prefLabel AS programme, ma.path AS measure_a, ra.sentence AS sentence_a, mb.path AS measure_b, rb.sentence AS sentence_b
ORDER BY programme, measure_a, measure_b, sentence_a, sentence_b
