import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EnvelopeError, openEnvelope, sealEnvelope } from '../crypto/envelope.js';
import { BlobIntegrityError, BlobNotFoundError, type BlobRef, type BlobStore } from './blob-store.js';

const ID_PATTERN = /^[0-9a-f]{32}$/;

/**
 * Blobs as files under `root`, each an envelope (per-object data key wrapped by the master key). Writes go
 * to a temporary file, are flushed, then renamed, so a crash never leaves a half-written blob under its id.
 */
export function createFilesystemBlobStore(root: string, masterKey: Buffer): BlobStore {
  const fileOf = (id: string): string => {
    if (!ID_PATTERN.test(id)) throw new BlobNotFoundError(`invalid blob id "${id}"`);
    return path.join(root, id.slice(0, 2), id);
  };

  return {
    async put(content) {
      const id = crypto.randomBytes(16).toString('hex');
      const file = fileOf(id);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${process.pid}.tmp`;
      const handle = await fs.open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(sealEnvelope(content, masterKey));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, file);
      return {
        id,
        sha256: crypto.createHash('sha256').update(content).digest('hex'),
        size: content.byteLength,
      };
    },

    async get(ref: Pick<BlobRef, 'id' | 'sha256'>) {
      let sealed: Buffer;
      try {
        sealed = await fs.readFile(fileOf(ref.id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new BlobNotFoundError(`blob ${ref.id} not found`);
        throw error;
      }
      let content: Buffer;
      try {
        content = openEnvelope(sealed, masterKey);
      } catch (error) {
        if (error instanceof EnvelopeError) throw new BlobIntegrityError(`blob ${ref.id}: ${error.message}`);
        throw error;
      }
      const digest = crypto.createHash('sha256').update(content).digest('hex');
      if (digest !== ref.sha256) throw new BlobIntegrityError(`blob ${ref.id}: SHA-256 does not match`);
      return content;
    },

    async delete(id) {
      await fs.rm(fileOf(id), { force: true });
    },
  };
}
