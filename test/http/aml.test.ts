// AML screening end to end over real HTTP (argos.md §15.5): the operator loads a list our fixtures write through
// the admin API, approvals (migration, PATCH) screen the applicant in a background job, the verdict is in GET
// /v3/submission's `aml` item, `aml` and `aml_monitor` arrive at a real receiver, the daily re-screen announces a
// changed verdict, and the full delete leaves no screening behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED, toTargetsSimpleCsv } from '../../src/fixtures/aml/screening-set.js';
import { rescreenDue } from '../../src/kyc/aml/aml-screening.js';
import { type ArgosClient, argosClient } from '../kyc/support/argos-client.js';
import { startTestServer, TEST_ADMIN, TEST_PROJECT_ID, type TestServer } from '../support/app.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';

let t: TestServer;
let receiver: Receiver;
let api: ArgosClient;
let adminToken: string;

const hooks = (id: string, trigger: string) =>
  receiver.requests
    .map((r) => JSON.parse(r.body) as Record<string, unknown>)
    .filter((body) => body.submission_id === id && body.webhook_trigger === trigger);

async function putList(name: string, csv: string, query = '') {
  return fetch(`${t.baseUrl}/admin/api/aml/lists/${name}${query}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
    body: csv,
  });
}

async function inject(fullName: string, birthDate: string, nationality: string, kycStatus = 'approved') {
  const made = await api.json('POST', '/v3/submission/migration', {
    admin: TEST_ADMIN,
    email: `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    fullName,
    birthDate,
    nationality,
    gender: 'male',
    kycStatus,
    idType: 'passport',
    issuingCountry: nationality,
    userid: 'aml-user-1',
    cf1: 'campaign-aml',
  });
  expect(made.status).toBe(200);
  return made.body.submissionId as string;
}

const amlItem = async (id: string) => {
  const read = await api.query('GET', '/v3/submission', { submission_id: id, request_type: 'aml' });
  return (read.body.Items as Record<string, unknown>[])[0]!;
};

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestServer({ OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '200' });
  const project = await t.app.projects.get(TEST_PROJECT_ID);
  await t.app.projects.updateSettings(
    TEST_PROJECT_ID,
    {
      ...project!.settings,
      webhookUrl: receiver.url,
      allowInsecureWebhooks: true,
      aml: { enabled: true, monitoring: 'auto' },
    },
    'test',
  );
  api = argosClient(t.baseUrl);
  const session = await fetch(`${t.baseUrl}/admin/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: TEST_ADMIN, password: 'correct horse battery staple' }),
  });
  adminToken = ((await session.json()) as { token: string }).token;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('lists over the admin API', () => {
  it('needs an admin session and refuses a file of another format', async () => {
    const anonymous = await fetch(`${t.baseUrl}/admin/api/aml/lists`);
    expect(anonymous.status).toBe(401);
    const wrong = await putList('test-list', 'first,last\nJohn,Smith\n');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_list' });
    const badName = await putList('-dash-first', 'id,schema,name\n');
    expect(badName.status).toBe(400);
  });

  it('loads a list and lists it', async () => {
    const loaded = await putList(
      'test-list',
      toTargetsSimpleCsv(LISTED.filter((r) => r.id !== 'T-E15')),
      '?kind=pep',
    );
    expect(loaded.status).toBe(200);
    expect(await loaded.json()).toMatchObject({ name: 'test-list', entries: 23, skipped: 2 });
    const lists = await fetch(`${t.baseUrl}/admin/api/aml/lists`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(((await lists.json()) as { name: string }[]).map((l) => l.name)).toEqual(['test-list']);
  });
});

describe('screening after approval', () => {
  let listed = '';
  let clean = '';

  it('flags a listed applicant: aml webhook, monitoring registration, and the GET aml item', async () => {
    listed = await inject('KIM CHOL SU', '1968-09-09', 'PRK');
    await waitUntil(
      () => hooks(listed, 'aml').length === 1 && hooks(listed, 'aml_monitor').length === 1,
      20_000,
      'aml webhooks',
    );
    expect(hooks(listed, 'aml')[0]).toEqual({
      webhook_trigger: 'aml',
      submission_id: listed,
      duplicated_information: expect.stringMatching(/^[0-9a-f]{32}$/),
      email: 'kim.chol.su@example.com',
      userid: 'aml-user-1',
      cf: { cf1: 'campaign-aml' },
      aml_result: { currentstatus: 'Potential Match', risk_level_summary: 'High' },
    });
    const monitor = hooks(listed, 'aml_monitor')[0]!;
    expect(monitor).toMatchObject({
      submission_id: listed,
      email: 'kim.chol.su@example.com',
      userid: 'aml-user-1',
    });
    const records = monitor.records as { recordId: string; worklistId: string; created_at: string }[];
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      worklistId: 'default',
      recordId: expect.stringMatching(/^[0-9a-z]{13}$/),
    });

    const item = await amlItem(listed);
    expect(Object.keys(item)).toEqual(['submission_id', 'aml']);
    expect(item.aml).toMatchObject({
      currentstatus: 'Potential Match',
      risk_level_summary: 'High',
      screened_at: expect.stringMatching(/^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$/),
      matches: [
        expect.objectContaining({
          list: 'test-list',
          entity_id: 'T-E04',
          list_type: 'sanction',
          date_of_birth: 'exact',
        }),
      ],
      records: [
        { recordId: records[0]!.recordId, worklistId: 'default', created_at: records[0]!.created_at },
      ],
    });
  });

  it('clears an applicant nobody lists, and says nothing before an approval', async () => {
    clean = await inject('SVETLANA ORLOVA', '1973-03-03', 'BLR');
    await waitUntil(() => hooks(clean, 'aml').length === 1, 20_000, 'the aml webhook');
    expect(hooks(clean, 'aml')[0]!.aml_result).toEqual({
      currentstatus: 'No Match',
      risk_level_summary: 'N/A',
    });
    expect((await amlItem(clean)).aml).toMatchObject({
      currentstatus: 'No Match',
      risk_level_summary: 'N/A',
    });

    const rejected = await inject('LI WEI', '1981-02-11', 'CHN', 'rejected');
    const full = await api.query('GET', '/v3/submission', { submission_id: rejected });
    expect((full.body.Items as Record<string, unknown>[])[0]!.aml).toBeUndefined();
    // PATCH to approved is an approval: it is screened then.
    const patched = await api.json('PATCH', '/v3/submission', {
      submissionId: rejected,
      admin: TEST_ADMIN,
      data: { kycStatus: 'approved' },
    });
    expect(patched.status).toBe(200);
    await waitUntil(() => hooks(rejected, 'aml').length === 1, 20_000, 'the aml webhook after PATCH');
    expect(hooks(rejected, 'aml')[0]!.aml_result).toEqual({
      currentstatus: 'Potential Match',
      risk_level_summary: 'Medium',
    });
  });

  it('re-screens daily and announces a changed verdict with aml_monitor, once', async () => {
    // The list's next version adds Svetlana Orlova; the re-screen a day later finds her.
    const reloaded = await putList('test-list', toTargetsSimpleCsv(LISTED), '?kind=pep');
    expect(reloaded.status).toBe(200);
    const deps = { db: t.app.db, keyring: t.app.keyring, jobs: t.app.jobs, projects: t.app.projects };
    const tomorrow = () => new Date(Date.now() + 25 * 3_600_000);
    const first = await rescreenDue({ ...deps, now: tomorrow });
    expect(first).toMatchObject({ changed: 1 });
    expect(first.rescreened).toBeGreaterThanOrEqual(3);
    await waitUntil(
      () => hooks(clean, 'aml_monitor').length === 2,
      20_000,
      'the aml_monitor webhook of the change',
    );
    const change = hooks(clean, 'aml_monitor')[1]!;
    expect(change.records).toEqual(hooks(clean, 'aml_monitor')[0]!.records);
    expect((await amlItem(clean)).aml).toMatchObject({
      currentstatus: 'Potential Match',
      risk_level_summary: 'High',
    });
    // Nothing is due again until the next day.
    expect(await rescreenDue({ ...deps, now: tomorrow })).toEqual({ rescreened: 0, changed: 0 });
  });

  it('is erased by the full delete, monitoring included', async () => {
    const erased = await api.query('DELETE', '/v3/submission', {
      submission_id: listed,
      admin_name: TEST_ADMIN,
    });
    expect(erased.status).toBe(200);
    const left = await t.app.db.query(
      `SELECT (SELECT count(*) FROM aml_screenings WHERE submission_id = $1)::int AS screenings,
              (SELECT count(*) FROM aml_monitor_records WHERE submission_id = $1)::int AS records`,
      [listed],
    );
    expect(left.rows[0]).toEqual({ screenings: 0, records: 0 });
    const skeleton = (await api.query('GET', '/v3/submission', { submission_id: listed })).body
      .Items as Record<string, unknown>[];
    expect(skeleton[0]!.aml).toBeUndefined();
  });

  it('does not screen when the project has AML off', async () => {
    const project = (await t.app.projects.get(TEST_PROJECT_ID))!;
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      { ...project.settings, aml: { enabled: false, monitoring: 'off' } },
      'test',
    );
    const id = await inject('JUAN CARLOS PEREZ', '1985-05-05', 'MEX');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(hooks(id, 'aml')).toHaveLength(0);
    expect((await amlItem(id)).aml).toBeUndefined();
  });
});
