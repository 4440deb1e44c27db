import type { KycContext } from './kyc-context.js';
import { stepRefusal } from './state-machine.js';
import { refuse } from './submission-errors.js';
import type { Submission } from './submission-model.js';
import { loadSubmission } from './submission-repository.js';

/**
 * The submission a Step 2 call continues: it must exist, belong to the calling project (a key of another
 * project is `otherProject`), be incomplete, within its 4 hours, and past a successful Step 1.
 */
export async function checkStepSubmission(
  ctx: KycContext,
  submissionId: string,
  projectId: string,
  now: Date,
): Promise<Submission> {
  const submission = await loadSubmission(ctx, ctx.db, submissionId);
  if (submission && !submission.deletedAt && submission.projectId !== projectId)
    refuse({ kind: 'otherProject' });
  const refusal = stepRefusal(submission, projectId, now, 2);
  if (refusal === 'alreadyProcessed') refuse({ kind: 'alreadyProcessed' });
  if (refusal) refuse({ kind: 'unknownSubmission' });
  if (!submission!.step1Done || !submission!.record) refuse({ kind: 'step1Incomplete' });
  return submission!;
}
