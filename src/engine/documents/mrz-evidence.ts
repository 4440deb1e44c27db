// When an MRZ reading counts as evidence about a document, and when a page's text says an MRZ is there.
import type { MrzReading } from '../mrz/reader.js';
import { stateName } from '../mrz/states.js';

/**
 * The MRZ reader reports its best attempt even when nothing verifies; such a reading is kept only when it
 * looks like an MRZ: a known issuing state, an ICAO document code and most check digits right. Lines of
 * ordinary print (a card's field values) fail this.
 */
export function plausibleMrz(reading: MrzReading | null): MrzReading | null {
  if (!reading) return null;
  const { parsed } = reading;
  if (parsed.valid) return reading;
  const passed = parsed.checks.filter((c) => c.valid).length;
  const known = stateName(parsed.fields.issuingState) !== null;
  const code = /^[PIACV]/.test(parsed.fields.documentCode);
  return known && code && passed >= Math.max(2, parsed.checks.length - 1) ? reading : null;
}

/** Characters a general recogniser reads an MRZ filler '<' as. */
const fillers = '<«‹く';
const fillerRun = new RegExp(`[${fillers}]{2,}|[${fillers}KLC]{5,}`);
const machineChar = new RegExp(`[A-Z0-9${fillers}]`, 'g');

/**
 * Whether a page's read lines include one that looks like an MRZ line: long, nearly all capitals, digits
 * and fillers, with a run of fillers. Cheap evidence that makes the MRZ search of a side worth its cost.
 */
export function looksLikeMrz(lines: readonly { readonly text: string }[]): boolean {
  return lines.some(({ text }) => {
    const t = text.replace(/\s+/g, '').toUpperCase();
    if (t.length < 24) return false;
    const machine = t.match(machineChar)?.length ?? 0;
    return machine >= 0.9 * t.length && fillerRun.test(t);
  });
}
