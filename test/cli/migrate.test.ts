import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { runCli } from '../support/cli-process.js';
import { createTestStorage, type TestStorage } from '../support/database.js';

describe('openkyc migrate', () => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => storage?.cleanup());

  it('brings a new database to the newest schema, and a second run changes nothing', async () => {
    const env = {
      PATH: process.env.PATH,
      OPENKYC_DATA_DIR: storage.dataDir,
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    };
    const newest = Math.max(...migrations.map((migration) => migration.version));
    const first = await runCli(['migrate'], env);
    expect(first.stdout.trim()).toBe(`schema version ${newest}`);
    expect(first.stderr).toContain('database migrated');
    const second = await runCli(['migrate'], env);
    expect(second.stdout.trim()).toBe(`schema version ${newest}`);
    expect(second.stderr).not.toContain('database migrated');
  });
});
