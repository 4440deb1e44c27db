import type { Queryable } from '../store/database.js';
import { enqueueDelivery } from '../webhooks/outbox.js';
import { type AgeGroup, ageGroup } from './dates.js';
import type { KycContext } from './kyc-context.js';
import type { Project } from './projects.js';
import type {
  ContactData,
  DecisionReason,
  DocumentData,
  IdentityData,
  InjectionAction,
  KycStatus,
  RequestedIdType,
  RetryCode,
  Submission,
  SubmissionRecord,
} from './submission-model.js';

// What happened to a submission, in the domain's words, written to the webhook outbox in the same transaction as
// the change (so a committed change is always announced, and a rolled-back one never). The HTTP edge's payload
// builder for kind `submission` turns these into the vendor's bodies at delivery time.

export const SUBMISSION_EVENT_KIND = 'submission';

export type SubmissionEventName =
  | 'created'
  | 'retry'
  | 'submit'
  | 'approved'
  | 'rejected'
  | 'updated'
  | 'delete'
  | 'injection'
  | 'aml'
  | 'aml_monitor'
  | 'token_expired';

/** The submission as it was when the event happened (ISO timestamps). */
export interface SubmissionSnapshot {
  readonly submissionId: string;
  readonly status: KycStatus;
  readonly idType: RequestedIdType | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedAt?: string;
  readonly pendingAt?: string;
  readonly reviewer?: string;
  readonly contact: ContactData;
  readonly identity: IdentityData;
  readonly ageGroup: AgeGroup;
  readonly document: DocumentData;
  readonly duplicateKey?: string;
  readonly applicantId?: string;
  readonly reasons: readonly DecisionReason[];
  readonly matchedApplicantId?: string;
  readonly additionalList: readonly unknown[];
}

export type SubmissionEventData =
  | { readonly snapshot: SubmissionSnapshot }
  | { readonly snapshot: SubmissionSnapshot; readonly retries: RetryCode[]; readonly attempts: number }
  | {
      readonly snapshot: SubmissionSnapshot;
      readonly changed: string[];
      readonly admin: string;
      readonly at: string;
    }
  | { readonly submissionId: string; readonly admin: string; readonly at: string; readonly comment?: string }
  | { readonly snapshot: SubmissionSnapshot; readonly action: InjectionAction }
  | {
      readonly snapshot: SubmissionSnapshot;
      readonly aml: { readonly status: string; readonly risk: string };
    }
  | {
      readonly snapshot: SubmissionSnapshot;
      readonly records: readonly {
        readonly recordId: string;
        readonly worklistId: string;
        readonly createdAt: string;
      }[];
    }
  | {
      readonly tokenId: string;
      readonly condition: 'count' | 'time';
      readonly at: string;
    };

/** A submission after a change, as events carry it. */
export function snapshotOf(
  submission: Pick<
    Submission,
    | 'id'
    | 'status'
    | 'idType'
    | 'createdAt'
    | 'decidedAt'
    | 'pendingAt'
    | 'reviewer'
    | 'duplicateKey'
    | 'applicantId'
  > & { updatedAt: Date },
  record: SubmissionRecord,
  now: Date,
): SubmissionSnapshot {
  const erased = new Set(record.erased ?? []);
  return {
    submissionId: submission.id,
    status: submission.status,
    idType: submission.idType,
    createdAt: submission.createdAt.toISOString(),
    updatedAt: submission.updatedAt.toISOString(),
    ...(submission.decidedAt ? { decidedAt: submission.decidedAt.toISOString() } : {}),
    ...(submission.pendingAt ? { pendingAt: submission.pendingAt.toISOString() } : {}),
    ...(submission.reviewer ? { reviewer: submission.reviewer } : {}),
    contact: record.contact,
    identity: record.identity,
    ageGroup: erased.has('age_group') ? 'N/A' : ageGroup(record.identity.birthDate, now),
    document: record.document,
    ...(submission.duplicateKey ? { duplicateKey: submission.duplicateKey } : {}),
    ...(submission.applicantId ? { applicantId: submission.applicantId } : {}),
    reasons: record.reasons,
    ...(record.matchedApplicantId ? { matchedApplicantId: record.matchedApplicantId } : {}),
    additionalList: record.additionalList,
  };
}

/** Writes the event to the outbox when the project has a webhook URL; does nothing otherwise. */
export async function emitSubmissionEvent(
  ctx: Pick<KycContext, 'jobs' | 'keyring'>,
  tx: Queryable,
  project: Project,
  subjectId: string,
  event: SubmissionEventName,
  data: SubmissionEventData,
): Promise<void> {
  const url = project.settings.webhookUrl;
  if (!url) return;
  await enqueueDelivery(tx, ctx, {
    projectId: project.id,
    url,
    orderingKey: subjectId,
    subjectId,
    event: { kind: SUBMISSION_EVENT_KIND, event, data },
  });
}
