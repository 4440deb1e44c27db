import { newId } from '../crypto/random-id.js';
import type { FaceImageReport } from '../engine/face/types.js';
import { EngineError } from '../engine/image/errors.js';
import { existsApprovedWithEmail } from '../store/submissions-store.js';
import { countryCode } from './countries.js';
import {
  type DocumentFieldKey,
  type DocumentFields,
  documentFieldsFor,
  missingFields,
  UNIVERSAL_MANUAL_FIELDS,
} from './document-catalogue.js';
import {
  contradictsRequest,
  type DocumentReading,
  readFieldNames,
  readingOf,
  recognitionScore,
  unreadableReason,
} from './document-reading.js';
import type { Actor, KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import { afterFailedAttempt, stepRefusal } from './state-machine.js';
import { lookupIndexes } from './submission-codec.js';
import { refuse, SubmissionError } from './submission-errors.js';
import { emitSubmissionEvent, snapshotOf } from './submission-events.js';
import {
  type Attempt,
  type ContactData,
  emptyRecord,
  idTypeOf,
  type OcrResult,
  type PolicyOverrides,
  type RequestedIdType,
  type RetryReason,
  type Submission,
  type SubmissionRecord,
} from './submission-model.js';
import {
  attachImage,
  auditSubmission,
  createSubmissionRow,
  discardImages,
  eraseQueuedBlobs,
  loadSubmission,
  putImage,
  type StoredImage,
  saveSubmission,
} from './submission-repository.js';
import { FREE_TEXT_MAX, imageContentType, isEmail, STEP_IMAGE_MAX_BYTES } from './uploads.js';

// Step 1 (argos.md §4.2): read the document, create the submission or retry it, and hand back what was read
// for the applicant to confirm. Engine work runs before the transaction; the transaction re-checks that the
// submission did not move meanwhile.

export interface Step1Input {
  readonly project: Project;
  readonly actor: Actor;
  readonly submissionId?: string | undefined;
  readonly issuingCountry: string;
  /** Required by the API; a capture session may have stored it when it started. */
  readonly email?: string | undefined;
  readonly idType: string;
  readonly front: Uint8Array;
  readonly back?: Uint8Array | undefined;
  readonly userid?: string | undefined;
  readonly cf1?: string | undefined;
  readonly cf2?: string | undefined;
  readonly cf3?: string | undefined;
  readonly ipAddress?: string | undefined;
  /** customOptions, already parsed; undefined when not sent. */
  readonly overrides?: PolicyOverrides | undefined;
}

export interface Step1Result {
  readonly submission: Submission;
  /** `read`: success; `manual`: universal document not read, the applicant types the fields; `failed`: a retry. */
  readonly outcome: 'read' | 'manual' | 'failed';
  readonly retries: readonly RetryReason[];
  readonly documentFields: DocumentFields | readonly string[];
  readonly missing: readonly DocumentFieldKey[];
  readonly ocr?: OcrResult;
}

interface Validated {
  readonly idType: RequestedIdType;
  readonly country: string;
  readonly front: { bytes: Uint8Array; type: string };
  readonly back?: { bytes: Uint8Array; type: string };
}

function validate(input: Step1Input): Validated {
  const idType = idTypeOf(input.idType, true);
  if (!idType) refuse({ kind: 'invalidInput', field: 'idType', reason: 'format' });
  const country = countryCode(input.issuingCountry);
  if (!country) refuse({ kind: 'invalidInput', field: 'issuingCountry', reason: 'format' });
  if (input.email !== undefined && !isEmail(input.email))
    refuse({ kind: 'invalidInput', field: 'email', reason: 'format' });
  for (const name of ['userid', 'cf1', 'cf2', 'cf3'] as const) {
    const value = input[name];
    if (value !== undefined && value.length > FREE_TEXT_MAX)
      refuse({ kind: 'invalidInput', field: name, reason: 'format' });
  }
  const image = (bytes: Uint8Array, field: string) => {
    const checked = imageContentType(bytes, STEP_IMAGE_MAX_BYTES);
    if ('problem' in checked) return refuse({ kind: 'invalidInput', field, reason: 'notImage' });
    return { bytes, type: checked.type };
  };
  const front = image(input.front, 'idImage');
  const back = input.back ? image(input.back, 'idBackImage') : undefined;
  return { idType: idType!, country: country!, front, ...(back ? { back } : {}) };
}

interface Reading {
  readonly document?: DocumentReading;
  readonly retries: RetryReason[];
  readonly manual: boolean;
  readonly portrait: FaceImageReport | null;
}

/** Runs the document and face engines on the images and says what the attempt came to. */
async function readDocument(ctx: KycContext, input: Validated): Promise<Reading> {
  const requested =
    input.idType === 'universal' ? undefined : { country: input.country, idType: input.idType };
  const [documentResult, portraitResult] = await Promise.allSettled([
    ctx.engines.documents.analyze(input.front.bytes, input.back?.bytes, requested),
    ctx.engines.faces.analyze(input.front.bytes, 'document'),
  ]);
  const portrait = portraitResult.status === 'fulfilled' ? portraitResult.value : null;
  if (documentResult.status === 'rejected') {
    const error = documentResult.reason;
    if (error instanceof EngineError && error.code.startsWith('IMAGE_')) {
      const code = error.code === 'IMAGE_TOO_SMALL' ? 'id_image_badImage' : 'id_image_error';
      return { retries: [{ code }], manual: false, portrait };
    }
    throw new SubmissionError({ kind: 'engineFailed' });
  }
  const document = readingOf(documentResult.value, ctx.thresholds);
  if (readFieldNames(document.ocr).size === 0) {
    if (input.idType === 'universal') return { document, retries: [], manual: true, portrait };
    const face = portrait?.analysis.face;
    const share = face ? face.box.height / Math.max(1, portrait!.analysis.imageSize.height) : null;
    const reason = unreadableReason(share === null ? null : { heightShare: share }, document.outlined);
    return { document, retries: [{ code: reason }], manual: false, portrait };
  }
  if (contradictsRequest(document, input.country, input.idType)) {
    return { document, retries: [{ code: 'id_image_invalidId' }], manual: false, portrait };
  }
  return { document, retries: [], manual: false, portrait };
}

/** The provisional data set from what was read: Step 2 replaces it with the confirmed values. */
function applyReading(record: SubmissionRecord, ocr: OcrResult): void {
  const value = (name: keyof OcrResult['fields']) => ocr.fields[name]?.value;
  const gender = value('gender');
  record.identity = {
    ...(value('fullName') ? { fullName: value('fullName') } : {}),
    ...(value('firstName') ? { firstName: value('firstName') } : {}),
    ...(value('lastName') ? { lastName: value('lastName') } : {}),
    ...(gender === 'male' || gender === 'female' ? { gender } : {}),
    ...(value('nationality') ? { nationality: value('nationality') } : {}),
    ...(value('birthDate') ? { birthDate: value('birthDate') } : {}),
  };
  const document = record.document;
  for (const [from, to] of [
    ['issueDate', 'issueDate'],
    ['expireDate', 'expireDate'],
    ['documentNumber', 'documentNumber'],
    ['identityNumber', 'identityNumber'],
    ['version', 'version'],
    ['licenseNumber', 'licenseNumber'],
  ] as const) {
    const v = value(from);
    if (v) document[to] = v;
    else delete document[to];
  }
  record.ocr = ocr;
}

export async function step1(ctx: KycContext, input: Step1Input): Promise<Step1Result> {
  const valid = validate(input);
  const project = input.project;
  const now = ctx.now();
  let existing: Submission | undefined;
  if (input.submissionId !== undefined) {
    existing = await loadSubmission(ctx, ctx.db, input.submissionId);
    const refusal = stepRefusal(existing, project.id, now, 1);
    if (refusal === 'alreadyProcessed') refuse({ kind: 'alreadyProcessed' });
    if (refusal) refuse({ kind: 'unknownSubmission' });
  }
  const email = input.email ?? existing?.record?.contact.email;
  if (email === undefined) refuse({ kind: 'invalidInput', field: 'email', reason: 'missing' });
  const overrides: PolicyOverrides = input.overrides ?? existing?.record?.overrides ?? {};
  const rejectDuplicateUser = overrides.rejectDuplicateUser ?? project.settings.policies.rejectDuplicateUser;
  if (rejectDuplicateUser) {
    const { email_index } = lookupIndexes(ctx.keyring, project.id, { email });
    if (email_index && (await existsApprovedWithEmail(ctx.db, project.id, email_index, existing?.id))) {
      refuse({ kind: 'duplicateApproved', email: email! });
    }
  }

  const reading = await readDocument(ctx, valid);
  const failed = reading.retries.length > 0;
  const front = await putImage(ctx, valid.front.bytes, valid.front.type);
  let back: StoredImage | undefined;
  try {
    back = valid.back ? await putImage(ctx, valid.back.bytes, valid.back.type) : undefined;
  } catch (error) {
    await discardImages(ctx, [front]);
    throw error;
  }

  const contact: ContactData = {
    ...(existing?.record?.contact ?? {}),
    email: email!,
  };
  for (const name of ['userid', 'cf1', 'cf2', 'cf3'] as const) {
    const value = input[name];
    if (value !== undefined && value !== '') contact[name] = value;
  }
  if (input.ipAddress) contact.ipAddress = input.ipAddress;

  const record: SubmissionRecord = existing?.record ? structuredClone(existing.record) : emptyRecord();
  record.contact = contact;
  record.document.issuingCountry = valid.country;
  record.overrides = overrides;
  if (!failed && reading.document) applyReading(record, reading.document.ocr);

  const id = existing?.id ?? newId();
  const attempts: Attempt[] = [...(existing?.attempts ?? [])];
  const retryCount = existing?.retryCount ?? 0;
  const outcome = failed ? afterFailedAttempt(retryCount) : undefined;
  if (outcome) {
    attempts.push({ number: attempts.length + 1, step: 1, retries: reading.retries, at: now.toISOString() });
    record.reasons = outcome.reasons;
  }
  const status = outcome?.status ?? 'incomplete';
  const decided = status === 'rejected';
  const step1Done = (existing?.step1Done ?? false) || !failed;
  const recognition = !failed && reading.document ? recognitionScore(reading.document.ocr) : undefined;
  const scores = { ...(existing?.scores ?? {}), ...(recognition !== undefined ? { recognition } : {}) };
  const portraitEmbedding = reading.portrait?.analysis.embedding ?? null;

  const savedAt = ctx.now();
  let saved: Submission;
  try {
    saved = await ctx.db.transaction(async (tx) => {
      const columns = {
        updated_at: savedAt,
        id_type: valid.idType,
        retry_count: outcome?.retryCount ?? retryCount,
        step1_done: step1Done,
        attempts,
        scores,
        ...(decided ? { decided_at: savedAt, reviewer: 'system' } : {}),
      };
      if (existing) {
        const current = await loadSubmission(ctx, tx, id, { forUpdate: true });
        if (!current || current.revision !== existing.revision) refuse({ kind: 'alreadyProcessed' });
        await saveSubmission(ctx, tx, existing, { ...columns, status, record });
      } else {
        await createSubmissionRow(ctx, tx, {
          id,
          projectId: project.id,
          origin: 'api',
          status,
          createdAt: now,
          record,
          ...columns,
        });
      }
      await attachImage(tx, id, 'idFront', front);
      if (back) await attachImage(tx, id, 'idBack', back);
      if (!failed && portraitEmbedding) {
        await ctx.faceDuplicates.store(tx, {
          submissionId: id,
          projectId: project.id,
          source: 'portrait',
          embedding: portraitEmbedding,
        });
      }
      await auditSubmission(tx, {
        projectId: project.id,
        actor: input.actor,
        action: existing ? 'submission.step1.retry' : 'submission.create',
        submissionId: id,
        details: { outcome: failed ? 'failed' : reading.manual ? 'manual' : 'read' },
      });
      const after = (await loadSubmission(ctx, tx, id))!;
      const snapshot = snapshotOf(after, record, now);
      if (!existing) await emitSubmissionEvent(ctx, tx, project, id, 'created', { snapshot });
      if (outcome) {
        await emitSubmissionEvent(ctx, tx, project, id, 'retry', {
          snapshot,
          retries: reading.retries.map((r) => r.code),
          attempts: outcome.retryCount,
        });
        if (decided) await emitSubmissionEvent(ctx, tx, project, id, 'rejected', { snapshot });
      }
      return after;
    });
  } catch (error) {
    await discardImages(ctx, [front, back]);
    if (error instanceof SubmissionError) throw error;
    throw new SubmissionError({ kind: 'storageFailed' });
  }
  await eraseQueuedBlobs(ctx, id);

  const documentFields = reading.manual
    ? UNIVERSAL_MANUAL_FIELDS
    : (reading.document?.documentFields ?? documentFieldsFor(valid.country, valid.idType));
  const ocr = reading.document?.ocr;
  const missing =
    reading.manual || failed || !ocr || Array.isArray(documentFields)
      ? []
      : missingFields(documentFields as DocumentFields, readFieldNames(ocr));
  return {
    submission: saved,
    outcome: failed ? 'failed' : reading.manual ? 'manual' : 'read',
    retries: reading.retries,
    documentFields,
    missing,
    ...(ocr && !failed && !reading.manual ? { ocr } : {}),
  };
}
