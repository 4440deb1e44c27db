// The Liveform error pages of argos.md §14.3: the checks run in this order and the first failure names the page.
// The table is the data; `LiveformError` carries one of its codes through the validation.

export const LIVEFORM_ERRORS = {
  'NF-10000': 'pid is missing, unknown or suspended',
  'PV-40001': 'encrypted does not decrypt to a JSON object',
  'PV-40018': 'startValidUntil is in the past',
  'PV-40002': 'a parameter value is invalid, or auxidField is unsupported',
  'PV-40003': 'selectedIdType is given without selectedIssuingCountry',
  'PV-40004': 'auxidField is combined with selectedIssuingCountry / selectedIdType',
  'PV-40005': 'a selection is outside allowedCountries / allowedIdTypes',
  'TK-10000': 'the project requires a token and none is given',
  'TK-10005': 'the token is not in the pool',
  'TK-10001': 'the token is expired',
  'TK-10002': 'a submission made with the token is approved',
  'TK-10003': 'a submission made with the token is pending',
  'TK-10004': 'a submission made with the token is rejected',
  'PV-40006': 'injection mode: sid unknown or deleted, or action is not addveri',
  'SE-50000': 'server error',
} as const;

export type LiveformErrorCode = keyof typeof LIVEFORM_ERRORS;

export const LIVEFORM_ERROR_CODES = Object.keys(LIVEFORM_ERRORS) as LiveformErrorCode[];

export function isLiveformErrorCode(value: string): value is LiveformErrorCode {
  return Object.hasOwn(LIVEFORM_ERRORS, value);
}

export class LiveformError extends Error {
  override name = 'LiveformError';
  constructor(
    readonly code: LiveformErrorCode,
    /** Which parameter was at fault, for the operator's log (never its value: it may be personal data). */
    readonly parameter?: string,
  ) {
    super(
      parameter ? `${code}: ${LIVEFORM_ERRORS[code]} (${parameter})` : `${code}: ${LIVEFORM_ERRORS[code]}`,
    );
  }
}
