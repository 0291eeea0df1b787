// `enduse connect`: the chain joining two entities, as GET /api/connections finds it; bad flags named.
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';

const BLUE_COAT = 'data/cases/blue-coat-syria';

describe('enduse connect', () => {
  it('prints the shortest chain of any relationship type, each hop with its dates, evidence and source', async () => {
    const result = await runCliCaptured(['connect', '--data', BLUE_COAT, '--from', 'computerlinks-ag', '--to', 'ste-syria']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 relationships join Computerlinks AG');
    expect(result.stdout).toMatch(/computerlinks-ag → OWNS 100% → computerlinks-fzco \(undated; press; source: Reuters/);
    const json = await runCliCaptured(['connect', '--data', BLUE_COAT, '--from', 'computerlinks-ag', '--to', 'ste-syria', '--types', 'supplies', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ found: false, hops: null, path: [], truncated: false });
  });

  it('names every bad flag', async () => {
    const result = await runCliCaptured(['connect', '--data', BLUE_COAT, '--from', 'bluecoat', '--types', 'OWNS,SELLS']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--to: is required');
    expect(result.stderr).toContain("--types: 'SELLS' is not a relationship type");
    const hops = await runCliCaptured(['connect', '--data', BLUE_COAT, '--from', 'bluecoat', '--to', 'ste-syria', '--max-hops', '40']);
    expect(hops.stderr).toContain("--max-hops: '40' is not allowed; give a whole number from 1 to 12");
  });
});
