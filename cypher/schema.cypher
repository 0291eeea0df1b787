// The constraints and indexes enduse needs. enduse applies this file on every connection; each
// statement is idempotent (IF NOT EXISTS), so rerunning it changes nothing.
// Names follow src/store/neo4j/graph-names.ts (labels and types derived from src/domain/schema.ts);
// tests/store/neo4j-names.test.ts checks that this file covers every one of them.

// Entities are merged on id; the constraint is also the index every query starts from.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT list_code IF NOT EXISTS FOR (l:List) REQUIRE l.code IS UNIQUE;
CREATE CONSTRAINT jurisdiction_flag_id IF NOT EXISTS FOR (f:JurisdictionFlag) REQUIRE f.id IS UNIQUE;
// The one change marker every enduse load bumps (src/store/neo4j/change-marker.ts): two loads at once still find one node.
// Dataset versions are recorded with CREATE: two loads that took the same id cannot both be recorded.
CREATE CONSTRAINT dataset_version_id IF NOT EXISTS FOR (v:DatasetVersion) REQUIRE v.id IS UNIQUE;
CREATE CONSTRAINT change_marker_id IF NOT EXISTS FOR (m:ChangeMarker) REQUIRE m.id IS UNIQUE;

// Relationships are merged on their content-derived id: loading the same data twice changes nothing.
CREATE CONSTRAINT supplies_id IF NOT EXISTS FOR ()-[r:SUPPLIES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT front_for_id IF NOT EXISTS FOR ()-[r:FRONT_FOR]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT owns_id IF NOT EXISTS FOR ()-[r:OWNS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT controls_id IF NOT EXISTS FOR ()-[r:CONTROLS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT listed_on_id IF NOT EXISTS FOR ()-[r:LISTED_ON]-() REQUIRE r.id IS UNIQUE;

// Flags by country (exposure-to-flagged-jurisdictions.cypher, flagged-entities.cypher).
CREATE INDEX entity_country IF NOT EXISTS FOR (e:Entity) ON (e.country);
CREATE INDEX jurisdiction_flag_code IF NOT EXISTS FOR (f:JurisdictionFlag) ON (f.code);
