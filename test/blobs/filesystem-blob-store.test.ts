import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobIntegrityError, BlobNotFoundError } from '../../src/blobs/blob-store.js';
import { createFilesystemBlobStore } from '../../src/blobs/filesystem-blob-store.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'openkyc-blobs-'));
const masterKey = crypto.randomBytes(32);
const store = createFilesystemBlobStore(root, masterKey);
const fileOf = (id: string) => path.join(root, id.slice(0, 2), id);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('filesystem blob store', () => {
  const content = Buffer.from('PASSPORT P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<< '.repeat(50));

  it('reads back exactly what was written, addressed by id and SHA-256', async () => {
    const ref = await store.put(content);
    expect(ref.id).toMatch(/^[0-9a-f]{32}$/);
    expect(ref.sha256).toBe(crypto.createHash('sha256').update(content).digest('hex'));
    expect(ref.size).toBe(content.length);
    expect((await store.get(ref)).equals(content)).toBe(true);
  });

  it('keeps no plaintext on disk and the file is private', async () => {
    const ref = await store.put(content);
    const onDisk = fs.readFileSync(fileOf(ref.id));
    expect(onDisk.includes(Buffer.from('ERIKSSON'))).toBe(false);
    expect(onDisk.includes(content.subarray(0, 16))).toBe(false);
    expect(fs.statSync(fileOf(ref.id)).mode & 0o777).toBe(0o600);
  });

  it('detects a flipped byte anywhere in the file', async () => {
    const ref = await store.put(content);
    const original = fs.readFileSync(fileOf(ref.id));
    for (const position of [2, 20, 60, 80, original.length - 200, original.length - 1]) {
      const damaged = Buffer.from(original);
      damaged[position]! ^= 0x01;
      fs.writeFileSync(fileOf(ref.id), damaged);
      await expect(store.get(ref)).rejects.toBeInstanceOf(BlobIntegrityError);
    }
  });

  it('detects content that is not what the reference says', async () => {
    const ref = await store.put(content);
    await expect(store.get({ id: ref.id, sha256: '0'.repeat(64) })).rejects.toBeInstanceOf(
      BlobIntegrityError,
    );
  });

  it('cannot be read with another master key', async () => {
    const ref = await store.put(content);
    const other = createFilesystemBlobStore(root, crypto.randomBytes(32));
    await expect(other.get(ref)).rejects.toBeInstanceOf(BlobIntegrityError);
  });

  it('deletes for good, and refuses ids that could escape the folder', async () => {
    const ref = await store.put(content);
    await store.delete(ref.id);
    expect(fs.existsSync(fileOf(ref.id))).toBe(false);
    await expect(store.get(ref)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get({ id: '../../etc/passwd', sha256: ref.sha256 })).rejects.toBeInstanceOf(
      BlobNotFoundError,
    );
  });

  it('stores empty and large objects', async () => {
    const empty = await store.put(Buffer.alloc(0));
    expect((await store.get(empty)).length).toBe(0);
    const large = crypto.randomBytes(12 * 1024 * 1024);
    const ref = await store.put(large);
    expect((await store.get(ref)).equals(large)).toBe(true);
  });
});
