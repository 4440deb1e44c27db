import type { DecisionReason, FinalStatus, KycStatus, Submission } from './submission-model.js';

// The submission state machine of argos.md §4.1:
//   (new) -> incomplete; incomplete -(failed attempt)-> incomplete (retryCount + 1), the third -> rejected
//   (too_many_retry); incomplete -(Step 2 decision)-> approved | rejected | pending; incomplete -(24 h)->
//   rejected (timeout); pending -(review)-> approved | rejected; approved | rejected -(PATCH)-> approved |
//   rejected; any -(DELETE)-> deleted.

/** Failed attempts across Step 1 and Step 2 together; the third rejects. */
export const MAX_FAILED_ATTEMPTS = 3;
/** How long a submission id serves Step 1 retries and Step 2. */
export const STEP_WINDOW_MS = 4 * 3_600_000;
/** After this an incomplete submission is rejected with `timeout` (our choice: every incomplete one). */
export const INCOMPLETE_TIMEOUT_MS = 24 * 3_600_000;

export type StepRefusal = 'unknown' | 'expired' | 'alreadyProcessed';

/** Whether a step call may continue this submission now. */
export function stepRefusal(
  submission: Submission | undefined,
  projectId: string,
  now: Date,
  step: 1 | 2,
): StepRefusal | undefined {
  if (!submission || submission.projectId !== projectId || submission.deletedAt) return 'unknown';
  if (submission.status !== 'incomplete') return 'alreadyProcessed';
  if (step === 1 && submission.step2Started) return 'alreadyProcessed';
  if (now.getTime() - submission.createdAt.getTime() > STEP_WINDOW_MS) return 'expired';
  return undefined;
}

export interface FailedAttemptOutcome {
  readonly retryCount: number;
  readonly status: 'incomplete' | 'rejected';
  readonly reasons: DecisionReason[];
}

export function afterFailedAttempt(retryCount: number): FailedAttemptOutcome {
  const next = retryCount + 1;
  return next >= MAX_FAILED_ATTEMPTS
    ? { retryCount: next, status: 'rejected', reasons: [{ code: 'too_many_retry' }] }
    : { retryCount: next, status: 'incomplete', reasons: [] };
}

/** Whether a status may be set by review (pending only) or by an admin's edit (anything but deleted). */
export function canReview(status: KycStatus): boolean {
  return status === 'pending';
}

/** The lifecycle event a new status fires (§4.1): pending -> submit, approved, rejected. */
export function eventForStatus(status: FinalStatus): 'submit' | 'approved' | 'rejected' {
  return status === 'pending' ? 'submit' : status;
}
