import PgBoss from 'pg-boss';
import type { Database, Queryable, ScriptRunner } from '../store/database.js';

export interface Job<Data> {
  readonly id: string;
  readonly name: string;
  readonly data: Data;
}

export interface SendOptions {
  /** Not before this time (or this many seconds from now). */
  readonly startAfter?: Date | number;
  /** Only one job with this key may wait in the queue at a time. */
  readonly singletonKey?: string;
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  readonly retryBackoff?: boolean;
  readonly expireInSeconds?: number;
}

export interface WorkOptions {
  /** How many jobs of this queue run at once in this process. */
  readonly concurrency?: number;
  readonly pollingIntervalSeconds?: number;
}

/**
 * Durable jobs in the database (pg-boss). `send` accepts an open transaction, so a job is written in the
 * same transaction as the state change that causes it: if the change commits, the job exists; a crash only
 * delays it.
 */
export interface JobQueue {
  createQueue(name: string): Promise<void>;
  send<Data extends object>(
    name: string,
    data: Data,
    options?: SendOptions,
    transaction?: Queryable,
  ): Promise<string | null>;
  work<Data>(name: string, options: WorkOptions, handler: (job: Job<Data>) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** pg-boss talks to the database through our connection, the same way on PGlite and on PostgreSQL. */
function executor(target: Queryable | ScriptRunner): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return target.query(text, values);
      if ('execScript' in target) return target.execScript(text);
      return target.query(text);
    },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

export async function startJobQueue(
  db: Database,
  options: { onError: (error: Error) => void; maintenance?: boolean },
): Promise<JobQueue> {
  const boss = new PgBoss({
    db: executor(db),
    schedule: false,
    supervise: options.maintenance ?? true,
    // Expired jobs of a crashed process are put back within seconds rather than minutes.
    maintenanceIntervalSeconds: 10,
    migrate: true,
  });
  boss.on('error', options.onError);
  await boss.start();
  const created = new Set<string>();
  let stopped = false;

  return {
    async createQueue(name) {
      if (created.has(name)) return;
      if (!(await boss.getQueue(name))) await boss.createQueue(name);
      created.add(name);
    },

    async send(name, data, sendOptions = {}, transaction) {
      // pg-boss checks every option key that is present, so absent options must not appear as undefined.
      const bossOptions: PgBoss.SendOptions = withoutUndefined({
        startAfter: sendOptions.startAfter,
        singletonKey: sendOptions.singletonKey,
        retryLimit: sendOptions.retryLimit,
        retryDelay: sendOptions.retryDelaySeconds,
        retryBackoff: sendOptions.retryBackoff,
        expireInSeconds: sendOptions.expireInSeconds,
        db: transaction ? executor(transaction) : undefined,
      });
      return boss.send(name, data, bossOptions);
    },

    async work<Data>(name: string, workOptions: WorkOptions, handler: (job: Job<Data>) => Promise<void>) {
      // A few polling loops, each fetching a batch that runs in parallel: the concurrency asked for without
      // one idle poll per job slot. A failing job fails its batch; jobs are idempotent, so retries are safe.
      const concurrency = Math.max(1, workOptions.concurrency ?? 1);
      const loops = Math.min(4, concurrency);
      const batchSize = Math.ceil(concurrency / loops);
      for (let loop = 0; loop < loops; loop++) {
        await boss.work<Data>(
          name,
          { batchSize, pollingIntervalSeconds: workOptions.pollingIntervalSeconds ?? 0.5 },
          async (jobs) => {
            const results = await Promise.allSettled(
              jobs.map((job) => handler({ id: job.id, name: job.name, data: job.data })),
            );
            const failure = results.find((result) => result.status === 'rejected');
            if (failure) throw (failure as PromiseRejectedResult).reason;
          },
        );
      }
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}
