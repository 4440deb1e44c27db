// MRZ dates are YYMMDD. The century is inferred: a birth date is never in the future; an expiry date is the
// reading closest to today within fifty years either side.

export interface MrzDate {
  /** As printed, YYMMDD. */
  readonly raw: string;
  /** YYYY-MM-DD, or null when the date is not a calendar date (or partly unknown). */
  readonly iso: string | null;
}

export function birthDate(raw: string, today: Date): MrzDate {
  return { raw, iso: resolve(raw, today, 'past') };
}

export function expiryDate(raw: string, today: Date): MrzDate {
  return { raw, iso: resolve(raw, today, 'nearest') };
}

function resolve(raw: string, today: Date, rule: 'past' | 'nearest'): string | null {
  if (!/^\d{6}$/.test(raw)) return null;
  const yy = Number(raw.slice(0, 2));
  const month = Number(raw.slice(2, 4));
  const day = Number(raw.slice(4, 6));
  const thisYear = today.getUTCFullYear();
  const century = Math.floor(thisYear / 100) * 100;
  const candidates = [century - 100 + yy, century + yy, century + 100 + yy];
  let year: number | undefined;
  if (rule === 'past') {
    const todayKey = keyOf(thisYear, today.getUTCMonth() + 1, today.getUTCDate());
    year = candidates.filter((y) => keyOf(y, month, day) <= todayKey).at(-1);
  } else {
    year = candidates.reduce((best, y) => (Math.abs(y - thisYear) < Math.abs(best - thisYear) ? y : best));
  }
  if (year === undefined || !isCalendarDate(year, month, day)) return null;
  return `${year}-${raw.slice(2, 4)}-${raw.slice(4, 6)}`;
}

function keyOf(year: number, month: number, day: number): number {
  return year * 10000 + month * 100 + day;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}
