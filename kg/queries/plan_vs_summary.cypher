// title: 计划目标与上年总结成效对比 | A city's plan targets against its previous year's reported results
// question: For a city that published a summary and the next year's plan: last year's result against this year's target, metric by metric. (ANALYST_QUESTIONS 8)
// param: city = 承德市
MATCH (c:City {label: $city})<-[:CITY]-(plan:WorkPlan)<-[:DOCUMENT]-(mp:Measure)-[rt:HAS_TARGET]->(t:Target)
MATCH (c)<-[:CITY]-(summary:WorkSummary)<-[:DOCUMENT]-(ms:Measure)-[rr:HAS_RESULT]->(r:Result)
WHERE summary.year = plan.year - 1 AND r.metric = t.metric AND t.metric <> ''
RETURN DISTINCT t.metric AS metric, summary.year AS result_year, r.value AS result, r.unit AS result_unit,
       plan.year AS target_year, t.value AS target, t.unit AS target_unit,
       rr.sentence AS result_sentence, rt.sentence AS target_sentence
ORDER BY metric, result, target, result_sentence, target_sentence
