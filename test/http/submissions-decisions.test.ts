// Every way a submission is decided, over real HTTP with the real engines: each rejection path of argos.md §4
// (blacklisted country, under age, expired document, data mismatch, duplicate user, duplicate face, too many
// retries, timeout), the face retry codes, client review, and the webhooks each decision fires.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceIdentity } from '../../src/fixtures/face/synthetic-face.js';
import { groupSelfie, noFaceImage } from '../../src/fixtures/face/synthetic-scenes.js';
import { sharedSubmissions } from '../../src/kyc/submissions.js';
import type { ArgosClient } from '../kyc/support/argos-client.js';
import {
  futureDate,
  type Person,
  passportImage,
  pastDate,
  screenReplayOf,
  selfieOf,
} from '../kyc/support/documents.js';
import { createTestProject, type TestProject } from '../kyc/support/projects.js';
import { startTestServer, TEST_ADMIN, type TestServer } from '../support/app.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';
import { sharedData, sharedDataAvailable } from '../support/shared-data.js';

let t: TestServer;
let receiver: Receiver;

const person = (overrides: Partial<Person>): Person => ({
  surname: 'GARCIA',
  givenNames: 'LUCIA',
  birthDate: '1990-02-14',
  expiryDate: futureDate(4),
  sex: 'F',
  nationality: 'UTO',
  issuingState: 'UTO',
  documentNumber: 'X1234567',
  face: 3,
  ...overrides,
});

const hooksOf = (submissionId: string) =>
  receiver.requests
    .map((r) => JSON.parse(r.body) as Record<string, unknown>)
    .filter((body) => body.submission_id === submissionId);

async function waitForHook(submissionId: string, trigger: string): Promise<Record<string, unknown>> {
  await waitUntil(
    () => hooksOf(submissionId).some((h) => h.webhook_trigger === trigger),
    20_000,
    `${trigger} webhook`,
  );
  return hooksOf(submissionId).find((h) => h.webhook_trigger === trigger)!;
}

async function step1(api: ArgosClient, who: Person, extra: Record<string, string> = {}) {
  const answer = await api.multipart('POST', '/v3/submission/step1', {
    issuingCountry: who.issuingState,
    email: `${who.givenNames.split(' ')[0]!.toLowerCase()}.${who.surname.toLowerCase()}@example.com`,
    idType: 'passport',
    idImage: await passportImage(who),
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.retry).toBeUndefined();
  return answer.body.submissionId as string;
}

async function step2(api: ArgosClient, id: string, who: Person, face?: Uint8Array, name?: string) {
  return api.multipart('POST', '/v3/submission/step2', {
    submissionId: id,
    faceImage: face ?? (await selfieOf(who.face)),
    name: name ?? `${who.givenNames} ${who.surname}`,
    date_of_birth: who.birthDate,
  });
}

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestServer({ OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '200' });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('policy rejections at Step 2', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await createTestProject(
      t,
      { policies: { blacklistCountries: ['UTO'], ageLimit: 21 } },
      receiver.url,
    );
  });

  it('rejects a blacklisted issuing country (id_info_blacklist) and fires `rejected`', async () => {
    const who = person({});
    const id = await step1(project.api, who);
    const decided = await step2(project.api, id, who);
    expect(decided.body).toEqual({
      submissionId: id,
      verificationResult: 'success',
      kycStatus: 'rejected',
      retryCount: 0,
      commentCode: ['id_info_blacklist'],
      comment: ['KYC is not accepted from UTO as per policy.'],
    });
    const hook = await waitForHook(id, 'rejected');
    expect(hook).toEqual({
      webhook_trigger: 'rejected',
      submission_id: id,
      kyc_result: {
        status: 'rejected',
        comment: ['KYC is not accepted from UTO as per policy.'],
        commentCode: ['id_info_blacklist'],
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
      duplicated_information: expect.stringMatching(/^[0-9a-f]{32}$/),
      email: 'lucia.garcia@example.com',
      ipAddress: '127.0.0.1',
    });
  });

  it('rejects an applicant under the age limit (id_info_notOfAge); customOptions switch both rules off', async () => {
    const young = person({ surname: 'NGUYEN', givenNames: 'MEI', birthDate: pastDate(17), face: 4 });
    const id = await step1(project.api, young, { customOptions: '{"blacklistCountries":false}' });
    const decided = await step2(project.api, id, young);
    expect(decided.body).toMatchObject({
      kycStatus: 'rejected',
      commentCode: ['id_info_notOfAge'],
      comment: ['KYC is not accepted for individuals under 21 years old.'],
    });
    const excused = await step1(project.api, young, {
      customOptions: '{"blacklistCountries":false,"ageLimit":false,"approvePeriod":true,"unknown":true}',
    });
    const approved = await step2(project.api, excused, young);
    expect(approved.body).toMatchObject({ kycStatus: 'approved' });
  });
});

describe('document and data rejections', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await createTestProject(t, {}, receiver.url);
  });

  it('rejects an expired document (expired_id)', async () => {
    const who = person({
      surname: 'ROSSI',
      givenNames: 'PETER JAMES',
      expiryDate: pastDate(1),
      face: 5,
      sex: 'M',
    });
    const id = await step1(project.api, who);
    const decided = await step2(project.api, id, who);
    expect(decided.body).toMatchObject({
      kycStatus: 'rejected',
      commentCode: ['expired_id'],
      comment: ['ID cards have already expired.'],
    });
  });

  it('rejects entered data that does not match the document (id_info_dataMismatch)', async () => {
    const who = person({ surname: 'DUBOIS', givenNames: 'SOPHIE', face: 6 });
    const id = await step1(project.api, who);
    const decided = await step2(project.api, id, who, undefined, 'John Smith');
    expect(decided.body).toMatchObject({
      kycStatus: 'rejected',
      commentCode: ['id_info_dataMismatch'],
      comment: ['Entered information does not match the ID document.'],
    });
    expect(decided.body.faceSimilarityScore).toBeGreaterThan(70);
  });

  it('accepts the same name typed in another order and with its diacritics', async () => {
    const who = person({ surname: 'MUELLER', givenNames: 'ZOE', face: 7 });
    const id = await step1(project.api, who);
    const decided = await step2(project.api, id, who, undefined, 'Müller Zoë');
    expect(decided.body).toMatchObject({ kycStatus: 'approved' });
  });
});

describe('duplicates', () => {
  let project: TestProject;
  const original = person({ surname: 'KOWALSKA', givenNames: 'OLGA', documentNumber: 'P0001111', face: 8 });
  let firstId = '';
  let applicantId = '';
  beforeAll(async () => {
    project = await createTestProject(
      t,
      { policies: { rejectDuplicateUser: true, approvePeriodDays: 30 } },
      receiver.url,
    );
    firstId = await step1(project.api, original);
    const decided = await step2(project.api, firstId, original);
    expect(decided.body).toMatchObject({ kycStatus: 'approved' });
    const got = await project.api.query('GET', '/v3/submission', { submission_id: firstId });
    applicantId = (got.body.Items as { applicant_id: string }[])[0]!.applicant_id;
  });

  it('refuses Step 1 for an e-mail already approved (duplicate_approved)', async () => {
    const again = await project.api.multipart('POST', '/v3/submission/step1', {
      issuingCountry: 'UTO',
      email: 'olga.kowalska@example.com',
      idType: 'passport',
      idImage: await passportImage(original),
    });
    expect(again.body).toEqual({
      errorCode: 'duplicate_approved',
      message:
        'olga.kowalska@example.com had submitted another KYC and is already approved; therefore, this submission is not accepted to avoid duplicate submissions.',
    });
  });

  it('rejects the same identity under another e-mail (duplicate_user), naming the matched applicant', async () => {
    const id = await step1(project.api, original, { email: 'olga.second@example.com' });
    const decided = await step2(project.api, id, original);
    expect(decided.body).toMatchObject({
      kycStatus: 'rejected',
      commentCode: ['duplicate_user'],
      comment: ['A user has been duplicated as a result of identification.'],
    });
    const hook = await waitForHook(id, 'rejected');
    expect(hook.applicant_id).toBe(applicantId);
  });

  it('rejects the same face under another identity (duplicated_face)', async () => {
    const impostor = person({
      surname: 'PETROV',
      givenNames: 'IVAN',
      sex: 'M',
      documentNumber: 'Q7654321',
      face: 8,
    });
    const id = await step1(project.api, impostor);
    const decided = await step2(project.api, id, impostor);
    expect(decided.body).toMatchObject({
      kycStatus: 'rejected',
      commentCode: ['duplicated_face'],
      comment: ['A duplicate user has been identified through face matching.'],
    });
    const hook = await waitForHook(id, 'rejected');
    expect(hook.applicant_id).toBe(applicantId);
  });
});

describe('failed attempts', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await createTestProject(t, {}, receiver.url);
  });

  it('gives each face problem its retry code, fires `retry`, and rejects on the third (too_many_retry)', async () => {
    const who = person({ surname: 'TANAKA', givenNames: 'KENJI', sex: 'M', face: 9 });
    const id = await step1(project.api, who);
    const noFace = await step2(project.api, id, who, await noFaceImage());
    expect(noFace.body).toEqual({
      submissionId: id,
      retry: [
        {
          retryCode: 'face_not_detected',
          retryMsg: 'No face detected. Please retry with a clear face image.',
        },
      ],
      kycStatus: 'incomplete',
      retryCount: 1,
    });
    const group = await step2(project.api, id, who, await groupSelfie([faceIdentity(9), faceIdentity(10)]));
    expect(group.body).toMatchObject({
      retry: [
        {
          retryCode: 'multiple_faces',
          retryMsg: 'More than one face detected. Please retry with only one face in the image.',
        },
      ],
      kycStatus: 'incomplete',
      retryCount: 2,
    });
    const replay = await step2(project.api, id, who, await screenReplayOf(9));
    expect(replay.body).toMatchObject({
      retry: [{ retryCode: 'liveness_error', retryMsg: 'Liveness fail: Please retry.' }],
      kycStatus: 'rejected',
      retryCount: 3,
    });
    const got = await project.api.query('GET', '/v3/submission', { submission_id: id });
    const item = (got.body.Items as Record<string, unknown>[])[0]!;
    expect(item.kyc).toMatchObject({
      result: 'rejected',
      commentCode: ['too_many_retry'],
      comment: ['Multiple invalid KYC attempts detected.'],
      attempts: [
        { attemptCnt: 1, retryCode: ['face_not_detected'] },
        { attemptCnt: 2, retryCode: ['multiple_faces'] },
        { attemptCnt: 3, retryCode: ['liveness_error'], livenessScore: expect.any(Number) },
      ],
    });
    await waitForHook(id, 'rejected');
    const hooks = hooksOf(id);
    expect(hooks.map((h) => h.webhook_trigger)).toEqual(['created', 'retry', 'retry', 'retry', 'rejected']);
    expect(hooks[1]).toEqual({
      webhook_trigger: 'retry',
      submission_id: id,
      kyc_result: { status: 'incomplete' },
      retryCode: ['face_not_detected'],
      attempts: 1,
      ipAddress: '127.0.0.1',
    });
    expect(hooks[4]).toMatchObject({ kyc_result: { commentCode: ['too_many_retry'] } });
  });

  it('counts a Step 1 that reads no document as a failed attempt (id_image_invalidImage)', async () => {
    const answer = await project.api.multipart('POST', '/v3/submission/step1', {
      issuingCountry: 'UTO',
      email: 'nodoc@example.com',
      idType: 'passport',
      idImage: await noFaceImage(),
    });
    expect(answer.body).toMatchObject({
      kycStatus: 'incomplete',
      retryCount: 1,
      retry: [
        {
          retryCode: 'id_image_invalidImage',
          retryMsg: 'ID document not detected. Please take a clear picture of your ID document.',
        },
      ],
      file_upload: true,
      file_back_upload: false,
    });
    expect(answer.body.document_fields).toBeUndefined();
  });

  it('rejects with `timeout` an incomplete submission 24 hours after it started', async () => {
    const who = person({ surname: 'SILVA', givenNames: 'DIEGO', sex: 'M', face: 11 });
    const id = await step1(project.api, who);
    await t.app.db.query(`UPDATE submissions SET created_at = now() - interval '25 hours' WHERE id = $1`, [
      id,
    ]);
    const swept = await sharedSubmissions(t.app).sweep();
    expect(swept.timedOut).toBeGreaterThanOrEqual(1);
    const got = await project.api.query('GET', '/v3/submission', { submission_id: id, request_type: 'kyc' });
    expect((got.body.Items as Record<string, unknown>[])[0]).toMatchObject({
      kyc: { result: 'rejected', commentCode: ['timeout'], comment: ['KYC rejected due to timeout.'] },
    });
    const hook = await waitForHook(id, 'rejected');
    expect(hook.kyc_result).toMatchObject({ commentCode: ['timeout'] });
  });
});

describe.runIf(sharedDataAvailable('faces-bbt'))(
  'face match on real photos (../shared/data/faces-bbt, read at test time)',
  () => {
    const photo = (who: string, k: number) =>
      path.join(sharedData, 'faces-bbt/images', who, `${who}${k}.png`);
    const asSelfie = async (file: string) =>
      sharp(await readFile(file))
        .resize(480, 480)
        .extend({ top: 240, bottom: 240, left: 120, right: 120, background: '#8a9199' })
        .jpeg({ quality: 92 })
        .toBuffer();

    it('asks for a retry when the selfie is someone else (face_compare_underscore), approves the holder', async () => {
      const project = await createTestProject(t, {}, receiver.url);
      const holder = person({ surname: 'BOOTH', givenNames: 'PENNY', face: 30 });
      const card = await passportImage(holder, { portrait: await readFile(photo('penny', 1)) });
      const started = await project.api.multipart('POST', '/v3/submission/step1', {
        issuingCountry: 'UTO',
        email: 'penny@example.com',
        idType: 'passport',
        idImage: card,
      });
      const id = started.body.submissionId as string;
      const stranger = await step2(project.api, id, holder, await asSelfie(photo('raj', 1)));
      expect(stranger.body).toMatchObject({
        retry: [
          {
            retryCode: 'face_compare_underscore',
            retryMsg: "The face doesn't match. Please retry with another face image.",
          },
        ],
        kycStatus: 'incomplete',
        retryCount: 1,
      });
      const holderSelfie = await step2(project.api, id, holder, await asSelfie(photo('penny', 3)));
      expect(holderSelfie.body).toMatchObject({
        kycStatus: expect.stringMatching(/^(approved|pending)$/),
        retryCount: 1,
      });
      expect(holderSelfie.body.faceSimilarityScore).toBeGreaterThanOrEqual(70);
    });
  },
);

describe('client review', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await createTestProject(t, { reviewMode: 'client' }, receiver.url);
  });

  it('leaves a passing submission pending (`submit`), then the reviewer decides (`approved`)', async () => {
    const who = person({ surname: 'OKONKWO', givenNames: 'AMARA', face: 12 });
    const id = await step1(project.api, who, { userid: 'u-77' });
    const decided = await step2(project.api, id, who);
    expect(decided.body).toMatchObject({ kycStatus: 'pending' });
    const submit = await waitForHook(id, 'submit');
    expect(submit).toEqual({
      webhook_trigger: 'submit',
      created_at: expect.stringMatching(/Z$/),
      submission_id: id,
      duplicated_information: expect.stringMatching(/^[0-9a-f]{32}$/),
      email: 'amara.okonkwo@example.com',
      userid: 'u-77',
      ipAddress: '127.0.0.1',
    });
    const reviewed = await project.api.json('POST', '/v3/submission/review', {
      admin: TEST_ADMIN,
      submissionId: id,
      status: 'approved',
      updateFields: { documentNumber: 'X1234567-B' },
    });
    expect(reviewed.body).toEqual({
      submissionId: id,
      message: 'Success to review submission.',
      finalStatus: 'approved',
    });
    const approved = await waitForHook(id, 'approved');
    expect(approved).toMatchObject({
      kyc_result: { status: 'approved', reviewer: TEST_ADMIN, pending_at: expect.stringMatching(/Z$/) },
      documentNumber: 'X1234567-B',
    });
    expect(hooksOf(id).some((h) => h.webhook_trigger === 'updated')).toBe(false);
  });

  it('records a reviewer rejection with its comment', async () => {
    const who = person({ surname: 'ABDULLAH', givenNames: 'MOHAMMED', sex: 'M', face: 13 });
    const id = await step1(project.api, who);
    await step2(project.api, id, who);
    const reviewed = await project.api.json('POST', '/v3/submission/review', {
      admin: TEST_ADMIN,
      submissionId: id,
      status: 'rejected',
      rejectComment: 'Document photo looks manipulated.',
    });
    expect(reviewed.body.finalStatus).toBe('rejected');
    const hook = await waitForHook(id, 'rejected');
    expect(hook.kyc_result).toMatchObject({
      commentCode: ['other'],
      comment: ['Document photo looks manipulated.'],
    });
  });
});
