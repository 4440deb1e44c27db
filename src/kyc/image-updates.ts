import type { Actor, KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import { refuse, SubmissionError } from './submission-errors.js';
import type { IdType, ImageKind } from './submission-model.js';
import {
  attachImage,
  auditSubmission,
  discardImages,
  eraseQueuedBlobs,
  loadSubmission,
  putImage,
  retryOnConflict,
  type StoredImage,
  saveSubmission,
} from './submission-repository.js';

// Adding or replacing images of an existing submission (argos.md §10): no OCR, no verification, no event.

export interface ImageUpdateInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly admin: string;
  readonly submissionId: string;
  readonly idType?: IdType | undefined;
  /** Checked images: bytes and content type by kind. */
  readonly images: Partial<Record<ImageKind, { bytes: Uint8Array; contentType: string }>>;
}

export function updateImages(ctx: KycContext, input: ImageUpdateInput): Promise<void> {
  return retryOnConflict(() => updateImagesOnce(ctx, input));
}

async function updateImagesOnce(ctx: KycContext, input: ImageUpdateInput): Promise<void> {
  const submission = await loadSubmission(ctx, ctx.db, input.submissionId);
  if (!submission || submission.projectId !== input.project.id || !submission.record) {
    refuse({ kind: 'unknownSubmission' });
  }
  const stored: [ImageKind, StoredImage][] = [];
  try {
    for (const [kind, image] of Object.entries(input.images) as [
      ImageKind,
      { bytes: Uint8Array; contentType: string },
    ][]) {
      stored.push([kind, await putImage(ctx, image.bytes, image.contentType)]);
    }
    await ctx.db.transaction(async (tx) => {
      for (const [kind, image] of stored) await attachImage(tx, submission!.id, kind, image);
      await saveSubmission(ctx, tx, submission!, input.idType ? { id_type: input.idType } : {});
      await auditSubmission(tx, {
        projectId: input.project.id,
        actor: input.actor,
        action: 'submission.image.update',
        submissionId: submission!.id,
        details: { admin: input.admin, kinds: stored.map(([kind]) => kind) },
      });
    });
  } catch (error) {
    await discardImages(
      ctx,
      stored.map(([, image]) => image),
    );
    if (error instanceof SubmissionError) throw error;
    throw new SubmissionError({ kind: 'storageFailed' });
  }
  await eraseQueuedBlobs(ctx, submission!.id);
}
