import { newId } from '../crypto/random-id.js';
import { livenessOf } from '../engine/face/face-service.js';
import { compareEmbeddings } from '../engine/face/similarity.js';
import type { ChallengeResult, FaceImageReport } from '../engine/face/types.js';
import { EngineError } from '../engine/image/errors.js';
import { selectByDuplicateKey, selectDecisionFacts } from '../store/submissions-store.js';
import { scheduleScreening } from './aml/aml-screening.js';
import { countryCode } from './countries.js';
import { isCalendarDate } from './dates.js';
import { type FaceEvidence, faceRetries, faceScores, finalStatus } from './decision.js';
import { duplicateKey } from './duplicate-key.js';
import type { Actor, KycContext } from './kyc-context.js';
import { namesMatch } from './name-match.js';
import { blocksAsDuplicate, checkPolicies, type EarlierDecision, effectivePolicies } from './policies.js';
import type { Project } from './projects.js';
import { afterFailedAttempt, eventForStatus } from './state-machine.js';
import { checkStepSubmission } from './step-access.js';
import { refuse, SubmissionError } from './submission-errors.js';
import { emitSubmissionEvent, snapshotOf } from './submission-events.js';
import type {
  AddressData,
  Attempt,
  DecisionReason,
  Gender,
  KycStatus,
  RetryReason,
  ReviewData,
  Scores,
  Submission,
  SubmissionRecord,
} from './submission-model.js';
import {
  attachImage,
  auditSubmission,
  discardImages,
  eraseQueuedBlobs,
  loadSubmission,
  putImage,
  type StoredImage,
  saveSubmission,
} from './submission-repository.js';
import { imageContentType, STEP_IMAGE_MAX_BYTES } from './uploads.js';

// Step 2 (argos.md §4.3): the selfie and the confirmed data; policies, face checks, data match, decision.

export interface Step2Input {
  readonly project: Project;
  readonly actor: Actor;
  readonly submissionId: string;
  readonly face: Uint8Array;
  readonly name: string;
  readonly birthDate: string;
  readonly gender?: string | undefined;
  readonly nationality?: string | undefined;
  readonly issueDate?: string | undefined;
  readonly expireDate?: string | undefined;
  readonly identityNumber?: string | undefined;
  readonly licenseNumber?: string | undefined;
  readonly documentNumber?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly address?: AddressData | undefined;
  readonly addressImage?: Uint8Array | undefined;
  readonly ipAddress?: string | undefined;
  /**
   * The active liveness challenge the capture page ran (argos.md §14; the face engine's verification of its
   * frames). It weighs into the liveness score, and a failed challenge fails the attempt (liveness_error).
   */
  readonly challenge?: ChallengeResult | undefined;
}

export interface Step2Result {
  readonly submission: Submission;
  /** A failed attempt: the applicant may retry (unless this was the third failure). */
  readonly retries: readonly RetryReason[];
  readonly scores: Scores;
}

const LICENSE_NUMBER = /^(\d{2}-\d{2}-\d{6}-\d{2}|[\uAC00-\uD7A3]{2}\d{10})$/;

function confirmedReview(input: Step2Input): ReviewData {
  const review: ReviewData = { name: input.name.trim(), birthDate: input.birthDate };
  if (input.gender !== undefined) {
    const gender = input.gender.trim().toLowerCase();
    if (gender !== 'male' && gender !== 'female')
      refuse({ kind: 'invalidInput', field: 'gender', reason: 'format' });
    review.gender = gender as Gender;
  }
  if (input.nationality !== undefined) {
    const nationality = countryCode(input.nationality);
    if (!nationality) refuse({ kind: 'invalidInput', field: 'nationality', reason: 'format' });
    review.nationality = nationality;
  }
  for (const [field, key] of [
    ['date_of_birth', 'birthDate'],
    ['date_of_issue', 'issueDate'],
    ['date_of_expiry', 'expireDate'],
  ] as const) {
    const value = key === 'birthDate' ? input.birthDate : input[key];
    if (value === undefined) continue;
    if (!isCalendarDate(value)) refuse({ kind: 'invalidInput', field, reason: 'format' });
    review[key] = value;
  }
  if (review.name!.length === 0) refuse({ kind: 'invalidInput', field: 'name', reason: 'format' });
  if (input.licenseNumber !== undefined) {
    if (!LICENSE_NUMBER.test(input.licenseNumber))
      refuse({ kind: 'invalidInput', field: 'license_number', reason: 'format' });
    review.licenseNumber = input.licenseNumber;
  }
  for (const key of ['identityNumber', 'documentNumber', 'serialNumber'] as const) {
    const value = input[key]?.trim();
    if (value) review[key] = value;
  }
  return review;
}

/** The confirmed data set: what the applicant entered, and what the document said where they entered nothing. */
function confirm(record: SubmissionRecord, review: ReviewData, input: Step2Input): void {
  const ocr = record.ocr?.fields ?? {};
  const fromOcr = (name: keyof typeof ocr) => ocr[name]?.value;
  const ocrGender = fromOcr('gender');
  const gender = review.gender ?? (ocrGender === 'male' || ocrGender === 'female' ? ocrGender : undefined);
  const nationality = review.nationality ?? fromOcr('nationality');
  record.identity = {
    fullName: review.name!,
    birthDate: review.birthDate!,
    ...(fromOcr('firstName') ? { firstName: fromOcr('firstName') } : {}),
    ...(fromOcr('lastName') ? { lastName: fromOcr('lastName') } : {}),
    ...(gender ? { gender } : {}),
    ...(nationality ? { nationality } : {}),
  };
  const document = record.document;
  const take = (
    key: 'issueDate' | 'expireDate' | 'identityNumber' | 'documentNumber' | 'licenseNumber' | 'serialNumber',
  ) => {
    const value = review[key] ?? (key === 'serialNumber' ? undefined : fromOcr(key));
    if (value) document[key] = value;
  };
  for (const key of [
    'issueDate',
    'expireDate',
    'identityNumber',
    'documentNumber',
    'licenseNumber',
    'serialNumber',
  ] as const)
    take(key);
  record.review = review;
  if (input.address) {
    for (const [key, value] of Object.entries(input.address)) {
      if (value) record.address[key as keyof AddressData] = value;
    }
  }
}

/** Data match (argos.md §4.3 step 4): name and birth date against the document, where it gave them. */
function dataMismatch(record: SubmissionRecord, review: ReviewData): boolean {
  const ocr = record.ocr?.fields ?? {};
  const ocrBirth = ocr.birthDate?.value;
  if (ocrBirth && review.birthDate !== ocrBirth) return true;
  const printed =
    ocr.fullName?.value ?? [ocr.firstName?.value, ocr.lastName?.value].filter(Boolean).join(' ');
  if (printed && review.name) {
    const truncated = (record.ocr?.mrzLines[0]?.length ?? 0) > 0 && !record.ocr?.mrzLines[0]?.endsWith('<');
    return !namesMatch(review.name, printed, truncated);
  }
  return false;
}

async function analyzeSelfie(ctx: KycContext, face: Uint8Array): Promise<FaceImageReport> {
  try {
    return await ctx.engines.faces.analyze(face, 'selfie');
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (
      (error instanceof EngineError && error.code.startsWith('IMAGE_')) ||
      /decode|empty|image/i.test(message)
    ) {
      refuse({ kind: 'invalidInput', field: 'faceImage', reason: 'notImage' });
    }
    throw new SubmissionError({ kind: 'engineFailed' });
  }
}

export async function step2(ctx: KycContext, input: Step2Input): Promise<Step2Result> {
  const project = input.project;
  const now = ctx.now();
  const submission = await checkStepSubmission(ctx, input.submissionId, project.id, now);
  const faceType = imageContentType(input.face, STEP_IMAGE_MAX_BYTES);
  if ('problem' in faceType) refuse({ kind: 'invalidInput', field: 'faceImage', reason: 'notImage' });
  const review = confirmedReview(input);
  let addressImageType: string | undefined;
  if (project.settings.collectAddress) {
    const checked = input.addressImage
      ? imageContentType(input.addressImage, STEP_IMAGE_MAX_BYTES)
      : undefined;
    if (!checked || 'problem' in checked)
      refuse({ kind: 'invalidInput', field: 'addressImage', reason: 'notImage' });
    addressImageType = (checked as { type: string }).type;
    const a = input.address ?? {};
    if (!a.globalCode && !a.compoundCode && !a.formatted)
      refuse({ kind: 'invalidInput', field: 'address', reason: 'missing' });
  }

  const record = structuredClone(submission.record!);
  confirm(record, review, input);
  if (input.ipAddress && !record.contact.ipAddress) record.contact.ipAddress = input.ipAddress;
  const secret = (await ctx.projects.secrets(project.id)).duplicateSecret;
  const key = submission.duplicateChecksOff ? null : duplicateKey(secret, record.identity);
  const rules = effectivePolicies(project.settings.policies, record.overrides);
  const earlier: EarlierDecision[] = key
    ? (await selectByDuplicateKey(ctx.db, project.id, key, submission.id)).map((row) => ({
        id: row.id,
        status: row.status as KycStatus,
        decidedAt: row.decided_at,
        applicantId: row.applicant_id,
      }))
    : [];
  const ocr = record.ocr?.fields ?? {};
  const verdict = checkPolicies(
    rules,
    {
      idType: submission.idType ?? 'universal',
      detectedType: record.ocr?.detectedType,
      issuingCountries: [record.document.issuingCountry, record.ocr?.detectedCountry],
      nationality: ocr.nationality?.value ?? record.identity.nationality,
      birthDate: ocr.birthDate?.value ?? record.identity.birthDate,
      expireDate: ocr.expireDate?.value ?? record.document.expireDate,
      sameIdentity: earlier,
    },
    now,
  );

  let retries: RetryReason[] = [];
  let reasons: DecisionReason[] = verdict.reasons;
  let matchedApplicantId = verdict.matchedApplicantId;
  let scores: Scores = { ...submission.scores };
  let selfie: FaceImageReport | undefined;
  if (reasons.length === 0) {
    selfie = await analyzeSelfie(ctx, input.face);
    const portrait = await ctx.faceDuplicates.load(ctx.db, submission.id, 'portrait');
    const model = await ctx.engines.faces.model();
    const embedding = selfie.analysis.embedding;
    const evidence: FaceEvidence = {
      selfie,
      comparison:
        portrait && embedding && portrait.model === embedding.model
          ? compareEmbeddings(portrait, embedding, model)
          : null,
      liveness: livenessOf(selfie, input.challenge ?? null),
    };
    retries = faceRetries(evidence, ctx.thresholds);
    scores = { ...scores, ...(embedding ? faceScores(evidence) : {}) };
    if (retries.length === 0) {
      if (dataMismatch(record, review)) reasons = [{ code: 'id_info_dataMismatch' }];
      else if (
        embedding &&
        (rules.rejectDuplicateUser || rules.approvePeriodDays > 0 || rules.rejectPeriodDays > 0)
      ) {
        const hits = await ctx.faceDuplicates.search(
          project.id,
          embedding,
          model,
          ctx.thresholds.duplicateFaceSimilarity,
          submission.id,
        );
        const facts = await selectDecisionFacts(
          ctx.db,
          hits.map((hit) => hit.submissionId),
        );
        const blocking = facts.find((row) =>
          blocksAsDuplicate(
            {
              id: row.id,
              status: row.status as KycStatus,
              decidedAt: row.decided_at,
              applicantId: row.applicant_id,
            },
            rules,
            now,
          ),
        );
        if (blocking) {
          reasons = [{ code: 'duplicated_face' }];
          if (blocking.applicant_id) matchedApplicantId = blocking.applicant_id;
        }
      }
    }
  }

  const attemptOutcome = retries.length > 0 ? afterFailedAttempt(submission.retryCount) : undefined;
  let status: KycStatus;
  if (attemptOutcome) {
    status = attemptOutcome.status;
    reasons = attemptOutcome.reasons;
  } else if (reasons.length > 0) status = 'rejected';
  else status = finalStatus(project.settings.reviewMode, scores, ctx.thresholds);
  record.reasons = reasons;
  if (matchedApplicantId && status === 'rejected') record.matchedApplicantId = matchedApplicantId;

  const attempts: Attempt[] = [
    ...submission.attempts,
    {
      number: submission.attempts.length + 1,
      step: 2,
      retries,
      ...(scores.liveness !== undefined && selfie?.analysis.embedding
        ? { livenessScore: scores.liveness }
        : {}),
      at: now.toISOString(),
    },
  ];

  const selfieImage = await putImage(ctx, input.face, (faceType as { type: string }).type);
  let addressImage: StoredImage | undefined;
  try {
    if (addressImageType && input.addressImage)
      addressImage = await putImage(ctx, input.addressImage, addressImageType);
  } catch (error) {
    await discardImages(ctx, [selfieImage]);
    throw error;
  }
  const final = status !== 'incomplete';
  // The decision's time is when it is recorded, after the engines ran.
  const decidedAt = ctx.now();
  let saved: Submission;
  try {
    saved = await ctx.db.transaction(async (tx) => {
      let applicantId: string | undefined;
      if (status === 'approved') {
        applicantId = earlier.find((e) => e.status === 'approved' && e.applicantId)?.applicantId ?? newId();
      }
      await saveSubmission(ctx, tx, submission, {
        status,
        step2_started: true,
        retry_count: attemptOutcome?.retryCount ?? submission.retryCount,
        attempts,
        scores,
        duplicate_key: key,
        record,
        updated_at: decidedAt,
        ...(final ? { decided_at: decidedAt, reviewer: 'system' } : {}),
        ...(status === 'pending' ? { pending_at: decidedAt, decided_at: null, reviewer: null } : {}),
        ...(applicantId ? { applicant_id: applicantId } : {}),
      });
      await attachImage(tx, submission.id, 'selfie', selfieImage);
      if (addressImage) await attachImage(tx, submission.id, 'address', addressImage);
      if (final && selfie?.analysis.embedding) {
        await ctx.faceDuplicates.store(tx, {
          submissionId: submission.id,
          projectId: project.id,
          source: 'selfie',
          embedding: selfie.analysis.embedding,
        });
      }
      await auditSubmission(tx, {
        projectId: project.id,
        actor: input.actor,
        action: 'submission.step2',
        submissionId: submission.id,
        details: { status },
      });
      const after = (await loadSubmission(ctx, tx, submission.id))!;
      const snapshot = snapshotOf(after, record, decidedAt);
      if (attemptOutcome) {
        await emitSubmissionEvent(ctx, tx, project, submission.id, 'retry', {
          snapshot,
          retries: retries.map((r) => r.code),
          attempts: attemptOutcome.retryCount,
        });
      }
      if (final)
        await emitSubmissionEvent(ctx, tx, project, submission.id, eventForStatus(status as 'pending'), {
          snapshot,
        });
      if (status === 'approved') await scheduleScreening(ctx, tx, project, submission.id, decidedAt);
      return after;
    });
  } catch (error) {
    await discardImages(ctx, [selfieImage, addressImage]);
    if (error instanceof SubmissionError) {
      if (error.problem.kind === 'concurrentChange') refuse({ kind: 'alreadyProcessed' });
      throw error;
    }
    throw new SubmissionError({ kind: 'storageFailed' });
  }
  await eraseQueuedBlobs(ctx, submission.id);
  return { submission: saved, retries, scores };
}
