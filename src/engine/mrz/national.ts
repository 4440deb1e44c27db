// National MRZ layouts that are not ICAO 9303 (French national ID, French and Swiss driving licences) are
// parsed by the `mrz` package, without its autocorrection (repairs here must be proven, not guessed).
import { parse } from 'mrz';
import { stateName } from './states.js';
import type { MrzFields, MrzParseResult } from './types.js';

export function parseNationalMrz(lines: readonly string[]): MrzParseResult | null {
  let result: ReturnType<typeof parse>;
  try {
    result = parse([...lines], { autocorrect: false });
  } catch {
    return null;
  }
  if (result.format === 'TD1' || result.format === 'TD2' || result.format === 'TD3') return null;
  const f = result.fields;
  const fields: MrzFields = {
    documentCode: f.documentCode ?? '',
    issuingState: f.issuingState ?? '',
    issuingStateName: stateName(f.issuingState ?? ''),
    surname: f.lastName ?? '',
    givenNames: f.firstName ?? '',
    documentNumber: f.documentNumber ?? result.documentNumber ?? '',
    nationality: f.nationality ?? '',
    nationalityName: stateName(f.nationality ?? ''),
    birthDate: null,
    birthDateRaw: f.birthDate ?? '',
    sex: f.sex === 'male' ? 'M' : f.sex === 'female' ? 'F' : null,
    expiryDate: null,
    expiryDateRaw: f.expirationDate ?? '',
  };
  const checks = result.details
    .filter((d) => d.field?.endsWith('CheckDigit'))
    .map((d) => ({
      name: 'composite' as const,
      valid: d.valid,
      found: d.value ?? '',
      expected: d.valid ? (d.value ?? '') : '?',
    }));
  const problems = result.details.filter((d) => !d.valid && d.error).map((d) => `${d.label}: ${d.error}`);
  return {
    format: result.format,
    lines: [...lines],
    valid: result.valid,
    fields,
    checks,
    repairs: [],
    problems,
  };
}
