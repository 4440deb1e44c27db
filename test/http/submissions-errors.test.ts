// Every documented error of every submission endpoint (argos.md §4-§12), provoked over real HTTP, with its exact
// family, status and text; and Secure Data Transfer end to end (the spec's test vector as a GET query, an
// encrypted PATCH in each request form, GCM).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPayload, encryptPayload, payloadKey } from '../../src/crypto/argos-cipher.js';
import { noFaceImage } from '../../src/fixtures/face/synthetic-scenes.js';
import { sharedSubmissions } from '../../src/kyc/submissions.js';
import { type ArgosClient, argosClient } from '../kyc/support/argos-client.js';
import { futureDate, type Person, passportImage, selfieOf } from '../kyc/support/documents.js';
import { createTestProject, type TestProject } from '../kyc/support/projects.js';
import {
  startTestServer,
  TEST_ADMIN,
  TEST_API_KEY,
  TEST_PROJECT_ID,
  type TestServer,
} from '../support/app.js';

const lena: Person = {
  surname: 'LINDQVIST',
  givenNames: 'HELGA',
  birthDate: '1979-09-30',
  expiryDate: futureDate(3),
  sex: 'F',
  nationality: 'UTO',
  issuingState: 'UTO',
  documentNumber: 'K5556667',
  face: 14,
};

let t: TestServer;
let api: ArgosClient;
let other: TestProject;
let passport: Buffer;
let selfie: Buffer;
let blank: Buffer;
/** An incomplete submission past a successful Step 1. */
let openId = '';
/** An approved submission. */
let decidedId = '';
/** An incomplete submission whose only Step 1 failed. */
let failedStep1Id = '';

const C = (errorCode: string, message: string) => ({ errorCode, message });
const D = (message: string) => ({ message, statusCode: 400 });

beforeAll(async () => {
  t = await startTestServer();
  api = argosClient(t.baseUrl);
  other = await createTestProject(t, {});
  [passport, selfie, blank] = await Promise.all([passportImage(lena), selfieOf(lena.face), noFaceImage()]);
  const first = await api.multipart('POST', '/v3/submission/step1', {
    issuingCountry: 'UTO',
    email: 'helga@example.com',
    idType: 'passport',
    idImage: passport,
  });
  decidedId = first.body.submissionId as string;
  const decided = await api.multipart('POST', '/v3/submission/step2', {
    submissionId: decidedId,
    faceImage: selfie,
    name: 'HELGA LINDQVIST',
    date_of_birth: lena.birthDate,
  });
  expect(decided.body.kycStatus).toBe('approved');
  const open = await api.multipart('POST', '/v3/submission/step1', {
    issuingCountry: 'UTO',
    email: 'helga.open@example.com',
    idType: 'passport',
    idImage: passport,
  });
  openId = open.body.submissionId as string;
  const failed = await api.multipart('POST', '/v3/submission/step1', {
    issuingCountry: 'UTO',
    email: 'helga.failed@example.com',
    idType: 'passport',
    idImage: blank,
  });
  expect(failed.body.retryCount).toBe(1);
  failedStep1Id = failed.body.submissionId as string;
}, 180_000);

afterAll(async () => {
  await t?.close();
});

const step1Fields = (extra: Record<string, string | Uint8Array | undefined> = {}) => ({
  issuingCountry: 'UTO',
  email: 'someone@example.com',
  idType: 'passport',
  idImage: passport,
  ...extra,
});

describe('POST /v3/submission/step1 errors (family C)', () => {
  const step1 = (fields: Record<string, string | Uint8Array | undefined>) =>
    api.multipart('POST', '/v3/submission/step1', fields);

  it('invalid_payload: not multipart, or a bad customOptions', async () => {
    const json = await api.json('POST', '/v3/submission/step1', { issuingCountry: 'UTO' });
    expect(json).toMatchObject({ status: 400, body: C('invalid_payload', 'failed to parse the input data') });
    for (const customOptions of ['not json', '[]', '{"ageLimit":"no"}']) {
      expect((await step1(step1Fields({ customOptions }))).body).toEqual(
        C('invalid_payload', 'failed to parse the input data'),
      );
    }
  });

  it('missing_data for each required field', async () => {
    for (const name of ['issuingCountry', 'email', 'idType', 'idImage']) {
      const answer = await step1(step1Fields({ [name]: undefined }));
      expect(answer.body, name).toEqual(C('missing_data', 'missing required parameters'));
    }
    expect((await step1(step1Fields({ email: '' }))).body.errorCode).toBe('missing_data');
  });

  it('invalid_id_type, invalid_country, invalid_email', async () => {
    expect((await step1(step1Fields({ idType: 'idcard' }))).body).toEqual(
      C(
        'invalid_id_type',
        'invalid id type : id type must be one of passport, government_id, drivers_license, residence_permit, visa, vehicle_registration_certificate, aadhaar, pancard, universal',
      ),
    );
    expect((await step1(step1Fields({ issuingCountry: 'ZZZ' }))).body).toEqual(
      C('invalid_country', 'invalid issuing country : use ISO 3166-1 alpha-3'),
    );
    expect((await step1(step1Fields({ email: 'not-an-email' }))).body).toEqual(
      C('invalid_email', 'invalid email address format'),
    );
  });

  it('invalid_id_image: empty, not JPEG/PNG, over 2 MiB', async () => {
    const expected = C('invalid_id_image', 'invalid id image');
    expect((await step1(step1Fields({ idImage: new Uint8Array() }))).body).toEqual(expected);
    expect((await step1(step1Fields({ idImage: Buffer.from('GIF89a not an id') }))).body).toEqual(expected);
    const big = Buffer.concat([passport, Buffer.alloc(2 * 1024 * 1024)]);
    expect((await step1(step1Fields({ idImage: big }))).body).toEqual(expected);
    expect((await step1(step1Fields({ idBackImage: Buffer.from('%PDF-1.4') }))).body).toEqual(expected);
  });

  it('invalid_submission: unknown, another project, both spellings differing, more than 4 hours old', async () => {
    const expected = C('invalid_submission', 'invalid submission id');
    expect((await step1(step1Fields({ submissionId: 'zzzzzzzzzzzzz' }))).body).toEqual(expected);
    const foreign = await other.api.multipart(
      'POST',
      '/v3/submission/step1',
      step1Fields({ submissionId: openId }),
    );
    expect(foreign.body).toEqual(expected);
    expect((await step1(step1Fields({ submissionId: openId, submission_id: decidedId }))).body).toEqual(
      expected,
    );
    await t.app.db.query(`UPDATE submissions SET created_at = now() - interval '5 hours' WHERE id = $1`, [
      failedStep1Id,
    ]);
    expect((await step1(step1Fields({ submissionId: failedStep1Id }))).body).toEqual(expected);
    await t.app.db.query(`UPDATE submissions SET created_at = now() WHERE id = $1`, [failedStep1Id]);
  });

  it('already_processed: a decided submission', async () => {
    expect((await step1(step1Fields({ submissionId: decidedId }))).body).toEqual(
      C('already_processed', 'this submission is already processed'),
    );
  });

  it('413 for a body over 8 MiB', async () => {
    const answer = await step1(step1Fields({ idImage: Buffer.alloc(9 * 1024 * 1024, 1) }));
    expect(answer).toMatchObject({ status: 413, body: { message: 'Request Entity Too Large' } });
  });
});

describe('POST /v3/submission/step2 errors (family C)', () => {
  const step2 = (fields: Record<string, string | Uint8Array | undefined>, client = api) =>
    client.multipart('POST', '/v3/submission/step2', {
      submissionId: openId,
      faceImage: selfie,
      name: 'HELGA LINDQVIST',
      date_of_birth: lena.birthDate,
      ...fields,
    });

  it('invalid_payload, missing_data, invalid_api_key, invalid_submission', async () => {
    expect((await api.json('POST', '/v3/submission/step2', { submissionId: openId })).body).toEqual(
      C('invalid_payload', 'failed to parse the input data'),
    );
    for (const name of ['submissionId', 'faceImage', 'name', 'date_of_birth']) {
      expect((await step2({ [name]: undefined })).body, name).toEqual(
        C('missing_data', 'missing required parameters for identity verification'),
      );
    }
    expect((await step2({}, other.api)).body).toEqual(C('invalid_api_key', 'invalid api key'));
    expect((await step2({ submissionId: 'zzzzzzzzzzzzz' })).body).toEqual(
      C('invalid_submission', 'invalid submission id'),
    );
  });

  it('already_processed, step1_incomplete, invalid_face_image, invalid_format', async () => {
    expect((await step2({ submissionId: decidedId })).body).toEqual(
      C('already_processed', 'this submission is already processed'),
    );
    expect((await step2({ submissionId: failedStep1Id })).body).toEqual(
      C('step1_incomplete', 'step 1 is not completed'),
    );
    expect((await step2({ faceImage: Buffer.from('not an image') })).body).toEqual(
      C('invalid_face_image', 'invalid face image'),
    );
    expect((await step2({ date_of_birth: '1999-11-31' })).body).toEqual(
      C('invalid_format', 'invalid format: date_of_birth'),
    );
    expect((await step2({ gender: 'x' })).body).toEqual(C('invalid_format', 'invalid format: gender'));
    expect((await step2({ nationality: 'Utopia' })).body).toEqual(
      C('invalid_format', 'invalid format: nationality'),
    );
    expect((await step2({ license_number: '12-34' })).body).toEqual(
      C('invalid_format', 'invalid format: license_number'),
    );
  });

  it('invalid_address_image and missing_address_data when the project collects addresses', async () => {
    const collecting = await createTestProject(t, { collectAddress: true });
    const started = await collecting.api.multipart(
      'POST',
      '/v3/submission/step1',
      step1Fields({ email: 'addr@example.com' }),
    );
    const id = started.body.submissionId as string;
    expect((await step2({ submissionId: id }, collecting.api)).body).toEqual(
      C('invalid_address_image', 'invalid or missing an address image'),
    );
    expect((await step2({ submissionId: id, addressImage: passport }, collecting.api)).body).toEqual(
      C('missing_address_data', 'missing address data parameters'),
    );
  });
});

describe('GET /v3/submission errors (family G)', () => {
  const bad = { status: 400, body: { message: 'Invalid Query String parameters' } };
  it('answers every invalid parameter with the gateway text', async () => {
    for (const query of [
      'count=0',
      'count=2001',
      'count=abc',
      'start_date=2024-13-01',
      'end_date=20240230',
      'request_type=everything',
      'nextpage_id=abc',
      'nextpage_date=2025-11-12-02-23-13-588',
      'nextpage_id=abc&nextpage_date=yesterday',
      'email=a%E0%A4%A',
      'count=1&count=2',
    ]) {
      expect(await api.query('GET', '/v3/submission', query), query).toMatchObject(bad);
    }
  });

  it('answers an unknown id with no items', async () => {
    expect((await api.query('GET', '/v3/submission', { submission_id: 'zzzzzzzzzzzzz' })).body).toEqual({
      Items: [],
    });
  });

  it('answers an undecryptable data= query', async () => {
    expect(await api.query('GET', '/v3/submission', { data: 'bm90IGVuY3J5cHRlZA==' })).toMatchObject({
      status: 400,
      body: { message: 'Decryption is Failed. Please check the api-key.' },
    });
  });
});

describe('GET /v3/image errors (family C)', () => {
  it('missing_data, invalid_type, invalid_submission, image_not_found', async () => {
    expect((await api.query('GET', '/v3/image', { type: 'idImage' })).body).toEqual(
      C('missing_data', 'Required input data is missing.'),
    );
    expect((await api.query('GET', '/v3/image', { submission_id: openId })).body).toEqual(
      C('missing_data', 'Required input data is missing.'),
    );
    expect((await api.query('GET', '/v3/image', { submission_id: openId, type: 'face' })).body).toEqual(
      C('invalid_type', 'Invalid image type.'),
    );
    expect(
      (await api.query('GET', '/v3/image', { submission_id: 'zzzzzzzzzzzzz', type: 'idImage' })).body,
    ).toEqual(C('invalid_submission', 'Invalid submission.'));
    const missing = await api.query('GET', '/v3/image', { submission_id: openId, type: 'selfieImage' });
    expect(missing).toMatchObject({ status: 404, body: C('image_not_found', 'Image not found.') });
  });
});

describe('PATCH /v3/submission errors (family P)', () => {
  const patch = (body: unknown) => api.json('PATCH', '/v3/submission', body);
  const P = (text: string) => ({ status: 400, body: { errorCode: text } });

  it('answers each problem in the documented order', async () => {
    expect(await patch('{"isEncrypted":true,"body":"AAAAAAAAAAAAAAAAAAAAAA=="}')).toMatchObject(
      P('Decryption is Failed. Please check the api-key.'),
    );
    expect(await patch('[1,2]')).toMatchObject(P('data parsing error. please check input data.'));
    expect(
      await patch({ submissionId: decidedId, admin: TEST_ADMIN, data: { favouriteColour: 'red' } }),
    ).toMatchObject(P('data parsing error. please check input data.'));
    expect(await patch({ admin: TEST_ADMIN, data: { gender: 'male' } })).toMatchObject(
      P('submissionId is required.'),
    );
    expect(await patch({ submissionId: decidedId, data: { gender: 'male' } })).toMatchObject(
      P('admin is required.'),
    );
    expect(await patch({ submissionId: decidedId, admin: 'stranger@example.com', data: {} })).toMatchObject(
      P('The admin is not registered in the project.'),
    );
    expect(
      await patch({ submissionId: 'zzzzzzzzzzzzz', admin: TEST_ADMIN, data: { gender: 'male' } }),
    ).toMatchObject(P('The submission is not found.'));
    expect(await patch({ submissionId: decidedId, admin: TEST_ADMIN, data: {} })).toMatchObject(
      P('At least one property to modify is required.'),
    );
    expect(await patch({ submissionId: decidedId, admin: TEST_ADMIN })).toMatchObject(
      P('At least one property to modify is required.'),
    );
    const cases: [Record<string, string>, string][] = [
      [{ idType: 'idcard' }, 'Invalid idType. Please check the idType.'],
      [{ kycStatus: 'pending' }, 'Invalid kyc status. Please check the kycStatus.'],
      [{ gender: 'other' }, 'Invalid gender. Please check the gender.'],
      [{ issuingCountry: 'XX' }, 'Invalid issuingCountry. Please enter a valid ISO 3166-1 alpha-3.'],
      [{ nationality: 'Utopia' }, 'Invalid nationality. Please enter a valid ISO 3166-1 alpha-3.'],
      [{ birthDate: '1999-11-31' }, 'Invalid birthDate. Please enter the date as YYYY-MM-DD'],
      [{ issueDate: '2020/01/01' }, 'Invalid issueDate. Please enter the date as YYYY-MM-DD'],
      [{ expireDate: 'soon' }, 'Invalid expireDate. Please enter the date as YYYY-MM-DD'],
    ];
    for (const [data, text] of cases) {
      expect(await patch({ submissionId: decidedId, admin: TEST_ADMIN, data }), text).toMatchObject(P(text));
    }
  });

  it('Data Processing Error. when the response cannot be encrypted', async () => {
    const broken = await createTestProject(t, {
      secureTransfer: true,
      encryption: { algorithm: 'AES-256', keySource: 'secretKey' },
    });
    const made = await broken.api.json(
      'POST',
      '/v3/submission/migration',
      JSON.stringify({
        admin: TEST_ADMIN,
        email: 'm@example.com',
        fullName: 'MIG RANT',
        birthDate: '1980-01-01',
        kycStatus: 'approved',
        idType: 'passport',
        issuingCountry: 'UTO',
      }),
    );
    expect(made.status).toBe(500);
    const id = (
      await t.app.db.query<{ id: string }>('SELECT id FROM submissions WHERE project_id = $1', [broken.id])
    ).rows[0]!.id;
    expect(
      await broken.api.json('PATCH', '/v3/submission', {
        submissionId: id,
        admin: TEST_ADMIN,
        data: { gender: 'male' },
      }),
    ).toMatchObject(P('Data Processing Error.'));
  });
});

describe('DELETE /v3/submission and /partial errors (family D)', () => {
  it('full delete: missing id, invalid admin, unknown, decryption', async () => {
    expect((await api.query('DELETE', '/v3/submission', {})).body).toEqual(D('not Exist Submission ID'));
    expect(
      (await api.query('DELETE', '/v3/submission', { submission_id: openId, admin_name: 'x@y.z' })).body,
    ).toEqual(D('invalid admin_name'));
    expect((await api.query('DELETE', '/v3/submission', { submission_id: 'zzzzzzzzzzzzz' })).body).toEqual(
      D('not Exist Submission Data'),
    );
    expect((await api.query('DELETE', '/v3/submission', { data: 'AAAA' })).body).toEqual(
      D('Decryption is Failed. Please check the api-key.'),
    );
  });

  it('full delete: not Exist Project Data for a suspended project', async () => {
    const suspended = await createTestProject(t, {});
    await t.app.projects.setStatus(suspended.id, 'suspended', 'test');
    expect((await suspended.api.query('DELETE', '/v3/submission', { submission_id: openId })).body).toEqual(
      D('not Exist Project Data'),
    );
  });

  it('partial delete: every validation error in order', async () => {
    const partial = (query: string) => api.query('DELETE', '/v3/submission/partial', query);
    const cases: [string, string][] = [
      ['fields=data', 'submission_id is required'],
      [`submission_id=${openId}`, 'fields parameter is required and cannot be empty'],
      [`submission_id=${openId}&fields=`, 'fields parameter is required and cannot be empty'],
      [`submission_id=${openId}&fields=data&fields=email`, 'fields must be a string'],
      [`submission_id=${openId}&fields=data&data_fields=cf1&data_fields=cf2`, 'data_fields must be a string'],
      [`submission_id=${openId}&fields=%20,%20`, 'fields cannot be empty'],
      [`submission_id=${openId}&fields=email,,userid`, 'invalid format for fields: empty item at position 2'],
      [
        `submission_id=${openId}&fields=data&data_fields=cf1,,cf2`,
        'invalid format for data_fields: empty item at position 2',
      ],
      [`submission_id=${openId}&fields=email,selfie,face`, 'invalid fields found in fields: selfie, face'],
      [
        `submission_id=${openId}&fields=email&data_fields=cf1`,
        'data_fields parameter is not allowed when fields does not include data',
      ],
      [
        `submission_id=${openId}&fields=data&data_fields=cf1,shoe_size`,
        'invalid fields found in data_fields: shoe_size',
      ],
      ['submission_id=zzzzzzzzzzzzz&fields=email', 'not Exist Submission Data'],
      ['data=AAAA', 'Decryption is Failed. Please check the api-key.'],
    ];
    for (const [query, message] of cases) expect((await partial(query)).body, query).toEqual(D(message));
  });
});

describe('PUT /v3/submission/image errors (family C)', () => {
  const put = (fields: Record<string, string | Uint8Array | undefined>, client = api) =>
    client.multipart('PUT', '/v3/submission/image', {
      submissionId: openId,
      admin: TEST_ADMIN,
      selfieImage: selfie.toString('base64'),
      ...fields,
    });

  it('answers each problem', async () => {
    expect((await api.json('PUT', '/v3/submission/image', { submissionId: openId })).body).toEqual(
      C('invalid_payload', 'Fail to parse the input data.'),
    );
    expect((await put({ admin: undefined })).body).toEqual(
      C('missing_data', 'Required input data is missing.'),
    );
    expect((await put({ submissionId: undefined })).body).toEqual(
      C('missing_data', 'Required input data is missing.'),
    );
    expect((await put({ admin: 'x@example.com' })).body).toEqual(C('invalid_admin', 'Invalid admin.'));
    expect((await put({ submissionId: 'zzzzzzzzzzzzz' })).body).toEqual(
      C('invalid_submission', 'Invalid submission.'),
    );
    expect((await put({ selfieImage: undefined })).body).toEqual(
      C('invalid_data', 'At least one image parameter is required.'),
    );
    expect((await put({ idImage: passport.toString('base64') })).body).toEqual(
      C('missing_data', 'The idType is required when submit idImage or idBackImage.'),
    );
    expect((await put({ idImage: passport, idType: 'idcard' })).body).toEqual(
      C('invalid_idType', 'Invalid IdType.'),
    );
    expect((await put({ selfieImage: 'data:image/png;base64,bm90IGFuIGltYWdl' })).body).toEqual(
      C('invalid_image', 'Invalid image.'),
    );
    const suspended = await createTestProject(t, {});
    await t.app.projects.setStatus(suspended.id, 'suspended', 'test');
    expect((await put({}, suspended.api)).body).toEqual(C('invalid_project', 'Invalid project.'));
  });

  it('stores a Base64 image with a data: prefix, and a file part', async () => {
    const answer = await put({
      selfieImage: `data:image/jpeg;base64,${selfie.toString('base64')}`,
      idBackImage: passport,
      idType: 'PASSPORT',
    });
    expect(answer.body).toEqual({ message: 'complete to update image.' });
    const image = await api.raw(`/v3/image?submissionId=${openId}&type=selfieImage`);
    expect(Buffer.from(await image.arrayBuffer()).equals(selfie)).toBe(true);
  });

  it('413 for a declared body over 60 MiB', async () => {
    const url = new URL(`${t.baseUrl}/v3/submission/image`);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'PUT',
          headers: {
            'x-api-key': TEST_API_KEY,
            'content-type': 'multipart/form-data; boundary=x',
            'content-length': String(61 * 1024 * 1024),
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.write('--x\r\n');
    });
    expect(status).toBe(413);
  });
});

describe('POST /v3/submission/review errors (family C)', () => {
  let reviewing: TestProject;
  let pendingId = '';
  beforeAll(async () => {
    reviewing = await createTestProject(t, { reviewMode: 'client' });
    const started = await reviewing.api.multipart(
      'POST',
      '/v3/submission/step1',
      step1Fields({ email: 'rev@example.com' }),
    );
    pendingId = started.body.submissionId as string;
    const decided = await reviewing.api.multipart('POST', '/v3/submission/step2', {
      submissionId: pendingId,
      faceImage: selfie,
      name: 'HELGA LINDQVIST',
      date_of_birth: lena.birthDate,
    });
    expect(decided.body.kycStatus).toBe('pending');
  });

  it('answers each problem in the documented order', async () => {
    const review = (body: unknown, client = reviewing.api) =>
      client.json('POST', '/v3/submission/review', body);
    const base = { admin: TEST_ADMIN, submissionId: pendingId, status: 'approved' };
    expect((await review('{"data":"AAAA"}')).body).toEqual(
      C('invalid_payload', 'Decryption is Failed. Please check the api-key.'),
    );
    expect((await review({ ...base, admin: undefined })).body).toEqual(
      C('missing_data', 'admin is required.'),
    );
    expect((await review({ ...base, admin: 'x@example.com' })).body).toEqual(
      C('invalid_admin', 'Access denied. The admin is not registered in the project.'),
    );
    expect((await review({ ...base, submissionId: undefined })).body).toEqual(
      C('missing_data', 'Submission Id is required.'),
    );
    expect((await review({ ...base, submissionId: 'zzzzzzzzzzzzz' })).body).toEqual(
      C('invalid_submission', 'Invalid Submission Id.'),
    );
    expect((await review({ ...base, submissionId: openId }, api)).body).toEqual(
      C('invalid_state', 'Only submissions in pending status can be reviewed'),
    );
    await t.app.db.query(`UPDATE submissions SET status = 'pending' WHERE id = $1`, [openId]);
    expect((await review({ ...base, submissionId: openId }, api)).body).toEqual(
      C('review_not_allowed', 'This submission cannot be reviewed by client'),
    );
    await t.app.db.query(`UPDATE submissions SET status = 'incomplete' WHERE id = $1`, [openId]);
    expect((await review({ ...base, status: 'maybe' })).body).toEqual(C('invalid_status', 'Invalid status'));
    expect((await review({ ...base, updateFields: { kycStatus: 'approved' } })).body).toEqual(
      C('invalid_data', 'Invalid data format.'),
    );
    expect((await review({ ...base, updateFields: { birthDate: '1999-11-31' } })).body).toEqual(
      C('invalid_data', 'Invalid data format.'),
    );
    expect((await review({ ...base, status: 'rejected' })).body).toEqual(
      C('missing_data', 'Reject comment is required'),
    );
    const suspended = await createTestProject(t, { reviewMode: 'client' });
    await t.app.projects.setStatus(suspended.id, 'suspended', 'test');
    expect((await review(base, suspended.api)).body).toEqual(C('invalid_project', 'Project not found.'));
  });
});

describe('POST /v3/submission/migration errors (family C)', () => {
  const valid = {
    admin: TEST_ADMIN,
    email: 'migrated@example.com',
    fullName: 'MIGRATED PERSON',
    birthDate: '1970-05-05',
    kycStatus: 'approved',
    idType: 'drvlic',
    issuingCountry: 'USA',
  };
  const migrate = (body: unknown, client = api) => client.json('POST', '/v3/submission/migration', body);

  it('answers each problem', async () => {
    expect((await migrate('{"data":"AAAA"}')).body).toEqual(
      C('invalid_payload', 'Decryption is Failed. Please check the api-key.'),
    );
    expect((await migrate('nope{')).body).toEqual(C('invalid_payload', 'Invalid payload.'));
    expect((await migrate({ ...valid, shoeSize: '42' })).body).toEqual(
      C('invalid_parameter', 'invalid parameter: shoeSize'),
    );
    expect((await migrate({ ...valid, fullName: undefined })).body).toEqual(
      C('missing_data', 'Required input data is missing'),
    );
    expect((await migrate({ ...valid, admin: 'x@example.com' })).body).toEqual(
      C('invalid_admin', 'Invalid admin'),
    );
    for (const [key, value] of [
      ['email', 'nope'],
      ['birthDate', '1999-11-31'],
      ['kycStatus', 'pending'],
      ['idType', 'idcard'],
      ['issuingCountry', 'XYZ'],
      ['gender', 'other'],
      ['ipAddress', '999.1.1.1'],
      ['cf1', 7],
    ] as const) {
      expect((await migrate({ ...valid, [key]: value })).body, key).toEqual(
        C('invalid_format', `invalid format: ${key}`),
      );
    }
    const suspended = await createTestProject(t, {});
    await t.app.projects.setStatus(suspended.id, 'suspended', 'test');
    expect((await migrate(valid, suspended.api)).body).toEqual(C('invalid_project', 'Invalid project'));
  });

  it('creates the submission, with drvlic read as drivers_license', async () => {
    const made = await migrate({
      ...valid,
      gender: 'male',
      nationality: 'USA',
      address_full: '1 Main St',
      cf2: 'x',
    });
    expect(made.body).toEqual({ message: 'success', submissionId: expect.stringMatching(/^[0-9a-z]{13}$/) });
    const got = await api.query('GET', '/v3/submission', { submission_id: made.body.submissionId as string });
    expect((got.body.Items as Record<string, unknown>[])[0]).toMatchObject({
      reviewer: TEST_ADMIN,
      data: {
        idType: 'drivers_license',
        full_name: 'MIGRATED PERSON',
        address_formatted: '1 Main St',
        cf2: 'x',
      },
      kyc: { result: 'approved' },
    });
  });
});

describe('Secure Data Transfer end to end', () => {
  it('the spec test vector decrypts as a GET query; the list comes back encrypted', async () => {
    const secure = await createTestProject(t, { secureTransfer: true });
    await t.app.projects.issueApiKey(secure.id, { key: 'test-api-key-123' }, 'test');
    const vectorClient = argosClient(t.baseUrl, 'test-api-key-123');
    const vector =
      'OfS4k2KAS4FpMcRytaQv+vUiHEBvRmyaAEeNk6hci17DDQnHy9HHz6tabwEDyn+plGsAr9x3X4bJ6xSxk01O17BY+S32btUg31jyy9iEEsqmLaWshc7hWSeP2ctbACWqf8sk3X7ycq4FHxJDnlBc9A==';
    const answer = await vectorClient.query('GET', '/v3/submission', { data: vector });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['data']);
    expect(decryptPayload(answer.body.data as string, payloadKey('test-api-key-123'), 'AES-256')).toEqual({
      Items: [],
    });
  });

  it('an encrypted GET and PATCH work in every request form, with ECB and GCM', async () => {
    for (const algorithm of ['AES-256', 'GCM-256'] as const) {
      const secure = await createTestProject(t, { secureTransfer: true, encryption: { algorithm } });
      const key = payloadKey(secure.apiKey);
      const enc = (value: object) => encryptPayload(value, key, algorithm);
      const dec = (answer: { body: Record<string, unknown> }) =>
        decryptPayload(answer.body.data as string, key, algorithm);
      const made = await secure.api.json('POST', '/v3/submission/migration', {
        isEncrypted: true,
        body: enc({ ...migrationBody(), email: `sdt-${algorithm}@example.com` }),
      });
      const id = (dec(made) as { submissionId: string }).submissionId;
      const patchForms = [
        JSON.stringify({
          isEncrypted: true,
          body: enc({ submissionId: id, admin: TEST_ADMIN, data: { gender: 'female' } }),
        }),
        JSON.stringify({ data: enc({ submissionId: id, admin: TEST_ADMIN, data: { nationality: 'KOR' } }) }),
        enc({ submissionId: id, admin: TEST_ADMIN, data: { expireDate: '2031-01-31' } }),
      ];
      for (const body of patchForms) {
        const patched = await secure.api.json('PATCH', '/v3/submission', body, 'text/plain');
        expect(dec(patched), algorithm).toEqual({ message: 'Data Processing Success.' });
      }
      const got = await secure.api.query('GET', '/v3/submission', {
        data: enc({ submission_id: id, request_type: 'data' }),
      });
      expect(dec(got)).toEqual({
        Items: [
          {
            submission_id: id,
            data: expect.objectContaining({
              gender: 'female',
              nationality: 'KOR',
              idcard_expireDate: '2031-01-31',
            }),
          },
        ],
      });
      const wrongKey = await secure.api.json(
        'PATCH',
        '/v3/submission',
        encryptPayload({ a: 1 }, payloadKey('other'), algorithm),
        'text/plain',
      );
      expect(wrongKey.body).toEqual({ errorCode: 'Decryption is Failed. Please check the api-key.' });
    }
  });
});

function migrationBody() {
  return {
    admin: TEST_ADMIN,
    email: 'sdt@example.com',
    fullName: 'SECURE TRANSFER',
    birthDate: '1988-08-08',
    kycStatus: 'approved',
    idType: 'passport',
    issuingCountry: 'UTO',
  };
}

describe('storage and engine failures', () => {
  it('data_processing_error, processing_error and delete Process FAIL when the blob store cannot write', async () => {
    const blobs = path.join(t.storage.dataDir, 'blobs');
    const aside = `${blobs}.aside`;
    fs.renameSync(blobs, aside);
    fs.writeFileSync(blobs, 'not a folder');
    try {
      expect((await api.multipart('POST', '/v3/submission/step1', step1Fields())).body).toEqual(
        C('data_processing_error', 'data processing error'),
      );
      const put = await api.multipart('PUT', '/v3/submission/image', {
        submissionId: openId,
        admin: TEST_ADMIN,
        selfieImage: selfie,
      });
      expect(put.body).toEqual(C('processing_error', 'Failed to put image.'));
      const erased = await api.query('DELETE', '/v3/submission', { submission_id: decidedId });
      expect(erased.body).toEqual(D('delete Process FAIL'));
    } finally {
      fs.rmSync(blobs);
      fs.renameSync(aside, blobs);
    }
    // The erasure stays queued and completes in the background.
    await sharedSubmissions(t.app).sweep();
    const left = await t.app.db.query('SELECT 1 FROM blob_erasures WHERE submission_id = $1', [decidedId]);
    expect(left.rows).toHaveLength(0);
  });

  it('image_processing_error when the document engine fails (a real engine deadline of 1 ms)', async () => {
    process.env.OPENKYC_RECOGNITION_TIMEOUT_MS = '1';
    try {
      expect((await api.multipart('POST', '/v3/submission/step1', step1Fields())).body).toEqual(
        C('image_processing_error', 'id image processing error'),
      );
    } finally {
      delete process.env.OPENKYC_RECOGNITION_TIMEOUT_MS;
    }
  });
});

it('the default project is the one the suite started with', () => {
  expect(TEST_PROJECT_ID).toBe('testproject01');
});
