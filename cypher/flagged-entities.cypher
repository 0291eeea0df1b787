// Which entities are flagged at a date by a listing in force, or by a flag of their country?
// (the LISTED, SANCTIONED_JURISDICTION and HR_RISK_GOVERNMENT_END_USER reasons of enduse flags)
// Parameters:
//   $asOf          date of the question, 'YYYY-MM-DD' (dates are stored as ISO strings)
//   $stateSectors  sectors that make an end user a state end user, e.g. ['government', 'military', 'intelligence', 'police']
// Returns one row per entity and reason: id, reason, detail (list code or place code), source, and
// for LISTED the designation's measures (its own, else its list's). Rows marked unverified never flag.
// An entity in a region (country 'UA-43') is flagged by the region's rows and by its country's.
// Ownership rules (the OFAC 50% rule and others) are not here: enduse seeds owned-50-by-blocked.cypher
// with the LISTED rows of each rule's lists and reruns it until nothing changes.
MATCH (e:Entity)-[l:LISTED_ON]->(list:List)
WHERE (l.from IS NULL OR l.from <= $asOf) AND (l.to IS NULL OR $asOf <= l.to) AND coalesce(l.unverified, false) = false
RETURN e.id AS id, 'LISTED' AS reason, list.code AS detail, l.source AS source, coalesce(l.measures, list.measures, []) AS measures
UNION ALL
MATCH (f:JurisdictionFlag {flag: 'comprehensive_sanctions'})
WHERE (f.from IS NULL OR f.from <= $asOf) AND (f.to IS NULL OR $asOf <= f.to) AND coalesce(f.unverified, false) = false
MATCH (e:Entity)
WHERE e.country = f.code OR (size(e.country) > 2 AND left(e.country, 2) = f.code)
RETURN e.id AS id, 'SANCTIONED_JURISDICTION' AS reason, f.code AS detail, f.source AS source, [] AS measures
UNION ALL
MATCH (f:JurisdictionFlag {flag: 'hr_risk'})
WHERE (f.from IS NULL OR f.from <= $asOf) AND (f.to IS NULL OR $asOf <= f.to) AND coalesce(f.unverified, false) = false
MATCH (e:Entity)
WHERE (e.country = f.code OR (size(e.country) > 2 AND left(e.country, 2) = f.code)) AND e.sector IN $stateSectors
RETURN e.id AS id, 'HR_RISK_GOVERNMENT_END_USER' AS reason, f.code AS detail, f.source AS source, [] AS measures
