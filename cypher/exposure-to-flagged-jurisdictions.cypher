// Exposure of an entity to flagged jurisdictions: which countries with a flag in force at a date
// (comprehensive sanctions, arms embargo, human-rights risk, transshipment hub) can its goods reach,
// how many entities there, and in how few hops?
// Reach follows the rules of routes-to-flagged.cypher (time-respecting, product-consistent, never
// back to $from) and, as enduse exposure does, reaches a flagged entity but does not pass it.
// Enumerates paths: for analysts, bounded by 6 hops (the {1,6} below) and by $maxHops.
// Parameters:
//   $from     id of the entity the goods start from
//   $asOf     date of the question, 'YYYY-MM-DD'
//   $product  product name (compared without case), or null for every product
//   $maxHops  most edges, at most 6
//   $flagged  ids of the entities flagged at $asOf (see routes-to-flagged.cypher); [] to pass every entity
// Returns one row per country reached that has a flag in force: country, flags, reachable (entities
// reached there), fewestHops, entities (their ids).
MATCH (source:Entity {id: $from})
MATCH route = (source)
  ((a:Entity)-[r:SUPPLIES|FRONT_FOR]->(b:Entity)
    WHERE b <> source
      AND (a = source OR NOT a.id IN $flagged)
      AND (r.start IS NULL OR r.start <= $asOf)
      AND ($product IS NULL OR type(r) <> 'SUPPLIES' OR r.product IS NULL OR toLower(r.product) = toLower(trim($product)))
  ){1,6}
  (reached:Entity)
WHERE size(r) <= $maxHops
  AND all(i IN range(0, size(r) - 1) WHERE all(j IN range(i, size(r) - 1)
        WHERE r[i].start IS NULL OR r[j].end IS NULL OR r[i].start <= r[j].end))
WITH reached, min(size(r)) AS hops
MATCH (flag:JurisdictionFlag {code: reached.country})
WHERE (flag.from IS NULL OR flag.from <= $asOf) AND (flag.to IS NULL OR $asOf <= flag.to)
WITH reached.country AS country, reached, hops, collect(DISTINCT flag.flag) AS flags
WITH country, flags, count(reached) AS reachable, min(hops) AS fewestHops, collect(reached.id) AS entities
RETURN country, [flag IN flags | flag] AS flags, reachable, fewestHops, entities
ORDER BY reachable DESC, country
