import { newId } from '../crypto/random-id.js';
import type { SubmissionWrite } from '../store/submissions-store.js';
import { selectByDuplicateKey } from '../store/submissions-store.js';
import { scheduleScreening } from './aml/aml-screening.js';
import { duplicateKey } from './duplicate-key.js';
import type { Actor, KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import { canReview } from './state-machine.js';
import { refuse, SubmissionError } from './submission-errors.js';
import { emitSubmissionEvent, snapshotOf } from './submission-events.js';
import type {
  DocumentData,
  Gender,
  IdentityData,
  IdType,
  Submission,
  SubmissionRecord,
} from './submission-model.js';
import { auditSubmission, loadSubmission, retryOnConflict, saveSubmission } from './submission-repository.js';

// Edits by a project admin (argos.md §6 PATCH, §11 review): already validated values in the domain's names.

export interface SubmissionEdit {
  idType?: IdType;
  issuingCountry?: string;
  fullName?: string;
  firstName?: string;
  lastName?: string;
  gender?: Gender;
  nationality?: string;
  birthDate?: string;
  issueDate?: string;
  expireDate?: string;
  identityNumber?: string;
  documentNumber?: string;
  serialNumber?: string;
  typeOfPermit?: string;
  curpNumber?: string;
  version?: string;
  privacyShield?: boolean;
}

export type EditKey = keyof SubmissionEdit | 'kycStatus';

const IDENTITY_KEYS = ['fullName', 'firstName', 'lastName', 'gender', 'nationality', 'birthDate'] as const;
const DOCUMENT_KEYS = [
  'issuingCountry',
  'issueDate',
  'expireDate',
  'identityNumber',
  'documentNumber',
  'serialNumber',
  'typeOfPermit',
  'curpNumber',
  'version',
] as const;

export function isProjectAdmin(project: Project, email: unknown): email is string {
  if (typeof email !== 'string' || email.length === 0) return false;
  const wanted = email.trim().toLowerCase();
  return project.settings.admins.some((admin) => admin.trim().toLowerCase() === wanted);
}

/** Applies an edit to a record; returns the keys whose value changed. */
function applyEdit(
  record: SubmissionRecord,
  edit: SubmissionEdit,
  columns: SubmissionWrite,
): (keyof SubmissionEdit)[] {
  const changed: (keyof SubmissionEdit)[] = [];
  if (edit.idType !== undefined) {
    columns.id_type = edit.idType;
    changed.push('idType');
  }
  for (const key of IDENTITY_KEYS) {
    const value = edit[key];
    if (value === undefined) continue;
    (record.identity as Record<string, string>)[key] = value;
    changed.push(key);
  }
  for (const key of DOCUMENT_KEYS) {
    const value = edit[key];
    if (value === undefined) continue;
    (record.document as Record<string, string>)[key as keyof DocumentData] = value;
    changed.push(key);
  }
  if (edit.privacyShield !== undefined) {
    record.privacyShield = edit.privacyShield;
    changed.push('privacyShield');
  }
  if (changed.some((key) => key === 'birthDate') && record.erased) {
    record.erased = record.erased.filter((field) => field !== 'age_group');
  }
  return changed;
}

async function recomputeDuplicateKey(
  ctx: KycContext,
  submission: Submission,
  identity: IdentityData,
  changed: readonly string[],
): Promise<string | null | undefined> {
  if (submission.duplicateChecksOff) return undefined;
  if (!changed.some((key) => ['fullName', 'birthDate', 'gender', 'nationality'].includes(key)))
    return undefined;
  const secret = (await ctx.projects.secrets(submission.projectId)).duplicateSecret;
  return duplicateKey(secret, identity);
}

/** The applicant id an approval gets: an earlier approved applicant with the same identity, or a new one. */
async function applicantIdFor(ctx: KycContext, submission: Submission, key: string | null): Promise<string> {
  if (submission.applicantId) return submission.applicantId;
  if (key) {
    const earlier = await selectByDuplicateKey(ctx.db, submission.projectId, key, submission.id);
    const same = earlier.find((row) => row.status === 'approved' && row.applicant_id);
    if (same?.applicant_id) return same.applicant_id;
  }
  return newId();
}

export interface PatchInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly admin: string;
  readonly submissionId: string;
  readonly status?: 'approved' | 'rejected' | undefined;
  readonly edit: SubmissionEdit;
}

export interface ReviewInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly admin: string;
  readonly submissionId: string;
  readonly status: 'approved' | 'rejected';
  readonly rejectComment?: string | undefined;
  readonly edit: SubmissionEdit;
}

async function loadLive(ctx: KycContext, projectId: string, id: string): Promise<Submission> {
  const submission = await loadSubmission(ctx, ctx.db, id);
  if (!submission || submission.projectId !== projectId || !submission.record)
    refuse({ kind: 'unknownSubmission' });
  return submission!;
}

/** The submission a review would act on, checked in the order of argos.md §11's error table. */
export async function reviewable(ctx: KycContext, project: Project, id: string): Promise<Submission> {
  const submission = await loadLive(ctx, project.id, id);
  if (!canReview(submission.status)) refuse({ kind: 'notPending' });
  if (project.settings.reviewMode !== 'client') refuse({ kind: 'reviewNotAllowed' });
  return submission;
}

interface AdminChange {
  readonly input: PatchInput;
  /** The rejection's comment, when the change rejects. */
  readonly rejectText: string;
  readonly action: 'submission.update' | 'submission.review';
  /** The event that announces the change: `updated` (PATCH) or the new status (review). */
  readonly event: 'updated' | 'approved' | 'rejected';
}

/** An admin's edit and/or decision in one transaction, with its audit line and its event. */
async function applyAdminChange(
  ctx: KycContext,
  submission: Submission,
  change: AdminChange,
): Promise<EditKey[]> {
  const { input } = change;
  const now = ctx.now();
  const record = structuredClone(submission.record!);
  const columns: SubmissionWrite = {};
  const changed: EditKey[] = [];
  if (input.status) {
    Object.assign(columns, { status: input.status, decided_at: now, updated_at: now, reviewer: input.admin });
    record.reasons = input.status === 'rejected' ? [{ code: 'other', text: change.rejectText }] : [];
    changed.push('kycStatus');
  }
  changed.push(...applyEdit(record, input.edit, columns));
  const key = await recomputeDuplicateKey(ctx, submission, record.identity, changed);
  if (key !== undefined) columns.duplicate_key = key;
  if (input.status === 'approved') {
    columns.applicant_id = await applicantIdFor(
      ctx,
      submission,
      key === undefined ? submission.duplicateKey : key,
    );
  }
  await ctx.db
    .transaction(async (tx) => {
      await saveSubmission(ctx, tx, submission, { ...columns, record });
      await auditSubmission(tx, {
        projectId: input.project.id,
        actor: input.actor,
        action: change.action,
        submissionId: submission.id,
        details: { admin: input.admin, fields: changed },
      });
      const after = (await loadSubmission(ctx, tx, submission.id))!;
      const snapshot = snapshotOf(after, record, now);
      await emitSubmissionEvent(
        ctx,
        tx,
        input.project,
        submission.id,
        change.event,
        change.event === 'updated'
          ? { snapshot, changed, admin: input.admin, at: now.toISOString() }
          : { snapshot },
      );
      if (input.status === 'approved' && submission.status !== 'approved')
        await scheduleScreening(ctx, tx, input.project, submission.id, now);
    })
    .catch(rethrowAsStorage);
  return changed;
}

/** PATCH /v3/submission: edits are final but re-editable; only `updated` fires. */
export async function patchSubmission(ctx: KycContext, input: PatchInput): Promise<EditKey[]> {
  return retryOnConflict(async () => {
    const submission = await loadLive(ctx, input.project.id, input.submissionId);
    return applyAdminChange(ctx, submission, {
      input,
      rejectText: 'Rejected by administrator.',
      action: 'submission.update',
      event: 'updated',
    });
  });
}

/** POST /v3/submission/review: updateFields first, then the decision; `approved` or `rejected` fires. */
export async function reviewSubmission(ctx: KycContext, input: ReviewInput): Promise<void> {
  await retryOnConflict(async () => {
    const submission = await reviewable(ctx, input.project, input.submissionId);
    await applyAdminChange(ctx, submission, {
      input,
      rejectText: input.rejectComment ?? '',
      action: 'submission.review',
      event: input.status,
    });
  });
}

function rethrowAsStorage(error: unknown): never {
  if (error instanceof SubmissionError) throw error;
  throw new SubmissionError({ kind: 'storageFailed' });
}
