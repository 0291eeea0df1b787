// Every value reaching Cypher is a parameter: the Neo4j code and the cypher/ files are scanned
// for anything spliced into a query string. Only the schema-derived label and type names of
// src/store/neo4j/graph-names.ts may be interpolated. The one exception is the load statement
// builder (load-statements.ts), which splices schema-derived labels, types, property names and row
// positions into its templates (literal types and labels keep MERGE on an index): there the
// statements it generates, for every kind, type and mode, are checked to carry no value at all;
// so is read-statements.ts (the projection and the push-down search), by every statement it gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENTITY_KINDS, RELATIONSHIP_TYPE_NAMES, entitySchema, jurisdictionSchema, listDefinitionSchema, listingSchema, relationshipSchema } from '../../src/domain/schema.ts';
import * as graphNames from '../../src/store/neo4j/graph-names.ts';
import * as loadStatements from '../../src/store/neo4j/load-statements.ts';
import { allReadStatements } from '../../src/store/neo4j/read-statements.ts';
import { ALL_LABELS, ALL_RELATIONSHIP_TYPES } from '../../src/store/neo4j/graph-names.ts';

const REPO = join(import.meta.dirname, '..', '..');
/** A string holding one of these words (in capitals) is Cypher. */
const CYPHER_WORDS = /\b(?:MATCH|MERGE|UNWIND|RETURN|CREATE|DETACH|DELETE|REMOVE|SET|CALL|WITH|WHERE|LOAD CSV|FOREACH)\b/;
/** The names that may be spliced: constants of graph-names.ts whose values are schema labels or types. */
const ALLOWED_INTERPOLATIONS = new Set(
  Object.entries(graphNames)
    .filter(([, value]) => typeof value === 'string' && [...ALL_LABELS, ...ALL_RELATIONSHIP_TYPES].includes(value))
    .map(([name]) => name),
);

/** The builders whose templates are checked by what they generate (see valuesInStatement). */
const LOAD_STATEMENTS = join(REPO, 'src', 'store', 'neo4j', 'load-statements.ts');
const READ_STATEMENTS = join(REPO, 'src', 'store', 'neo4j', 'read-statements.ts');
/** The field names a generated statement may name as properties: the schema's, plus the derived ids. */
const FIELD_NAMES = new Set(['id', ...[entitySchema, relationshipSchema, listingSchema, jurisdictionSchema, listDefinitionSchema].flatMap((schema) => Object.keys(schema.shape))]);

/**
 * What in a generated statement could be a value rather than a parameter: a quote, a number
 * outside a row position `row[n]`, a backquoted property name that is no schema field, a label
 * or type that enduse does not write.
 */
function valuesInStatement(statement: string): string[] {
  const problems: string[] = [];
  const withoutPositions = statement.replace(/\brow\[\d+\]/g, 'row');
  for (const match of withoutPositions.matchAll(/['"]|\b\d+(?:\.\d+)?\b/g)) problems.push(`literal ${match[0]}`);
  for (const [, name] of statement.matchAll(/`([^`]*)`/g)) if (!FIELD_NAMES.has(name!)) problems.push(`property ${name}`);
  for (const [, name] of withoutPositions.replace(/`[^`]*`/g, 'p').matchAll(/:(\w+)/g)) {
    if (![...ALL_LABELS, ...ALL_RELATIONSHIP_TYPES].includes(name!)) problems.push(`label or type ${name}`);
  }
  return problems;
}

/** Every statement load-statements.ts can generate. */
function generatedLoadStatements(): string[] {
  const modes: loadStatements.WriteMode[] = ['create', 'merge'];
  return [
    ...ENTITY_KINDS.flatMap((kind) => modes.map((mode) => loadStatements.entityStatement(kind, mode))),
    ...RELATIONSHIP_TYPE_NAMES.flatMap((type) => [...modes.map((mode) => loadStatements.relationshipStatement(type, mode)), loadStatements.relationshipCountStatement(type)]),
    loadStatements.ENTITY_ELEMENTS_STATEMENT,
    loadStatements.LIST_STATEMENT,
    loadStatements.LISTING_STATEMENT,
    loadStatements.JURISDICTION_FLAG_STATEMENT,
    loadStatements.ENTITY_COUNT_STATEMENT,
  ];
}

interface Splice {
  file: string;
  line: number;
  text: string;
}

function filesUnder(directory: string, extension: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Template literals and `+` concatenations that build Cypher out of anything but whitelisted names. */
function splicesIntoCypher(file: string, source: string): Splice[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const splices: Splice[] = [];
  const at = (node: ts.Node): Splice => ({ file: relative(REPO, file), line: sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText().slice(0, 140) });
  const isCypherText = (node: ts.Node): boolean =>
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? CYPHER_WORDS.test(node.text) : ts.isTemplateExpression(node) ? CYPHER_WORDS.test([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ')) : false;
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node) && isCypherText(node)) {
      for (const span of node.templateSpans) {
        if (!(ts.isIdentifier(span.expression) && ALLOWED_INTERPOLATIONS.has(span.expression.text))) splices.push(at(span.expression));
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isCypherText(node.left) || isCypherText(node.right))) {
      const other = isCypherText(node.left) ? node.right : node.left;
      if (!(ts.isStringLiteral(other) || ts.isNoSubstitutionTemplateLiteral(other) || (ts.isIdentifier(other) && ALLOWED_INTERPOLATIONS.has(other.text)))) splices.push(at(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return splices;
}

describe('every value reaching Cypher is a parameter', () => {
  it('allows only the schema-derived label and type names to be spliced', () => {
    expect([...ALLOWED_INTERPOLATIONS].sort()).toEqual(['CHANGE_MARKER_LABEL', 'DATASET_VERSION_LABEL', 'ENTITY_LABEL', 'JURISDICTION_FLAG_LABEL', 'LISTED_ON', 'LIST_LABEL']);
  });

  it('finds no value spliced into a query string in src/store/neo4j', () => {
    const files = filesUnder(join(REPO, 'src', 'store', 'neo4j'), '.ts');
    expect(files.length).toBeGreaterThan(3);
    expect(files).toContain(LOAD_STATEMENTS);
    expect(files).toContain(READ_STATEMENTS);
    expect(files.filter((file) => file !== LOAD_STATEMENTS && file !== READ_STATEMENTS).flatMap((file) => splicesIntoCypher(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('generates read statements (projection, push-down) that carry every value as a parameter', () => {
    const statements = allReadStatements();
    expect(statements.length).toBe(6 + RELATIONSHIP_TYPE_NAMES.length + 7);
    for (const statement of statements) expect(valuesInStatement(statement), statement).toEqual([]);
  });

  it('generates load statements that carry every value as a parameter', () => {
    const statements = generatedLoadStatements();
    expect(statements.length).toBe(ENTITY_KINDS.length * 2 + RELATIONSHIP_TYPE_NAMES.length * 3 + 5);
    for (const statement of statements) {
      expect(valuesInStatement(statement), statement).toEqual([]);
      // Each one takes its rows (or ids) as a parameter, or reads only counts.
      expect(statement, statement).toMatch(/\$rows|\$ids|count\(/);
    }
  });

  it.each([
    ['a quoted value', "UNWIND $rows AS row MERGE (e:Entity {id: 'acme'}) RETURN e"],
    ['a number', 'UNWIND $rows AS row MATCH (e:Entity) WHERE e.share > 50 RETURN e'],
    ['a property outside the schema', 'UNWIND $rows AS row CREATE (e:Entity {`password`: row[0]})'],
    ['a label enduse does not write', 'UNWIND $rows AS row CREATE (e:Entity:Admin {`id`: row[0]})'],
  ])('catches %s in a generated statement', (_what, statement) => {
    expect(valuesInStatement(statement)).not.toEqual([]);
  });

  it('finds no interpolation or concatenation in cypher/*.cypher, which take $parameters', () => {
    const files = filesUnder(join(REPO, 'cypher'), '.cypher');
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\$\{|\{\{|%s|\+\s*'|'\s*\+/);
    }
    // Queries that take input do so through $parameters.
    expect(files.some((file) => /\$[a-zA-Z]\w*/.test(readFileSync(file, 'utf8')))).toBe(true);
  });

  it.each([
    ['a value in a template', 'const q = `MATCH (e:Entity {id: "${id}"}) RETURN e`;'],
    ['a value in a template with an allowed name beside it', 'const q = `MATCH (e:${ENTITY_LABEL}) WHERE e.name = "${name}" RETURN e`;'],
    ['a call in a template', 'const q = `MATCH (e) SET e:${label(kind)} RETURN e`;'],
    ['a concatenation', "const q = 'MATCH (e) WHERE e.id = \"' + id + '\" RETURN e';"],
  ])('catches %s', (_what, code) => {
    expect(splicesIntoCypher(join(REPO, 'sample.ts'), code)).not.toEqual([]);
  });

  it('lets parameters and whitelisted names pass', () => {
    const code = 'const q = `UNWIND $rows AS row MERGE (e:${ENTITY_LABEL} {id: row.id}) SET e += row.properties`;\nconst m = `the load stopped at ${phase}`;';
    expect(splicesIntoCypher(join(REPO, 'sample.ts'), code)).toEqual([]);
  });
});
