import { countryCode } from '../../kyc/countries.js';
import { isCalendarDate } from '../../kyc/dates.js';
import type { SubmissionEdit } from '../../kyc/edits.js';
import { type Gender, type IdType, idTypeOf } from '../../kyc/submission-model.js';

// The `data` object of PATCH /v3/submission (argos.md §6) and the `updateFields` of the review (§11): vendor
// keys in, a validated edit in the domain's names out, or the first problem in the order of §6's error table.

const STRING_KEYS = [
  'fullName',
  'firstName',
  'lastName',
  'identityNumber',
  'documentNumber',
  'serialNumber',
  'typeOfPermit',
  'curpNumber',
  'version',
] as const;
const DATE_KEYS = ['birthDate', 'issueDate', 'expireDate'] as const;
const KNOWN = new Set<string>([
  'kycStatus',
  'idType',
  'issuingCountry',
  'gender',
  'nationality',
  'privacyShield',
  ...STRING_KEYS,
  ...DATE_KEYS,
]);

export type EditProblem =
  | { kind: 'parse' }
  | { kind: 'empty' }
  | { kind: 'idType' | 'kycStatus' | 'gender' | 'issuingCountry' | 'nationality' }
  | { kind: 'date'; field: (typeof DATE_KEYS)[number] };

export type ParsedEdit =
  | { ok: true; status?: 'approved' | 'rejected'; edit: SubmissionEdit; keys: string[] }
  | { ok: false; problem: EditProblem };

/** Structure first (unknown keys, wrong types), then values: enumerations, countries, dates. */
export function parseEdit(data: unknown, options: { allowStatus: boolean }): ParsedEdit {
  if (data === undefined || data === null) return { ok: false, problem: { kind: 'empty' } };
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: { kind: 'parse' } };
  const input = data as Record<string, unknown>;
  const keys = Object.keys(input);
  for (const key of keys) {
    if (!KNOWN.has(key) || (key === 'kycStatus' && !options.allowStatus))
      return { ok: false, problem: { kind: 'parse' } };
    const value = input[key];
    if (key === 'privacyShield' ? typeof value !== 'boolean' : typeof value !== 'string') {
      return { ok: false, problem: { kind: 'parse' } };
    }
    if ((STRING_KEYS as readonly string[]).includes(key) && (value as string).trim() === '') {
      return { ok: false, problem: { kind: 'parse' } };
    }
  }
  if (keys.length === 0) return { ok: false, problem: { kind: 'empty' } };
  const edit: SubmissionEdit = {};
  let status: 'approved' | 'rejected' | undefined;
  if (input.idType !== undefined) {
    const idType = idTypeOf(input.idType);
    if (!idType || idType === 'universal') return { ok: false, problem: { kind: 'idType' } };
    edit.idType = idType as IdType;
  }
  if (input.kycStatus !== undefined) {
    if (input.kycStatus !== 'approved' && input.kycStatus !== 'rejected')
      return { ok: false, problem: { kind: 'kycStatus' } };
    status = input.kycStatus;
  }
  if (input.gender !== undefined) {
    const gender = String(input.gender).toLowerCase();
    if (gender !== 'male' && gender !== 'female') return { ok: false, problem: { kind: 'gender' } };
    edit.gender = gender as Gender;
  }
  for (const key of ['issuingCountry', 'nationality'] as const) {
    if (input[key] === undefined) continue;
    const code = countryCode(input[key]);
    if (!code) return { ok: false, problem: { kind: key } };
    edit[key] = code;
  }
  for (const key of DATE_KEYS) {
    if (input[key] === undefined) continue;
    if (!isCalendarDate(input[key])) return { ok: false, problem: { kind: 'date', field: key } };
    edit[key] = input[key] as string;
  }
  for (const key of STRING_KEYS) {
    if (input[key] !== undefined) edit[key] = (input[key] as string).trim();
  }
  if (input.privacyShield !== undefined) edit.privacyShield = input.privacyShield as boolean;
  return { ok: true, ...(status ? { status } : {}), edit, keys };
}
