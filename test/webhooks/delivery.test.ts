import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPayload } from '../../src/crypto/argos-cipher.js';
import { selectDelivery } from '../../src/store/deliveries-store.js';
import { createDeliveries } from '../../src/webhooks/deliveries.js';
import { verifySignature } from '../../src/webhooks/signing.js';
import { startTestServer, TEST_PROJECT_ID, type TestServer } from '../support/app.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';

describe('webhook and callback delivery (real receivers on loopback)', () => {
  let t: TestServer;
  let deliveries: ReturnType<typeof createDeliveries>;
  let secret: string;
  beforeAll(async () => {
    t = await startTestServer({ OPENKYC_WEBHOOK_RETRY_BASE_MS: '100', OPENKYC_CALLBACK_ALLOW_PRIVATE: '1' });
    deliveries = createDeliveries(t.app.db, t.app);
    secret = (await t.app.projects.secrets(TEST_PROJECT_ID)).webhookSigningSecret;
  });
  afterAll(async () => t?.close());

  const enqueue = (url: string, label: string, orderingKey?: string) =>
    t.app.db.transaction((tx) =>
      deliveries.enqueue(tx, t.app, {
        projectId: TEST_PROJECT_ID,
        url,
        orderingKey,
        subjectId: orderingKey,
        event: { kind: 'prebuilt', event: 'test', data: { label } },
      }),
    );
  const statusOf = async (id: string) => (await selectDelivery(t.app.db, id))?.status;
  // Receivers listen on ephemeral ports, which the OS may hand out again: a retry of an earlier test's delivery
  // can reach a later test's receiver, so each test counts only the requests of the deliveries it made.
  const requestsOf = (receiver: Receiver, ...ids: string[]) =>
    receiver.requests.filter((request) => ids.includes(String(request.headers['x-openkyc-delivery'])));

  it('delivers 1,000 events exactly once each to a receiver that fails the first 2 attempts of each', async () => {
    const attemptsById = new Map<string, number>();
    const delivered = new Map<string, string>();
    let badSignatures = 0;
    const receiver = await startReceiver((request) => {
      const id = String(request.headers['x-openkyc-delivery']);
      const seen = (attemptsById.get(id) ?? 0) + 1;
      attemptsById.set(id, seen);
      const valid = verifySignature(
        secret,
        {
          signature: String(request.headers['x-openkyc-signature']),
          timestamp: String(request.headers['x-openkyc-timestamp']),
        },
        request.body,
      );
      if (!valid) badSignatures += 1;
      if (seen <= 2) return 503;
      if (!delivered.has(id)) delivered.set(id, request.body); // the idempotent receiver keeps the first
      return 200;
    });
    const started = Date.now();
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      await t.app.db.transaction(async (tx) => {
        for (let i = 0; i < 100; i++) {
          ids.push(
            await deliveries.enqueue(tx, t.app, {
              projectId: TEST_PROJECT_ID,
              url: receiver.url,
              event: { kind: 'prebuilt', event: 'test', data: { n: batch * 100 + i } },
            }),
          );
        }
      });
    }
    await waitUntil(() => delivered.size === 1000, 60_000, '1,000 deliveries');
    const elapsed = Date.now() - started;
    // Each event was delivered once: its third attempt succeeded and nothing was sent again after that.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...attemptsById.values()].every((count) => count === 3)).toBe(true);
    expect(new Set([...delivered.values()].map((body) => JSON.parse(body).n)).size).toBe(1000);
    expect(badSignatures).toBe(0);
    expect(elapsed).toBeLessThanOrEqual(60_000);
    const log = await deliveries.get(TEST_PROJECT_ID, ids[0]!);
    expect(log?.status).toBe('delivered');
    expect(log?.attemptLog.map((attempt) => attempt.statusCode)).toEqual([503, 503, 200]);
    console.log(`1,000 events x 3 attempts delivered in ${elapsed} ms`);
    await receiver.close();
  }, 90_000);

  it('gets everything to a receiver that was down for a while', async () => {
    const probe = await startReceiver();
    const { port, url } = probe;
    await probe.close();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await enqueue(url, `down-${i}`));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await statusOf(ids[0]!)).toBe('pending');
    const receiver = await startReceiver(() => 200, port);
    await waitUntil(
      () =>
        new Set(requestsOf(receiver, ...ids).map((request) => request.headers['x-openkyc-delivery'])).size ===
        20,
      30_000,
      'all events after the receiver came back',
    );
    await waitUntil(async () => (await statusOf(ids[19]!)) === 'delivered', 5_000);
    await receiver.close();
  }, 60_000);

  it('keeps order per submission even when an earlier event needs retries', async () => {
    let failures = 0;
    const receiver = await startReceiver((request) => {
      if (JSON.parse(request.body).label === 'first' && failures < 2) {
        failures += 1;
        return 500;
      }
      return 200;
    });
    const ids: string[] = [];
    for (const label of ['first', 'second', 'third'])
      ids.push(await enqueue(receiver.url, label, 'submission-order-1'));
    await waitUntil(() => requestsOf(receiver, ...ids).length >= 5, 20_000);
    const labels = requestsOf(receiver, ...ids).map((request) => JSON.parse(request.body).label);
    expect(labels).toEqual(['first', 'first', 'first', 'second', 'third']);
    await receiver.close();
  }, 30_000);

  it('stops at 410 Gone and does not follow redirects', async () => {
    const gone = await startReceiver(() => 410);
    const goneId = await enqueue(gone.url, 'gone');
    await waitUntil(async () => (await statusOf(goneId)) === 'gone', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(requestsOf(gone, goneId)).toHaveLength(1);
    const target = await startReceiver();
    const redirecting = await startReceiver(() => ({ status: 302, headers: { location: target.url } }));
    const redirectId = await enqueue(redirecting.url, 'redirect');
    await waitUntil(() => requestsOf(redirecting, redirectId).length >= 2, 10_000);
    expect(requestsOf(target, redirectId)).toHaveLength(0);
    expect((await deliveries.get(TEST_PROJECT_ID, redirectId))?.lastStatusCode).toBe(302);
    for (const receiver of [gone, target, redirecting]) await receiver.close();
  }, 30_000);

  it('gives up an attempt after 5 s without an answer', async () => {
    const silent = await startReceiver(() => ({ status: 200, delayMs: 7_000 }));
    const id = await enqueue(silent.url, 'slow');
    await waitUntil(async () => ((await selectDelivery(t.app.db, id))?.attempts ?? 0) >= 1, 15_000);
    const log = await deliveries.get(TEST_PROJECT_ID, id);
    expect(log?.attemptLog[0]?.error).toMatch(/no response within 5000 ms/);
    expect(log?.attemptLog[0]?.latencyMs).toBeGreaterThanOrEqual(4_900);
    await silent.close();
  }, 30_000);

  it('encrypts webhook bodies when the project turns on secure transfer, never callbacks', async () => {
    const receiver = await startReceiver();
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, secureTransfer: true, webhookUrl: receiver.url, allowInsecureWebhooks: true },
      'test',
    );
    const pingId = await t.app.db.transaction((tx) =>
      deliveries.enqueue(tx, t.app, {
        projectId: TEST_PROJECT_ID,
        url: receiver.url,
        event: {
          kind: 'ping',
          event: 'ping',
          data: { projectId: TEST_PROJECT_ID, sentAt: '2026-01-01T00:00:00.000Z' },
        },
      }),
    );
    const callbackId = await enqueue(receiver.url, 'callback-stays-plain');
    await waitUntil(() => requestsOf(receiver, pingId, callbackId).length >= 2, 20_000, 'both deliveries');
    const [key] = await t.app.projects.apiKeyEncryptionKeys(TEST_PROJECT_ID);
    const ping = requestsOf(receiver, pingId)[0]!;
    expect(Object.keys(JSON.parse(ping.body))).toEqual(['data']);
    expect(decryptPayload(JSON.parse(ping.body).data, key!, 'AES-256')).toEqual({
      webhook_trigger: 'ping',
      project_id: TEST_PROJECT_ID,
      sent_at: '2026-01-01T00:00:00.000Z',
    });
    const plain = requestsOf(receiver, callbackId)[0]!;
    expect(JSON.parse(plain.body)).toEqual({ label: 'callback-stays-plain' });
    expect(plain.headers['user-agent']).toBe('openkyc-webhook/1');
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    await t.app.projects.updateSettings(TEST_PROJECT_ID, project.settings, 'test');
    await receiver.close();
  });

  it('lets an operator read the delivery log and redeliver through the admin API', async () => {
    const receiver = await startReceiver(() => 410);
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, webhookUrl: receiver.url, allowInsecureWebhooks: true },
      'test',
    );
    const login = await fetch(`${t.baseUrl}/admin/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.test', password: 'correct horse battery staple' }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const unauthorised = await fetch(`${t.baseUrl}/admin/api/projects/${TEST_PROJECT_ID}/deliveries`);
    expect(unauthorised.status).toBe(401);
    const ping = await fetch(`${t.baseUrl}/admin/api/projects/${TEST_PROJECT_ID}/webhook-test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ping.status).toBe(202);
    const { deliveryId } = (await ping.json()) as { deliveryId: string };
    await waitUntil(async () => (await statusOf(deliveryId)) === 'gone', 10_000);
    const list = (await (
      await fetch(`${t.baseUrl}/admin/api/projects/${TEST_PROJECT_ID}/deliveries?status=gone`, {
        headers: auth,
      })
    ).json()) as { id: string; lastStatusCode: number }[];
    expect(list.find((item) => item.id === deliveryId)?.lastStatusCode).toBe(410);
    const redeliver = await fetch(
      `${t.baseUrl}/admin/api/projects/${TEST_PROJECT_ID}/deliveries/${deliveryId}/redeliver`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    );
    expect(redeliver.status).toBe(202);
    await waitUntil(() => requestsOf(receiver, deliveryId).length === 2, 10_000);
    expect(requestsOf(receiver, deliveryId)[1]?.headers['x-openkyc-attempt']).toBe('2');
    const detail = (await (
      await fetch(`${t.baseUrl}/admin/api/projects/${TEST_PROJECT_ID}/deliveries/${deliveryId}`, {
        headers: auth,
      })
    ).json()) as { attemptLog: unknown[] };
    await waitUntil(async () => (await statusOf(deliveryId)) === 'gone', 5_000);
    expect(detail.attemptLog.length).toBeGreaterThanOrEqual(1);
    await t.app.projects.updateSettings(TEST_PROJECT_ID, project.settings, 'test');
    await receiver.close();
  });

  it('refuses private destinations when the operator has not allowed them', async () => {
    const closed = await startTestServer({ OPENKYC_WEBHOOK_RETRY_BASE_MS: '100' });
    try {
      const receiver = await startReceiver();
      const closedDeliveries = createDeliveries(closed.app.db, closed.app);
      const id = await closed.app.db.transaction((tx) =>
        closedDeliveries.enqueue(tx, closed.app, {
          projectId: TEST_PROJECT_ID,
          url: receiver.url,
          event: { kind: 'prebuilt', event: 'test', data: {} },
        }),
      );
      await waitUntil(async () => ((await selectDelivery(closed.app.db, id))?.attempts ?? 0) >= 1, 10_000);
      expect((await selectDelivery(closed.app.db, id))?.last_error).toMatch(/not a public address/);
      expect(requestsOf(receiver, id)).toHaveLength(0);
      await receiver.close();
    } finally {
      await closed.close();
    }
  });
});
