import type { Actor, KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import { refuse, SubmissionError } from './submission-errors.js';
import { emitSubmissionEvent, snapshotOf } from './submission-events.js';
import type { AddressData, Submission } from './submission-model.js';
import {
  attachImage,
  auditSubmission,
  discardImages,
  eraseQueuedBlobs,
  loadSubmission,
  putImage,
  retryOnConflict,
  saveSubmission,
} from './submission-repository.js';

// Address injection (argos.md §14.5): the capture page collects an address and a photo of an address document
// for an existing submission; they replace the stored address data and address image, and `injection` fires
// with action.type "address". Values arrive validated; the image's type is checked by the caller.

export interface AddressInjectionInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly submissionId: string;
  /** The whole new address: keys not given are gone afterwards. */
  readonly address: AddressData;
  readonly image: { readonly bytes: Uint8Array; readonly contentType: string };
}

export function injectAddress(ctx: KycContext, input: AddressInjectionInput): Promise<Submission> {
  return retryOnConflict(() => injectAddressOnce(ctx, input));
}

async function injectAddressOnce(ctx: KycContext, input: AddressInjectionInput): Promise<Submission> {
  const submission = await loadSubmission(ctx, ctx.db, input.submissionId);
  if (!submission || submission.projectId !== input.project.id || !submission.record) {
    refuse({ kind: 'unknownSubmission' });
  }
  const now = ctx.now();
  const record = structuredClone(submission!.record!);
  record.address = { ...input.address };
  record.injection = { type: 'address', at: now.toISOString() };
  // Address items a partial delete erased are known again.
  record.erased = (record.erased ?? []).filter((field) => !field.startsWith('address_'));
  const image = await putImage(ctx, input.image.bytes, input.image.contentType);
  let saved: Submission;
  try {
    saved = await ctx.db.transaction(async (tx) => {
      await attachImage(tx, submission!.id, 'address', image);
      await saveSubmission(ctx, tx, submission!, { record, updated_at: now });
      await auditSubmission(tx, {
        projectId: input.project.id,
        actor: input.actor,
        action: 'submission.inject',
        submissionId: submission!.id,
        details: { type: 'address', fields: Object.keys(input.address) },
      });
      const after = (await loadSubmission(ctx, tx, submission!.id))!;
      await emitSubmissionEvent(ctx, tx, input.project, submission!.id, 'injection', {
        snapshot: snapshotOf(after, record, now),
        action: record.injection!,
      });
      return after;
    });
  } catch (error) {
    await discardImages(ctx, [image]);
    if (error instanceof SubmissionError) throw error;
    throw new SubmissionError({ kind: 'storageFailed' });
  }
  await eraseQueuedBlobs(ctx, submission!.id);
  return saved;
}
