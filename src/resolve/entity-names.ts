// The comparable form of an entity for resolution: normalised names (name and aliases),
// their tokens, and its identifiers.
import { normaliseNameAscii } from '../domain/normalise-name.ts';
import type { Entity } from '../domain/schema.ts';

/**
 * Words of spelled-out legal forms (English, Russian, Ukrainian, German …) that normaliseName's list of
 * abbreviations does not cover: `Obshchestvo s ogranichennoy otvetstvennostyu` is `OOO`.
 */
const SPELLED_OUT_LEGAL_FORM_WORDS = new Set([
  'obshchestvo', 'ogranichennoy', 'otvetstvennostyu', 'aktsionernoe', 'aktsionerne', 'tovarystvo', 'z', 's', 'obmezhenoyu',
  'liability', 'joint', 'stock', 'vidpovidalnistyu', 'zakrytoe', 'otkrytoe', 'publichnoe', 'gesellschaft', 'mit', 'beschrankter', 'haftung', 'the', 'of', 'and',
]);

/** Identifier schemes that say where a record came from rather than what it is; never evidence. */
const PROVENANCE_SCHEMES = new Set(['merged', 'ftm']);

export interface ComparableEntity {
  entity: Entity;
  /** Which --data source (0-based) it came from. */
  source: number;
  /** Normalised name variants, the primary name first. */
  names: string[];
  /** Tokens of all variants, without legal-form words. */
  tokens: Set<string>;
  /** `scheme:value` identifiers that identify the thing itself (IMO, INN, OFAC ent_num …). */
  identifiers: string[];
  /** Every id this entity stands for: its own and those it absorbed (`merged:` identifiers). */
  ids: string[];
}

/**
 * @example comparable(entity('a', { name: 'Zala Aero LLC', aliases: ['ZALA AERO GROUP'] }), 0).names // ['zala aero', 'zala aero group']
 */
export function comparable(entity: Entity, source: number): ComparableEntity {
  const names: string[] = [];
  for (const raw of [entity.name, ...(entity.aliases ?? [])]) {
    const words = normaliseNameAscii(raw).split(' ').filter((word) => word !== '' && !SPELLED_OUT_LEGAL_FORM_WORDS.has(word));
    const name = words.join(' ');
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  const tokens = new Set(names.flatMap((name) => name.split(' ')).filter((token) => token.length >= 2 || /\d/.test(token)));
  const identifiers = (entity.identifiers ?? []).filter((identifier) => !PROVENANCE_SCHEMES.has(identifier.slice(0, identifier.indexOf(':')))).map((identifier) => identifier.toLowerCase());
  const ids = [entity.id, ...(entity.identifiers ?? []).filter((identifier) => identifier.startsWith('merged:')).map((identifier) => identifier.slice('merged:'.length))];
  return { entity, source, names, tokens, identifiers, ids };
}
