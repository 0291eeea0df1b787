// The name normaliser: case, accents, punctuation and legal-form words.
import { describe, expect, it } from 'vitest';
import { containsWords, foldForMatch, normaliseName } from '../../src/domain/normalise-name.ts';

describe('normaliseName', () => {
  it('ignores case, accents, punctuation and legal forms', () => {
    expect(normaliseName('COMPUTERLINKS F.Z.C.O.')).toBe('computerlinks');
    expect(normaliseName('Computerlinks FZ-LLC')).toBe('computerlinks');
    expect(normaliseName('Área S.p.A.')).toBe('area');
    expect(normaliseName('OOO "Sigma"')).toBe('sigma');
    expect(normaliseName('Gulf Systems GmbH & Co. KG')).toBe('gulf systems');
    expect(normaliseName('Blue Coat Systems, Inc.')).toBe('blue coat systems');
  });

  it('keeps a name made only of legal-form words, and keeps distinct names distinct', () => {
    expect(normaliseName('Co.')).toBe('co');
    expect(normaliseName('Area SpA')).not.toBe(normaliseName('Arena SpA'));
  });
});

describe('containsWords', () => {
  it('matches whole words only, across accents and punctuation', () => {
    expect(containsWords('Zona Libre de Colón, Edif. 3', 'Zona Libre de Colon')).toBe(true);
    expect(containsWords('Jebel Alimony Street', 'Jebel Ali')).toBe(false);
    expect(containsWords('Plot S10, JAFZ-South', 'JAFZ')).toBe(true);
    expect(containsWords('anything', '')).toBe(false);
    expect(foldForMatch('  FZ-LLC ')).toBe('fz llc');
  });
});
