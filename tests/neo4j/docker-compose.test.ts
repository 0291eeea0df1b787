// docker-compose.yml for users, checked as YAML (no Docker engine here to run it): the Neo4j 5 LTS
// image, a named volume, ports on 127.0.0.1 only, a health check, and no password in the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'));
const neo4j = compose.services.neo4j;

describe('docker-compose.yml', () => {
  it('runs neo4j:5.26-community with its data on a named volume', () => {
    expect(neo4j.image).toBe('neo4j:5.26-community');
    expect(neo4j.volumes).toEqual(['enduse-neo4j-data:/data']);
    expect(Object.keys(compose.volumes)).toEqual(['enduse-neo4j-data']);
  });

  it('publishes Bolt and Browser on 127.0.0.1 only', () => {
    expect(neo4j.ports).toEqual(['127.0.0.1:7474:7474', '127.0.0.1:7687:7687']);
  });

  it('has a health check that queries the database', () => {
    expect(neo4j.healthcheck.test[0]).toBe('CMD-SHELL');
    expect(neo4j.healthcheck.test[1]).toContain("'RETURN 1'");
    expect(neo4j.healthcheck).toMatchObject({ interval: expect.any(String), retries: expect.any(Number) });
  });

  it('takes the password from the environment (.env), never from the file', () => {
    expect(neo4j.environment.NEO4J_AUTH).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD:\?[^}]*\}$/);
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    expect(example).toMatch(/^NEO4J_PASSWORD=$/m);
    expect(readFileSync(new URL('../../.gitignore', import.meta.url), 'utf8').split('\n')).toContain('.env');
  });
});
