import { selectTimedOut } from '../store/submissions-store.js';
import type { KycContext } from './kyc-context.js';
import { INCOMPLETE_TIMEOUT_MS } from './state-machine.js';
import { emitSubmissionEvent, snapshotOf } from './submission-events.js';
import {
  auditSubmission,
  eraseQueuedBlobs,
  loadSubmission,
  saveSubmission,
} from './submission-repository.js';

// Background upkeep of submissions: incomplete ones older than 24 h are rejected with `timeout` (argos.md §4.1),
// and blob erasures that failed earlier are retried. Idempotent, and safe with several processes (rows are
// claimed with SKIP LOCKED), so a plain timer is enough.

export interface SweepReport {
  readonly timedOut: number;
}

/** One pass: rejects every timed-out submission (in batches, one transaction each). */
export async function sweepSubmissions(ctx: KycContext): Promise<SweepReport> {
  let timedOut = 0;
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const ids = await selectTimedOut(tx, new Date(now.getTime() - INCOMPLETE_TIMEOUT_MS), 50);
      for (const id of ids) {
        const submission = await loadSubmission(ctx, tx, id);
        if (!submission?.record || submission.status !== 'incomplete') continue;
        const project = await ctx.projects.get(submission.projectId, tx);
        if (!project) continue;
        const record = { ...submission.record, reasons: [{ code: 'timeout' as const }] };
        await saveSubmission(ctx, tx, submission, {
          status: 'rejected',
          decided_at: now,
          updated_at: now,
          reviewer: 'system',
          record,
        });
        await auditSubmission(tx, {
          projectId: project.id,
          actor: 'system',
          action: 'submission.timeout',
          submissionId: id,
        });
        const after = (await loadSubmission(ctx, tx, id))!;
        await emitSubmissionEvent(ctx, tx, project, id, 'rejected', {
          snapshot: snapshotOf(after, record, now),
        });
        timedOut++;
      }
      return ids.length < 50;
    });
    if (done) break;
  }
  await eraseQueuedBlobs(ctx);
  return { timedOut };
}

export interface Sweeper {
  stop(): void;
}

/** Runs a sweep now and then every `intervalMs`; errors are reported, never thrown. */
export function startSubmissionSweeper(
  ctx: KycContext,
  onError: (error: unknown) => void,
  intervalMs = 60_000,
): Sweeper {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sweepSubmissions(ctx);
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
