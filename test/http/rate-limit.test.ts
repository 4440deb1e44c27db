import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/http/rate-limiter.js';
import { createLogger } from '../../src/log/logger.js';
import { selectUsage } from '../../src/store/usage-store.js';
import { startTestServer, TEST_API_KEY, TEST_PROJECT_ID, type TestServer } from '../support/app.js';

describe('request limits per project (argos.md §1.3)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ OPENKYC_RATE_LIMIT_PER_SECOND: '5', OPENKYC_RATE_LIMIT_PER_DAY: '1000' });
  });
  afterAll(async () => t?.close());

  it('answers 429 in family G beyond the per-second limit', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${t.baseUrl}/v3/submission/tokens?type=count`, { headers: { 'x-api-key': TEST_API_KEY } }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(10); // at most two 1-s windows
    const limited = responses.find((response) => response.status === 429);
    expect(limited).toBeDefined();
    expect(await limited!.json()).toEqual({ message: 'Too Many Requests' });
  });

  it('counts the UTC day in the database and stops at the daily limit', async () => {
    const limiter = createRateLimiter(
      t.app.db,
      { perSecond: 1_000, perDay: 3 },
      createLogger({ level: 'silent' }),
    );
    const projectId = TEST_PROJECT_ID;
    const noon = Date.parse('2031-05-05T12:00:00Z');
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await limiter.take(projectId, noon + i * 1_000));
    expect(decisions).toEqual(['ok', 'ok', 'ok', 'perDay', 'perDay']);
    await limiter.close();
    expect(await selectUsage(t.app.db, projectId, '2031-05-05')).toBe(3);
    // A new process (or another server) starts from the stored count; the next UTC day starts again at zero.
    const next = createRateLimiter(
      t.app.db,
      { perSecond: 1_000, perDay: 3 },
      createLogger({ level: 'silent' }),
    );
    expect(await next.take(projectId, noon + 10_000)).toBe('perDay');
    expect(await next.take(projectId, Date.parse('2031-05-06T00:00:01Z'))).toBe('ok');
    await next.close();
  });
});
