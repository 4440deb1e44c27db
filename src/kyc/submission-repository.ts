import type { BlobRef } from '../blobs/blob-store.js';
import { appendAudit } from '../store/audit-store.js';
import type { Queryable } from '../store/database.js';
import {
  completeBlobErasure,
  failBlobErasure,
  queueBlobErasures,
  selectPendingBlobErasures,
  upsertSubmissionImage,
} from '../store/submission-images-store.js';
import {
  insertSubmission,
  type SubmissionWrite,
  selectSubmission,
  updateSubmission,
} from '../store/submissions-store.js';
import type { Actor, KycContext } from './kyc-context.js';
import { lookupIndexes, sealRecord, toSubmission } from './submission-codec.js';
import { SubmissionError } from './submission-errors.js';
import type { ImageKind, Submission, SubmissionRecord } from './submission-model.js';

// Reading and writing submissions for the use cases: sealing the record, keeping the lookup indexes in step with
// it, optimistic concurrency, images in the blob store, and the audit trail of personal data.

export async function loadSubmission(
  ctx: Pick<KycContext, 'keyring'>,
  q: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Submission | undefined> {
  if (!/^[0-9a-z]{1,64}$/.test(id)) return undefined;
  const row = await selectSubmission(q, id, options);
  return row && toSubmission(ctx.keyring, row);
}

/** Column values derived from the record: the sealed record itself and its lookup indexes. */
function recordColumns(
  ctx: KycContext,
  projectId: string,
  id: string,
  record: SubmissionRecord,
): SubmissionWrite {
  return {
    sealed_record: sealRecord(ctx.keyring, id, record),
    ...lookupIndexes(ctx.keyring, projectId, record.contact),
  };
}

export async function createSubmissionRow(
  ctx: KycContext,
  tx: Queryable,
  submission: {
    id: string;
    projectId: string;
    origin: Submission['origin'];
    status: Submission['status'];
    createdAt: Date;
    record: SubmissionRecord;
  } & SubmissionWrite,
): Promise<void> {
  const { id, projectId, origin, status, createdAt, record, ...columns } = submission;
  await insertSubmission(tx, {
    id,
    project_id: projectId,
    origin,
    status,
    created_at: createdAt,
    updated_at: createdAt,
    ...columns,
    ...recordColumns(ctx, projectId, id, record),
  });
}

/**
 * Writes changes to a submission read at `before.revision`; if anyone changed it since, nothing is written and
 * the caller's work counts as a lost race (`concurrentChange`).
 */
export async function saveSubmission(
  ctx: KycContext,
  tx: Queryable,
  before: Submission,
  changes: SubmissionWrite & { record?: SubmissionRecord | null },
): Promise<void> {
  const { record, ...columns } = changes;
  const write: SubmissionWrite = { updated_at: ctx.now(), ...columns };
  if (record) Object.assign(write, recordColumns(ctx, before.projectId, before.id, record));
  if (record === null) {
    Object.assign(write, { sealed_record: null, email_index: null, userid_index: null, token_index: null });
  }
  if (!(await updateSubmission(tx, before.id, before.revision, write))) {
    throw new SubmissionError({ kind: 'concurrentChange' });
  }
}

/**
 * Runs a read-modify-write until it is not overtaken by a concurrent change (at most `tries` times): for edits
 * that re-apply cleanly on a fresh read (admin edits, partial erasure, image updates).
 */
export async function retryOnConflict<T>(work: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const conflict = error instanceof SubmissionError && error.problem.kind === 'concurrentChange';
      if (!conflict || attempt >= tries) throw error;
    }
  }
}

export interface StoredImage {
  readonly ref: BlobRef;
  readonly contentType: string;
}

/** Puts image bytes into the encrypted blob store (before the transaction that references them). */
export async function putImage(
  ctx: KycContext,
  bytes: Uint8Array,
  contentType: string,
): Promise<StoredImage> {
  try {
    return { ref: await ctx.blobs.put(bytes), contentType };
  } catch {
    throw new SubmissionError({ kind: 'storageFailed' });
  }
}

/** Points a submission's image of `kind` at a stored blob; the blob it replaces is queued for erasure. */
export async function attachImage(
  tx: Queryable,
  submissionId: string,
  kind: ImageKind,
  image: StoredImage,
): Promise<void> {
  const replaced = await upsertSubmissionImage(tx, {
    submission_id: submissionId,
    kind,
    blob_id: image.ref.id,
    sha256: image.ref.sha256,
    size: image.ref.size,
    content_type: image.contentType,
  });
  if (replaced) await queueBlobErasures(tx, submissionId, [replaced]);
}

/**
 * Erases queued blobs (after the transaction that queued them committed). A failure leaves the blob queued: the
 * sweeper retries it. Returns whether every queued blob of the submission (or all, without one) is gone.
 */
export async function eraseQueuedBlobs(ctx: KycContext, submissionId?: string): Promise<boolean> {
  const pending = await selectPendingBlobErasures(ctx.db, 500, submissionId);
  let ok = true;
  for (const blobId of pending) {
    try {
      await ctx.blobs.delete(blobId);
      await completeBlobErasure(ctx.db, blobId);
    } catch {
      ok = false;
      await failBlobErasure(ctx.db, blobId).catch(() => {});
    }
  }
  return ok;
}

/** Blobs put for a request whose transaction then failed: nothing references them, so they go now. */
export async function discardImages(
  ctx: KycContext,
  images: readonly (StoredImage | undefined)[],
): Promise<void> {
  await Promise.all(
    images
      .filter((i): i is StoredImage => i !== undefined)
      .map((i) => ctx.blobs.delete(i.ref.id).catch(() => {})),
  );
}

/** One line of the audit trail for a read or change of a submission's personal data. */
export async function auditSubmission(
  q: Queryable,
  entry: {
    projectId: string;
    actor: Actor;
    action: string;
    submissionId: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await appendAudit(q, {
    projectId: entry.projectId,
    actor: entry.actor,
    action: entry.action,
    subjectType: 'submission',
    subjectId: entry.submissionId,
    ...(entry.details ? { details: entry.details } : {}),
  });
}

/** One audit line per submission read by a list query, in a single statement. */
export async function auditReads(
  q: Queryable,
  projectId: string,
  actor: Actor,
  submissionIds: readonly string[],
  details: Record<string, unknown>,
): Promise<void> {
  if (submissionIds.length === 0) return;
  await q.query(
    `INSERT INTO audit_log (project_id, actor, action, subject_type, subject_id, details)
     SELECT $1, $2, 'submission.read', 'submission', unnest($3::text[]), $4`,
    [projectId, actor, submissionIds, JSON.stringify(details)],
  );
}
