import { doubleMetaphone } from 'double-metaphone';
import { distance } from 'fastest-levenshtein';

// How alike two names are, 0..1, on their normalised words (name-normalise.ts). Names on lists and documents
// differ in word order, middle names and patronymics, spelling of one sound, transliteration and spacing of
// East Asian given names. Three views are measured and the best is taken:
//  - word alignment: each word paired with its most similar counterpart (Levenshtein ratio, or 0.9 when the
//    Double Metaphone codes of two already half-alike words agree, or 0.75 for an initial), weighted by length; words left over cost a little
//    when at least two words agree and fully otherwise (a shared surname alone is not a match);
//  - the token-sorted names as one string (Levenshtein ratio);
//  - the words joined without spaces, in the given order (KIM MINJUN / GIM MIN JUN).

/** 1 - Levenshtein distance / length of the longer string. */
export function levenshteinRatio(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

const PHONETIC_AGREEMENT = 0.9;
const INITIAL_AGREEMENT = 0.75;
/** A pair of words at least this alike counts as agreeing. */
const WORD_AGREEMENT = 0.8;
/** Share of its length that a word without a counterpart weighs once two words agree. */
const LEFTOVER_WEIGHT = 0.3;

function phonetic(word: string): readonly string[] {
  return /^[A-Z]{3,}$/.test(word) ? doubleMetaphone(word).filter((code) => code.length >= 2) : [];
}

/** Similarity of two words, 0..1. */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 1 || b.length === 1) {
    const [short, long] = a.length === 1 ? [a, b] : [b, a];
    return long.startsWith(short) ? INITIAL_AGREEMENT : 0;
  }
  const ratio = levenshteinRatio(a, b);
  // Short words share codes too easily (JOHN and ANNA both sound "AN"): the sound counts for half-alike words.
  if (ratio >= PHONETIC_AGREEMENT || ratio < 0.5) return ratio;
  const codesA = phonetic(a);
  return phonetic(b).some((code) => codesA.includes(code)) ? PHONETIC_AGREEMENT : ratio;
}

/** Greedy best-first pairing of the words of two names (names have few words: all pairs are scored). */
function alignment(a: readonly string[], b: readonly string[]): number {
  const pairs: { i: number; j: number; similarity: number }[] = [];
  for (const [i, wa] of a.entries()) {
    for (const [j, wb] of b.entries()) pairs.push({ i, j, similarity: wordSimilarity(wa, wb) });
  }
  pairs.sort((x, y) => y.similarity - x.similarity);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let matched = 0;
  let weight = 0;
  let agreeing = 0;
  for (const pair of pairs) {
    if (usedA.has(pair.i) || usedB.has(pair.j) || pair.similarity === 0) continue;
    usedA.add(pair.i);
    usedB.add(pair.j);
    const w = a[pair.i]!.length + b[pair.j]!.length;
    matched += pair.similarity * w;
    weight += w;
    if (pair.similarity >= WORD_AGREEMENT) agreeing++;
  }
  const leftover =
    a.filter((_, i) => !usedA.has(i)).reduce((sum, w) => sum + w.length, 0) +
    b.filter((_, j) => !usedB.has(j)).reduce((sum, w) => sum + w.length, 0);
  const mononyms = a.length === 1 && b.length === 1;
  const leftoverWeight = agreeing >= 2 || mononyms ? LEFTOVER_WEIGHT : 1;
  const total = weight + leftover * leftoverWeight;
  return total === 0 ? 0 : matched / total;
}

/** Similarity of two names given as normalised words, 0..1. */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sorted = levenshteinRatio([...a].sort().join(' '), [...b].sort().join(' '));
  const joined = levenshteinRatio(a.join(''), b.join(''));
  return Math.max(alignment(a, b), sorted, joined);
}
