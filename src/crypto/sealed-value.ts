import crypto from 'node:crypto';

// Small values kept in the database (personal data fields, project secrets) are sealed with AES-256-GCM under
// a key derived from the master key for that purpose. Layout: version(1) | nonce(12) | ciphertext | tag(16).
// The caller passes a context (e.g. the row id) that is authenticated, so a sealed value cannot be moved to
// another row unnoticed.

const VERSION = 1;

export class SealError extends Error {
  override name = 'SealError';
}

export function sealValue(plaintext: string, key: Buffer, context: string): Buffer {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), nonce, ciphertext, cipher.getAuthTag()]);
}

export function openValue(sealed: Uint8Array, key: Buffer, context: string): string {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < 29 || bytes[0] !== VERSION) throw new SealError('not a sealed value');
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 13));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(13, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SealError('the sealed value does not authenticate');
  }
}

/** Deterministic keyed hash for exact-match lookups of sealed values (e-mail, user id) without decrypting. */
export function blindIndex(value: string, key: Buffer): string {
  return crypto.createHmac('sha256', key).update(value).digest('hex');
}
