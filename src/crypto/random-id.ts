import crypto from 'node:crypto';

const LOWER_ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Uniformly random characters from `alphabet` (rejection sampling, no modulo bias). */
export function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** 13 characters of [0-9a-z]: submission, transaction, project and applicant ids (argos.md §1.8). */
export function newId(): string {
  return randomString(13, LOWER_ALPHANUMERIC);
}

export function randomBase62(length: number): string {
  return randomString(length, BASE62);
}
