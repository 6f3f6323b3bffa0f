// title: 计划目标与上年总结成效对比 | A city's plan targets against its previous year's reported results
// question: For a city that published a summary and the next year's plan: last year's result against this year's target, metric by metric. (ANALYST_QUESTIONS 8)
// param: city = 承德市 (label)
// Paired on the metric concept (METRIC_CONCEPT) and the base unit, never on the metric's wording:
// `result_wording` / `target_wording` show how each document words the metric (a stock against a
// new-build count is visible there); values are in the base unit (normalisedValue: 元, %, 人次…), so 142万人次 and 130万人次 compare.
MATCH (c:City {label: $city})<-[:CITY]-(plan:WorkPlan)<-[:DOCUMENT]-(mp:Measure)-[rt:HAS_TARGET]->(t:Target)-[:METRIC_CONCEPT]->(mc:Metric)
MATCH (c)<-[:CITY]-(summary:WorkSummary)<-[:DOCUMENT]-(ms:Measure)-[rr:HAS_RESULT]->(r:Result)-[:METRIC_CONCEPT]->(mc)
WHERE summary.year = plan.year - 1 AND r.baseUnit = t.baseUnit
  AND r.normalisedValue IS NOT NULL AND t.normalisedValue IS NOT NULL
RETURN DISTINCT mc.prefLabel AS metric, summary.year AS result_year, r.normalisedValue AS result, r.baseUnit AS result_unit,
       r.metric AS result_wording,
       plan.year AS target_year, t.normalisedValue AS target, t.baseUnit AS target_unit, t.metric AS target_wording,
       rr.sentence AS result_sentence, rt.sentence AS target_sentence
ORDER BY metric, result, target, result_sentence, target_sentence
