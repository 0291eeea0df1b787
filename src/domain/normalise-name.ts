// Folding names and addresses for matching: case, accents, punctuation and company legal forms.
import { toAscii } from './transliterate.ts';

/**
 * Legal-form words dropped from names before matching (`Computerlinks FZCO` = `Computerlinks`).
 * Compared after folding, so `S.p.A.` is `spa` and `FZ-LLC` is `fz llc`.
 */
export const LEGAL_FORM_WORDS: ReadonlySet<string> = new Set([
  'llc', 'ltd', 'limited', 'gmbh', 'mbh', 'fzco', 'fzc', 'fze', 'fz', 'ooo', 'ao', 'zao', 'oao', 'pao', 'pjsc', 'jsc',
  'spa', 'srl', 'sa', 'sas', 'sarl', 'inc', 'incorporated', 'co', 'corp', 'corporation', 'company', 'plc', 'ag', 'kg',
  'bv', 'nv', 'ab', 'oy', 'pte', 'pty', 'llp', 'lp', 'sl', 'sau', 'kft', 'doo', 'eood', 'ood',
]);

/**
 * Case-, accent- and punctuation-free text: NFKD with combining marks removed, lower case,
 * dots and apostrophes dropped (so `S.p.A.` is one word), any other non-letter, non-digit run
 * turned into one space. Matching ` keyword ` inside ` text ` on folded strings is therefore
 * word-boundary aware.
 *
 * @example foldForMatch('Zona Libre de Colón, Edif. 3') // 'zona libre de colon edif 3'
 */
export function foldForMatch(text: string): string {
  let result = foldedTexts.get(text);
  if (result === undefined) {
    result = foldedWords(text);
    if (foldedTexts.size >= FOLDED_TEXTS_KEPT) foldedTexts.clear();
    foldedTexts.set(text, result);
  }
  return result;
}

/** Folded texts remembered: route scoring folds the same names and keywords for every hop. */
const foldedTexts = new Map<string, string>();
const FOLDED_TEXTS_KEPT = 100_000;

/**
 * A company or person name reduced for matching: folded (see foldForMatch) and without
 * legal-form words anywhere in it. A name made only of legal-form words keeps them.
 *
 * @example normaliseName('Computerlinks FZ-LLC') === normaliseName('COMPUTERLINKS') // true
 */
export function normaliseName(name: string): string {
  const words = foldForMatch(name).split(' ').filter((word) => word !== '');
  const kept = words.filter((word) => !LEGAL_FORM_WORDS.has(word));
  return (kept.length > 0 ? kept : words).join(' ');
}

/**
 * Whether folded `phrase` occurs in folded `text` as whole words.
 *
 * @example containsWords('DSO Building, Dubai Silicon Oasis', 'dubai silicon oasis') // true
 */
export function containsWords(text: string, phrase: string): boolean {
  const foldedPhrase = foldForMatch(phrase);
  return foldedPhrase !== '' && ` ${foldForMatch(text)} `.includes(` ${foldedPhrase} `);
}

/**
 * normaliseName after transliterating to ASCII (Cyrillic, Greek, CJK, …), so that names
 * written in different scripts can meet: used by entity resolution.
 *
 * @example normaliseNameAscii('ООО «Зала Аеро»') // 'zala aero'
 */
export function normaliseNameAscii(name: string): string {
  return normaliseName(toAscii(name));
}

/**
 * Text folded for search: transliterated to ASCII first (only when it holds other characters,
 * which is rare and costs more), then foldForMatch. So `华为`, `Huawei` and `HUAWEI` meet, and an
 * id such as `computerlinks-fzco` reads as the words `computerlinks fzco`.
 *
 * @example foldForSearch('华为 Société') // 'huawei societe'
 */
export function foldForSearch(text: string): string {
  // Not through foldForMatch's memo: building a search index folds two million distinct texts
  // once. Plain ASCII (most names) takes the short path: no accents to strip.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().replace(/['.]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  return foldedWords(toAscii(text));
}

/** Accents stripped, lower case, apostrophes and dots dropped, every other run of non-letters one space. */
function foldedWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
