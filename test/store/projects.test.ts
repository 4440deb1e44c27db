import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createAdmins } from '../../src/kyc/admins.js';
import { bootstrapFirstStart } from '../../src/kyc/bootstrap.js';
import { createProjects, type Projects } from '../../src/kyc/projects.js';
import { selectAudit } from '../../src/store/audit-store.js';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { createTestStorage, openTestDatabase, type TestStorage } from '../support/database.js';

describe('projects and API keys', () => {
  let storage: TestStorage;
  let db: Database;
  let projects: Projects;

  beforeAll(async () => {
    storage = await createTestStorage();
    db = await openTestDatabase(storage);
    await migrate(db);
    projects = createProjects(db, createKeyring(crypto.randomBytes(32)));
  });
  afterAll(async () => {
    await db?.close();
    await storage?.cleanup();
  });

  it('bootstraps the default project, key and admin once', async () => {
    const admins = createAdmins(db);
    const config = {
      projectId: undefined,
      apiKey: undefined,
      adminPassword: undefined,
      adminEmail: 'ops@example.test',
    };
    const first = await bootstrapFirstStart(db, projects, admins, config);
    expect(first?.projectId).toMatch(/^[0-9a-z]{13}$/);
    expect(first?.apiKey).toMatch(/^okk_[0-9A-Za-z]{40}$/);
    expect(first?.adminPassword?.length).toBe(20);
    expect(await bootstrapFirstStart(db, projects, admins, config)).toBeUndefined();
    expect((await projects.authenticate(first!.apiKey!))?.project.id).toBe(first!.projectId);
    expect(await admins.verify('ops@example.test', first!.adminPassword!)).toBeTruthy();
    expect(await admins.verify('ops@example.test', 'wrong password!')).toBeUndefined();
  });

  it('stores only a hash of each key; a revoked key stops authenticating', async () => {
    const project = await projects.create({ name: 'Acme' }, 'test');
    const issued = await projects.issueApiKey(project.id, { label: 'backend' }, 'test');
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [
      issued.id,
    ]);
    expect(JSON.stringify(rows)).not.toContain(issued.key);
    expect(JSON.stringify(rows)).not.toContain(crypto.createHash('sha256').update(issued.key).digest('hex'));
    expect((await projects.authenticate(issued.key))?.apiKeyId).toBe(issued.id);
    await projects.revokeApiKey(issued.id, 'test');
    expect(await projects.authenticate(issued.key)).toBeUndefined();
    await expect(projects.revokeApiKey(issued.id, 'test')).rejects.toThrow(/no active API key/);
    const listed = await projects.listApiKeys(project.id);
    expect(listed[0]?.revokedAt).toBeInstanceOf(Date);
    expect(listed[0]?.hint).toBe(`${issued.key.slice(0, 8)}…${issued.key.slice(-4)}`);
    const audit = await selectAudit(db, { subjectType: 'api_key', subjectId: issued.id });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['api_key.create', 'api_key.revoke']);
  });

  it('keeps project secrets sealed and the encryption key K of the API key available', async () => {
    const project = await projects.create({ name: 'Sealed' }, 'test');
    const secrets = await projects.secrets(project.id);
    expect(secrets.webhookSigningSecret).toMatch(/^whsec_/);
    const { rows } = await db.query<{ sealed_secrets: Uint8Array }>(
      'SELECT sealed_secrets FROM projects WHERE id = $1',
      [project.id],
    );
    expect(Buffer.from(rows[0]!.sealed_secrets).toString('latin1')).not.toContain(
      secrets.webhookSigningSecret,
    );
    const issued = await projects.issueApiKey(project.id, { key: 'test-api-key-123' }, 'test');
    const [k] = await projects.apiKeyEncryptionKeys(project.id);
    expect(k?.toString('hex')).toBe('a2e4ab0472c808a1ff2ce147ae4f6cd9ecd8bcc8a49c48350f97e6811ace7464');
    expect(issued.key).toBe('test-api-key-123');
  });

  it('rejects invalid settings and ids with a message naming the problem', async () => {
    await expect(projects.create({ name: 'x', settings: { reviewMode: 'nobody' } }, 'test')).rejects.toThrow(
      /reviewMode/,
    );
    await expect(projects.create({ id: 'no spaces allowed', name: 'x' }, 'test')).rejects.toThrow(
      /project id/,
    );
    const project = await projects.create({ name: 'Dup' }, 'test');
    await projects.issueApiKey(project.id, { key: 'my-own-key-0123456789' }, 'test');
    await expect(projects.issueApiKey(project.id, { key: 'my-own-key-0123456789' }, 'test')).rejects.toThrow(
      /already in use/,
    );
    await expect(projects.issueApiKey(project.id, { key: 'short' }, 'test')).rejects.toThrow(/16-128/);
  });
});
