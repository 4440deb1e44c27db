// Data management over real HTTP: after a full delete no personal datum or image of the submission remains in
// the database or the blob store (both scanned); a partial delete takes exactly the named parts; every read and
// change is in the audit log; listing filters and pages.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceIdentity } from '../../src/fixtures/face/synthetic-face.js';
import { type ArgosClient, argosClient } from '../kyc/support/argos-client.js';
import { futureDate, type Person, passportImage, selfieOf } from '../kyc/support/documents.js';
import { startTestServer, TEST_ADMIN, TEST_PROJECT_ID, type TestServer } from '../support/app.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';

let t: TestServer;
let api: ArgosClient;
let receiver: Receiver;

const people: Person[] = [
  {
    surname: 'QUISPE',
    givenNames: 'YUKI',
    birthDate: '1992-07-21',
    expiryDate: futureDate(5),
    sex: 'F',
    nationality: 'UTO',
    issuingState: 'UTO',
    documentNumber: 'QZ9081726',
    face: 21,
  },
  {
    surname: 'MACKENZIE',
    givenNames: 'OSKAR',
    birthDate: '1984-12-03',
    expiryDate: futureDate(2),
    sex: 'M',
    nationality: 'UTO',
    issuingState: 'UTO',
    documentNumber: 'MK1122334',
    face: 22,
  },
];

async function verify(who: Person, email: string, userid: string): Promise<string> {
  const step1 = await api.multipart('POST', '/v3/submission/step1', {
    issuingCountry: 'UTO',
    email,
    idType: 'passport',
    idImage: await passportImage(who),
    userid,
    cf2: 'secret-campaign',
  });
  const id = step1.body.submissionId as string;
  const step2 = await api.multipart('POST', '/v3/submission/step2', {
    submissionId: id,
    faceImage: await selfieOf(faceIdentity(who.face)),
    name: `${who.givenNames} ${who.surname}`,
    date_of_birth: who.birthDate,
  });
  expect(step2.body.kycStatus).toBe('approved');
  return id;
}

/** Every row of every table of ours and of the job queue, as text. */
async function databaseText(): Promise<string> {
  const { rows } = await t.app.db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const table of rows) {
    const dump = await t.app.db.query<{ row: string }>(
      `SELECT t::text AS row FROM "${table.schema}"."${table.name}" t`,
    );
    parts.push(...dump.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

function blobFiles(): string[] {
  const root = path.join(t.storage.dataDir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

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
}, 120_000);

afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('GDPR erasure', () => {
  it('leaves no personal datum, image or template of the submission in the database or the blob store', async () => {
    const [who] = people;
    const id = await verify(who!, 'yuki.quispe@example.com', 'uid-yuki-7731');
    const before = (await api.query('GET', '/v3/submission', { submission_id: id })).body.Items as Record<
      string,
      string
    >[];
    const { duplicated_information: duplicateKey, applicant_id: applicantId } = before[0]!;
    await waitUntil(
      () => receiver.requests.filter((r) => r.body.includes(id)).length >= 2,
      20_000,
      'created and approved delivered',
    );
    const images = await t.app.db.query<{ blob_id: string }>(
      'SELECT blob_id FROM submission_images WHERE submission_id = $1',
      [id],
    );
    expect(images.rows).toHaveLength(2);
    const blobIds = images.rows.map((r) => r.blob_id);
    expect(blobFiles()).toEqual(expect.arrayContaining(blobIds));
    const templates = await t.app.db.query('SELECT 1 FROM face_templates WHERE submission_id = $1', [id]);
    expect(templates.rows).toHaveLength(2);
    const secrets = [
      'yuki.quispe@example.com',
      'uid-yuki-7731',
      'secret-campaign',
      'QUISPE',
      'Quispe',
      'YUKI',
      '1992-07-21',
      'QZ9081726',
      duplicateKey!,
      applicantId!,
    ];
    // Sealed at rest even before the delete: none of the values is stored in the clear...
    const sealed = await databaseText();
    for (const secret of secrets.slice(0, 8)) expect(sealed.includes(secret), secret).toBe(false);

    const deleted = await api.query('DELETE', '/v3/submission', {
      submission_id: id,
      admin_name: TEST_ADMIN,
    });
    expect(deleted.body.message).toBe('success');

    // ...and after it, not even the sealed forms, the lookup keys, the images or the templates remain.
    const text = await databaseText();
    for (const secret of secrets) expect(text.includes(secret), secret).toBe(false);
    const row = await t.app.db.query<Record<string, unknown>>('SELECT * FROM submissions WHERE id = $1', [
      id,
    ]);
    expect(row.rows[0]).toMatchObject({
      status: 'approved',
      id_type: 'passport',
      sealed_record: null,
      email_index: null,
      userid_index: null,
      token_index: null,
      duplicate_key: null,
      applicant_id: null,
      reviewer: null,
      deleted_by: TEST_ADMIN,
    });
    expect(row.rows[0]!.decided_at).not.toBeNull();
    expect(row.rows[0]!.deleted_at).not.toBeNull();
    expect(
      (await t.app.db.query('SELECT 1 FROM submission_images WHERE submission_id = $1', [id])).rows,
    ).toHaveLength(0);
    expect(
      (await t.app.db.query('SELECT 1 FROM face_templates WHERE submission_id = $1', [id])).rows,
    ).toHaveLength(0);
    const deliveries = await t.app.db.query<{ event: string; sealed_event: unknown }>(
      'SELECT event, sealed_event FROM deliveries WHERE subject_id = $1 ORDER BY sequence',
      [id],
    );
    expect(deliveries.rows.map((d) => d.event)).toEqual(['created', 'approved', 'delete']);
    expect(deliveries.rows.slice(0, 2).every((d) => d.sealed_event === null)).toBe(true);
    for (const blobId of blobIds) expect(blobFiles()).not.toContain(blobId);
    const found = await api.query('GET', '/v3/submission', { email: 'yuki.quispe@example.com' });
    expect(found.body.Items).toEqual([]);
  });
});

describe('partial erasure', () => {
  it('takes exactly the named fields and data items, and stops duplicate checks', async () => {
    const who = people[1]!;
    const id = await verify(who, 'oskar@example.com', 'uid-oskar');
    const images = await t.app.db.query<{ kind: string; blob_id: string }>(
      'SELECT kind, blob_id FROM submission_images WHERE submission_id = $1',
      [id],
    );
    const blobOf = (kind: string) => images.rows.find((r) => r.kind === kind)!.blob_id;
    const before = (
      (await api.query('GET', '/v3/submission', { submission_id: id })).body.Items as Record<
        string,
        Record<string, unknown>
      >[]
    )[0]!;
    const answer = await api.query('DELETE', '/v3/submission/partial', {
      submission_id: id,
      fields: ' id_image , data,OCR_raw',
      data_fields: 'full_name,gender,cf2',
      admin_name: TEST_ADMIN,
    });
    expect(answer.body).toEqual({
      message: 'success',
      content: `Submission ${id} partially deleted.`,
      deleted: { fields: ['id_image', 'data', 'OCR_raw'], data_fields: ['full_name', 'gender', 'cf2'] },
      statusCode: 200,
    });
    const after = (
      (await api.query('GET', '/v3/submission', { submission_id: id })).body.Items as Record<
        string,
        Record<string, unknown>
      >[]
    )[0]!;
    const { full_name: _f, gender: _g, cf2: _c, ...keptData } = before.data!;
    expect(after.data).toEqual(keptData);
    expect(after.image).toEqual({ selfieImage: before.image!.selfieImage });
    expect(after.OCR_raw).toBeUndefined();
    expect(after.duplicated_information).toBeUndefined();
    expect(after.email).toBe('oskar@example.com');
    expect(after.applicant_id).toBe(before.applicant_id);
    expect(after.kyc).toEqual(before.kyc);
    expect(blobFiles()).not.toContain(blobOf('idFront'));
    expect(blobFiles()).toContain(blobOf('selfie'));
    const row = await t.app.db.query<{ duplicate_checks_off: boolean }>(
      'SELECT duplicate_checks_off FROM submissions WHERE id = $1',
      [id],
    );
    expect(row.rows[0]!.duplicate_checks_off).toBe(true);
    const more = await api.query('DELETE', '/v3/submission/partial', {
      submission_id: id,
      fields: 'email,userid,custom_duplicated_information',
    });
    expect(more.body.message).toBe('success');
    const last = (
      (await api.query('GET', '/v3/submission', { submission_id: id })).body.Items as Record<
        string,
        unknown
      >[]
    )[0]!;
    expect(last.email).toBeUndefined();
    expect(last.userid).toBeUndefined();
  });
});

describe('audit trail', () => {
  it('records who read and changed a submission, without personal data', async () => {
    const made = await api.json('POST', '/v3/submission/migration', {
      admin: TEST_ADMIN,
      email: 'audited@example.com',
      fullName: 'AUDITED PERSON',
      birthDate: '1975-01-01',
      kycStatus: 'approved',
      idType: 'passport',
      issuingCountry: 'UTO',
    });
    const id = made.body.submissionId as string;
    await api.query('GET', '/v3/submission', { submission_id: id });
    await api.query('GET', '/v3/submission', { email: 'audited@example.com' });
    await api.json('PATCH', '/v3/submission', {
      submissionId: id,
      admin: TEST_ADMIN,
      data: { gender: 'male' },
    });
    const { rows } = await t.app.db.query<{
      actor: string;
      action: string;
      details: Record<string, unknown>;
    }>(
      `SELECT actor, action, details FROM audit_log WHERE subject_type = 'submission' AND subject_id = $1 ORDER BY id`,
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'submission.inject',
      'submission.read',
      'submission.read',
      'submission.update',
    ]);
    expect(rows.every((r) => /^api-key:[0-9a-z]{13}$/.test(r.actor))).toBe(true);
    expect(rows[1]!.details).toEqual({ view: 'single' });
    expect(rows[2]!.details).toEqual({ view: 'list' });
    expect(rows[3]!.details).toEqual({ admin: TEST_ADMIN, fields: ['gender'] });
    expect(JSON.stringify(rows)).not.toContain('AUDITED');
    await waitUntil(
      () => receiver.requests.some((r) => r.body.includes(id)),
      20_000,
      'the injection webhook',
    );
    const hook = JSON.parse(receiver.requests.find((r) => r.body.includes(id))!.body) as Record<
      string,
      unknown
    >;
    expect(hook).toEqual({
      webhook_trigger: 'injection',
      action: {
        type: 'migration',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$/),
      },
      submission_id: id,
      email: 'audited@example.com',
      kyc_status: 'approved',
      applicant_id: expect.stringMatching(/^[0-9a-z]{13}$/),
    });
  });
});

describe('listing', () => {
  it('filters by user id, e-mail and day, and pages newest first with nextpageKey', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const made = await api.json('POST', '/v3/submission/migration', {
        admin: TEST_ADMIN,
        email: `page${i}@example.com`,
        fullName: `PAGE PERSON ${i}`,
        birthDate: '1980-01-01',
        kycStatus: i % 2 ? 'rejected' : 'approved',
        idType: 'passport',
        issuingCountry: 'UTO',
        userid: 'pager',
      });
      ids.push(made.body.submissionId as string);
    }
    const seen: string[] = [];
    let query: Record<string, string> = { userid: 'pager', count: '2' };
    for (let page = 0; page < 5; page++) {
      const answer = await api.query('GET', '/v3/submission', query);
      const items = answer.body.Items as { submission_id: string }[];
      seen.push(...items.map((i) => i.submission_id));
      const next = answer.body.nextpageKey as { id: string; created_at: string } | undefined;
      if (!next) break;
      expect(next.id).toBe(items.at(-1)!.submission_id);
      query = { userid: 'pager', count: '2', nextpage_id: next.id, nextpage_date: next.created_at };
    }
    expect(seen).toEqual([...ids].reverse());
    const today = new Date().toISOString().slice(0, 10);
    const todays = await api.query('GET', '/v3/submission', {
      userid: 'pager',
      start_date: today,
      end_date: today.replace(/-/g, ''),
    });
    expect((todays.body.Items as unknown[]).length).toBe(5);
    const past = await api.query('GET', '/v3/submission', { userid: 'pager', end_date: '2020-01-01' });
    expect(past.body).toEqual({ Items: [] });
    const one = await api.query('GET', '/v3/submission', {
      email: 'PAGE3@example.com',
      request_type: 'others',
    });
    const item = (one.body.Items as Record<string, unknown>[])[0]!;
    expect(item.submission_id).toBe(ids[3]);
    expect(item.kyc).toBeUndefined();
    expect(item.data).toBeUndefined();
    expect(item.email).toBe('page3@example.com');
  });
});
