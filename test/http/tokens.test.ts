import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPayload, encryptPayload, payloadKey } from '../../src/crypto/argos-cipher.js';
import { startTestServer, TEST_API_KEY, TEST_PROJECT_ID, type TestServer } from '../support/app.js';

describe('private-mode tokens API (argos.md §13)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  const call = async (method: string, query = '', body?: unknown, contentType = 'text/plain') => {
    const response = await fetch(`${t.baseUrl}/v3/submission/tokens${query}`, {
      method,
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('registers, reads, lists, counts and deletes tokens', async () => {
    const posted = await call(
      'POST',
      '',
      { tokenId: ['user-session-001', 'user-session-002'] },
      'application/json',
    );
    expect(posted).toEqual({
      status: 200,
      body: {
        success: true,
        message: 'All tokens are now in the pool',
        summary: { totalSubmitted: 2, currentCount: 2, processed: 2, failed: 0 },
      },
    });
    const one = await call('GET', '?tokenId=user-session-001');
    expect(one.body).toMatchObject({ success: true, tokenId: 'user-session-001', data: { expired: false } });
    expect((one.body.data as { updateTime: string }).updateTime).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    expect((await call('GET', '?type=count')).body).toEqual({ success: true, count: 2 });
    const list = await call('GET');
    expect(list.body.count).toBe(2);
    expect(list.body.nextPageKeyId).toBeUndefined();
    const deleted = await call('DELETE', '', { tokenId: ['user-session-001', 'tokenD-missing'] });
    expect(deleted.body).toEqual({
      success: true,
      message: 'Successfully deleted 1 tokens',
      summary: { totalSubmitted: 2, deleted: 1, notFound: 1, failed: 0 },
      details: { notFound: ['tokenD-missing'] },
    });
    expect((await call('DELETE', '', { deleteCount: 10 })).body).toMatchObject({
      success: true,
      summary: { deleted: 1 },
    });
  });

  it('answers every documented error in family T', async () => {
    const expectError = (
      result: { status: number; body: Record<string, unknown> },
      code: string,
      message: string,
    ) => {
      expect(result.status).toBe(400);
      expect(result.body.errorCode).toBe(code);
      expect(result.body.errorMessage).toBe(message);
    };
    expectError(await call('POST', '', 'not json{'), 'invalid_payload', 'Invalid payload.');
    expectError(
      await call('POST', '', { tokenId: [] }),
      'invalid_token_id',
      'tokenId must be a non-empty array.',
    );
    expectError(
      await call('POST', '', { tokenId: 'abc' }),
      'invalid_token_id',
      'tokenId must be a non-empty array.',
    );
    const bad = await call('POST', '', { tokenId: ['good-token-1', 'bad token', 'x'] });
    expectError(bad, 'invalid_token_id_format', 'Invalid tokenId format.');
    expect(bad.body.errorDetails).toEqual({ invalid: ['bad token', 'x'] });
    const many = Array.from({ length: 501 }, (_, i) => `token-${String(i).padStart(4, '0')}`);
    expectError(
      await call('POST', '', { tokenId: many }),
      'request_token_limit_exceeded',
      'Too many tokens in one request (500).',
    );
    expectError(await call('GET', '?tokenId=never-registered'), 'token_not_found', 'Token not found.');
    expectError(
      await call('DELETE', '', { tokenId: ['never-registered'] }),
      'token_id_not_found',
      'Token id not found.',
    );
    expectError(await call('PATCH', '', {}), 'invalid_path', 'Invalid path.');
  });

  it('refuses to overfill the 100,000-token pool, atomically', async () => {
    await t.app.db.query(
      `INSERT INTO tokens (project_id, token_id) SELECT $1, 'bulk-' || lpad(g::text, 6, '0') FROM generate_series(1, 99999) g`,
      [TEST_PROJECT_ID],
    );
    const before = (await call('GET', '?type=count')).body.count as number;
    const over = await call('POST', '', { tokenId: ['fresh-token-1', 'fresh-token-2', 'bulk-000001'] });
    expect(over.body.errorCode).toBe('token_pool_limit_exceeded');
    expect((await call('GET', '?type=count')).body.count).toBe(before);
    // Overwriting existing ids does not grow the pool, so it is still allowed.
    expect((await call('POST', '', { tokenId: ['bulk-000001'] })).status).toBe(200);
    const page = await call('GET');
    expect(page.body.count).toBe(10_000);
    const next = await call(
      'GET',
      `?nextPageKeyId=${page.body.nextPageKeyId}&nextPageKeyTime=${encodeURIComponent(String(page.body.nextPageKeyTime))}`,
    );
    expect(next.body.count).toBe(10_000);
    expect((next.body.data as { tokenId: string }[])[0]!.tokenId).not.toBe(
      (page.body.data as { tokenId: string }[])[0]!.tokenId,
    );
    await t.app.db.query('DELETE FROM tokens WHERE project_id = $1', [TEST_PROJECT_ID]);
  });

  it('accepts every encrypted request form and encrypts responses under secureTransfer (§2.5)', async () => {
    const key = payloadKey(TEST_API_KEY);
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, secureTransfer: true },
      'test',
    );
    const enc = (value: object) => encryptPayload(value, key, 'AES-256');
    for (const body of [
      { isEncrypted: true, body: enc({ tokenId: ['secure-token-1'] }) },
      { data: enc({ tokenId: ['secure-token-2'] }) },
      enc({ tokenId: ['secure-token-3'] }),
    ]) {
      const result = await call('POST', '', body, 'application/octet-stream');
      expect(result.status).toBe(200);
      expect(decryptPayload(result.body.data as string, key, 'AES-256')).toMatchObject({ success: true });
    }
    const read = await call('GET', `?data=${encodeURIComponent(enc({ tokenId: 'secure-token-2' }))}`);
    expect(decryptPayload(read.body.data as string, key, 'AES-256')).toMatchObject({
      tokenId: 'secure-token-2',
    });
    const wrong = await call('POST', '', {
      data: encryptPayload({ tokenId: ['x'] }, payloadKey('other'), 'AES-256'),
    });
    expect(wrong).toEqual({
      status: 400,
      body: { errorCode: 'invalid_payload', errorMessage: 'Decryption is Failed. Please check the api-key.' },
    });
    await t.app.projects.updateSettings(TEST_PROJECT_ID, project.settings, 'test');
  });
});
