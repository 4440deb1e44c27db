import { deleteAmlOfSubmission } from '../store/aml-store.js';
import { eraseDeliveryPayloads } from '../store/deliveries-store.js';
import { deleteSubmissionImages, queueBlobErasures } from '../store/submission-images-store.js';
import type { SubmissionWrite } from '../store/submissions-store.js';
import type { TemplateSource } from './face-duplicates.js';
import type { Actor, KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import { refuse, SubmissionError } from './submission-errors.js';
import { emitSubmissionEvent } from './submission-events.js';
import { ADDRESS_KEYS, type AddressKey, type ImageKind, type SubmissionRecord } from './submission-model.js';
import {
  auditSubmission,
  eraseQueuedBlobs,
  loadSubmission,
  retryOnConflict,
  saveSubmission,
} from './submission-repository.js';

// GDPR erasure (argos.md §7 full, §8 partial). Full: everything personal goes — the sealed record, the lookup
// indexes, every image (blob store), face templates, stored webhook payloads, AML screening and monitoring,
// duplicate key and applicant id — and a skeleton stays: id, creation time, id type, result and its time, deletion time and who deleted.

export interface EraseInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly submissionId: string;
  /** The deleting admin; the `delete` event fires only with one. */
  readonly admin?: string | undefined;
  readonly comment?: string | undefined;
}

export type EraseOutcome = 'erased' | 'blobsPending';

export async function eraseSubmission(ctx: KycContext, input: EraseInput): Promise<EraseOutcome> {
  const submission = await loadSubmission(ctx, ctx.db, input.submissionId);
  if (!submission || submission.projectId !== input.project.id || submission.deletedAt) {
    refuse({ kind: 'unknownSubmission' });
  }
  const now = ctx.now();
  try {
    await ctx.db.transaction(async (tx) => {
      const blobs = await deleteSubmissionImages(tx, submission!.id);
      await queueBlobErasures(tx, submission!.id, blobs);
      await ctx.faceDuplicates.erase(tx, submission!.id);
      await eraseDeliveryPayloads(tx, submission!.id);
      await deleteAmlOfSubmission(tx, submission!.id);
      await saveSubmission(ctx, tx, submission!, {
        record: null,
        deleted_at: now,
        deleted_by: input.admin ?? input.actor,
        reviewer: null,
        pending_at: null,
        retry_count: 0,
        duplicate_key: null,
        duplicate_checks_off: true,
        applicant_id: null,
        scores: {},
        attempts: [],
      });
      await auditSubmission(tx, {
        projectId: input.project.id,
        actor: input.actor,
        action: 'submission.delete',
        submissionId: submission!.id,
        details: input.admin ? { admin: input.admin } : {},
      });
      if (input.admin) {
        await emitSubmissionEvent(ctx, tx, input.project, submission!.id, 'delete', {
          submissionId: submission!.id,
          admin: input.admin,
          at: now.toISOString(),
          ...(input.comment !== undefined ? { comment: input.comment } : {}),
        });
      }
    });
  } catch (error) {
    if (error instanceof SubmissionError && error.problem.kind === 'concurrentChange') {
      return eraseSubmission(ctx, input);
    }
    throw new SubmissionError({ kind: 'storageFailed' });
  }
  return (await eraseQueuedBlobs(ctx, submission!.id)) ? 'erased' : 'blobsPending';
}

export const PARTIAL_FIELDS = [
  'id_image',
  'selfie_image',
  'data',
  'OCR_raw',
  'ocr',
  'review',
  'applicant_id',
  'email',
  'userid',
  'additional_list',
  'duplicated_information',
  'custom_duplicated_information',
  'injection_action',
] as const;
export type PartialField = (typeof PARTIAL_FIELDS)[number];

export const PARTIAL_DATA_FIELDS = [
  'age_group',
  'first_name',
  'last_name',
  'full_name',
  'name',
  'gender',
  'nationality',
  'date_of_birth',
  'address_city',
  'address_country',
  'address_state',
  'address_street',
  'address_street2',
  'address_zipcode',
  'address_globalCode',
  'address_compoundCode',
  'address_formatted',
  'address_input',
  'address_detail',
  'ip_address',
  'idcard_issuingCountry',
  'idcard_issueDate',
  'idcard_expireDate',
  'idType',
  'documentNumber',
  'identityNumber',
  'ssnNumber',
  'phoneNumber',
  'cf1',
  'cf2',
  'cf3',
] as const;
export type PartialDataField = (typeof PARTIAL_DATA_FIELDS)[number];

/** Names of the data set's items, as the partial-delete list spells them, mapped onto the record. */
function eraseDataField(
  record: SubmissionRecord,
  field: PartialDataField,
  columns: SubmissionWrite,
): boolean {
  const { identity, document, contact, other } = record;
  switch (field) {
    case 'age_group':
      return true;
    case 'first_name':
      delete identity.firstName;
      return false;
    case 'last_name':
      delete identity.lastName;
      return false;
    case 'full_name':
      delete identity.fullName;
      return true;
    case 'name':
      delete identity.fullName;
      delete identity.firstName;
      delete identity.lastName;
      return true;
    case 'gender':
      delete identity.gender;
      return true;
    case 'nationality':
      delete identity.nationality;
      return true;
    case 'date_of_birth':
      delete identity.birthDate;
      return true;
    case 'ip_address':
      delete contact.ipAddress;
      return false;
    case 'idcard_issuingCountry':
      delete document.issuingCountry;
      return false;
    case 'idcard_issueDate':
      delete document.issueDate;
      return false;
    case 'idcard_expireDate':
      delete document.expireDate;
      return false;
    case 'idType':
      columns.id_type = null;
      return false;
    case 'documentNumber':
      delete document.documentNumber;
      return false;
    case 'identityNumber':
      delete document.identityNumber;
      return false;
    case 'ssnNumber':
      delete other.ssnNumber;
      return false;
    case 'phoneNumber':
      delete other.phoneNumber;
      return false;
    case 'cf1':
    case 'cf2':
    case 'cf3':
      delete contact[field];
      return false;
    default: {
      const key = field.slice('address_'.length) as AddressKey;
      if ((ADDRESS_KEYS as readonly string[]).includes(key)) delete record.address[key];
      return false;
    }
  }
}

/** Data-set items that feed duplicated_information: erasing one ends duplicate checks for the submission. */
const DUPLICATE_INPUTS = new Set(['full_name', 'name', 'date_of_birth', 'gender', 'nationality']);

export interface PartialEraseInput {
  readonly project: Project;
  readonly actor: Actor;
  readonly submissionId: string;
  readonly fields: readonly PartialField[];
  /** Items of the data set; empty = all of it. Only with `data`. */
  readonly dataFields: readonly PartialDataField[];
  readonly admin?: string | undefined;
}

export function erasePartially(ctx: KycContext, input: PartialEraseInput): Promise<PartialDataField[]> {
  return retryOnConflict(() => erasePartiallyOnce(ctx, input));
}

async function erasePartiallyOnce(ctx: KycContext, input: PartialEraseInput): Promise<PartialDataField[]> {
  const submission = await loadSubmission(ctx, ctx.db, input.submissionId);
  if (!submission || submission.projectId !== input.project.id || !submission.record) {
    refuse({ kind: 'unknownSubmission' });
  }
  const record = structuredClone(submission!.record!);
  const columns: SubmissionWrite = {};
  const images: ImageKind[] = [];
  const templates: TemplateSource[] = [];
  const erased = new Set(record.erased ?? []);
  const dataFields = input.fields.includes('data')
    ? input.dataFields.length > 0
      ? [...input.dataFields]
      : [...PARTIAL_DATA_FIELDS]
    : [];
  let duplicateInputErased = false;
  for (const field of input.fields) {
    switch (field) {
      case 'id_image':
        images.push('idFront', 'idBack');
        templates.push('portrait');
        break;
      case 'selfie_image':
        images.push('selfie');
        templates.push('selfie');
        break;
      case 'OCR_raw':
      case 'ocr':
        delete record.ocr;
        break;
      case 'review':
        delete record.review;
        break;
      case 'applicant_id':
        columns.applicant_id = null;
        break;
      case 'email':
        delete record.contact.email;
        break;
      case 'userid':
        delete record.contact.userid;
        break;
      case 'additional_list':
        record.additionalList = [];
        break;
      case 'duplicated_information':
        duplicateInputErased = true;
        break;
      case 'injection_action':
        delete record.injection;
        break;
      default:
        break;
    }
    erased.add(field);
  }
  for (const field of dataFields) {
    if (eraseDataField(record, field, columns)) duplicateInputErased ||= DUPLICATE_INPUTS.has(field);
    erased.add(field === 'name' ? 'full_name' : field);
  }
  if (duplicateInputErased) {
    columns.duplicate_key = null;
    columns.duplicate_checks_off = true;
  }
  record.erased = [...erased];
  try {
    await ctx.db.transaction(async (tx) => {
      if (images.length > 0) {
        const blobs = await deleteSubmissionImages(tx, submission!.id, images);
        await queueBlobErasures(tx, submission!.id, blobs);
      }
      for (const source of templates) {
        await ctx.faceDuplicates.erase(tx, submission!.id, source);
      }
      await saveSubmission(ctx, tx, submission!, { ...columns, record });
      await auditSubmission(tx, {
        projectId: input.project.id,
        actor: input.actor,
        action: 'submission.delete.partial',
        submissionId: submission!.id,
        details: { fields: [...input.fields], dataFields, ...(input.admin ? { admin: input.admin } : {}) },
      });
    });
  } catch (error) {
    if (error instanceof SubmissionError) throw error;
    throw new SubmissionError({ kind: 'storageFailed' });
  }
  if (!(await eraseQueuedBlobs(ctx, submission!.id))) throw new SubmissionError({ kind: 'storageFailed' });
  return dataFields;
}
