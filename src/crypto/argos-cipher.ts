import crypto from 'node:crypto';

// The payload encryption of argos.md §2: K = SHA-256(key string); AES-256-ECB with PKCS#7 (the vendor's,
// and the default) or AES-256-GCM in our layout Base64(nonce12 ‖ ciphertext ‖ tag16). The plaintext is
// always the UTF-8 JSON of one object.

export type PayloadAlgorithm = 'AES-256' | 'GCM-256';

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

export function payloadKey(keyString: string): Buffer {
  return crypto.createHash('sha256').update(keyString, 'utf8').digest();
}

/** Standard or URL-safe Base64, padding optional, and spaces that stood for an unescaped `+` (§2.4). */
export function decodeLenientBase64(text: string): Buffer {
  const standard = text.trim().replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) throw new DecryptionError('not Base64');
  const unpadded = standard.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) throw new DecryptionError('not Base64');
  return Buffer.from(unpadded, 'base64');
}

export function encryptPayload(
  payload: object,
  key: Buffer,
  algorithm: PayloadAlgorithm,
  nonce: Buffer = crypto.randomBytes(12),
): string {
  const plaintext = Buffer.from(JSON.stringify(payload), 'utf8');
  if (algorithm === 'AES-256') {
    const cipher = crypto.createCipheriv('aes-256-ecb', key, null);
    return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
  }
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64');
}

/** The decrypted JSON object; anything else (bad Base64, wrong key, bad tag, not an object) throws. */
export function decryptPayload(
  token: string,
  key: Buffer,
  algorithm: PayloadAlgorithm,
): Record<string, unknown> {
  const bytes = decodeLenientBase64(token);
  let plaintext: Buffer;
  try {
    if (algorithm === 'AES-256') {
      if (bytes.length === 0 || bytes.length % 16 !== 0) throw new DecryptionError('bad length');
      const decipher = crypto.createDecipheriv('aes-256-ecb', key, null);
      plaintext = Buffer.concat([decipher.update(bytes), decipher.final()]);
    } else {
      if (bytes.length < 28) throw new DecryptionError('bad length');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      plaintext = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
    }
  } catch {
    throw new DecryptionError('the payload does not decrypt with this key');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new DecryptionError('the decrypted payload is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DecryptionError('the decrypted payload is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}
