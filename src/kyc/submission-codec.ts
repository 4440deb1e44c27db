import type { Keyring } from '../crypto/keyring.js';
import { blindIndex, openValue, sealValue } from '../crypto/sealed-value.js';
import type { SubmissionRow } from '../store/submissions-store.js';
import { openScreening } from './aml/aml-result.js';
import type {
  Attempt,
  ImageKind,
  KycStatus,
  Origin,
  RequestedIdType,
  Scores,
  Submission,
  SubmissionRecord,
} from './submission-model.js';

// Rows <-> the domain model. The personal record is sealed with the personal-data key and bound to the row
// id, so a sealed value copied onto another row does not open.

const context = (id: string): string => `submission:${id}`;

export function sealRecord(keyring: Keyring, id: string, record: SubmissionRecord): Buffer {
  return sealValue(JSON.stringify(record), keyring.personalData, context(id));
}

export function openRecord(keyring: Keyring, id: string, sealed: Uint8Array): SubmissionRecord {
  return JSON.parse(openValue(sealed, keyring.personalData, context(id))) as SubmissionRecord;
}

export function toSubmission(keyring: Keyring, row: SubmissionRow): Submission {
  return {
    id: row.id,
    projectId: row.project_id,
    status: row.status as KycStatus,
    origin: row.origin as Origin,
    idType: row.id_type as RequestedIdType | null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decidedAt: row.decided_at,
    pendingAt: row.pending_at,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
    reviewer: row.reviewer,
    retryCount: row.retry_count,
    step1Done: row.step1_done,
    step2Started: row.step2_started,
    duplicateKey: row.duplicate_key,
    duplicateChecksOff: row.duplicate_checks_off,
    applicantId: row.applicant_id,
    scores: row.scores as Scores,
    attempts: row.attempts as Attempt[],
    record: row.sealed_record ? openRecord(keyring, row.id, row.sealed_record) : null,
    images: row.images as ImageKind[],
    revision: row.revision,
    ...(row.aml_sealed && row.sealed_record ? { aml: openScreening(keyring, row.id, row.aml_sealed) } : {}),
  };
}

/** Keyed, project-scoped hashes for exact-match lookups; e-mail addresses compare case-insensitively. */
export function lookupIndexes(
  keyring: Keyring,
  projectId: string,
  contact: { email?: string | undefined; userid?: string | undefined; tokenId?: string | undefined },
): { email_index: string | null; userid_index: string | null; token_index: string | null } {
  const index = (kind: string, value: string | undefined) =>
    value === undefined ? null : blindIndex(`${kind}\u0000${projectId}\u0000${value}`, keyring.blindIndex);
  return {
    email_index: index('email', contact.email?.trim().toLowerCase()),
    userid_index: index('userid', contact.userid),
    token_index: index('token', contact.tokenId),
  };
}
