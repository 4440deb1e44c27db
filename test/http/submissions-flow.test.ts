// The whole lifecycle over real HTTP against a real database (embedded, or PostgreSQL with DATABASE_URL):
// Step 1 -> Step 2 -> approved -> GET -> PATCH -> DELETE, with every webhook asserted at a real receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArgosClient, argosClient } from '../kyc/support/argos-client.js';
import { futureDate, type Person, passportImage, selfieOf } from '../kyc/support/documents.js';
import { startTestServer, TEST_ADMIN, TEST_PROJECT_ID, type TestServer } from '../support/app.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';

const anna: Person = {
  surname: 'ERIKSSON',
  givenNames: 'ANNA MARIA',
  birthDate: '1985-04-12',
  expiryDate: futureDate(6),
  sex: 'F',
  nationality: 'UTO',
  issuingState: 'UTO',
  documentNumber: 'L898902C3',
  face: 1,
};

let t: TestServer;
let receiver: Receiver;
let api: ArgosClient;
let passport: Buffer;
let selfie: Buffer;

const hooks = (submissionId: string) =>
  receiver.requests
    .map((r) => JSON.parse(r.body) as Record<string, unknown>)
    .filter((body) => body.submission_id === submissionId);

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestServer({ OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '200' });
  const project = await t.app.projects.get(TEST_PROJECT_ID);
  await t.app.projects.updateSettings(
    TEST_PROJECT_ID,
    { ...project!.settings, webhookUrl: receiver.url, allowInsecureWebhooks: true },
    'test',
  );
  api = argosClient(t.baseUrl);
  [passport, selfie] = await Promise.all([passportImage(anna), selfieOf(anna.face)]);
}, 120_000);

afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('the scripted happy path', () => {
  let id = '';

  it('Step 1 reads the passport and returns the data for review', async () => {
    const step1 = await api.multipart('POST', '/v3/submission/step1', {
      issuingCountry: 'uto',
      email: 'anna@example.com',
      idType: 'passport',
      idImage: passport,
      userid: 'user_12345',
      cf1: 'campaign-7',
    });
    expect(step1.status).toBe(200);
    id = step1.body.submissionId as string;
    expect(id).toMatch(/^[0-9a-z]{13}$/);
    expect(step1.body).toEqual({
      submissionId: id,
      kycStatus: 'incomplete',
      retryCount: 0,
      file_upload: true,
      file_back_upload: false,
      idImage: `${t.baseUrl}/v3/image?submission_id=${id}&type=idImage`,
      document_fields: {
        name: true,
        birthDate: true,
        gender: true,
        nationality: true,
        issueDate: true,
        expireDate: true,
        documentNumber: true,
        identityNumber: false,
      },
      missing_fields: ['issueDate'],
      reviewOCRData: {
        ocr_name: 'ANNA MARIA ERIKSSON',
        accepted_ocr_name: true,
        ocr_firstName: 'ANNA MARIA',
        accepted_ocr_firstName: true,
        ocr_lastName: 'ERIKSSON',
        accepted_ocr_lastName: true,
        ocr_birthDate: '1985-04-12',
        accepted_ocr_birthDate: true,
        ocr_expireDate: anna.expiryDate,
        accepted_ocr_expireDate: true,
        ocr_gender: 'female',
        accepted_ocr_gender: true,
        ocr_nationality: 'UTO',
        accepted_ocr_nationality: true,
      },
    });
  });

  it('Step 2 matches the selfie and approves', async () => {
    const step2 = await api.multipart('POST', '/v3/submission/step2', {
      submissionId: id,
      faceImage: selfie,
      name: 'Anna Maria Eriksson',
      date_of_birth: '1985-04-12',
      gender: 'female',
      nationality: 'UTO',
    });
    expect(step2.status).toBe(200);
    expect(step2.body).toMatchObject({
      submissionId: id,
      verificationResult: 'success',
      kycStatus: 'approved',
      retryCount: 0,
    });
    expect(step2.body.faceSimilarityScore).toBeGreaterThanOrEqual(75);
    expect(step2.body.livenessScore).toBeGreaterThanOrEqual(60);
    expect(step2.body.commentCode).toBeUndefined();
    // Delivered before the erasure below, which (GDPR) also erases payloads still waiting in the outbox.
    await waitUntil(() => hooks(id).length >= 2, 20_000, 'created and approved webhooks');
    const again = await api.multipart('POST', '/v3/submission/step2', {
      submissionId: id,
      faceImage: selfie,
      name: 'Anna Maria Eriksson',
      date_of_birth: '1985-04-12',
    });
    expect(again.body).toEqual({
      errorCode: 'already_processed',
      message: 'this submission is already processed',
    });
  });

  it('GET returns the decided submission with its data, images and raw OCR', async () => {
    const got = await api.query('GET', '/v3/submission', { submission_id: id });
    expect(got.status).toBe(200);
    const items = got.body.Items as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toMatchObject({
      submission_id: id,
      email: 'anna@example.com',
      userid: 'user_12345',
      reviewer: 'system',
      data: {
        age_group: 'adult',
        full_name: 'Anna Maria Eriksson',
        first_name: 'ANNA MARIA',
        last_name: 'ERIKSSON',
        gender: 'female',
        nationality: 'UTO',
        date_of_birth: '1985-04-12',
        ip_address: '127.0.0.1',
        idType: 'passport',
        idcard_issuingCountry: 'UTO',
        idcard_expireDate: anna.expiryDate,
        documentNumber: 'L898902C3',
        cf1: 'campaign-7',
      },
      image: {
        idImage: `${t.baseUrl}/v3/image?submission_id=${id}&type=idImage`,
        selfieImage: `${t.baseUrl}/v3/image?submission_id=${id}&type=selfieImage`,
      },
      kyc: { result: 'approved', comment: [], commentCode: [] },
      additional_list: [],
    });
    expect(item.created_at).toMatch(/^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$/);
    expect(item.kyc_result_at).toMatch(/^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$/);
    expect(item.duplicated_information).toMatch(/^[0-9a-f]{32}$/);
    expect(item.applicant_id).toMatch(/^[0-9a-z]{13}$/);
    expect(item.recognition_score).toBeGreaterThan(60);
    expect(item.argos_score).toBeGreaterThan(60);
    const kyc = item.kyc as { attempts: Record<string, unknown>[] };
    expect(kyc.attempts).toHaveLength(1);
    expect(kyc.attempts[0]).toMatchObject({ attemptCnt: 1, retryCode: [], retryMsg: [] });
    const raw = item.OCR_raw as Record<string, { value: string; accepted?: boolean }>;
    expect(raw.rotate).toEqual({ value: '0' });
    expect(raw.number).toMatchObject({ value: 'L898902C3', accepted: true });
    expect(raw.birth_date).toMatchObject({ value: '1985-04-12', accepted: true });
    expect(raw.number).toHaveProperty('coordinates.first.x');

    const image = await api.raw(`/v3/image?submission_id=${id}&type=idImage`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await image.arrayBuffer()).equals(passport)).toBe(true);

    const list = await api.query('GET', '/v3/submission', { email: 'anna@example.com' });
    expect((list.body.Items as { submission_id: string }[]).map((i) => i.submission_id)).toEqual([id]);
    expect((list.body.Items as Record<string, unknown>[])[0]!.OCR_raw).toBeUndefined();
  });

  it('PATCH edits the data and fires only `updated`', async () => {
    const patched = await api.json('PATCH', '/v3/submission', {
      submissionId: id,
      admin: TEST_ADMIN,
      data: { kycStatus: 'rejected', fullName: 'ANNA M ERIKSSON', firstName: 'ANNA' },
    });
    expect(patched).toMatchObject({ status: 200, body: { message: 'Data Processing Success.' } });
    await waitUntil(() => hooks(id).length >= 3, 20_000, 'the updated webhook');
    const got = await api.query('GET', '/v3/submission', { submission_id: id, request_type: 'kyc' });
    expect(got.body.Items).toEqual([
      {
        submission_id: id,
        kyc: {
          result: 'rejected',
          comment: ['Rejected by administrator.'],
          commentCode: ['other'],
          attempts: [expect.objectContaining({ attemptCnt: 1 })],
        },
      },
    ]);
  });

  it('DELETE erases the personal data and images, keeps the skeleton, fires `delete`', async () => {
    const deleted = await api.query('DELETE', '/v3/submission', {
      submission_id: id,
      admin_name: TEST_ADMIN,
      comment: 'GDPR request 4711',
    });
    expect(deleted).toMatchObject({
      status: 200,
      body: { message: 'success', content: `Submission ${id} deleted successfully.`, statusCode: 200 },
    });
    const got = await api.query('GET', '/v3/submission', { submission_id: id });
    const item = (got.body.Items as Record<string, unknown>[])[0]!;
    expect(Object.keys(item).sort()).toEqual([
      'created_at',
      'data',
      'deleted',
      'deleted_at',
      'kyc',
      'submission_id',
    ]);
    expect(item).toMatchObject({ data: { idType: 'passport' }, kyc: { result: 'rejected' }, deleted: true });
    const image = await api.raw(`/v3/image?submission_id=${id}&type=idImage`);
    expect(image.status).toBe(404);
    const again = await api.query('DELETE', '/v3/submission', { submission_id: id });
    expect(again.body).toEqual({ message: 'not Exist Submission Data', statusCode: 400 });
  });

  it('fired every lifecycle webhook with the exact payloads, in order', async () => {
    await waitUntil(() => hooks(id).length >= 4, 20_000, 'four webhooks');
    const [created, approved, updated, deleted] = hooks(id);
    expect(created).toEqual({
      webhook_trigger: 'created',
      submission_id: id,
      kyc_result: { status: 'incomplete' },
      userid: 'user_12345',
      cf: { cf1: 'campaign-7' },
      ipAddress: '127.0.0.1',
    });
    expect(approved).toMatchObject({
      webhook_trigger: 'approved',
      submission_id: id,
      email: 'anna@example.com',
      userid: 'user_12345',
      ipAddress: '127.0.0.1',
      cf: { cf1: 'campaign-7' },
      kyc_result: { status: 'approved', reviewer: 'system' },
      age_group: 'adult',
      gender: 'female',
      date_of_birth: '1985-04-12',
      nationality: 'UTO',
      full_name: 'Anna Maria Eriksson',
      full_name_en: 'Anna Maria Eriksson',
      first_name: 'ANNA MARIA',
      last_name: 'ERIKSSON',
      fullName: 'Anna Maria Eriksson',
      idType: 'passport',
      issuingCountry: 'UTO',
      expireDate: anna.expiryDate,
      documentNumber: 'L898902C3',
      additional_list: [],
    });
    const result = approved!.kyc_result as Record<string, string>;
    expect(result.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.kyc_result_at).toBe(result.updated_at);
    expect(approved!.applicant_id).toMatch(/^[0-9a-z]{13}$/);
    expect(approved!.duplicated_information).toMatch(/^[0-9a-f]{32}$/);
    expect(updated).toMatchObject({
      webhook_trigger: 'updated',
      submission_id: id,
      email: 'anna@example.com',
      data: { update: ['kycStatus', 'fullName', 'first_name'], kyc_result: 'rejected', reviewer: TEST_ADMIN },
      admin: TEST_ADMIN,
      full_name: 'ANNA M ERIKSSON',
      first_name: 'ANNA',
      age_group: 'adult',
      userid: 'user_12345',
    });
    expect(deleted).toEqual({
      webhook_trigger: 'delete',
      submission_id: id,
      account_email: TEST_ADMIN,
      delete_time: expect.stringMatching(/Z$/),
      comment: 'GDPR request 4711',
    });
    const delivery = receiver.requests.find(
      (r) => (JSON.parse(r.body) as { webhook_trigger: string }).webhook_trigger === 'approved',
    )!;
    expect(delivery.headers['x-openkyc-event']).toBe('approved');
    expect(delivery.headers['x-openkyc-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});
