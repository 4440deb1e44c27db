import type { App } from '../app.js';
import { AML_SCREEN_QUEUE, rescreenDue, type ScreenJob, screenSubmission } from '../kyc/aml/aml-screening.js';
import { announceTimeExpiredTokens } from '../kyc/token-time-expiry.js';
import { type PeriodicTask, startPeriodicTask } from './periodic-task.js';

// The submissions domain's background work: the AML screening jobs that approvals write, the daily re-screen of
// monitored submissions, and the announcement of time-expired tokens.

/** How often due re-screens and expired tokens are looked for. */
export const KYC_SWEEP_INTERVAL_MS = 60_000;

export interface KycBackground {
  readonly amlMonitor: PeriodicTask;
  readonly tokenExpiry: PeriodicTask;
  stop(): void;
}

export async function startKycBackground(app: App): Promise<KycBackground> {
  const deps = {
    db: app.db,
    keyring: app.keyring,
    jobs: app.jobs,
    projects: app.projects,
    now: () => new Date(),
  };
  const report = (what: string) => (error: unknown) => app.logger.error({ err: error }, `${what} failed`);
  await app.jobs.createQueue(AML_SCREEN_QUEUE);
  await app.jobs.work<ScreenJob>(AML_SCREEN_QUEUE, { concurrency: 2 }, async (job) => {
    await screenSubmission(deps, job.data);
  });
  const amlMonitor = startPeriodicTask(
    () => rescreenDue(deps),
    KYC_SWEEP_INTERVAL_MS,
    report('AML re-screen'),
  );
  const tokenExpiry = startPeriodicTask(
    () => announceTimeExpiredTokens(deps, new Date()),
    KYC_SWEEP_INTERVAL_MS,
    report('token expiry sweep'),
  );
  return {
    amlMonitor,
    tokenExpiry,
    stop() {
      amlMonitor.stop();
      tokenExpiry.stop();
    },
  };
}
