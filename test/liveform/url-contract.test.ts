import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptPayload, payloadKey } from '../../src/crypto/argos-cipher.js';
import {
  type LiveformServer,
  locationOf,
  startLiveformServer,
  TEST_API_KEY,
  TEST_PROJECT_ID,
} from './harness.js';

// argos.md §14.2-14.3 over real HTTP: each check of the validation order sends the browser to its error page.

const K = payloadKey(TEST_API_KEY);
const enc = (payload: object, algorithm: 'AES-256' | 'GCM-256' = 'AES-256') =>
  encodeURIComponent(encryptPayload(payload, K, algorithm));
const errorCodeOf = (location: string) => /^\/liveform\/error-page\/([A-Z]{2}-\d{5})/.exec(location)?.[1];

describe('Liveform URL contract', () => {
  let t: LiveformServer;
  beforeAll(async () => {
    t = await startLiveformServer();
  });
  afterAll(async () => t?.close());

  const settings = (patch: object) => t.app.projects.updateSettings(TEST_PROJECT_ID, patch, 'test');
  const open = (query: string) => locationOf(t.baseUrl, `/liveform?${query}`);

  it('opens a session for a valid URL and serves the page there', async () => {
    const location = await open(`pid=${TEST_PROJECT_ID}&lang=ko&email=jane%40example.com&userid=u1`);
    expect(location).toMatch(/^\/liveform\/s\/[0-9A-Za-z]{32}\?lang=ko$/);
    const page = await fetch(`${t.baseUrl}${location}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const script = /src="(\/liveform\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${t.baseUrl}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('br');
    const sid = location.slice('/liveform/s/'.length, location.indexOf('?'));
    const view = (await (await fetch(`${t.baseUrl}/liveform/api/s/${sid}`)).json()) as Record<
      string,
      unknown
    >;
    expect(view).toMatchObject({ lang: 'ko', stage: 'start', emailNeeded: false, handedOff: false });
  });

  it('falls back to en for an unsupported lang and uses the browser language without one', async () => {
    expect(await open(`pid=${TEST_PROJECT_ID}&lang=xx`)).toMatch(/\?lang=en$/);
    const response = await fetch(`${t.baseUrl}/liveform?pid=${TEST_PROJECT_ID}`, {
      redirect: 'manual',
      headers: { 'accept-language': 'fr-FR,es;q=0.8,en;q=0.5' },
    });
    expect(response.headers.get('location')).toMatch(/\?lang=es$/);
  });

  it.each([
    ['no pid', '', 'NF-10000'],
    ['an unknown pid', 'pid=nosuchproject', 'NF-10000'],
    ['an encrypted value that does not decrypt', `pid=${TEST_PROJECT_ID}&encrypted=AAAA`, 'PV-40001'],
    ['a bad e-mail', `pid=${TEST_PROJECT_ID}&email=not-an-address`, 'PV-40002'],
    ['a malformed token', `pid=${TEST_PROJECT_ID}&token=a`, 'PV-40002'],
    ['a bad colour', `pid=${TEST_PROJECT_ID}&mainColor=blue`, 'PV-40002'],
  ])('%s gives %s', async (_what, query, code) => {
    expect(errorCodeOf(await open(query))).toBe(code);
  });

  it('checks the encrypted parameters in the documented order', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    // 3 wins over 4: startValidUntil in the past next to an invalid country.
    expect(
      errorCodeOf(
        await open(
          `pid=${TEST_PROJECT_ID}&encrypted=${enc({ startValidUntil: past, allowedCountries: 'XXQ' })}`,
        ),
      ),
    ).toBe('PV-40018');
    expect(
      errorCodeOf(await open(`pid=${TEST_PROJECT_ID}&encrypted=${enc({ allowedCountries: 'USA,XQZ' })}`)),
    ).toBe('PV-40002');
    expect(
      errorCodeOf(await open(`pid=${TEST_PROJECT_ID}&encrypted=${enc({ auxidField: 'phoneNumber' })}`)),
    ).toBe('PV-40002');
    expect(
      errorCodeOf(await open(`pid=${TEST_PROJECT_ID}&encrypted=${enc({ selectedIdType: 'passport' })}`)),
    ).toBe('PV-40003');
    expect(
      errorCodeOf(
        await open(
          `pid=${TEST_PROJECT_ID}&encrypted=${enc({ allowedCountries: 'USA,KOR', selectedIssuingCountry: 'JPN' })}`,
        ),
      ),
    ).toBe('PV-40005');
    expect(
      errorCodeOf(
        await open(
          `pid=${TEST_PROJECT_ID}&encrypted=${enc({ allowedIdTypes: 'passport', selectedIssuingCountry: 'KOR', selectedIdType: 'drivers_license' })}`,
        ),
      ),
    ).toBe('PV-40005');
    expect(errorCodeOf(await open(`pid=${TEST_PROJECT_ID}&action=addveri&sid=0000000000000`))).toBe(
      'PV-40006',
    );
  });

  it('reads the spec test vector and GCM, and ignores encrypted-only parameters given in plain text', async () => {
    const vector =
      'OfS4k2KAS4FpMcRytaQv+vUiHEBvRmyaAEeNk6hci17DDQnHy9HHz6tabwEDyn+plGsAr9x3X4bJ6xSxk01O17BY+S32btUg31jyy9iEEsqmLaWshc7hWSeP2ctbACWqf8sk3X7ycq4FHxJDnlBc9A==';
    // The vector is made with the key string `test-api-key-123`: it decrypts once the project has that key.
    expect(errorCodeOf(await open(`pid=${TEST_PROJECT_ID}&encrypted=${encodeURIComponent(vector)}`))).toBe(
      'PV-40001',
    );
    await t.app.projects.issueApiKey(TEST_PROJECT_ID, { key: 'test-api-key-123' }, 'test');
    const fromVector = await open(`pid=${TEST_PROJECT_ID}&encrypted=${encodeURIComponent(vector)}`);
    const vectorSid = fromVector.slice('/liveform/s/'.length, fromVector.indexOf('?'));
    const vectorView = (await (await fetch(`${t.baseUrl}/liveform/api/s/${vectorSid}`)).json()) as Record<
      string,
      unknown
    >;
    expect(vectorView).toMatchObject({
      selected: { country: 'KOR', idType: 'drivers_license' },
      countries: { only: ['KOR'] },
    });
    const location = await open(
      `pid=${TEST_PROJECT_ID}&selectedIssuingCountry=JPN&encrypted=${enc({ allowedCountries: 'USA,KOR', selectedIssuingCountry: 'KOR', selectedIdType: 'drivers_license' }, 'AES-256')}`,
    );
    expect(location).toMatch(/^\/liveform\/s\//);
    const sid = location.slice('/liveform/s/'.length, location.indexOf('?'));
    const view = (await (await fetch(`${t.baseUrl}/liveform/api/s/${sid}`)).json()) as Record<
      string,
      unknown
    >;
    expect(view).toMatchObject({ selected: { country: 'KOR', idType: 'drivers_license' } });
    // A plain allowedCountries cannot widen anything: it is ignored.
    const plain = await open(`pid=${TEST_PROJECT_ID}&allowedCountries=XXQ`);
    expect(plain).toMatch(/^\/liveform\/s\//);
    await settings({ encryption: { algorithm: 'GCM-256' } });
    try {
      expect(await open(`pid=${TEST_PROJECT_ID}&encrypted=${enc({ userid: 'g1' }, 'GCM-256')}`)).toMatch(
        /^\/liveform\/s\//,
      );
      const tampered = encryptPayload({ userid: 'g1' }, K, 'GCM-256');
      const flipped = Buffer.from(tampered, 'base64');
      flipped[14] = flipped[14]! ^ 1;
      expect(
        errorCodeOf(
          await open(`pid=${TEST_PROJECT_ID}&encrypted=${encodeURIComponent(flipped.toString('base64'))}`),
        ),
      ).toBe('PV-40001');
    } finally {
      await settings({ encryption: { algorithm: 'AES-256' } });
    }
  });

  it('applies the token rules: required, registered, 3 minutes after first use (by the clock)', async () => {
    await settings({ tokens: { requireToken: true } });
    try {
      expect(errorCodeOf(await open(`pid=${TEST_PROJECT_ID}`))).toBe('TK-10000');
      expect(errorCodeOf(await open(`pid=${TEST_PROJECT_ID}&token=not-registered-1`))).toBe('TK-10005');
      const response = await fetch(`${t.baseUrl}/v3/submission/tokens`, {
        method: 'POST',
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ tokenId: ['session-token-001'] }),
      });
      expect(response.status).toBe(200);
      expect(await open(`pid=${TEST_PROJECT_ID}&token=session-token-001`)).toMatch(/^\/liveform\/s\//);
      // Still usable within 3 minutes of the first use (concurrent sessions are allowed).
      t.clock.advance(2 * 60_000 + 50_000);
      expect(await open(`pid=${TEST_PROJECT_ID}&encrypted=${enc({ token: 'session-token-001' })}`)).toMatch(
        /^\/liveform\/s\//,
      );
      t.clock.advance(15_000);
      expect(errorCodeOf(await open(`pid=${TEST_PROJECT_ID}&token=session-token-001`))).toBe('TK-10001');
    } finally {
      await settings({ tokens: { requireToken: false } });
    }
  });

  it('sends an error page to the Return URL only when the project selected errorCode', async () => {
    await settings({
      returnUrl: 'https://client.example/done?from=kyc',
      returnUrlFields: ['userid', 'errorCode'],
    });
    const location = await open(`pid=${TEST_PROJECT_ID}&userid=u-77&email=bad`);
    expect(errorCodeOf(location)).toBe('PV-40002');
    const ref = new URL(location, t.baseUrl).searchParams.get('ref');
    const view = (await (await fetch(`${t.baseUrl}/liveform/api/s/${ref}`)).json()) as {
      result: { returnUrl: string };
    };
    expect(view.result.returnUrl).toBe('https://client.example/done?from=kyc&userid=u-77&errorCode=PV-40002');
    await settings({ returnUrlFields: ['userid'] });
    const second = await open(`pid=${TEST_PROJECT_ID}&userid=u-77&email=bad`);
    const ref2 = new URL(second, t.baseUrl).searchParams.get('ref');
    const view2 = (await (await fetch(`${t.baseUrl}/liveform/api/s/${ref2}`)).json()) as {
      result: { returnUrl?: string };
    };
    expect(view2.result.returnUrl).toBeUndefined();
  });
});
