import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/cli-process.js';
import { createTestStorage, type TestStorage } from '../support/database.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';

const ADMIN = { email: 'ops@example.test', password: 'kill-restart-password' };

describe('kill -9 of the server with deliveries pending and in flight', () => {
  let storage: TestStorage;
  let receiver: Receiver | undefined;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await receiver?.close();
    await storage?.cleanup();
  });

  it('delivers every event after a restart (at least once, duplicates share the delivery id)', async () => {
    const env = {
      PATH: process.env.PATH,
      OPENKYC_DATA_DIR: storage.dataDir,
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
      OPENKYC_PROJECT_ID: 'killtest',
      OPENKYC_ADMIN_EMAIL: ADMIN.email,
      OPENKYC_ADMIN_PASSWORD: ADMIN.password,
      OPENKYC_CALLBACK_ALLOW_PRIVATE: '1',
      OPENKYC_WEBHOOK_RETRY_BASE_MS: '200',
    };
    // Before the kill: half the events get no answer for 3 s (in flight), the other half fail (pending retry).
    let phase: 'before' | 'after' = 'before';
    let count = 0;
    receiver = await startReceiver(() => {
      if (phase === 'after') return 200;
      count += 1;
      return count % 2 === 0 ? { status: 200, delayMs: 3_000 } : 500;
    });
    server = await startServerProcess(env);
    const login = await fetch(`${server.baseUrl}/admin/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const patched = await fetch(`${server.baseUrl}/admin/api/projects/killtest`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { webhookUrl: receiver.url, allowInsecureWebhooks: true } }),
    });
    expect(patched.status).toBe(200);
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const response = await fetch(`${server.baseUrl}/admin/api/projects/killtest/webhook-test`, {
        method: 'POST',
        headers: auth,
      });
      ids.add(((await response.json()) as { deliveryId: string }).deliveryId);
    }
    expect(ids.size).toBe(200);
    await waitUntil(() => receiver!.requests.length >= 100, 20_000, 'deliveries to be in flight');
    await server.stop('SIGKILL'); // answers still on their way back now reach a dead process
    const seenBeforeKill = receiver.requests.length;
    phase = 'after';

    server = await startServerProcess(env);
    const received = () =>
      new Set(receiver!.requests.map((request) => String(request.headers['x-openkyc-delivery'])));
    await waitUntil(
      () => [...ids].every((id) => received().has(id)),
      120_000,
      'every event after the restart',
    );
    expect([...received()].filter((id) => !ids.has(id))).toEqual([]);
    console.log(
      `requests before kill: ${seenBeforeKill}, total: ${receiver.requests.length}, distinct: ${received().size}`,
    );
  }, 180_000);
});
