// Who and what is next to an entity: every relationship in or out of it (SUPPLIES, FRONT_FOR, OWNS,
// CONTROLS with the entity at the other end; LISTED_ON with the list), each with its attributes.
// Parameters:
//   $id  the entity's id
// Returns one row per relationship: direction ('out' or 'in'), type, relationship (its id),
// other (entity id, or list code), otherName, properties (dates, product, share, evidence, source…).
// No row at all means no such entity or no relationship; enduse checks the id first.
MATCH (centre:Entity {id: $id})-[r]-(other)
RETURN CASE WHEN startNode(r) = centre THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type,
       r.id AS relationship,
       coalesce(other.id, other.code) AS other,
       other.name AS otherName,
       properties(r) AS properties
ORDER BY direction DESC, type, other, relationship
