import { encryptPayload, type PayloadAlgorithm } from '../crypto/argos-cipher.js';

// The Return URL of argos.md §14.4: the project's returnUrl with the project-selected result fields appended,
// or one `encrypted` parameter carrying them when the project uses Secure Data Transfer.

export const RETURN_URL_FIELDS = [
  'userid',
  'cf1',
  'cf2',
  'cf3',
  'email',
  'submissionId',
  'kycStatus',
  'errorCode',
] as const;
export type ReturnUrlField = (typeof RETURN_URL_FIELDS)[number];

export type ReturnValues = Partial<Record<ReturnUrlField, string>>;

export interface ReturnUrlSettings {
  readonly returnUrl?: string;
  readonly returnUrlFields: readonly string[];
  readonly secureTransfer: boolean;
}

/** Only http(s) URLs are followed: a project setting must not turn the page into a javascript: link. */
function baseUrl(text: string | undefined): URL | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL to send the applicant to, or undefined when there is none: no returnUrl, or an error page whose
 * project did not select `errorCode`.
 */
export function buildReturnUrl(
  settings: ReturnUrlSettings,
  values: ReturnValues,
  cipher: { key: Buffer; algorithm: PayloadAlgorithm } | undefined,
): string | undefined {
  const base = baseUrl(settings.returnUrl);
  if (!base) return undefined;
  const selected = new Set(settings.returnUrlFields);
  if (values.errorCode !== undefined && !selected.has('errorCode')) return undefined;
  const fields: Record<string, string> = {};
  for (const name of RETURN_URL_FIELDS) {
    const value = values[name];
    if (selected.has(name) && value !== undefined && value !== '') fields[name] = value;
  }
  const pairs: [string, string][] =
    settings.secureTransfer && cipher
      ? [['encrypted', encryptPayload(fields, cipher.key, cipher.algorithm)]]
      : Object.entries(fields);
  if (pairs.length === 0) return base.toString();
  const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const href = base.toString();
  const hashAt = href.indexOf('#');
  const [path, hash] = hashAt >= 0 ? [href.slice(0, hashAt), href.slice(hashAt)] : [href, ''];
  const separator = path.includes('?') ? (path.endsWith('?') || path.endsWith('&') ? '' : '&') : '?';
  return `${path}${separator}${query}${hash}`;
}
