import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MASTER_KEY_BYTES = 32;

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

/** Reads a 32-byte key written as 64 hex digits or as base64 (standard or URL-safe). */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(`the master key must be ${MASTER_KEY_BYTES} bytes (64 hex digits or base64)`);
  }
  return key;
}

/**
 * The key that wraps every data key: OPENKYC_MASTER_KEY when given, else the key file in the data folder,
 * created on first start with mode 0600. Losing it makes every stored blob and sealed value unreadable.
 */
export function loadMasterKey(options: { configured?: string | undefined; dataDir: string }): {
  key: Buffer;
  source: 'environment' | 'file' | 'created';
  file?: string;
} {
  if (options.configured) return { key: parseMasterKey(options.configured), source: 'environment' };
  const file = path.resolve(options.dataDir, 'master.key');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const created = crypto.randomBytes(MASTER_KEY_BYTES);
    fs.writeFileSync(file, `${created.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    return { key: created, source: 'created', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new MasterKeyError(
      `${file} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  }
  return { key: parseMasterKey(fs.readFileSync(file, 'utf8')), source: 'file', file };
}

/** A key for one purpose, derived from the master key so purposes never share key material. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), `openkyc:${purpose}`, 32));
}
