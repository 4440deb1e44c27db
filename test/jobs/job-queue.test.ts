import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobQueue, startJobQueue } from '../../src/jobs/job-queue.js';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { createTestStorage, openTestDatabase, type TestStorage } from '../support/database.js';

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('durable jobs', () => {
  let storage: TestStorage;
  let db: Database;
  let jobs: JobQueue;

  beforeAll(async () => {
    storage = await createTestStorage();
    db = await openTestDatabase(storage);
    await migrate(db);
    jobs = await startJobQueue(db, { onError: () => {} });
  });
  afterAll(async () => {
    await jobs?.stop();
    await db?.close();
    await storage?.cleanup();
  });

  it('runs a job sent outside a transaction', async () => {
    await jobs.createQueue('test.plain');
    const seen: unknown[] = [];
    await jobs.work<{ n: number }>('test.plain', { concurrency: 2 }, async (job) => {
      seen.push(job.data.n);
    });
    for (let n = 0; n < 5; n++) await jobs.send('test.plain', { n });
    await waitFor(() => seen.length === 5);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('writes a job only if the transaction that sends it commits (outbox)', async () => {
    await jobs.createQueue('test.outbox');
    const seen: string[] = [];
    await jobs.work<{ label: string }>('test.outbox', {}, async (job) => {
      seen.push(job.data.label);
    });
    await db.execScript('CREATE TABLE IF NOT EXISTS outbox_probe (label text)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO outbox_probe VALUES ('rolled-back')");
        await jobs.send('test.outbox', { label: 'rolled-back' }, {}, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO outbox_probe VALUES ('committed')");
      await jobs.send('test.outbox', { label: 'committed' }, {}, tx);
    });
    await waitFor(() => seen.includes('committed'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(seen).toEqual(['committed']);
  });

  it('retries a failing job', async () => {
    await jobs.createQueue('test.retry');
    let attempts = 0;
    await jobs.work('test.retry', {}, async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('not yet');
    });
    await jobs.send('test.retry', {}, { retryLimit: 5, retryDelaySeconds: 0 });
    await waitFor(() => attempts >= 3);
    expect(attempts).toBe(3);
  });
});
