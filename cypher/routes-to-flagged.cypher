// Flagged routes from an entity: for each flagged entity its goods can reach, the fewest hops and
// one route of that length. A route follows SUPPLIES and FRONT_FOR edges, and it
//   - is time-respecting: goods cross an edge no earlier than they reached its source, so no edge
//     may end before an earlier edge of the route starts, and no edge starts after $asOf;
//   - is product-consistent: with $product, SUPPLIES edges of another product are not followed
//     (edges without a product are);
//   - stops at the first flagged entity: no entity between $from and the target is flagged;
//   - never comes back to $from.
// These are the rules of enduse routes (src/analysis/routes.ts); enduse's own answers come from that
// search, which is O(maxHops x edges). This query enumerates paths, which is exponential in the
// worst case: it is for analysts, bounded by 6 hops (the {1,6} below: Cypher takes no parameter
// there; edit it to search further) and by $maxHops.
// Parameters:
//   $from     id of the entity the goods start from
//   $asOf     date of the question, 'YYYY-MM-DD' (dates are stored as ISO strings)
//   $product  product name (compared without case), or null for every product
//   $maxHops  most edges in a route, at most 6
//   $flagged  ids of the entities flagged at $asOf: `enduse flags --as-of … --format json`, or
//             flagged-entities.cypher plus owned-50-by-blocked.cypher (what `enduse cypher routes` runs)
// Returns: target, hops, path (entity ids), relationships (relationship ids), one row per target.
MATCH (source:Entity {id: $from})
MATCH route = (source)
  ((a:Entity)-[r:SUPPLIES|FRONT_FOR]->(b:Entity)
    WHERE b <> source
      AND (a = source OR NOT a.id IN $flagged)
      AND (r.start IS NULL OR r.start <= $asOf)
      AND ($product IS NULL OR type(r) <> 'SUPPLIES' OR r.product IS NULL OR toLower(r.product) = toLower(trim($product)))
  ){1,6}
  (target:Entity)
WHERE target.id IN $flagged
  AND size(r) <= $maxHops
  // time-respecting: the running earliest time is the latest start so far, and must not pass any end
  AND all(i IN range(0, size(r) - 1) WHERE all(j IN range(i, size(r) - 1)
        WHERE r[i].start IS NULL OR r[j].end IS NULL OR r[i].start <= r[j].end))
WITH target, route, r
ORDER BY size(r), [edge IN r | edge.id]
WITH target, collect(route)[0] AS shortest
RETURN target.id AS target,
       length(shortest) AS hops,
       [node IN nodes(shortest) | node.id] AS path,
       [edge IN relationships(shortest) | edge.id] AS relationships
ORDER BY hops, target
