import { NAME_SUFFIXES } from './codes.js';
import type { AamvaElement, AamvaFields, Field } from './types.js';

// Name parts come from different elements by version:
//   DL/ID-2000: DAA full name ('LAST,FIRST,MIDDLE,SUFFIX', 'LAST, FIRST MIDDLE' or 'FIRST MIDDLE LAST'),
//               or DAB/DAC/DAD/DAE/DAF as separate parts;
//   2003-2005:  DCS family name, DCT given names ('FIRST MIDDLE' or 'FIRST,MIDDLE'), DCU suffix;
//   2009 on:    DCS, DAC, DAD, DCU.
// Separate elements win over combined ones. NONE (e.g. DADNONE) means the part does not exist.

type NameFields = Pick<AamvaFields, 'lastName' | 'firstName' | 'middleName' | 'suffix' | 'prefix'>;

interface NameParts {
  last?: string;
  first?: string;
  middle?: string;
  suffix?: string;
}

export function resolveNames(find: (id: string) => AamvaElement | undefined): NameFields {
  const out: NameFields = {};
  const field = (element: AamvaElement, value: string | undefined): Field<string> | undefined =>
    value ? { value, element: element.id, raw: element.value } : undefined;

  const fullName = find('DAA');
  const fromFull = fullName ? splitFullName(clean(fullName.value) ?? '') : {};
  const givenNames = find('DCT');
  const fromGiven = givenNames ? splitGivenNames(clean(givenNames.value) ?? '') : {};

  // A part of its own element wins; else the part split out of the full name.
  const ownOrFromFull = (ids: string[], part: keyof NameParts): Field<string> | undefined => {
    const own = firstPresent(find, ids);
    if (own) return field(own, clean(own.value));
    return fullName ? field(fullName, fromFull[part]) : undefined;
  };
  out.lastName = ownOrFromFull(['DCS', 'DAB'], 'last');

  const middleElement = find('DAD');
  const middleStated = middleElement !== undefined && middleElement.value.trim() !== '';
  const first = find('DAC');
  const firstValue = first ? clean(first.value) : undefined;
  if (first && firstValue) {
    // With no separate middle name, a space in DAC separates first and middle ('MOTORIST E').
    const split = !middleStated && !givenNames ? splitGivenNames(firstValue) : { first: firstValue };
    out.firstName = field(first, split.first);
    if (split.middle) out.middleName = field(first, split.middle);
  } else if (givenNames) out.firstName = field(givenNames, fromGiven.first);
  else if (fullName) out.firstName = field(fullName, fromFull.first);

  if (middleStated && middleElement) out.middleName = field(middleElement, clean(middleElement.value));
  else if (!out.middleName && middleElement === undefined) {
    if (givenNames) out.middleName = field(givenNames, fromGiven.middle);
    else if (fullName && !first) out.middleName = field(fullName, fromFull.middle);
  }

  out.suffix = ownOrFromFull(['DCU', 'DAE'], 'suffix');
  const prefix = find('DAF');
  if (prefix) out.prefix = field(prefix, clean(prefix.value));

  for (const key of Object.keys(out) as (keyof NameFields)[]) if (out[key] === undefined) delete out[key];
  return out;
}

function firstPresent(
  find: (id: string) => AamvaElement | undefined,
  ids: string[],
): AamvaElement | undefined {
  for (const id of ids) {
    const element = find(id);
    if (element && clean(element.value)) return element;
  }
  return undefined;
}

/** Trimmed name text without padding commas; undefined when blank or NONE. */
function clean(raw: string): string | undefined {
  const t = raw.replace(/^[\s,]+|[\s,]+$/g, '').replace(/\s+,/g, ',');
  return t === '' || t.toUpperCase() === 'NONE' ? undefined : t;
}

/** DCT given names: 'FIRST MIDDLE [MIDDLE2]' or 'FIRST,MIDDLE'. */
export function splitGivenNames(given: string): Pick<NameParts, 'first' | 'middle'> {
  const byComma = given.split(',').map((s) => s.trim());
  if (byComma.length > 1)
    return {
      first: byComma[0] || undefined,
      middle: byComma.slice(1).filter(Boolean).join(' ') || undefined,
    };
  const words = given.split(/\s+/).filter(Boolean);
  return { first: words[0], middle: words.slice(1).join(' ') || undefined };
}

/** DAA full name in any of the layouts cards use. */
export function splitFullName(full: string): NameParts {
  if (full.includes(',')) {
    const parts = full.split(',').map((s) => s.trim());
    const [last, ...rest] = parts;
    if (rest.length === 1) {
      // 'LAST, FIRST MIDDLE'
      const words = (rest[0] ?? '').split(/\s+/).filter(Boolean);
      const suffix =
        words.length > 1 && NAME_SUFFIXES.has(words[words.length - 1]!.toUpperCase())
          ? words.pop()
          : undefined;
      return {
        last: last || undefined,
        first: words[0],
        middle: words.slice(1).join(' ') || undefined,
        suffix,
      };
    }
    return {
      last: last || undefined,
      first: rest[0] || undefined,
      middle: rest[1] || undefined,
      suffix: rest.slice(2).filter(Boolean).join(' ') || undefined,
    };
  }
  // 'FIRST [MIDDLE...] LAST [SUFFIX]'
  const words = full.split(/\s+/).filter(Boolean);
  const suffix =
    words.length > 2 && NAME_SUFFIXES.has(words[words.length - 1]!.toUpperCase()) ? words.pop() : undefined;
  if (words.length === 1) return { last: words[0], suffix };
  return {
    first: words[0],
    middle: words.slice(1, -1).join(' ') || undefined,
    last: words[words.length - 1],
    suffix,
  };
}
