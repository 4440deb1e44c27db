// argos.md §14.1 (the dedicated Liveform listener: `<host>/?pid=…`) and §14.5 (address injection: the page's
// address API replaces the stored address and fires `injection` with action.type "address"), over real HTTP.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN } from '../support/app.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';
import {
  type LiveformServer,
  locationOf,
  startLiveformServer,
  TEST_API_KEY,
  TEST_PROJECT_ID,
} from './harness.js';

let t: LiveformServer;
let hooks: Receiver;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${t.baseUrl}${path}`, { ...init, headers: { 'x-api-key': TEST_API_KEY, ...init.headers } });

beforeAll(async () => {
  hooks = await startReceiver();
  t = await startLiveformServer(
    { OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '200' },
    { dedicatedListener: true },
  );
  const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
  await t.app.projects.updateSettings(
    TEST_PROJECT_ID,
    { ...project.settings, webhookUrl: hooks.url, allowInsecureWebhooks: true },
    'test',
  );
});
afterAll(async () => {
  await t?.close();
  await hooks?.close();
});

describe('the dedicated Liveform listener', () => {
  it('answers the vendor URL shape at / and serves the page, and nothing of the API', async () => {
    const location = await locationOf(t.liveformUrl!, `/?pid=${TEST_PROJECT_ID}&lang=es`);
    expect(location).toMatch(/^\/liveform\/s\/[0-9A-Za-z]{32}\?lang=es$/);
    const page = await fetch(`${t.liveformUrl}${location}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/liveform/assets/');
    expect(await locationOf(t.liveformUrl!, '/?pid=nosuchproject')).toMatch(
      /^\/liveform\/error-page\/NF-10000/,
    );
    expect(await locationOf(t.liveformUrl!, '/')).toMatch(/^\/liveform\/error-page\/NF-10000/);
    const apiThere = await fetch(`${t.liveformUrl}/v3/submission`, {
      headers: { 'x-api-key': TEST_API_KEY },
    });
    expect(apiThere.status).toBe(404);
    // The main listener keeps / to itself (no capture page there).
    expect((await fetch(`${t.baseUrl}/?pid=${TEST_PROJECT_ID}`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('address injection', () => {
  let submissionId = '';
  let sid = '';
  const documentPhoto = () =>
    sharp({ create: { width: 900, height: 1200, channels: 3, background: '#f4f1ea' } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><text x="60" y="120" font-size="48" font-family="sans-serif">Utility bill</text><text x="60" y="220" font-size="32" font-family="sans-serif">12 Harbour Road, Springfield</text></svg>',
          ),
        },
      ])
      .jpeg()
      .toBuffer();
  const post = async (fields: Record<string, string>, image?: Buffer, path = 'address') => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (image) form.append('addressImage', new Blob([image]), 'bill.jpg');
    return fetch(`${t.baseUrl}/liveform/api/s/${sid}/${path}`, { method: 'POST', body: form });
  };

  beforeAll(async () => {
    const made = await api('/v3/submission/migration', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        admin: TEST_ADMIN,
        email: 'moving@example.com',
        fullName: 'MOVING PERSON',
        birthDate: '1980-01-01',
        kycStatus: 'approved',
        idType: 'passport',
        issuingCountry: 'UTO',
        address_city: 'Old Town',
        address_street: '1 Old Street',
        address_state: 'Old State',
      }),
    });
    const body = (await made.json()) as { submissionId: string };
    expect(body).toMatchObject({ message: 'success' });
    submissionId = body.submissionId;
    const location = await locationOf(
      t.baseUrl,
      `/liveform?pid=${TEST_PROJECT_ID}&action=addveri&sid=${submissionId}`,
    );
    sid = location.slice('/liveform/s/'.length, location.indexOf('?'));
    expect(sid).toMatch(/^[0-9A-Za-z]{32}$/);
  });

  it('opens an address session whose verification steps are closed', async () => {
    const view = await (await fetch(`${t.baseUrl}/liveform/api/s/${sid}`)).json();
    expect(view).toMatchObject({ mode: 'address', stage: 'start' });
    const form = new FormData();
    form.append('issuingCountry', 'UTO');
    form.append('idType', 'passport');
    form.append('idImage', new Blob([await documentPhoto()]), 'id.jpg');
    const document = await fetch(`${t.baseUrl}/liveform/api/s/${sid}/document`, {
      method: 'POST',
      body: form,
    });
    expect(document.status).toBe(409);
    expect(await document.json()).toEqual({ error: 'addressInjectionOnly' });
  });

  it('refuses incomplete or invalid input', async () => {
    const photo = await documentPhoto();
    expect((await post({ street: '12 Harbour Road', city: 'Springfield', country: 'USA' })).status).toBe(400);
    expect((await post({ street: '12 Harbour Road', country: 'USA' }, photo)).status).toBe(400);
    const badCountry = await post({ street: '12 Harbour Road', city: 'Springfield', country: 'XYZ' }, photo);
    expect(await badCountry.json()).toEqual({ error: 'invalidAddress' });
    const notImage = await post(
      { street: '12 Harbour Road', city: 'Springfield', country: 'USA' },
      Buffer.from('%PDF-1.4'),
    );
    expect(await notImage.json()).toEqual({ error: 'invalidImage' });
  });

  it('replaces the address and its image, and fires injection with action.type "address"', async () => {
    const photo = await documentPhoto();
    const saved = await post(
      { street: '12 Harbour Road', street2: 'Flat 3', city: 'Springfield', zipcode: '12345', country: 'usa' },
      photo,
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ outcome: 'result', result: { status: 'approved' } });
    await waitUntil(
      () => hooks.requests.some((r) => r.body.includes('"type":"address"')),
      15_000,
      'the injection webhook',
    );
    const injection = JSON.parse(hooks.requests.find((r) => r.body.includes('"type":"address"'))!.body);
    expect(injection).toMatchObject({
      webhook_trigger: 'injection',
      action: {
        type: 'address',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$/),
      },
      submission_id: submissionId,
      email: 'moving@example.com',
      kyc_status: 'approved',
    });
    const read = await api(`/v3/submission?submission_id=${submissionId}`);
    const item = ((await read.json()) as { Items: Record<string, Record<string, string>>[] }).Items[0]!;
    expect(item.data).toMatchObject({
      address_street: '12 Harbour Road',
      address_street2: 'Flat 3',
      address_city: 'Springfield',
      address_zipcode: '12345',
      address_country: 'USA',
    });
    // Replaced, not merged: the old state is gone.
    expect(item.data!.address_state).toBeUndefined();
    const image = await api(`/v3/image?submission_id=${submissionId}&type=addressImage`);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(photo)).toBe(true);
    // The session is finished: its result stays, further posts are refused.
    const view = await (await fetch(`${t.baseUrl}/liveform/api/s/${sid}`)).json();
    expect(view).toMatchObject({ mode: 'address', stage: 'done', result: { status: 'approved' } });
    expect((await post({ street: 'x', city: 'y', country: 'USA' }, photo)).status).toBe(409);
  });

  it('shows PV-40006 for a URL naming an unknown submission', async () => {
    expect(
      await locationOf(t.baseUrl, `/liveform?pid=${TEST_PROJECT_ID}&action=addveri&sid=zzzzzzzzzzzzz`),
    ).toMatch(/^\/liveform\/error-page\/PV-40006/);
  });
});
