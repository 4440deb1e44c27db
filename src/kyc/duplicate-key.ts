import crypto from 'node:crypto';
import type { IdentityData } from './submission-model.js';

/**
 * `duplicated_information` (argos.md §5): the first 16 bytes, in lower-case hex, of
 * HMAC-SHA256(projectSecret, NFKC-upper(full name) | birth date | gender | nationality). Only when all four
 * are known; the secret never leaves the server, so the value cannot be recomputed from public data elsewhere.
 */
export function duplicateKey(secret: string, identity: IdentityData): string | null {
  const { fullName, birthDate, gender, nationality } = identity;
  if (!fullName || !birthDate || !gender || !nationality) return null;
  const name = fullName.normalize('NFKC').toUpperCase().trim().replace(/\s+/g, ' ');
  return crypto
    .createHmac('sha256', secret)
    .update([name, birthDate, gender, nationality].join('|'), 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('hex');
}
