import crypto from 'node:crypto';

// Envelope encryption of one object: a fresh random data key encrypts the content (AES-256-GCM); the master
// key wraps the data key (AES-256-GCM). Layout, all lengths fixed except the ciphertext:
//   magic "OKE1" | wrapNonce(12) | wrappedKey(32) | wrapTag(16) | nonce(12) | ciphertext | tag(16)
// The header is authenticated as additional data of the content, so no byte can change unnoticed.

const MAGIC = Buffer.from('OKE1');
const NONCE = 12;
const TAG = 16;
const KEY = 32;
const HEADER = MAGIC.length + NONCE + KEY + TAG;

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

export function sealEnvelope(plaintext: Uint8Array, masterKey: Buffer): Buffer {
  const dataKey = crypto.randomBytes(KEY);
  const wrapNonce = crypto.randomBytes(NONCE);
  const wrapper = crypto.createCipheriv('aes-256-gcm', masterKey, wrapNonce);
  wrapper.setAAD(MAGIC);
  const wrappedKey = Buffer.concat([wrapper.update(dataKey), wrapper.final()]);
  const header = Buffer.concat([MAGIC, wrapNonce, wrappedKey, wrapper.getAuthTag()]);

  const nonce = crypto.randomBytes(NONCE);
  const cipher = crypto.createCipheriv('aes-256-gcm', dataKey, nonce);
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  dataKey.fill(0);
  return Buffer.concat([header, nonce, ciphertext, cipher.getAuthTag()]);
}

export function openEnvelope(sealed: Uint8Array, masterKey: Buffer): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < HEADER + NONCE + TAG || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new EnvelopeError('not an openkyc envelope');
  }
  const header = bytes.subarray(0, HEADER);
  let dataKey: Buffer;
  try {
    const unwrapper = crypto.createDecipheriv('aes-256-gcm', masterKey, header.subarray(4, 4 + NONCE));
    unwrapper.setAAD(MAGIC);
    unwrapper.setAuthTag(header.subarray(HEADER - TAG, HEADER));
    dataKey = Buffer.concat([
      unwrapper.update(header.subarray(4 + NONCE, 4 + NONCE + KEY)),
      unwrapper.final(),
    ]);
  } catch {
    throw new EnvelopeError('the data key does not unwrap: wrong master key or damaged header');
  }
  try {
    const nonce = bytes.subarray(HEADER, HEADER + NONCE);
    const decipher = crypto.createDecipheriv('aes-256-gcm', dataKey, nonce);
    decipher.setAAD(header);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
    return Buffer.concat([
      decipher.update(bytes.subarray(HEADER + NONCE, bytes.length - TAG)),
      decipher.final(),
    ]);
  } catch {
    throw new EnvelopeError('the content does not authenticate: it was changed or damaged');
  } finally {
    dataKey.fill(0);
  }
}
