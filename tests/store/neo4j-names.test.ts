// Neo4j names come from one place: labels and types derived from the domain schema, and every
// .cypher file using only those names, with a header naming each parameter it takes.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTITY_KINDS, RELATIONSHIP_TYPE_NAMES } from '../../src/domain/schema.ts';
import { CYPHER_DIR, CYPHER_QUESTIONS, cypherFile, cypherStatements } from '../../src/store/neo4j/cypher-files.ts';
import { ALL_LABELS, ALL_RELATIONSHIP_TYPES, ENTITY_RELATIONSHIP_TYPES, KIND_LABELS, kindLabel } from '../../src/store/neo4j/graph-names.ts';

describe('Neo4j names', () => {
  it('labels each entity kind in PascalCase, one label per kind', () => {
    expect(kindLabel('freight_forwarder')).toBe('FreightForwarder');
    expect(kindLabel('person')).toBe('Person');
    expect(new Set(KIND_LABELS).size).toBe(ENTITY_KINDS.length);
  });

  it('uses the relationship types exactly as the schema declares them', () => {
    expect(ENTITY_RELATIONSHIP_TYPES).toEqual(RELATIONSHIP_TYPE_NAMES);
  });

  it('has a uniqueness constraint in schema.cypher for every relationship type and id-carrying label', () => {
    const statements = cypherStatements(cypherFile('schema'));
    for (const type of ALL_RELATIONSHIP_TYPES) {
      expect(statements, type).toContainEqual(expect.stringMatching(new RegExp(`IF NOT EXISTS FOR \\(\\)-\\[r:${type}\\]-\\(\\) REQUIRE r\\.id IS UNIQUE$`)));
    }
    for (const [label, key] of [['Entity', 'id'], ['List', 'code'], ['JurisdictionFlag', 'id']]) {
      expect(statements, label).toContainEqual(expect.stringMatching(new RegExp(`FOR \\(\\w:${label}\\) REQUIRE \\w\\.${key} IS UNIQUE$`)));
    }
    expect(statements.every((statement) => statement.includes('IF NOT EXISTS'))).toBe(true);
  });

  it('ships one file per library question, plus schema.cypher', () => {
    expect(readdirSync(CYPHER_DIR).sort()).toEqual([...CYPHER_QUESTIONS, 'schema'].map((name) => `${name}.cypher`).sort());
  });

  for (const question of CYPHER_QUESTIONS) {
    it(`${question}.cypher uses only derived names and documents every parameter`, () => {
      const text = cypherFile(question);
      const lines = text.split('\n');
      const header = lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).join('\n');
      const code = lines.filter((line) => !line.trim().startsWith('//')).join('\n');
      for (const [, name] of code.matchAll(/\(\w*:(\w+)/g)) expect(ALL_LABELS, `label ${name}`).toContain(name);
      for (const [, types] of code.matchAll(/\[\w*:([\w|]+)/g)) for (const type of types!.split('|')) expect(ALL_RELATIONSHIP_TYPES, `type ${type}`).toContain(type);
      const parameters = new Set([...code.matchAll(/\$(\w+)/g)].map(([, name]) => name!));
      expect(parameters.size).toBeGreaterThan(0);
      for (const parameter of parameters) expect(header, `$${parameter} in the header`).toContain(`$${parameter}`);
    });
  }
});
