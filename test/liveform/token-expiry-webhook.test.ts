import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveformSessions } from '../../src/kyc/liveform-sessions.js';
import { announceTimeExpiredTokens } from '../../src/kyc/token-time-expiry.js';
import { createTokens } from '../../src/kyc/tokens.js';
import { startTestServer, TEST_PROJECT_ID, type TestServer } from '../support/app.js';
import { startReceiver, waitUntil } from '../support/receiver.js';

// argos.md §14.3 / §15.5: a token that reaches the project's count:N expiration, or whose time:H runs out, fires
// token_expired, once.

describe('token_expired on count expiration', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '100' });
  });
  afterAll(async () => t?.close());

  it('is announced when the Nth submission is made with the token, and only then', async () => {
    const receiver = await startReceiver();
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      {
        ...project.settings,
        webhookUrl: receiver.url,
        allowInsecureWebhooks: true,
        tokens: { ...project.settings.tokens, expiration: 'count:2' },
      },
      'test',
    );
    await createTokens(t.app.db).register(TEST_PROJECT_ID, ['counted-token-01']);
    const sessions = createLiveformSessions({
      db: t.app.db,
      database: t.app.db,
      jobs: t.app.jobs,
      projects: t.app.projects,
      keyring: t.app.keyring,
      submissions: { state: async () => undefined },
      smsAvailable: false,
      clock: { now: () => new Date() },
    });
    const results = [];
    for (const submissionId of ['sub0000000001', 'sub0000000002', 'sub0000000003']) {
      const opened = await sessions.open({ pid: TEST_PROJECT_ID, token: 'counted-token-01' }, undefined);
      if (!opened.ok) {
        results.push(opened.code);
        continue;
      }
      results.push(Boolean((await sessions.recordSubmission(opened.session, submissionId)).tokenExpired));
    }
    // The first submission counts, the second reaches count:2 and expires the token, the third URL is refused.
    expect(results).toEqual([false, true, 'TK-10001']);
    await waitUntil(() => receiver.requests.length === 1, 10_000, 'the token_expired webhook');
    const body = JSON.parse(receiver.requests[0]!.body);
    expect(body).toMatchObject({
      webhook_trigger: 'token_expired',
      token_id: 'counted-token-01',
      expired_condition: 'count',
      service: 'idCheck',
    });
    expect(body.expired_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests).toHaveLength(1);
    await receiver.close();
  });
});

describe('token_expired on time expiration', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '100' });
  });
  afterAll(async () => t?.close());

  it('is announced once by the periodic sweep when the H hours after updateTime have passed', async () => {
    const receiver = await startReceiver();
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      {
        ...project.settings,
        webhookUrl: receiver.url,
        allowInsecureWebhooks: true,
        tokens: { ...project.settings.tokens, expiration: 'time:2' },
      },
      'test',
    );
    const tokens = createTokens(t.app.db);
    await tokens.register(TEST_PROJECT_ID, ['timed-token-01', 'timed-token-02']);
    const registered = await tokens.get(TEST_PROJECT_ID, 'timed-token-01', 'time:2');
    const expected = new Date(registered.updateTime.getTime() + 2 * 3_600_000);
    const deps = { db: t.app.db, jobs: t.app.jobs, keyring: t.app.keyring, projects: t.app.projects };

    // Not yet: one hour in.
    expect(await announceTimeExpiredTokens(deps, new Date(expected.getTime() - 3_600_000))).toBe(0);
    // Past the two hours: both tokens, once.
    expect(await announceTimeExpiredTokens(deps, new Date(expected.getTime() + 1_000))).toBe(2);
    expect(await announceTimeExpiredTokens(deps, new Date(expected.getTime() + 60_000))).toBe(0);
    await waitUntil(() => receiver.requests.length === 2, 10_000, 'two token_expired webhooks');
    const bodies = receiver.requests
      .map((r) => JSON.parse(r.body))
      .sort((a, b) => a.token_id.localeCompare(b.token_id));
    expect(bodies[0]).toEqual({
      webhook_trigger: 'token_expired',
      token_id: 'timed-token-01',
      expired_condition: 'time',
      expected_expired_at: expected.toISOString(),
      service: 'idCheck',
    });
    expect(
      (await tokens.get(TEST_PROJECT_ID, 'timed-token-01', 'time:2', new Date(expected.getTime() + 1))).expiry
        .expired,
    ).toBe(true);

    // Registering the token again renews it: its new time is announced when that runs out, and only then.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tokens.register(TEST_PROJECT_ID, ['timed-token-01']);
    const renewed = await tokens.get(TEST_PROJECT_ID, 'timed-token-01', 'time:2');
    const renewedExpiry = new Date(renewed.updateTime.getTime() + 2 * 3_600_000);
    expect(await announceTimeExpiredTokens(deps, new Date(renewedExpiry.getTime() - 1_000))).toBe(0);
    expect(await announceTimeExpiredTokens(deps, new Date(renewedExpiry.getTime() + 1_000))).toBe(1);
    await waitUntil(() => receiver.requests.length === 3, 10_000, 'the renewed token_expired webhook');
    await receiver.close();
  });
});
