// `enduse entity` and `enduse ownership` answer under the law chosen with --regime, as routes,
// flags and the API do; a finding (human-rights risk) is labelled as a finding, not as law.
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';

const BLUE_COAT = 'data/cases/blue-coat-syria';

describe('--regime on entity and ownership', () => {
  it('entity: the Syrian comprehensive-sanctions flag of 2011 holds under US law, not under EU law', async () => {
    const us = await runCliCaptured(['entity', 'ste-syria', '--data', BLUE_COAT, '--as-of', '2011-06-30', '--regime', 'us', '--format', 'json']);
    const eu = await runCliCaptured(['entity', 'ste-syria', '--data', BLUE_COAT, '--as-of', '2011-06-30', '--regime', 'eu', '--format', 'json']);
    expect(us.code).toBe(0);
    expect(eu.code).toBe(0);
    const codes = (result: { stdout: string }) => (JSON.parse(result.stdout) as { regime: string; reasons: { code: string }[] }).reasons.map((reason) => reason.code);
    expect(codes(us)).toContain('SANCTIONED_JURISDICTION');
    expect(codes(eu)).not.toContain('SANCTIONED_JURISDICTION');
    // The human-rights finding is weighed under every regime.
    expect(codes(eu)).toContain('HR_RISK_GOVERNMENT_END_USER');
    expect((JSON.parse(eu.stdout) as { regime: string }).regime).toBe('eu');
  });

  it('entity text says the law, and labels a finding as a finding', async () => {
    const eu = await runCliCaptured(['entity', 'ste-syria', '--data', BLUE_COAT, '--as-of', '2011-06-30', '--regime', 'eu']);
    expect(eu.stdout).toContain('flagged as of 2011-06-30 under EU law:');
    expect(eu.stdout).toContain('a finding of US sources, weighed under every regime');
    expect(eu.stdout).not.toContain('[US law');
  });

  it('ownership: only the rules of the chosen law', async () => {
    const eu = await runCliCaptured(['ownership', '--entity', 'ste-syria', '--data', BLUE_COAT, '--as-of', '2025-01-01', '--regime', 'eu', '--format', 'json']);
    const all = await runCliCaptured(['ownership', '--entity', 'ste-syria', '--data', BLUE_COAT, '--as-of', '2025-01-01', '--format', 'json']);
    const rules = (result: { stdout: string }) => (JSON.parse(result.stdout) as { rules: { rule: string }[] }).rules.map((rule) => rule.rule);
    expect(rules(eu)).toEqual(['EU_OWNED_OR_CONTROLLED']);
    expect(rules(all)).toEqual(expect.arrayContaining(['OFAC_50', 'EU_OWNED_OR_CONTROLLED', 'UK_OWNED_OR_CONTROLLED']));
  });

  it('refuses an unknown regime, naming the flag and the choices', async () => {
    for (const args of [['entity', 'ste-syria'], ['ownership', '--entity', 'ste-syria']]) {
      const result = await runCliCaptured([...args, '--data', BLUE_COAT, '--regime', 'mars']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--regime');
      expect(result.stderr).toContain('eu');
    }
  });
});
