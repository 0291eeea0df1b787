// The word index entity search reads: every name, alias and id cut into folded words, each
// distinct word with the texts it occurs in, and the distinct words by trigram. Built once per
// view (a view is one data version and never changes), so a keystroke reads only the texts of
// the words it can mean, and edit distance runs on a few thousand distinct words, never on every
// name of a million-entity graph.
import { distance } from 'fastest-levenshtein';
import { foldForSearch } from '../domain/normalise-name.ts';
import type { Entity } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';

export type TextKind = 'name' | 'alias' | 'id';
const KINDS: readonly TextKind[] = ['name', 'alias', 'id'];

export interface NameIndex extends NameIndexParts {
  /** The entity of a number (the numbering of the source the index was built from). */
  readonly entityAt: (number: number) => Entity;
}

/** The index without its entities: typed arrays and strings, to build in a worker thread and hand over. */
export interface NameIndexParts {
  /** Per text: the entity's number, what the text is (KINDS index) and, for an alias, which one. */
  readonly textEntity: Int32Array;
  readonly textKind: Uint8Array;
  readonly textAlias: Int32Array;
  /** Distinct folded words, sorted, so that a prefix is one range. */
  readonly words: readonly string[];
  /** The texts of word w are wordTexts[wordStart[w] .. wordStart[w + 1]). */
  readonly wordStart: Int32Array;
  readonly wordTexts: Int32Array;
  /** Words (not numbers: a generated graph has a million) by padded trigram. */
  readonly gramWords: ReadonlyMap<string, Int32Array>;
}

/** The original text of text number `text`, as written in the data. */
export function textOf(index: NameIndex, text: number): { kind: TextKind; text: string; entity: Entity } {
  const entity = index.entityAt(index.textEntity[text]!);
  const kind = KINDS[index.textKind[text]!]!;
  const value = kind === 'name' ? entity.name : kind === 'id' ? entity.id : entity.aliases[index.textAlias[text]!]!;
  return { kind, text: value, entity };
}

const indexes = new WeakMap<GraphView, NameIndex>();

/** The view's index, built on first use (unless one was built elsewhere and given: useNameIndex). */
export function nameIndexOf(view: GraphView): NameIndex {
  let index = indexes.get(view);
  if (index === undefined) {
    index = buildNameIndex(view.entities());
    indexes.set(view, index);
  }
  return index;
}

/** Whether the view's index is built. */
export function hasNameIndex(view: GraphView): boolean {
  return indexes.has(view);
}

/**
 * Gives a view the index built elsewhere (a worker thread, over the same data numbered the same
 * way): its texts name entities by number, which `entityAt` turns into the view's entities.
 */
export function useNameIndex(view: GraphView, parts: NameIndexParts, entityAt: (number: number) => Entity): void {
  if (!indexes.has(view)) indexes.set(view, { ...parts, entityAt });
}

export function buildNameIndex(source: Iterable<Entity>): NameIndex {
  const { entities, parts } = buildNameIndexParts(source);
  return { ...parts, entityAt: (number) => entities[number]! };
}

/** The index's parts over `source`, whose entities are numbered in the order it yields them. */
export function buildNameIndexParts(source: Iterable<Entity>): { entities: Entity[]; parts: NameIndexParts } {
  const entities: Entity[] = [];
  const textEntity = new Growing(Int32Array);
  const textKind = new Growing(Uint8Array);
  const textAlias = new Growing(Int32Array);
  const wordNumbers = new Map<string, number>();
  // (word, text) pairs, numbered by first sight; sorted into postings below.
  const pairWord = new Growing(Int32Array);
  const pairText = new Growing(Int32Array);
  const addText = (entityNumber: number, kind: number, alias: number, value: string) => {
    const text = textEntity.length;
    textEntity.push(entityNumber);
    textKind.push(kind);
    textAlias.push(alias);
    const words = foldForSearch(value).split(' ');
    for (let at = 0; at < words.length; at++) {
      const word = words[at]!;
      // A word twice in one text is one posting (texts are a few words: indexOf beats a Set).
      if (word === '' || words.indexOf(word) < at) continue;
      let number = wordNumbers.get(word);
      if (number === undefined) wordNumbers.set(word, (number = wordNumbers.size));
      pairWord.push(number);
      pairText.push(text);
    }
  };
  for (const entity of source) {
    const number = entities.push(entity) - 1;
    addText(number, 0, -1, entity.name);
    entity.aliases.forEach((alias, aliasNumber) => addText(number, 1, aliasNumber, alias));
    addText(number, 2, -1, entity.id);
  }

  const words = [...wordNumbers.keys()].sort();
  const sortedNumber = new Int32Array(words.length);
  words.forEach((word, sorted) => (sortedNumber[wordNumbers.get(word)!] = sorted));
  // Counting sort of the pairs by sorted word number; texts stay in order within a word.
  const wordStart = new Int32Array(words.length + 1);
  const pairs = pairWord.length;
  for (let pair = 0; pair < pairs; pair++) wordStart[sortedNumber[pairWord.at(pair)]! + 1]!++;
  for (let word = 0; word < words.length; word++) wordStart[word + 1]! += wordStart[word]!;
  const fill = wordStart.slice(0, words.length);
  const wordTexts = new Int32Array(pairs);
  for (let pair = 0; pair < pairs; pair++) wordTexts[fill[sortedNumber[pairWord.at(pair)]!]!++] = pairText.at(pair);

  const grams = new Map<string, number[]>();
  words.forEach((word, number) => {
    if (/^\d+$/.test(word)) return;
    for (const gram of paddedTrigrams(word)) {
      const list = grams.get(gram);
      if (list === undefined) grams.set(gram, [number]);
      else if (list[list.length - 1] !== number) list.push(number);
    }
  });
  const gramWords = new Map<string, Int32Array>();
  for (const [gram, list] of grams) gramWords.set(gram, Int32Array.from(list));
  return { entities, parts: { textEntity: textEntity.done(), textKind: textKind.done(), textAlias: textAlias.done(), words, wordStart, wordTexts, gramWords } };
}

/** A word's trigrams with two start marks and one end mark: `ab` → `$$a $ab ab$`. */
export function paddedTrigrams(word: string): string[] {
  const padded = `$$${word}$`;
  const grams: string[] = [];
  for (let at = 0; at + 3 <= padded.length; at++) grams.push(padded.slice(at, at + 3));
  return grams;
}

/**
 * How many edits a query word may be from a word of the data and still mean it: none below four
 * letters (too many short words are one edit apart), one up to five, two up to nine, then three.
 * A transposed pair (`Hauwei`) is two edits.
 */
export function allowedEdits(word: string): number {
  if (word.length < 4 || /^\d+$/.test(word)) return 0;
  return word.length <= 5 ? 1 : word.length <= 9 ? 2 : 3;
}

/** Most distinct words a prefix or a fuzzy query word may stand for (the closest are kept). */
export const MOST_WORDS = 2_000;

/**
 * The distinct words of the data a query word can mean, each with its edit distance (0 for the
 * word itself, a word it begins or a word containing it). Closest first.
 */
export function wordsMeant(index: NameIndex, query: string, fuzzy = true): { word: number; edits: number }[] {
  const found = new Map<number, number>();
  // The word itself and the words it begins: one range of the sorted words.
  const low = lowerBound(index.words, query);
  for (let word = low; word < index.words.length && index.words[word]!.startsWith(query) && found.size < MOST_WORDS; word++) found.set(word, 0);
  // Words containing it: those holding all its inner trigrams, checked.
  if (query.length >= 3 && found.size < MOST_WORDS) {
    const inner: string[] = [];
    for (let at = 0; at + 3 <= query.length; at++) inner.push(query.slice(at, at + 3));
    const lists = inner.map((gram) => index.gramWords.get(gram) ?? new Int32Array(0)).sort((a, b) => a.length - b.length);
    for (const word of lists[0]!) {
      if (found.size >= MOST_WORDS) break;
      if (!found.has(word) && index.words[word]!.includes(query)) found.set(word, 0);
    }
  }
  // Words a few edits away: q-gram lemma prefilter (k edits spoil at most 3k trigrams, 4k when
  // an edit is a swap of neighbours), then the distance.
  const edits = fuzzy ? allowedEdits(query) : 0;
  if (edits > 0) {
    const grams = paddedTrigrams(query);
    const shared = new Map<number, number>();
    for (const gram of new Set(grams)) for (const word of index.gramWords.get(gram) ?? []) shared.set(word, (shared.get(word) ?? 0) + 1);
    const needed = Math.max(1, grams.length - 4 * edits);
    const close: { word: number; edits: number; shared: number }[] = [];
    for (const [word, count] of shared) {
      if (count < needed || found.has(word)) continue;
      const text = index.words[word]!;
      if (Math.abs(text.length - query.length) > edits) continue;
      close.push({ word, edits: 0, shared: count });
    }
    close.sort((a, b) => b.shared - a.shared);
    for (const candidate of close.slice(0, MOST_WORDS)) {
      const apart = editDistance(query, index.words[candidate.word]!);
      if (apart <= edits) found.set(candidate.word, apart);
    }
  }
  return [...found].map(([word, apart]) => ({ word, edits: apart })).sort((a, b) => a.edits - b.edits || a.word - b.word);
}

/** How well a word of a text meets a query word: 0 when it is, begins or contains it; the edits when close; undefined otherwise. */
export function wordEdits(query: string, word: string, fuzzy = true): number | undefined {
  if (word.includes(query)) return 0;
  const edits = fuzzy ? allowedEdits(query) : 0;
  if (edits === 0 || Math.abs(word.length - query.length) > edits) return undefined;
  const apart = editDistance(query, word);
  return apart <= edits ? apart : undefined;
}

/**
 * Levenshtein distance, except that two neighbouring letters swapped (`hauwei`, `huawei`) count
 * as one edit, as people make that slip in one keystroke.
 */
export function editDistance(a: string, b: string): number {
  const apart = distance(a, b);
  if (apart !== 2 || a.length !== b.length) return apart;
  let first = -1;
  for (let at = 0; at < a.length; at++) {
    if (a[at] === b[at]) continue;
    if (first >= 0) return at === first + 1 && a[first] === b[at] && a[at] === b[first] ? 1 : 2;
    first = at;
  }
  return apart;
}

/** The number of texts word `word` occurs in. */
export function postingCount(index: NameIndex, word: number): number {
  return index.wordStart[word + 1]! - index.wordStart[word]!;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

type TypedArray = Int32Array | Uint8Array;

/** A typed array that doubles as it fills: a million entities' texts without a JS array per field. */
class Growing<T extends TypedArray> {
  private array: T;
  length = 0;
  constructor(private readonly make: new (size: number) => T) {
    this.array = new make(1024);
  }
  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new this.make(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
  at(position: number): number {
    return this.array[position]!;
  }
  done(): T {
    return this.array.slice(0, this.length) as T;
  }
}
