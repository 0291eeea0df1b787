// Every value reaching Cypher is a parameter: the Neo4j code and the cypher/ files are scanned
// for anything spliced into a query string. Only the schema-derived label and type names of
// src/store/neo4j/graph-names.ts may be interpolated.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as graphNames from '../../src/store/neo4j/graph-names.ts';
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
    expect([...ALLOWED_INTERPOLATIONS].sort()).toEqual(['ENTITY_LABEL', 'JURISDICTION_FLAG_LABEL', 'LISTED_ON', 'LIST_LABEL']);
  });

  it('finds no value spliced into a query string in src/store/neo4j', () => {
    const files = filesUnder(join(REPO, 'src', 'store', 'neo4j'), '.ts');
    expect(files.length).toBeGreaterThan(3);
    expect(files.flatMap((file) => splicesIntoCypher(file, readFileSync(file, 'utf8')))).toEqual([]);
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
