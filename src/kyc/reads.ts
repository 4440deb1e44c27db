import { selectSubmissionImage } from '../store/submission-images-store.js';
import { selectSubmissionPage } from '../store/submissions-store.js';
import type { Actor, KycContext } from './kyc-context.js';
import { lookupIndexes, toSubmission } from './submission-codec.js';
import type { ImageKind, Submission } from './submission-model.js';
import { auditReads, auditSubmission, loadSubmission } from './submission-repository.js';

// Reading submissions (argos.md §5, §9). Every read of a live submission's personal data is written to the audit
// trail: who read which submission, when, through which view.

export interface ListQuery {
  readonly email?: string | undefined;
  readonly userid?: string | undefined;
  /** Inclusive bounds on the creation time. */
  readonly from?: Date | undefined;
  readonly until?: Date | undefined;
  readonly after?: { readonly createdAt: Date; readonly id: string } | undefined;
  readonly count: number;
}

export interface SubmissionPage {
  readonly items: Submission[];
  /** Where the next page starts, when there is one. */
  readonly next?: { readonly id: string; readonly createdAt: Date };
}

export async function readSubmission(
  ctx: KycContext,
  projectId: string,
  actor: Actor,
  id: string,
  view: string,
): Promise<Submission | undefined> {
  const submission = await loadSubmission(ctx, ctx.db, id);
  if (!submission || submission.projectId !== projectId) return undefined;
  if (submission.record) {
    await auditSubmission(ctx.db, {
      projectId,
      actor,
      action: 'submission.read',
      submissionId: id,
      details: { view },
    });
  }
  return submission;
}

export async function listSubmissions(
  ctx: KycContext,
  projectId: string,
  actor: Actor,
  query: ListQuery,
  view: string,
): Promise<SubmissionPage> {
  const indexes = lookupIndexes(ctx.keyring, projectId, { email: query.email, userid: query.userid });
  const rows = await selectSubmissionPage(ctx.db, {
    projectId,
    ...(indexes.email_index ? { emailIndex: indexes.email_index } : {}),
    ...(indexes.userid_index ? { useridIndex: indexes.userid_index } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.until ? { until: query.until } : {}),
    ...(query.after ? { after: query.after } : {}),
    limit: query.count + 1,
  });
  const items = rows.slice(0, query.count).map((row) => toSubmission(ctx.keyring, row));
  await auditReads(
    ctx.db,
    projectId,
    actor,
    items.filter((s) => s.record).map((s) => s.id),
    { view },
  );
  const last = items.at(-1);
  return rows.length > query.count && last
    ? { items, next: { id: last.id, createdAt: last.createdAt } }
    : { items };
}

export type ImageRead =
  | { readonly found: true; readonly bytes: Buffer; readonly contentType: string }
  | { readonly found: false; readonly why: 'submission' | 'image' };

export async function readImage(
  ctx: KycContext,
  projectId: string,
  actor: Actor,
  id: string,
  kind: ImageKind,
): Promise<ImageRead> {
  const submission = await loadSubmission(ctx, ctx.db, id);
  if (!submission || submission.projectId !== projectId) return { found: false, why: 'submission' };
  const row = await selectSubmissionImage(ctx.db, id, kind);
  if (!row) return { found: false, why: 'image' };
  let bytes: Buffer;
  try {
    bytes = await ctx.blobs.get({ id: row.blob_id, sha256: row.sha256 });
  } catch {
    return { found: false, why: 'image' };
  }
  await auditSubmission(ctx.db, {
    projectId,
    actor,
    action: 'submission.image.read',
    submissionId: id,
    details: { kind },
  });
  return { found: true, bytes, contentType: row.content_type };
}
