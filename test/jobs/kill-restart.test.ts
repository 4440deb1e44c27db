import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage } from '../support/database.js';

const script = path.resolve(import.meta.dirname, '../support/job-process.ts');

function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('a job survives kill -9 of its process', () => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => storage?.cleanup());

  it('runs after a restart', async () => {
    const env = {
      ...process.env,
      OPENKYC_DATA_DIR: storage.dataDir,
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    };
    const marker = path.join(storage.dataDir, 'ran.txt');
    const sender = run(['send', marker], env);
    const queued = await new Promise<string>((resolve, reject) => {
      let output = '';
      sender.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /queued (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      sender.on('exit', (code) => reject(new Error(`sender exited ${code}`)));
    });
    sender.kill('SIGKILL');
    await new Promise((resolve) => sender.once('exit', resolve));
    expect(fs.existsSync(marker)).toBe(false);

    const worker = run(['work'], env);
    let errors = '';
    worker.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    const code = await new Promise<number | null>((resolve) => worker.once('exit', resolve));
    expect(errors).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe(queued);
  });
});
