import { newId } from '../crypto/random-id.js';
import { selectByDuplicateKey } from '../store/submissions-store.js';
import { scheduleScreening } from './aml/aml-screening.js';
import { duplicateKey } from './duplicate-key.js';
import type { Actor, KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import { SubmissionError } from './submission-errors.js';
import { emitSubmissionEvent, snapshotOf } from './submission-events.js';
import {
  type AddressData,
  type ContactData,
  type DocumentData,
  emptyRecord,
  type IdentityData,
  type IdType,
} from './submission-model.js';
import { auditSubmission, createSubmissionRow, loadSubmission } from './submission-repository.js';

// Injection of existing KYC data (argos.md §12): a decided submission created without OCR or verification; the
// caller vouches for the data. Values arrive validated.

export interface InjectionInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly admin: string;
  readonly status: 'approved' | 'rejected';
  readonly idType: IdType;
  readonly contact: ContactData;
  readonly identity: IdentityData;
  readonly document: DocumentData;
  readonly address: AddressData;
}

export async function injectSubmission(ctx: KycContext, input: InjectionInput): Promise<string> {
  const now = ctx.now();
  const id = newId();
  const record = emptyRecord();
  record.contact = input.contact;
  record.identity = input.identity;
  record.document = input.document;
  record.address = input.address;
  record.injection = { type: 'migration', at: now.toISOString() };
  if (input.status === 'rejected') record.reasons = [{ code: 'other', text: 'Rejected by administrator.' }];
  const secret = (await ctx.projects.secrets(input.project.id)).duplicateSecret;
  const key = duplicateKey(secret, record.identity);
  let applicantId: string | null = null;
  if (input.status === 'approved') {
    const earlier = key ? await selectByDuplicateKey(ctx.db, input.project.id, key, id) : [];
    applicantId =
      earlier.find((row) => row.status === 'approved' && row.applicant_id)?.applicant_id ?? newId();
  }
  try {
    await ctx.db.transaction(async (tx) => {
      await createSubmissionRow(ctx, tx, {
        id,
        projectId: input.project.id,
        origin: 'migration',
        status: input.status,
        createdAt: now,
        record,
        id_type: input.idType,
        decided_at: now,
        reviewer: input.admin,
        duplicate_key: key,
        applicant_id: applicantId,
      });
      await auditSubmission(tx, {
        projectId: input.project.id,
        actor: input.actor,
        action: 'submission.inject',
        submissionId: id,
        details: { admin: input.admin, type: 'migration' },
      });
      const after = (await loadSubmission(ctx, tx, id))!;
      await emitSubmissionEvent(ctx, tx, input.project, id, 'injection', {
        snapshot: snapshotOf(after, record, now),
        action: record.injection!,
      });
      if (input.status === 'approved') await scheduleScreening(ctx, tx, input.project, id, now);
    });
  } catch {
    throw new SubmissionError({ kind: 'storageFailed' });
  }
  return id;
}
