import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServerProcess } from '../support/cli-process.js';
import { createTestStorage, type TestStorage } from '../support/database.js';

describe('openkyc serve, as a new user runs it', () => {
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

  it('prints the new project and key once, keeps data across restarts, and honours keys revoke', async () => {
    const first = await startServerProcess(env);
    const output = first.stdout();
    const projectId = /project id:\s+(\S+)/.exec(output)?.[1];
    const apiKey = /API key:\s+(okk_\S+)/.exec(output)?.[1];
    const password = /admin password:\s+(\S+)/.exec(output)?.[1];
    expect(projectId).toMatch(/^[0-9a-z]{13}$/);
    expect(apiKey).toMatch(/^okk_[0-9A-Za-z]{40}$/);
    expect(password).toBeDefined();
    // Credentials are shown on the terminal, never written into the structured log lines.
    const logLines = output.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.join('\n')).not.toContain(apiKey!);
    expect(logLines.join('\n')).not.toContain(password!);
    expect(await (await fetch(`${first.baseUrl}/health`)).json()).toEqual({ status: 'ok' });
    const headers = { 'x-api-key': apiKey!, 'content-type': 'application/json' };
    const registered = await fetch(`${first.baseUrl}/v3/submission/tokens`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ tokenId: ['kept-across-restart'] }),
    });
    expect(registered.status).toBe(200);
    expect(await first.stop()).toBe(0);

    if (!storage.databaseUrl) {
      expect(fs.statSync(path.join(storage.dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    }
    const created = JSON.parse((await runCli(['keys', 'create', '--label', 'second'], env)).stdout) as {
      id: string;
      key: string;
    };
    const listed = (await runCli(['keys', 'list'], env)).stdout.trim().split('\n');
    expect(listed).toHaveLength(2);
    expect(listed.join('\n')).not.toContain(created.key);

    const second = await startServerProcess(env);
    expect(second.stdout()).not.toContain('first start');
    const kept = await fetch(`${second.baseUrl}/v3/submission/tokens?tokenId=kept-across-restart`, {
      headers,
    });
    expect(kept.status).toBe(200);
    const withNewKey = await fetch(`${second.baseUrl}/v3/submission/tokens?type=count`, {
      headers: { 'x-api-key': created.key },
    });
    expect(await withNewKey.json()).toEqual({ success: true, count: 1 });
    expect(await second.stop()).toBe(0);

    await runCli(['keys', 'revoke', created.id], env);
    const third = await startServerProcess(env);
    const revoked = await fetch(`${third.baseUrl}/v3/submission/tokens?type=count`, {
      headers: { 'x-api-key': created.key },
    });
    expect(revoked.status).toBe(403);
    expect(await third.stop()).toBe(0);
  });

  it('refuses a second process on the same embedded database with a clear message', async () => {
    if (storage.databaseUrl) return; // PostgreSQL is shared by design
    const running = await startServerProcess(env);
    await expect(runCli(['keys', 'list'], env)).rejects.toThrow(/in use by process/);
    await running.stop();
  });

  it('documents every setting in --help', async () => {
    const { stdout } = await runCli(['--help'], env);
    for (const variable of [
      'PORT',
      'OPENKYC_DATA_DIR',
      'DATABASE_URL',
      'OPENKYC_MASTER_KEY',
      'OPENKYC_API_KEY',
    ]) {
      expect(stdout).toContain(variable);
    }
  });
});
