import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED, toTargetsSimpleCsv } from '../../src/fixtures/aml/screening-set.js';
import { runCli } from '../support/cli-process.js';
import { createTestStorage, type TestStorage } from '../support/database.js';

// `openkyc aml load | lists | screen | remove` on a list file our fixtures write (README "AML screening").

describe('openkyc aml', () => {
  let storage: TestStorage;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    storage = await createTestStorage();
    env = {
      PATH: process.env.PATH,
      OPENKYC_DATA_DIR: storage.dataDir,
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    };
  });
  afterAll(async () => storage?.cleanup());

  it('loads a targets.simple.csv file, lists it, screens a name against it and removes it', async () => {
    const file = path.join(storage.dataDir, 'test sanctions.csv');
    fs.writeFileSync(file, toTargetsSimpleCsv(LISTED));
    const loaded = JSON.parse((await runCli(['aml', 'load', file, '--kind', 'pep'], env)).stdout);
    expect(loaded).toMatchObject({ name: 'test-sanctions', entries: 24, skipped: 2, loadedBy: 'cli' });
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    const lists = (await runCli(['aml', 'lists'], env)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lists.map((l: { name: string }) => l.name)).toEqual(['test-sanctions']);
    const verdict = JSON.parse(
      (
        await runCli(
          ['aml', 'screen', 'Olena Bondarenko', '--birth-date', '1970-06-21', '--nationality', 'ukr'],
          env,
        )
      ).stdout,
    );
    expect(verdict).toMatchObject({
      status: 'Potential Match',
      risk: 'Medium',
      matches: [{ entityId: 'T-E02' }],
    });
    await runCli(['aml', 'remove', 'test-sanctions'], env);
    expect((await runCli(['aml', 'lists'], env)).stdout.trim()).toBe('');
  });

  it('says what is wrong with a bad call', async () => {
    await expect(runCli(['aml', 'load', '/nonexistent.csv'], env)).rejects.toThrow(/no such file/);
    await expect(runCli(['aml', 'load', '/dev/null', '--kind', 'other'], env)).rejects.toThrow(/--kind/);
  });
});
