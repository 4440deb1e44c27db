import type { OcrFieldName, Quad } from '../../kyc/submission-model.js';

// Small pieces of the ARGOS wire format shared by responses and webhooks.

/** `YYYY-MM-DD-HH-mm-ss-SSS` in UTC (argos.md §1.6). */
export function compactTimestamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}-${iso.slice(20, 23)}`;
}

const COMPACT = /^(\d{4}-\d{2}-\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{3})$/;

export function parseCompactTimestamp(text: string): Date | undefined {
  const match = COMPACT.exec(text);
  if (!match) return undefined;
  const date = new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Omits undefined members, so absent optional values are absent on the wire. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `raw` keys of the recognition catalogue (argos.md §3) for the domain's OCR fields. */
export const RAW_KEYS: Partial<Record<OcrFieldName, string>> = {
  fullName: 'name',
  firstName: 'first_name',
  middleName: 'middle_name',
  lastName: 'last_name',
  gender: 'gender',
  nationality: 'nationality',
  birthDate: 'birth_date',
  identityNumber: 'identity_number',
  documentNumber: 'number',
  issueDate: 'issue_date',
  expireDate: 'expire_date',
  version: 'version',
  address: 'address',
  authority: 'authority',
  mrz: 'mrz',
};

/** Raw fields that carry `accepted` (a check digit, checksum or date validity exists for them). */
export const ACCEPTED_RAW_KEYS = new Set(['number', 'identity_number', 'birth_date', 'expire_date']);

export function coordinates(quad: Quad) {
  const [first, second, third, fourth] = quad;
  return { first, second, third, fourth };
}

/** The Latin form of a name: diacritics dropped; other scripts are copied as they are (our choice). */
export function latinName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}
