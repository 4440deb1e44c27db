// Turning the text read after a caption into a field value of its kind. Each reader returns the value and
// the character span it came from (so its box can be cut out of the line), or null when the text is not a
// value of that kind.
import type { DateOrder, FieldModel, ValueKind } from '../documents/types.js';
import { isIcaoAliasOfIso, isoOfIcaoState, stateName } from '../mrz/states.js';
import { type DateRole, findDates } from './dates.js';

export interface ValueMatch {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** The printed value was only a year (expiry "2029"). */
  readonly yearOnly?: boolean;
}

export interface ReadContext {
  readonly order: DateOrder;
  readonly role: DateRole;
  readonly today: Date;
}

/** Nationalities written as words, upper-case and without accents. */
const nationalityWords: Readonly<Record<string, string>> = {
  DEUTSCH: 'DEU',
  GERMAN: 'DEU',
  ALLEMANDE: 'DEU',
  FRANCAISE: 'FRA',
  FRANCAIS: 'FRA',
  FRENCH: 'FRA',
  ESPANOLA: 'ESP',
  ESPANOL: 'ESP',
  SPANISH: 'ESP',
  ITALIANA: 'ITA',
  ITALIANO: 'ITA',
  ITALIAN: 'ITA',
  ARGENTINA: 'ARG',
  ARGENTINO: 'ARG',
  MEXICANA: 'MEX',
  MEXICANO: 'MEX',
  BRASILEIRA: 'BRA',
  BRASILEIRO: 'BRA',
  BRAZILIAN: 'BRA',
  'BRITISH CITIZEN': 'GBR',
  BRITISH: 'GBR',
  AMERICAN: 'USA',
  CANADIAN: 'CAN',
  CANADIENNE: 'CAN',
  JAPANESE: 'JPN',
  KOREAN: 'KOR',
  CHINESE: 'CHN',
  AUSTRALIAN: 'AUS',
  'NEW ZEALAND': 'NZL',
  UTOPIAN: 'UTO',
  NEDERLANDSE: 'NLD',
  BELGE: 'BEL',
  POLSKIE: 'POL',
  PORTUGUESA: 'PRT',
  中国: 'CHN',
  中华人民共和国: 'CHN',
  日本: 'JPN',
  대한민국: 'KOR',
};

/**
 * Upper case without accents, full-width Latin letters and digits (which the Chinese-trained recogniser
 * emits for lone glyphs) as ASCII; one character in, one out, so spans carry over.
 */
export function fold(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      const ascii = code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : c;
      const base = ascii.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return base.length === 1 ? base.toUpperCase() : c;
    })
    .join('');
}

export function readValue(
  kind: ValueKind,
  text: string,
  field: FieldModel | undefined,
  ctx: ReadContext,
): ValueMatch | null {
  switch (kind) {
    case 'date':
      return readDate(text, field, ctx);
    case 'sex':
      return readSex(text, field);
    case 'nationality':
      return readNationality(text);
    case 'number':
      return readNumber(text, field?.pattern);
    case 'name':
      return withoutStrayMarks(text, readName(text, field?.pattern));
    case 'text':
      return withoutStrayMarks(text, readText(text, field?.pattern));
    case 'address': {
      const match = withoutStrayMarks(text, readText(text, field?.pattern));
      return match ? { ...match, value: digitsInNumbers(match.value) } : null;
    }
  }
}

/**
 * House numbers and postcodes: a word of digits in which the recogniser saw a letter O ("1O115") holds a
 * zero, which OCR fonts draw alike. Words with any other letter (postcodes such as "SW1A") are left alone.
 */
function digitsInNumbers(address: string): string {
  return address.replace(/(?<![\p{L}\p{N}])[0-9Oo]{2,}(?![\p{L}\p{N}])/gu, (word) =>
    word.replace(/[Oo]/g, '').length >= word.replace(/[0-9]/g, '').length ? word.replace(/[Oo]/g, '0') : word,
  );
}

function readDate(text: string, field: FieldModel | undefined, ctx: ReadContext): ValueMatch | null {
  const first = findDates(text, field?.dateOrder ?? ctx.order, ctx.role, ctx.today)[0];
  if (!first) return null;
  return {
    value: first.iso,
    start: first.start,
    end: first.end,
    ...(first.yearOnly ? { yearOnly: true } : {}),
  };
}

function readSex(text: string, field: FieldModel | undefined): ValueMatch | null {
  const folded = fold(text);
  const words: [RegExp, 'M' | 'F' | 'X'][] = [
    [/\b(MALE|MASCULINO|MASCULIN|MASCHILE|MANNLICH|HOMBRE|HOMME)\b/, 'M'],
    [/\b(FEMALE|FEMENINO|FEMININ|FEMININE|FEMMINILE|WEIBLICH|MUJER|FEMME|FEMININO)\b/, 'F'],
    [/男/, 'M'],
    [/女/, 'F'],
  ];
  for (const [re, sex] of words) {
    const m = re.exec(folded);
    if (m) return { value: sex, start: m.index, end: m.index + m[0].length };
  }
  const codes = field?.sexCodes ?? { M: 'M', F: 'F', X: 'X' };
  // A lone letter, possibly doubled for two languages ("F/F", "M / H").
  const m = /(?<![A-Z])([A-Z])(?:\s*\/\s*[A-Z])?(?![A-Z])/.exec(folded);
  if (!m) return null;
  const sex = codes[m[1]!];
  if (!sex) return null;
  return { value: sex, start: m.index, end: m.index + m[0].length };
}

function readNationality(text: string): ValueMatch | null {
  const folded = fold(text);
  for (const [word, code] of Object.entries(nationalityWords)) {
    const i = folded.indexOf(word);
    if (i >= 0) return { value: code, start: i, end: i + word.length };
  }
  for (const m of folded.matchAll(/(?<![A-Z])([A-Z]{3}|D)(?![A-Z])/g)) {
    const code = m[1]!;
    const iso = isIcaoAliasOfIso(code) ? isoOfIcaoState(code) : stateName(code) ? code : null;
    if (iso) return { value: iso, start: m.index, end: m.index + code.length };
  }
  return null;
}

/** Digit/letter confusions resolved by what the pattern allows at each position. */
const toDigit: Readonly<Record<string, string>> = {
  O: '0',
  Q: '0',
  D: '0',
  I: '1',
  L: '1',
  Z: '2',
  S: '5',
  B: '8',
  G: '6',
};
const toLetter: Readonly<Record<string, string>> = {
  // A J without its serif, seen as a bracket.
  ']': 'J',
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '5': 'S',
  '8': 'B',
  '6': 'G',
};

/**
 * Capitals and digits as read: a bar the recogniser wrote as a lower-case l or a pipe is a capital I in a
 * value printed in capitals (a capital L has its foot). One character in, one out.
 */
function foldCapitals(text: string): string {
  return fold(text.replace(/[l|]/g, 'I'));
}

function readNumber(text: string, pattern: string | undefined): ValueMatch | null {
  const folded = pattern ? foldCapitals(text) : fold(text);
  // Characters that may belong to a number, with their positions in the text.
  const chars: { c: string; at: number }[] = [];
  [...folded].forEach((c, at) => {
    if (/[A-Z0-9\-.*<\]]/.test(c)) chars.push({ c, at });
  });
  if (!pattern) {
    const m = /[A-Z0-9][A-Z0-9\-.]*[A-Z0-9]|[A-Z0-9]/.exec(folded);
    return m ? { value: m[0], start: m.index, end: m.index + m[0].length } : null;
  }
  const re = new RegExp(`^(?:${pattern})$`);
  const compact = chars.map((x) => x.c).join('');
  // Longest window first (a number is read whole, not a part of it); among equally long ones, the one
  // that needs the fewest repairs.
  for (let length = compact.length; length >= 1; length--) {
    let best: { value: string; start: number; changes: number } | null = null;
    for (let start = 0; start + length <= compact.length; start++) {
      const window = compact.slice(start, start + length);
      const fixed = re.test(window) ? window : repaired(window, re);
      if (!fixed) continue;
      const changes = [...fixed].filter((c, i) => c !== window[i]).length;
      if (!best || changes < best.changes) best = { value: fixed, start, changes };
    }
    if (best) {
      // Dots are print decoration (49.135.067); dashes are part of some numbers (RRN, licence numbers).
      const value = best.value.replace(/\./g, '');
      return { value, start: chars[best.start]!.at, end: chars[best.start + length - 1]!.at + 1 };
    }
  }
  return null;
}

/** Tries the digit or letter reading of each confusable character until the pattern fits. */
function repaired(window: string, re: RegExp): string | null {
  const chars = [...window];
  const ambiguous = chars
    .map((c, i) => ({ i, other: toDigit[c] ?? toLetter[c] }))
    .filter((x): x is { i: number; other: string } => x.other !== undefined);
  if (ambiguous.length === 0 || ambiguous.length > 8) return null;
  for (let mask = 1; mask < 1 << ambiguous.length; mask++) {
    const candidate = [...chars];
    ambiguous.forEach((a, k) => {
      if (mask & (1 << k)) candidate[a.i] = a.other;
    });
    const text = candidate.join('');
    if (re.test(text)) return text;
  }
  return null;
}

function readName(text: string, pattern: string | undefined): ValueMatch | null {
  if (pattern) {
    const m = new RegExp(pattern).exec(text);
    return m ? { value: m[0], start: m.index, end: m.index + m[0].length } : null;
  }
  // Letters of any script with inner spaces, hyphens and apostrophes; digits and stray symbols end it.
  const m = /[\p{L}][\p{L}\p{M}'’\- ,]*[\p{L}]|[\p{L}]/u.exec(text);
  if (!m) return null;
  const value = m[0]
    .replace(/\s*,\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (value.replace(/[^\p{L}]/gu, '').length < 1) return null;
  return { value, start: m.index, end: m.index + m[0].length };
}

const cjkSign = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const leadingMark = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]\s+/u;
const trailingMark = /\s+[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/**
 * A Latin value never starts or ends with a lone Han, Kana or Hangul sign set apart by a space: that is a
 * mark beside the text (a bar, a speck) that the Chinese-trained recogniser wrote as the nearest sign
 * ("丨 MADRID"). Values in those scripts are left whole.
 */
/** A lone Han, Kana or Hangul sign beside a Latin value: a mark, not part of it. */
export function isStrayMark(sign: string, beside: string): boolean {
  return (
    [...sign.trim()].length === 1 &&
    cjkSign.test(sign) &&
    /\p{Script=Latin}/u.test(beside) &&
    !cjkSign.test(beside)
  );
}

function withoutStrayMarks(text: string, match: ValueMatch | null): ValueMatch | null {
  if (!match) return match;
  const span = text.slice(match.start, match.end);
  const lead = leadingMark.exec(span)?.[0].length ?? 0;
  const trail = trailingMark.exec(span)?.[0].length ?? 0;
  if (lead === 0 && trail === 0) return match;
  const rest = span.slice(lead, span.length - trail);
  // Only a Latin value loses them: the rest holds Latin letters and no other such sign.
  if (!/\p{Script=Latin}/u.test(rest) || cjkSign.test(rest)) return match;
  const value = match.value.replace(leadingMark, '').replace(trailingMark, '');
  return { value, start: match.start + lead, end: match.end - trail };
}

function readText(text: string, pattern: string | undefined): ValueMatch | null {
  if (pattern) {
    const folded = foldCapitals(text);
    const m = new RegExp(`(?<![A-Z0-9])(?:${pattern})(?![A-Z0-9])`).exec(folded);
    if (m) return { value: m[0], start: m.index, end: m.index + m[0].length };
    // A lone code printed as a letter may come back as its digit lookalike ("I" read "1"): a word that
    // fits the pattern once its lookalikes are swapped is the value.
    const whole = new RegExp(`^(?:${pattern})$`);
    for (const w of folded.matchAll(/[A-Z0-9\]]+/g)) {
      const fixed = repaired(w[0], whole);
      if (fixed) return { value: fixed, start: w.index, end: w.index + w[0].length };
    }
    return null;
  }
  // From the first letter or digit to the last one: separators around captions are not part of it.
  const m = /[\p{L}\p{N}](?:.*[\p{L}\p{N}.)])?/u.exec(text);
  if (!m) return null;
  return { value: m[0].replace(/\s+/g, ' '), start: m.index, end: m.index + m[0].length };
}
