import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelById } from '../../src/engine/documents/catalogue.js';
import { renderSyntheticDocument, type SyntheticDocument } from '../../src/fixtures/documents/render.js';
import { seededRandom } from '../../src/fixtures/random.js';
import { selectRecognitionTransaction } from '../../src/store/recognition-transactions-store.js';
import { startTestServer, TEST_API_KEY, TEST_PROJECT_ID, type TestServer } from '../support/app.js';
import { startReceiver, waitUntil } from '../support/receiver.js';
import { recognitionResponseValidators, vendorOpenApiAvailable } from '../support/vendor-openapi.js';

// POST /modules/recognition against a real server, database and engine (argos.md §3).

const b64 = (bytes: Buffer): string => bytes.toString('base64');

async function blankPng(): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 235, g: 235, b: 230 } } })
    .png()
    .toBuffer();
}

describe('POST /modules/recognition', () => {
  let t: TestServer;
  let deu: SyntheticDocument;
  let blank: Buffer;
  const post = (body: unknown, raw = false) =>
    fetch(`${t.baseUrl}/modules/recognition`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: raw ? (body as string) : JSON.stringify(body),
    });
  const valid = () => ({
    idImage: b64(deu.front.image),
    idBackImage: b64(deu.back!.image),
    issuingCountry: 'DEU',
    idType: 'government_id',
  });

  beforeAll(async () => {
    t = await startTestServer({ OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '100' });
    deu = await renderSyntheticDocument(modelById('DEU.government_id.2010')!, seededRandom(11));
    blank = await blankPng();
  });
  afterAll(async () => t?.close());

  async function expectError(response: Response, code: string, message: string): Promise<string> {
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['statusCode', 'apiType', 'transactionId', 'errorCode', 'message']);
    expect(body).toMatchObject({ statusCode: 400, apiType: 'id_recognition', errorCode: code, message });
    expect(body.transactionId).toMatch(/^[0-9a-z]{13}$/);
    if (vendorOpenApiAvailable()) expect(recognitionResponseValidators().error(body)).toBe(true);
    return body.transactionId as string;
  }

  it('reads a two-sided ID card synchronously, in the vendor shape and schema', async () => {
    const response = await post(valid());
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      apiType: string;
      transactionId: string;
      result: {
        data: {
          raw: Record<
            string,
            {
              value: string;
              score?: number;
              accepted?: boolean;
              coordinates?: unknown;
              original_coordinates?: unknown;
            }
          >;
          ocr: Record<string, string>;
        };
        review_front: boolean;
        review_back: boolean;
        document_type: string;
      };
    };
    if (vendorOpenApiAvailable()) {
      const validate = recognitionResponseValidators().ok;
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(body.apiType).toBe('id_recognition');
    const { raw, ocr } = body.result.data;
    const truth = Object.fromEntries(deu.truth.map((f) => [f.field, f.expected]));
    expect(raw.last_name?.value).toBe(truth.surname);
    expect(raw.number).toMatchObject({ value: truth.documentNumber, accepted: true });
    expect(raw.birth_date).toMatchObject({ value: truth.birthDate, accepted: true });
    expect(raw.expire_date?.value).toBe(truth.expiryDate);
    expect(raw.address?.value).toBe(truth.address);
    expect(raw.rotate).toEqual({ value: '0' });
    expect(raw.mrz?.value.split('\n')).toEqual(deu.mrz);
    expect(raw.number?.coordinates).toBeDefined();
    expect(raw.number?.original_coordinates).toBeDefined();
    expect(raw.name?.accepted).toBeUndefined();
    expect(Object.keys(ocr).slice(0, 15)).toEqual([
      'ocr_fullName',
      'ocr_firstName',
      'ocr_middleName',
      'ocr_lastName',
      'ocr_gender',
      'ocr_nationality',
      'ocr_birthDate',
      'ocr_identityNumber',
      'ocr_issueDate',
      'ocr_expireDate',
      'ocr_version',
      'ocr_number',
      'full_mrz',
      'mrz_line1',
      'mrz_line2',
    ]);
    expect(ocr.mrz_line3).toBe(deu.mrz?.[2]);
    expect(ocr.ocr_birthDate).toBe(truth.birthDate);
    expect(ocr.ocr_nationality).toBe('DEU');
    expect(body.result).toMatchObject({
      review_front: true,
      review_back: true,
      document_type: 'government_id',
    });
    const row = await selectRecognitionTransaction(t.app.db, body.transactionId);
    expect(row).toMatchObject({
      mode: 'sync',
      status: 'succeeded',
      error_code: null,
      project_id: TEST_PROJECT_ID,
    });
  });

  it('answers a one-sided passport and a US licence read from its barcode in the vendor schema', async () => {
    const cases = [
      { id: 'ICAO.passport.TD3', country: 'UTO', idType: 'passport' },
      { id: 'USA.drivers_license.AAMVA', country: 'USA', idType: 'drivers_license' },
    ];
    for (const c of cases) {
      const doc = await renderSyntheticDocument(modelById(c.id)!, seededRandom(21));
      const response = await post({
        idImage: b64(doc.front.image),
        ...(doc.back ? { idBackImage: b64(doc.back.image) } : {}),
        issuingCountry: c.country,
        idType: c.idType,
      });
      expect(response.status, c.id).toBe(200);
      const body = (await response.json()) as {
        result: { document_type: string; data: { raw: Record<string, { value: string }> } };
      };
      if (vendorOpenApiAvailable()) {
        const validate = recognitionResponseValidators().ok;
        expect(validate(body), `${c.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      const truth = Object.fromEntries(doc.truth.map((f) => [f.field, f.expected]));
      expect(body.result.document_type, c.id).toBe(c.idType);
      expect(body.result.data.raw.birth_date?.value, c.id).toBe(truth.birthDate);
      expect(body.result.data.raw.number?.value, c.id).toBe(truth.documentNumber);
    }
  });

  it('accepts images with a data-URL prefix', async () => {
    const response = await post({
      ...valid(),
      idImage: `data:image/jpeg;base64,${b64(deu.front.image)}`,
      idBackImage: undefined,
    });
    expect(response.status).toBe(200);
  });

  it('answers every request error with its code, in the documented order', async () => {
    await expectError(await post('not json', true), '1015', 'invalid inputs : missing fields');
    await expectError(await post([1, 2]), '1015', 'invalid inputs : missing fields');
    await expectError(
      await post({ issuingCountry: 'DEU', idType: 'government_id' }),
      '1005',
      'idImage is required',
    );
    await expectError(
      await post({ idImage: '', issuingCountry: 'DEU', idType: 'government_id' }),
      '1005',
      'idImage is required',
    );
    // A missing idImage wins over everything after it.
    await expectError(await post({ idType: 'nope', callbackUrl: '' }), '1005', 'idImage is required');
    await expectError(
      await post({ idImage: 'AAAA', idType: 'government_id' }),
      '1006',
      'issuingCountry is required',
    );
    await expectError(await post({ idImage: 'AAAA', issuingCountry: 'DEU' }), '1014', 'idType is required');
    await expectError(await post({ ...valid(), callbackUrl: '' }), '1010', 'callbackUrl is required');
    await expectError(await post({ ...valid(), callbackUrl: null }), '1010', 'callbackUrl is required');
    await expectError(
      await post({ ...valid(), callbackUrl: 'ftp://example.com/x' }),
      '1015',
      'invalid inputs : missing fields',
    );
    await expectError(
      await post({ ...valid(), callbackUrl: '/relative' }),
      '1015',
      'invalid inputs : missing fields',
    );
    await expectError(
      await post({ ...valid(), issuingCountry: 'XYZ' }),
      '1015',
      'invalid inputs : missing fields',
    );
    await expectError(
      await post({ ...valid(), idType: 'universal' }),
      '1015',
      'invalid inputs : missing fields',
    );
    await expectError(
      await post({ ...valid(), idImage: '***not base64***' }),
      '1013',
      'Invalid image format',
    );
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    await expectError(await post({ ...valid(), idImage: b64(gif) }), '1013', 'Invalid image format');
    await expectError(await post({ ...valid(), idBackImage: b64(gif) }), '1013', 'Invalid image format');
    // Lower case input is accepted (argos.md §1.5, §1.7): this one fails later, on the image.
    await expectError(
      await post({ ...valid(), issuingCountry: 'deu', idType: 'GOVERNMENT_ID', idImage: b64(gif) }),
      '1013',
      'Invalid image format',
    );
  });

  it('refuses an image over 50 MiB with 1013 and a body over 140 MiB with 413', async () => {
    const big = 'A'.repeat(Math.ceil(((50 * 1024 * 1024 + 4) * 4) / 3 / 4) * 4);
    await expectError(await post({ ...valid(), idImage: big }), '1013', 'Invalid image format');
    const tooLarge = await post(`{"idImage":"${'A'.repeat(141 * 1024 * 1024)}"}`, true);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('answers 1001 for a suspended project or disabled recognition, after the key check', async () => {
    const noKey = await fetch(`${t.baseUrl}/modules/recognition`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(403);
    await t.app.projects.setStatus(TEST_PROJECT_ID, 'suspended', 'test');
    await expectError(await post('not even json', true), '1001', 'Workspace is unavailable');
    await t.app.projects.setStatus(TEST_PROJECT_ID, 'active', 'test');
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, recognitionEnabled: false },
      'test',
    );
    await expectError(await post(valid()), '1001', 'Workspace is unavailable');
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, recognitionEnabled: true },
      'test',
    );
  });

  it('answers 1011 when the front is not the requested document, 1012 when the back is not', async () => {
    await expectError(
      await post({ ...valid(), idImage: b64(blank), idBackImage: undefined }),
      '1011',
      'Fail to recognize idCard',
    );
    // The MRZ says Germany: not a French card.
    const id = await expectError(
      await post({ ...valid(), issuingCountry: 'FRA' }),
      '1011',
      'Fail to recognize idCard',
    );
    expect(await selectRecognitionTransaction(t.app.db, id)).toMatchObject({
      status: 'failed',
      error_code: '1011',
    });
    await expectError(
      await post({ ...valid(), idBackImage: b64(blank) }),
      '1012',
      'Fail to recognize back of an idCard',
    );
  });

  it('runs asynchronously with a callback: acceptance first, then the result, durable and unencrypted', async () => {
    const receiver = await startReceiver();
    try {
      const callbackUrl = `${receiver.url}/callback`;
      const response = await post({ ...valid(), callbackUrl });
      expect(response.status).toBe(200);
      const accepted = (await response.json()) as { transactionId: string; message: string };
      expect(Object.keys(accepted)).toEqual(['transactionId', 'message']);
      expect(accepted.message).toBe(
        `request has been successfully received. The response will be sent to ${callbackUrl}`,
      );
      const failing = (await (
        await post({ ...valid(), idImage: b64(blank), idBackImage: undefined, callbackUrl })
      ).json()) as {
        transactionId: string;
      };
      await waitUntil(() => receiver.requests.length >= 2, 90_000, 'two recognition callbacks');
      const bodies = receiver.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      const success = bodies.find((b) => b.transactionId === accepted.transactionId)!;
      expect(Object.keys(success)[0]).toBe('statusCode');
      expect(success).toMatchObject({ statusCode: 200, apiType: 'id_recognition' });
      if (vendorOpenApiAvailable()) expect(recognitionResponseValidators().ok(success)).toBe(true);
      const failure = bodies.find((b) => b.transactionId === failing.transactionId)!;
      expect(failure).toEqual({
        statusCode: 400,
        apiType: 'id_recognition',
        transactionId: failing.transactionId,
        errorCode: '1011',
        message: 'Fail to recognize idCard',
      });
      const row = await selectRecognitionTransaction(t.app.db, accepted.transactionId);
      expect(row).toMatchObject({ mode: 'async', status: 'succeeded', images: null });
    } finally {
      await receiver.close();
    }
  });

  it('answers 1003 when the engine passes its deadline', async () => {
    process.env.OPENKYC_RECOGNITION_TIMEOUT_MS = '5';
    const quick = await startTestServer();
    try {
      const response = await fetch(`${quick.baseUrl}/modules/recognition`, {
        method: 'POST',
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(valid()),
      });
      await expectError(response, '1003', 'Fail to process data');
    } finally {
      delete process.env.OPENKYC_RECOGNITION_TIMEOUT_MS;
      await quick.close();
    }
  });
});
