import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_API_KEY, TEST_PROJECT_ID, type TestServer } from '../support/app.js';

const TOKENS = '/v3/submission/tokens?type=count';

describe('API-key authentication and IP allowlist (argos.md §1.1-1.3)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ OPENKYC_TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { headers });

  it('answers /health without a key', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('forbids a request without a key, with an unknown key and with a revoked key', async () => {
    for (const headers of [{}, { 'x-api-key': 'okk_nope' }, { 'x-api-key': '' }] as Record<
      string,
      string
    >[]) {
      const response = await get(TOKENS, headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: 'Forbidden' });
    }
    const issued = await t.app.projects.issueApiKey(TEST_PROJECT_ID, { label: 'temp' }, 'test');
    expect((await get(TOKENS, { 'x-api-key': issued.key })).status).toBe(200);
    await t.app.projects.revokeApiKey(issued.id, 'test');
    const revoked = await get(TOKENS, { 'x-api-key': issued.key });
    expect(revoked.status).toBe(403);
    expect(await revoked.json()).toEqual({ message: 'Forbidden' });
  });

  it('matches the header name case-insensitively', async () => {
    const response = await get(TOKENS, { 'X-API-KEY': TEST_API_KEY });
    expect(response.status).toBe(200);
  });

  it('denies an address outside the allowlist with the explicit-deny body, and allows one inside', async () => {
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, ipAllowlist: ['203.0.113.0/24'] },
      'test',
    );
    const outside = await get(TOKENS, { 'x-api-key': TEST_API_KEY, 'x-forwarded-for': '198.51.100.7' });
    expect(outside.status).toBe(403);
    expect(await outside.json()).toEqual({
      message: 'User is not authorized to access this resource with an explicit deny',
    });
    // The socket peer (127.0.0.1) is a trusted proxy here, so X-Forwarded-For names the client.
    const inside = await get(TOKENS, { 'x-api-key': TEST_API_KEY, 'x-forwarded-for': '203.0.113.9' });
    expect(inside.status).toBe(200);
    const direct = await get(TOKENS, { 'x-api-key': TEST_API_KEY });
    expect(direct.status).toBe(403);
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, ipAllowlist: ['127.0.0.1', '::1'] },
      'test',
    );
    expect((await get(TOKENS, { 'x-api-key': TEST_API_KEY })).status).toBe(200);
    await t.app.projects.updateSettings(TEST_PROJECT_ID, project.settings, 'test');
  });

  it('forbids every endpoint of a suspended project', async () => {
    await t.app.projects.setStatus(TEST_PROJECT_ID, 'suspended', 'test');
    const response = await get(TOKENS, { 'x-api-key': TEST_API_KEY });
    expect(response.status).toBe(403);
    await t.app.projects.setStatus(TEST_PROJECT_ID, 'active', 'test');
  });

  it('answers unknown routes 404 and an oversized JSON body 413 in family G', async () => {
    const missing = await get('/v3/nothing-here', { 'x-api-key': TEST_API_KEY });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
    const big = await fetch(`${t.baseUrl}/v3/submission/tokens`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ tokenId: ['x'.repeat(2 * 1024 * 1024)] }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('echoes a sane request id and makes one up otherwise', async () => {
    const given = await get('/health', { 'x-request-id': 'abc-123' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await get('/health', { 'x-request-id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the generated OpenAPI 3.1 document and its docs page', async () => {
    const document = (await (await get('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/v3/submission/tokens'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'post',
    ]);
    expect(document.paths['/health']).toBeDefined();
    const docs = await fetch(`${t.baseUrl}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
