// Entity search by name, alias or id: case-, accent- and script-insensitive, tolerant of typing
// slips, ranked by how well it matches; read through the view's word index (name-index.ts).
import { foldForSearch } from '../domain/normalise-name.ts';
import type { Entity } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { MOST_WORDS, nameIndexOf, postingCount, textOf, wordEdits, wordsMeant, type NameIndex, type TextKind } from './name-index.ts';

export interface SearchHit {
  entity: Entity;
  /** What matched: the name, an alias or the id. */
  matched: TextKind;
  /** The text that matched (the alias itself for an alias hit). */
  text: string;
  /**
   * Lower is better: 0 exact, 1 prefix, 2 word prefix, 3 anywhere, 4 every word found but
   * spelled differently (see `edits`) or in another order.
   */
  rank: number;
  /** Letters to change in the query's words to spell the text's: 0 unless the query has a typo. */
  edits: number;
}

export interface EntitySearch {
  hits: SearchHit[];
  /** When nothing matches as written: the text of the closest spelling, to offer as "did you mean". */
  didYouMean: string | null;
  /** False when the query was so short or common that only the first MOST_TEXTS texts were ranked. */
  complete: boolean;
}

/** Most texts one query ranks: a one-letter query must not fold a million names per keystroke. */
export const MOST_TEXTS = 20_000;
/** Most texts a query of one or two letters ranks: the first keystrokes, whose best hits are enough. */
export const MOST_TEXTS_SHORT = 2_000;

/**
 * Entities whose id, name or an alias hold every word of `query`, each word as written, as the
 * beginning or a part of a word, or a few letters off (see allowedEdits). Folding first
 * transliterates other scripts (`华为` is `huawei`) and drops case, accents and punctuation. Best
 * first: exact texts, then prefixes, then matches at a word start, then anywhere, then texts whose
 * words differ in spelling or order (fewest edits first); within a rank, names before aliases
 * before ids, then shorter texts, then by id. Misspelt hits are kept only when nothing matches as
 * written, and then the best of them is the `didYouMean`. An empty query finds nothing.
 *
 * @example searchEntities(view, 'Hauwei').didYouMean // 'Huawei Technologies Co., Ltd.'
 */
export function searchEntities(view: GraphView, query: string): EntitySearch {
  const needle = foldForSearch(query);
  if (needle === '') return { hits: [], didYouMean: null, complete: true };
  // As written first; other spellings are looked for only when that finds nothing.
  const asWritten = searchFolded(nameIndexOf(view), needle, false);
  return asWritten.hits.length > 0 ? asWritten : searchFolded(nameIndexOf(view), needle, true);
}

function searchFolded(index: NameIndex, needle: string, fuzzy: boolean): EntitySearch {
  const queryWords = [...new Set(needle.split(' '))];
  const meant = queryWords.map((word) => wordsMeant(index, word, fuzzy));
  // Start from the query word whose meanings occur in the fewest texts; check the others per text.
  const sizes = meant.map((words) => words.reduce((sum, { word }) => sum + postingCount(index, word), 0));
  const driver = sizes.indexOf(Math.min(...sizes));
  const candidates = new Map<number, number>();
  const most = needle.length < 3 ? MOST_TEXTS_SHORT : MOST_TEXTS;
  // A query word standing for MOST_WORDS words may stand for more: the answer is then a first part.
  let complete = meant[driver]!.length < MOST_WORDS;
  collect: for (const { word, edits } of meant[driver]!) {
    for (let at = index.wordStart[word]!; at < index.wordStart[word + 1]!; at++) {
      const text = index.wordTexts[at]!;
      if (candidates.has(text)) continue;
      if (candidates.size >= most) {
        complete = false;
        break collect;
      }
      candidates.set(text, edits);
    }
  }

  const best = new Map<number, SearchHit>();
  for (const [text, driverEdits] of candidates) {
    const { kind, text: value, entity } = textOf(index, text);
    const folded = foldForSearch(value);
    const edits = otherWordEdits(folded.split(' '), queryWords, driver, fuzzy);
    if (edits === undefined) continue;
    const total = driverEdits + edits;
    const hit: SearchHit = { entity, matched: kind, text: value, rank: total === 0 ? (matchRank(folded, needle) ?? 4) : 4, edits: total };
    const entityNumber = index.textEntity[text]!;
    const previous = best.get(entityNumber);
    if (previous === undefined || compareHits(hit, previous) < 0) best.set(entityNumber, hit);
  }
  let hits = [...best.values()];
  if (hits.some((hit) => hit.edits === 0)) hits = hits.filter((hit) => hit.edits === 0);
  hits.sort(compareHits);
  return { hits, didYouMean: hits[0] !== undefined && hits[0].edits > 0 ? hits[0].text : null, complete };
}

/** The edits the other query words need to meet some word of the text; undefined when one meets none. */
function otherWordEdits(textWords: readonly string[], queryWords: readonly string[], driver: number, fuzzy: boolean): number | undefined {
  let total = 0;
  for (let at = 0; at < queryWords.length; at++) {
    if (at === driver) continue;
    let closest: number | undefined;
    for (const word of textWords) {
      const edits = wordEdits(queryWords[at]!, word, fuzzy);
      if (edits !== undefined && (closest === undefined || edits < closest)) closest = edits;
    }
    if (closest === undefined) return undefined;
    total += closest;
  }
  return total;
}

const KIND_ORDER = { name: 0, alias: 1, id: 2 } as const;

function compareHits(a: SearchHit, b: SearchHit): number {
  return a.rank - b.rank || a.edits - b.edits || KIND_ORDER[a.matched] - KIND_ORDER[b.matched] || a.text.length - b.text.length || a.entity.id.localeCompare(b.entity.id);
}

function matchRank(haystack: string, needle: string): number | undefined {
  if (haystack === needle) return 0;
  if (haystack.startsWith(needle)) return 1;
  const at = haystack.indexOf(needle);
  if (at < 0) return undefined;
  return haystack[at - 1] === ' ' ? 2 : 3;
}
