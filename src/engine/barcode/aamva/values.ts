import {
  COMPLIANCE_TYPES,
  ETHNICITIES,
  EYE_COLORS,
  HAIR_COLORS,
  SEXES,
  weightRange as weightRangeOf,
} from './codes.js';
import type { CountryCode, Height, IsoDate, Weight, WeightRange } from './types.js';

// Parsers for single element values. Each returns a value, 'empty' (element present but says nothing:
// blank, or NONE where NONE means "no such thing"), or 'invalid' with a reason that becomes a warning.

export type ValueOutcome<T> =
  | { kind: 'value'; value: T; note?: string }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string };

export interface ValueContext {
  versionNumber: number;
  /** Country of the card as far as known before dates are parsed (from DCG, DAJ or the IIN). */
  country: CountryCode | null;
}

export type ValueParser<T> = (raw: string, context: ValueContext) => ValueOutcome<T>;

const EMPTY = { kind: 'empty' } as const;
const value = <T>(v: T, note?: string): ValueOutcome<T> =>
  note ? { kind: 'value', value: v, note } : { kind: 'value', value: v };
const invalid = (reason: string): ValueOutcome<never> => ({ kind: 'invalid', reason });

/** Free text, trimmed; kept even when it says NONE (a document number of NONE is what the card says). */
export const text: ValueParser<string> = (raw) => {
  const t = raw.trim();
  return t === '' ? EMPTY : value(t);
};

/** Text where NONE means absent: names, street line 2, class/restriction/endorsement codes. */
export const optionalText: ValueParser<string> = (raw) => {
  const t = raw.trim();
  return t === '' || t.toUpperCase() === 'NONE' ? EMPTY : value(t);
};

/** Names and address lines: some cards pad them with a trailing comma before the spaces. */
export const nameText: ValueParser<string> = (raw) => optionalText(raw.replace(/[\s,]+$/, ''), NO_CONTEXT);

export const upperText: ValueParser<string> = (raw) => {
  const t = raw.trim().toUpperCase();
  return t === '' ? EMPTY : value(t);
};

const NO_CONTEXT: ValueContext = { versionNumber: 0, country: null };

function lookup<T>(table: Record<string, T>, what: string): ValueParser<T> {
  return (raw) => {
    const key = raw.trim().toUpperCase();
    if (key === '') return EMPTY;
    const found = table[key];
    return found === undefined ? invalid(`unknown ${what} code "${key}"`) : value(found);
  };
}

export const sex = lookup(SEXES, 'sex');
export const eyeColor = lookup(EYE_COLORS, 'eye colour');
export const hairColor = lookup(HAIR_COLORS, 'hair colour');
export const ethnicity = lookup(ETHNICITIES, 'ethnicity');
export const complianceType = lookup(COMPLIANCE_TYPES, 'compliance type');

export const country: ValueParser<CountryCode> = (raw) => {
  const t = raw.trim().toUpperCase();
  if (t === '') return EMPTY;
  if (t === 'USA' || t === 'CAN' || t === 'MEX') return value(t);
  return invalid(`unknown country "${t}"`);
};

type DateOrder = 'CCYYMMDD' | 'MMDDCCYY';

/**
 * Dates are MMDDCCYY on US cards from AAMVA 2003 on and CCYYMMDD in DL/ID-2000 and on Canadian cards;
 * cards contradict their version and country often enough that the other order is tried when the
 * expected one gives no real calendar date.
 */
export const date: ValueParser<IsoDate> = (raw, context) => {
  const t = raw.trim();
  if (t === '' || t.toUpperCase() === 'NONE') return EMPTY;
  const digits = /^(\d{8})/.exec(t)?.[1];
  if (!digits) return invalid(`not a date: "${t}"`);
  const preferred: DateOrder =
    context.versionNumber <= 1 || context.country === 'CAN' ? 'CCYYMMDD' : 'MMDDCCYY';
  const orders: DateOrder[] = preferred === 'CCYYMMDD' ? ['CCYYMMDD', 'MMDDCCYY'] : ['MMDDCCYY', 'CCYYMMDD'];
  for (const order of orders) {
    const iso = toIsoDate(digits, order);
    if (iso) {
      const notes = [
        order !== preferred ? `${order} instead of ${preferred}` : '',
        t.length > 8 ? `trailing characters "${t.slice(8)}"` : '',
      ].filter(Boolean);
      return value(iso, notes.join('; ') || undefined);
    }
  }
  return invalid(`not a calendar date: "${t}"`);
};

function toIsoDate(digits: string, order: DateOrder): IsoDate | null {
  const [y, m, d] =
    order === 'CCYYMMDD'
      ? [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)]
      : [digits.slice(4, 8), digits.slice(0, 2), digits.slice(2, 4)];
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1850 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${y}-${m}-${d}`;
}

/** DAU: '070 IN' / '178 CM' from 2003 on, 'FII' feet-inches ('506' = 5'06") in DL/ID-2000 and on some later cards. */
export const height: ValueParser<Height> = (raw, context) => {
  const t = raw.trim().toUpperCase();
  if (t === '') return EMPTY;
  const withUnit = /^(\d{1,3})\s*(IN|CM)$/.exec(t);
  if (withUnit) return value({ unit: withUnit[2] === 'CM' ? 'cm' : 'in', value: Number(withUnit[1]) });
  const feetInches = /^([1-9])(\d\d)$/.exec(t);
  if (feetInches && Number(feetInches[2]) < 12) {
    const inches = Number(feetInches[1]) * 12 + Number(feetInches[2]);
    // Feet-inches is the DL/ID-2000 format; on later cards it is worth a note.
    return value(
      { unit: 'in', value: inches },
      context.versionNumber >= 2 ? 'feet-inches format' : undefined,
    );
  }
  if (/^\d{3}$/.test(t) && t.startsWith('0')) return value({ unit: 'in', value: Number(t) });
  if (/^\d{1,2}$/.test(t)) return value({ unit: 'in', value: Number(t) });
  if (/^\d{3}$/.test(t)) return value({ unit: 'cm', value: Number(t) }, 'three digits read as centimetres');
  return invalid(`not a height: "${t}"`);
};

/** DAV (DL/ID-2000): height in centimetres. */
export const heightCentimetres: ValueParser<Height> = (raw) => {
  const t = raw
    .trim()
    .toUpperCase()
    .replace(/\s*CM$/, '');
  if (t === '') return EMPTY;
  return /^\d{2,3}$/.test(t) ? value({ unit: 'cm', value: Number(t) }) : invalid(`not a height: "${t}"`);
};

/** DAW: weight in pounds, though some Canadian cards write '50 KG' here. */
export const weightPounds: ValueParser<Weight> = (raw) => {
  const t = raw.trim().toUpperCase();
  if (t === '') return EMPTY;
  const m = /^(\d{1,3})\s*(LBS?|KG)?$/.exec(t);
  if (!m) return invalid(`not a weight: "${t}"`);
  return value({ unit: m[2] === 'KG' ? 'kg' : 'lb', value: Number(m[1]) });
};

/** DAX: weight in kilograms. */
export const weightKilograms: ValueParser<Weight> = (raw) => {
  const t = raw
    .trim()
    .toUpperCase()
    .replace(/\s*KG$/, '');
  if (t === '') return EMPTY;
  return /^\d{1,3}$/.test(t) ? value({ unit: 'kg', value: Number(t) }) : invalid(`not a weight: "${t}"`);
};

export const weightRange: ValueParser<WeightRange> = (raw) => {
  const t = raw.trim();
  if (t === '') return EMPTY;
  const range = /^\d$/.test(t) ? weightRangeOf(Number(t)) : null;
  return range ? value(range) : invalid(`not a weight range: "${t}"`);
};

/**
 * DAK: US ZIP (+4, zero-filled when unknown, padded with spaces) or a Canadian postal code.
 * Returned without spaces or hyphens; an all-zero +4 is dropped.
 */
export const postalCode: ValueParser<string> = (raw) => {
  // Padding runs of spaces end the code ('96826     0'); a single space is part of it ('T4G 7A7').
  const first = raw.trim().split(/\s{2,}/)[0] ?? '';
  const compact = first.replace(/[\s-]/g, '').toUpperCase();
  if (compact === '') return EMPTY;
  if (/^\d+$/.test(compact) && compact.length > 5 && compact.endsWith('0000'))
    return value(compact.slice(0, -4));
  return value(compact);
};

/** DDE/DDF/DDG: T truncated, N not truncated, U unknown (treated as absent). */
export const truncation: ValueParser<boolean> = (raw) => {
  const t = raw.trim().toUpperCase();
  if (t === 'T') return value(true);
  if (t === 'N') return value(false);
  if (t === '' || t === 'U') return EMPTY;
  return invalid(`unknown truncation code "${t}"`);
};

/** DDK, DDL, DDD: '1' means yes; present with anything else means no. */
export const oneMeansYes: ValueParser<boolean> = (raw) => value(raw.trim() === '1');

/** DBH (organ donor, DL/ID-2000): Y/N, 1/0, or words such as DONOR. */
export const donorFlag: ValueParser<boolean> = (raw) => {
  const t = raw.trim().toUpperCase();
  if (t === '') return EMPTY;
  if (/^(Y|1|DONOR)/.test(t)) return value(true);
  if (/^(N|0|2)/.test(t)) return value(false);
  return invalid(`unknown organ donor code "${t}"`);
};
