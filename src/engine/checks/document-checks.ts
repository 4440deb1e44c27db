// Consistency and validity checks of one document: the same datum read from the visual zone, the MRZ and
// the barcode (and from the front and the back) must agree; dates must be real and in life order; the
// document must not be expired. Each check names what it looked at and why it passed or failed.
import type { FieldName, Side } from '../documents/types.js';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export type ReadingSource = 'viz' | 'mrz' | 'barcode';

export interface CheckResult {
  /** Stable identifier, e.g. "consistency.birth_date" or "validity.expired". */
  readonly id: string;
  readonly status: CheckStatus;
  /** Why it passed or failed, in words. */
  readonly message: string;
  /** What was looked at: "<field> <source> <side>" entries. */
  readonly inputs: readonly string[];
}

export interface Reading {
  readonly value: string;
  readonly source: ReadingSource;
  readonly side: Side;
}

/** Every reading of every field, from every source. */
export type Readings = Readonly<Partial<Record<FieldName, readonly Reading[]>>>;

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Letters and digits only, upper case, accents removed, MRZ fillers as spaces. */
export function comparable(field: FieldName, value: string): string {
  let v = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
  v = v.replace(/ß/g, 'SS').replace(/Æ/g, 'AE').replace(/Ø/g, 'OE');
  if (field === 'documentNumber' || field === 'personalNumber') return v.replace(/[^A-Z0-9]/g, '');
  return v.replace(/[^A-Z0-9\u4e00-\u9fff\uac00-\ud7a3]+/g, ' ').trim();
}

/** Names agree when one is the other's transliteration or its MRZ truncation. */
function namesAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const ca = a.replace(/ /g, '');
  const cb = b.replace(/ /g, '');
  if (ca === cb) return true;
  // German umlauts are written AE/OE/UE in the MRZ, accents are dropped: compare both ways.
  const de = (s: string): string => s.replace(/AE/g, 'A').replace(/OE/g, 'O').replace(/UE/g, 'U');
  if (de(ca) === de(cb)) return true;
  // The MRZ truncates long names; a prefix of at least 10 characters counts as agreement.
  const [short, long] = ca.length <= cb.length ? [ca, cb] : [cb, ca];
  return short.length >= 10 && long.startsWith(short);
}

const nameFields: readonly FieldName[] = ['surname', 'givenNames', 'fullName', 'middleName'];

function agree(field: FieldName, a: string, b: string): boolean {
  const x = comparable(field, a);
  const y = comparable(field, b);
  if (nameFields.includes(field)) return namesAgree(x, y);
  return x === y;
}

const describe = (r: Reading): string => `${r.source} (${r.side})`;

export function consistencyChecks(readings: Readings): CheckResult[] {
  const out: CheckResult[] = [];
  for (const [field, list] of Object.entries(readings) as [FieldName, readonly Reading[]][]) {
    if (!list || list.length < 2) continue;
    const first = list[0]!;
    const disagreeing = list.slice(1).filter((r) => !agree(field, first.value, r.value));
    const inputs = list.map((r) => `${field} ${r.source} ${r.side}`);
    if (disagreeing.length === 0) {
      out.push({
        id: `consistency.${snake(field)}`,
        status: 'pass',
        message: `${field} agrees across ${list.map(describe).join(', ')}`,
        inputs,
      });
    } else {
      out.push({
        id: `consistency.${snake(field)}`,
        status: 'fail',
        message: `${field} differs: ${list.map((r) => `${describe(r)} reads "${r.value}"`).join('; ')}`,
        inputs,
      });
    }
  }
  return out;
}

export interface DateFacts {
  readonly birthDate?: string;
  readonly issueDate?: string;
  readonly expiryDate?: string;
}

function yearsBetween(from: string, to: string): number {
  const a = new Date(`${from}T00:00:00Z`);
  const b = new Date(`${to}T00:00:00Z`);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (
    b.getUTCMonth() < a.getUTCMonth() ||
    (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())
  )
    years--;
  return years;
}

export function dateChecks(dates: DateFacts, today: Date): CheckResult[] {
  const now = today.toISOString().slice(0, 10);
  const out: CheckResult[] = [];
  const { birthDate, issueDate, expiryDate } = dates;
  if (birthDate) {
    const age = yearsBetween(birthDate, now);
    const ok = birthDate <= now && age <= 130;
    out.push({
      id: 'validity.birth_date',
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `date of birth gives an age of ${age}`
        : `date of birth ${birthDate} is not a plausible birth date`,
      inputs: ['birthDate'],
    });
  }
  if (issueDate) {
    const afterBirth = !birthDate || issueDate >= birthDate;
    const ok = issueDate <= now && afterBirth;
    out.push({
      id: 'validity.issue_date',
      status: ok ? 'pass' : 'fail',
      message: ok
        ? 'date of issue is in the past and after the date of birth'
        : issueDate > now
          ? `date of issue ${issueDate} is in the future`
          : `date of issue ${issueDate} is before the date of birth`,
      inputs: birthDate ? ['issueDate', 'birthDate'] : ['issueDate'],
    });
  }
  if (expiryDate) {
    const after = [issueDate, birthDate].filter((d): d is string => d !== undefined);
    const ordered = after.every((d) => expiryDate > d);
    out.push({
      id: 'validity.expiry_order',
      status: ordered ? 'pass' : 'fail',
      message: ordered
        ? 'date of expiry comes after the other dates'
        : `date of expiry ${expiryDate} is not after ${after.join(' / ')}`,
      inputs: ['expiryDate', ...(issueDate ? ['issueDate'] : []), ...(birthDate ? ['birthDate'] : [])],
    });
    const expired = expiryDate < now;
    out.push({
      id: 'validity.expired',
      status: expired ? 'fail' : 'pass',
      message: expired
        ? `the document expired on ${expiryDate}`
        : `the document is valid until ${expiryDate}`,
      inputs: ['expiryDate'],
    });
  }
  return out;
}
