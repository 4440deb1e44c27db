import anyAscii from 'any-ascii';
import { doubleMetaphone } from 'double-metaphone';

// Names from any script made comparable: Unicode compatibility forms folded (NFKC), every script transliterated
// to Latin ASCII (any-ascii: Cyrillic, Greek, Hangul, Han, Arabic, ...), upper case, punctuation dropped, and
// split into words. Honorifics carry no identity and are dropped. The words' Double Metaphone codes are the
// blocking keys that find candidates in a list: spelling variants of one sound (ALEKSANDR / ALEXANDER,
// MOHAMMED / MUHAMMAD) share a code.

/** Words that are titles, not names (upper case, after transliteration). */
const TITLES = new Set([
  'MR',
  'MRS',
  'MS',
  'MISS',
  'DR',
  'PROF',
  'SIR',
  'DAME',
  'LORD',
  'HE',
  'HRH',
  'SHEIKH',
]);

/** The name's words: Latin, upper case, without titles; empty for a name with no letters or digits. */
export function nameTokens(name: string): string[] {
  // Transliterated syllables of scripts without spaces inside a name (Hangul, Han) come back as capitalised
  // runs ("GimMinJun"): each run is a word of its own.
  // Apostrophes stand inside words (O'Connor; the Cyrillic soft sign comes back as one: Kuz'min).
  const latin = anyAscii(name.normalize('NFKC'))
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/['`]/g, '');
  return latin
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => word.length > 0 && !TITLES.has(word));
}

/** Blocking keys of a name: every word of two or more characters, and its Double Metaphone codes. */
export function nameKeys(tokens: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const token of tokens) {
    if (token.length < 2) continue;
    keys.add(`w:${token}`);
    if (/^[A-Z]+$/.test(token)) {
      for (const code of doubleMetaphone(token)) if (code.length >= 2) keys.add(`p:${code}`);
    }
  }
  return [...keys];
}

/** The keys of each word separately, so a search can count how many of a name's words a candidate shares. */
export function keysPerToken(tokens: readonly string[]): string[][] {
  return tokens.map((token) => nameKeys([token]));
}
