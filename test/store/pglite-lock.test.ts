import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirectoryLock } from '../../src/store/directory-lock.js';
import { openPgliteDatabase } from '../../src/store/pglite-database.js';

describe('embedded database lock', () => {
  it('refuses a second opener while the first holds the database, and reopens after close', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'openkyc-lock-'));
    const dbPath = path.join(directory, 'pgdata');
    const first = await openPgliteDatabase(dbPath);
    // Same process id: simulate another live owner by writing the parent's pid into the lock.
    fs.writeFileSync(`${dbPath}.lock`, String(process.ppid));
    await expect(openPgliteDatabase(dbPath)).rejects.toThrow(/in use by process/);
    fs.writeFileSync(`${dbPath}.lock`, String(process.pid));
    await first.close();
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);
    const again = await openPgliteDatabase(dbPath);
    await again.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('takes over a lock left by a dead process', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'openkyc-lock-'));
    const lockPath = path.join(directory, 'x.lock');
    fs.writeFileSync(lockPath, '2147483646'); // no such process
    const lock = acquireDirectoryLock(lockPath, 'test');
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    lock.release();
    fs.rmSync(directory, { recursive: true, force: true });
  });
});
