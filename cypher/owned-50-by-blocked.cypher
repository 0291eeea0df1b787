// One step of the 50% rule: which entities are owned 50% or more at a date by entities already
// caught (or controlled by one, where the rule counts control)?
// The rule is a fixed point (OFAC guidance of 13 Aug 2014, FAQs 398-401): start $caught with the
// entities listed in force on the rule's lists (flagged-entities.cypher, reason LISTED), add the ids
// this returns, and run it again until it returns no id outside $caught. Ids already in $caught come
// back too when they meet the rule: a listed entity owned by a blocked one has both reasons.
// enduse does exactly that for every ownership rule in data/reference/ownership-rules.csv that is in
// force and has effect "flag".
// Parameters:
//   $caught     ids of the entities caught so far
//   $asOf       date of the question, 'YYYY-MM-DD': only OWNS/CONTROLS edges in force then count
//   $threshold  percent, e.g. 50
//   $atLeast    true: share >= threshold (OFAC, BIS); false: share > threshold (EU, UK)
//   $aggregate  true: shares of different caught owners add up (OFAC); false: the largest single one counts (UK)
//   $controls   true: a CONTROLS edge from a caught entity catches on its own (EU, UK)
// Returns: id of each entity the rule catches, share (the counted share), controlled, owners (caught owner ids).
MATCH (holder:Entity)-[r:OWNS|CONTROLS]->(held:Entity)
WHERE holder.id IN $caught
  AND (r.start IS NULL OR r.start <= $asOf) AND (r.end IS NULL OR $asOf <= r.end)
WITH held, holder,
     sum(CASE WHEN type(r) = 'OWNS' THEN r.share ELSE 0.0 END) AS share,
     count(CASE WHEN type(r) = 'CONTROLS' THEN 1 END) AS controlEdges
WITH held, sum(share) AS total, max(share) AS largest, sum(controlEdges) > 0 AS controlled,
     collect(CASE WHEN share > 0 THEN holder.id END) AS owners
WITH held, CASE WHEN $aggregate THEN total ELSE largest END AS share, controlled, owners
// 1e-9: shares are summed in floating point, and 33.33 + 16.67 must still reach 50
WHERE (CASE WHEN $atLeast THEN share >= $threshold - 1e-9 ELSE share > $threshold + 1e-9 END)
   OR ($controls AND controlled)
RETURN held.id AS id, share, controlled, owners
ORDER BY id
