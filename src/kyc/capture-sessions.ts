import { newId } from '../crypto/random-id.js';
import { selectStatusesByToken } from '../store/submissions-store.js';
import type { Actor, KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import { lookupIndexes } from './submission-codec.js';
import { SubmissionError } from './submission-errors.js';
import { emitSubmissionEvent, snapshotOf } from './submission-events.js';
import {
  type ContactData,
  emptyRecord,
  type KycStatus,
  type PolicyOverrides,
  type Submission,
} from './submission-model.js';
import { auditSubmission, createSubmissionRow, loadSubmission } from './submission-repository.js';

// What the capture page (argos.md §14, the Liveform) needs from the submission domain: start a submission for a session (it
// then goes through Step 1 and Step 2 like an API submission, with the same state machine and engines), the
// statuses of a private-mode token's submissions, and the values of the return URL.

export interface StartInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly contact: ContactData;
  readonly overrides?: PolicyOverrides | undefined;
}

/**
 * Creates an incomplete submission for a capture session and fires `created`. The session's token, if any, is
 * stored on it as `tokenId` (its use is counted by the capture page's own token bookkeeping).
 */
export async function startSubmission(ctx: KycContext, input: StartInput): Promise<Submission> {
  const now = ctx.now();
  const id = newId();
  const record = emptyRecord();
  record.contact = { ...input.contact };
  record.overrides = input.overrides ?? {};
  try {
    return await ctx.db.transaction(async (tx) => {
      await createSubmissionRow(ctx, tx, {
        id,
        projectId: input.project.id,
        origin: 'liveform',
        status: 'incomplete',
        createdAt: now,
        record,
      });
      await auditSubmission(tx, {
        projectId: input.project.id,
        actor: input.actor,
        action: 'submission.create',
        submissionId: id,
      });
      const after = (await loadSubmission(ctx, tx, id))!;
      await emitSubmissionEvent(ctx, tx, input.project, id, 'created', {
        snapshot: snapshotOf(after, record, now),
      });
      return after;
    });
  } catch (error) {
    if (error instanceof SubmissionError) throw error;
    throw new SubmissionError({ kind: 'storageFailed' });
  }
}

/** A submission's state for the capture page (its LiveformSubmissionLookup port), without personal data. */
export async function submissionState(
  ctx: KycContext,
  projectId: string,
  submissionId: string,
): Promise<{ status: KycStatus; deleted: boolean; commentCodes: string[] } | undefined> {
  const submission = await loadSubmission(ctx, ctx.db, submissionId);
  if (!submission || submission.projectId !== projectId) return undefined;
  return {
    status: submission.status,
    deleted: submission.deletedAt !== null,
    commentCodes: submission.record?.reasons.map((reason) => reason.code) ?? [],
  };
}

/** Statuses of the live submissions made with a token (rule 11 of argos.md §14.3). */
export async function tokenSubmissionStatuses(
  ctx: KycContext,
  projectId: string,
  tokenId: string,
): Promise<KycStatus[]> {
  const { token_index } = lookupIndexes(ctx.keyring, projectId, { tokenId });
  return token_index ? ((await selectStatusesByToken(ctx.db, projectId, token_index)) as KycStatus[]) : [];
}

/** The values a return URL may carry (argos.md §14.4), for the project's selection to pick from. */
export interface ReturnValues {
  readonly submissionId: string;
  readonly kycStatus?: 'approved' | 'pending' | 'rejected';
  readonly userid?: string;
  readonly cf1?: string;
  readonly cf2?: string;
  readonly cf3?: string;
  readonly email?: string;
}

export async function returnValues(
  ctx: KycContext,
  projectId: string,
  submissionId: string,
): Promise<ReturnValues | undefined> {
  const submission = await loadSubmission(ctx, ctx.db, submissionId);
  if (!submission || submission.projectId !== projectId || !submission.record) return undefined;
  const { contact } = submission.record;
  return {
    submissionId: submission.id,
    ...(submission.status !== 'incomplete' ? { kycStatus: submission.status } : {}),
    ...(contact.userid ? { userid: contact.userid } : {}),
    ...(contact.cf1 ? { cf1: contact.cf1 } : {}),
    ...(contact.cf2 ? { cf2: contact.cf2 } : {}),
    ...(contact.cf3 ? { cf3: contact.cf3 } : {}),
    ...(contact.email ? { email: contact.email } : {}),
  };
}
