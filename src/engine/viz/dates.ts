// Dates as documents print them, normalised to YYYY-MM-DD: numeric in any order and separator, with
// month names or abbreviations in the documents' languages (bilingual "AUG/AOÛT" too), Han-style
// (1983年8月12日) and Japanese era years (昭和58年8月12日). Every match reports where it lies in the text
// so the value's box can be cut out of its line.
import type { DateOrder } from '../documents/types.js';

export type DateRole = 'birth' | 'issue' | 'expiry' | 'other';

export interface DateMatch {
  /** YYYY-MM-DD */
  readonly iso: string;
  /** Character span [start, end) in the text searched. */
  readonly start: number;
  readonly end: number;
  /** Only a year was printed (e.g. an INE "VIGENCIA 2029"); the date is the year's last day. */
  readonly yearOnly?: boolean;
}

const months: Record<string, number> = {};
const monthNames: readonly (readonly string[])[] = [
  [
    'JAN',
    'JANUARY',
    'JANV',
    'JANVIER',
    'ENE',
    'ENERO',
    'GEN',
    'GENNAIO',
    'JANEIRO',
    'JANUAR',
    'JANUARI',
    'STY',
  ],
  [
    'FEB',
    'FEBRUARY',
    'FEV',
    'FEVR',
    'FEVRIER',
    'FEBRERO',
    'FEBBRAIO',
    'FEVEREIRO',
    'FEBRUAR',
    'FEBRUARI',
    'LUT',
  ],
  ['MAR', 'MARCH', 'MARS', 'MARZO', 'MARCO', 'MAR', 'MAERZ', 'MARZ', 'MRZ', 'MAART', 'MRT'],
  ['APR', 'APRIL', 'AVR', 'AVRIL', 'ABR', 'ABRIL', 'APRILE', 'KWI'],
  ['MAY', 'MAI', 'MAYO', 'MAG', 'MAGGIO', 'MAIO', 'MEI', 'MAJ'],
  ['JUN', 'JUNE', 'JUIN', 'JUNIO', 'GIU', 'GIUGNO', 'JUNHO', 'JUNI', 'CZE'],
  ['JUL', 'JULY', 'JUIL', 'JUILLET', 'JULIO', 'LUG', 'LUGLIO', 'JULHO', 'JULI', 'LIP'],
  ['AUG', 'AUGUST', 'AOUT', 'AGO', 'AGOSTO', 'AUGUSTUS', 'SIE'],
  ['SEP', 'SEPT', 'SEPTEMBER', 'SEPTEMBRE', 'SEPTIEMBRE', 'SET', 'SETTEMBRE', 'SETEMBRO', 'WRZ'],
  ['OCT', 'OCTOBER', 'OCTOBRE', 'OCTUBRE', 'OTT', 'OTTOBRE', 'OUT', 'OUTUBRO', 'OKT', 'OKTOBER', 'PAZ'],
  ['NOV', 'NOVEMBER', 'NOVEMBRE', 'NOVIEMBRE', 'NOVEMBRO', 'LIS'],
  ['DEC', 'DECEMBER', 'DECEMBRE', 'DIC', 'DICIEMBRE', 'DICEMBRE', 'DEZ', 'DEZEMBRO', 'DEZEMBER', 'GRU'],
];
monthNames.forEach((names, i) => {
  for (const name of names) months[name] = i + 1;
});
const monthAlternation = Object.keys(months)
  .sort((a, b) => b.length - a.length)
  .join('|');

const eras: Readonly<Record<string, number>> = { 令和: 2018, 平成: 1988, 昭和: 1925, 大正: 1911 };

/** Upper-cased, accents removed, same length as the input (so spans carry over). */
function fold(text: string): string {
  return [...text]
    .map((c) => {
      const base = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return base.length === 1 ? base.toUpperCase() : c;
    })
    .join('');
}

/** Letters the recogniser confuses with digits, read as digits inside digit runs. */
function digitsFixed(text: string): string {
  return text.replace(/(?<=[0-9][./-]?)[OoQDIl|SZB](?=[./-]?[0-9])/g, (c) => {
    const map: Record<string, string> = {
      O: '0',
      o: '0',
      Q: '0',
      D: '0',
      I: '1',
      l: '1',
      '|': '1',
      S: '5',
      Z: '2',
      B: '8',
    };
    return map[c] ?? c;
  });
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days && year >= 1850 && year <= 2200;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A two-digit year placed in the century that suits the date's role. */
function fullYear(yy: number, role: DateRole, today: Date): number {
  const now = today.getUTCFullYear();
  const century = Math.floor(now / 100) * 100;
  if (role === 'birth') return century + yy > now ? century - 100 + yy : century + yy;
  if (role === 'expiry') return century + yy > now + 50 ? century - 100 + yy : century + yy;
  return century + yy > now + 1 ? century - 100 + yy : century + yy;
}

/** Every date found in `text`, in reading order. */
export function findDates(text: string, order: DateOrder, role: DateRole, today = new Date()): DateMatch[] {
  const folded = digitsFixed(fold(text));
  const found: DateMatch[] = [];
  const taken = (start: number, end: number): boolean => found.some((m) => start < m.end && end > m.start);
  const add = (start: number, end: number, y: number, m: number, d: number, yearOnly = false): void => {
    if (taken(start, end) || !isCalendarDate(y, m, d)) return;
    found.push({ iso: iso(y, m, d), start, end, ...(yearOnly ? { yearOnly } : {}) });
  };

  for (const match of folded.matchAll(
    /(令和|平成|昭和|大正)\s*(元|[0-9]{1,2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?/g,
  )) {
    const year = eras[match[1]!]! + (match[2] === '元' ? 1 : Number(match[2]));
    add(match.index, match.index + match[0].length, year, Number(match[3]), Number(match[4]));
  }
  for (const match of folded.matchAll(/([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?/g)) {
    add(match.index, match.index + match[0].length, Number(match[1]), Number(match[2]), Number(match[3]));
  }
  const monthRe = `(${monthAlternation})(?:\\s*[/.]\\s*(?:${monthAlternation}))?`;
  // 12 AUG 1983, 12 AGO/AUG 1983, 12-Aug-83, 12AUG83
  for (const match of folded.matchAll(
    new RegExp(
      `(?<![0-9])([0-9]{1,2})[\\s.\\-/]*${monthRe}\\.?[\\s.\\-/,]*([0-9]{4}|[0-9]{2})(?![0-9])`,
      'g',
    ),
  )) {
    const year = match[3]!.length === 2 ? fullYear(Number(match[3]), role, today) : Number(match[3]);
    add(match.index, match.index + match[0].length, year, months[match[2]!]!, Number(match[1]));
  }
  // AUG 12, 1983 and 1983-AUG-12
  for (const match of folded.matchAll(
    new RegExp(`(?<![A-Z])${monthRe}\\.?\\s*([0-9]{1,2}),?\\s*([0-9]{4})(?![0-9])`, 'g'),
  )) {
    add(match.index, match.index + match[0].length, Number(match[3]), months[match[1]!]!, Number(match[2]));
  }
  for (const match of folded.matchAll(
    new RegExp(`(?<![0-9])([0-9]{4})[\\s.\\-/]*${monthRe}[\\s.\\-/]*([0-9]{1,2})(?![0-9])`, 'g'),
  )) {
    add(match.index, match.index + match[0].length, Number(match[1]), months[match[2]!]!, Number(match[3]));
  }
  // Numeric with separators: 1983-08-12, 2015. 3. 2., then 12.08.1983, 08/12/1983, 12.08.83.
  for (const match of folded.matchAll(
    /(?<![0-9])([0-9]{4})\s?[./-]\s?([0-9]{1,2})\s?[./-]\s?([0-9]{1,2})(?![0-9])\.?/g,
  )) {
    add(match.index, match.index + match[0].length, Number(match[1]), Number(match[2]), Number(match[3]));
  }
  for (const match of folded.matchAll(
    /(?<![0-9])([0-9]{1,2})\s?[./-]\s?([0-9]{1,2})\s?[./-]\s?([0-9]{4}|[0-9]{2})(?![0-9])\.?/g,
  )) {
    const [a, b, c] = [match[1]!, match[2]!, match[3]!];
    const start = match.index;
    const end = start + match[0].length;
    {
      const year = c.length === 2 ? fullYear(Number(c), role, today) : Number(c);
      if (order === 'MDY') add(start, end, year, Number(a), Number(b));
      else if (order === 'YMD' && c.length === 2 && a.length === 2) {
        // yy.mm.dd (rare) or dd.mm.yy: prefer the reading that is a date.
        if (isCalendarDate(year, Number(b), Number(a))) add(start, end, year, Number(b), Number(a));
        else add(start, end, fullYear(Number(a), role, today), Number(b), Number(c));
      } else add(start, end, year, Number(b), Number(a));
    }
  }
  // Compact numeric: 12081983 or 19830812.
  for (const match of folded.matchAll(/(?<![0-9])([0-9]{8})(?![0-9])/g)) {
    const s = match[1]!;
    const start = match.index;
    const end = start + 8;
    const y4 = Number(s.slice(0, 4));
    if ((order === 'YMD' || y4 >= 1900) && isCalendarDate(y4, Number(s.slice(4, 6)), Number(s.slice(6, 8))))
      add(start, end, y4, Number(s.slice(4, 6)), Number(s.slice(6, 8)));
    else if (order === 'MDY')
      add(start, end, Number(s.slice(4)), Number(s.slice(0, 2)), Number(s.slice(2, 4)));
    else add(start, end, Number(s.slice(4)), Number(s.slice(2, 4)), Number(s.slice(0, 2)));
  }
  // A lone year (INE "VIGENCIA 2019 - 2029"): only for expiry, the last year printed.
  if (found.length === 0 && role === 'expiry') {
    const years = [...folded.matchAll(/(?<![0-9])(19[0-9]{2}|2[01][0-9]{2})(?![0-9])/g)];
    const last = years.at(-1);
    if (last) add(last.index, last.index + 4, Number(last[1]), 12, 31, true);
  }
  return found.sort((x, y) => x.start - y.start);
}
