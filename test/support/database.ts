import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/store/database.js';
import { openDatabase } from '../../src/store/open.js';

/**
 * Where a test keeps its data: a fresh temporary folder, and a fresh database — embedded PGlite in that
 * folder by default, or a new database on the PostgreSQL server of DATABASE_URL when it is set (CI runs the
 * whole suite both ways).
 */
export interface TestStorage {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

export async function createTestStorage(): Promise<TestStorage> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkyc-test-'));
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return {
      dataDir,
      databaseUrl: undefined,
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `okt_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function openTestDatabase(storage: TestStorage): Promise<Database> {
  return openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl });
}

export const usingPostgres = (): boolean => Boolean(process.env.DATABASE_URL);
