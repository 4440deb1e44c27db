// Calendar dates (argos.md §1.6) and the age bands of §1.5, computed in UTC.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for YYYY-MM-DD naming a real calendar date (1999-11-31 is not one). */
export function isCalendarDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The ISO date (YYYY-MM-DD) of an instant, in UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Completed years between a birth date and `today` (UTC); undefined for an invalid date. */
export function ageOn(birthDate: string, today: Date): number | undefined {
  if (!isCalendarDate(birthDate)) return undefined;
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth() + 1;
  const d = today.getUTCDate();
  let age = y - year;
  if (m < month || (m === month && d < day)) age -= 1;
  return age;
}

export type AgeGroup = 'minor' | 'early-teen' | 'teen' | 'adult' | 'N/A';

export function ageGroup(birthDate: string | undefined, today: Date): AgeGroup {
  const age = birthDate === undefined ? undefined : ageOn(birthDate, today);
  if (age === undefined || age < 0) return 'N/A';
  if (age <= 12) return 'minor';
  if (age <= 15) return 'early-teen';
  if (age <= 17) return 'teen';
  return 'adult';
}

/** A date strictly before `today`'s UTC day: the document has expired. */
export function isBeforeDay(date: string, today: Date): boolean {
  return isCalendarDate(date) && date < utcDay(today);
}
