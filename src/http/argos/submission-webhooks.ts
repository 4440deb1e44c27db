import type { SubmissionEventData, SubmissionSnapshot } from '../../kyc/submission-events.js';
import type { PayloadBuilder } from '../../webhooks/delivery-worker.js';
import type { OutboundEvent } from '../../webhooks/outbox.js';
import { comments } from './reference-codes.js';
import { compact, compactTimestamp, latinName } from './wire-format.js';

// The ARGOS webhook bodies of argos.md §15 from the domain's submission events (kind `submission`), built at
// delivery time. Optional values are omitted when absent; `cf` only carries the custom fields present.

function cfOf(s: SubmissionSnapshot): Record<string, string> | undefined {
  const cf = compact({ cf1: s.contact.cf1, cf2: s.contact.cf2, cf3: s.contact.cf3 }) as Record<
    string,
    string
  >;
  return Object.keys(cf).length > 0 ? cf : undefined;
}

/** The identifying tail most events carry. */
function who(s: SubmissionSnapshot) {
  return compact({
    userid: s.contact.userid,
    cf: cfOf(s),
    tokenId: s.contact.tokenId,
    ipAddress: s.contact.ipAddress,
  });
}

/** PATCH keys of the domain as `data.update` spells them (argos.md §15.4). */
const UPDATE_NAMES: Readonly<Record<string, string>> = {
  kycStatus: 'kycStatus',
  idType: 'idType',
  issuingCountry: 'issuingCountry',
  fullName: 'fullName',
  firstName: 'first_name',
  lastName: 'last_name',
  gender: 'gender',
  nationality: 'nationality',
  birthDate: 'birthDate',
  identityNumber: 'identityNumber',
  issueDate: 'issueDate',
  expireDate: 'expireDate',
  documentNumber: 'documentNumber',
  serialNumber: 'serialNumber',
  privacyShield: 'privacyShield',
  curpNumber: 'curpNumber',
  version: 'version',
  typeOfPermit: 'typeOfPermit',
};

function approved(s: SubmissionSnapshot) {
  const name = s.identity.fullName;
  return {
    webhook_trigger: 'approved',
    submission_id: s.submissionId,
    ...compact({
      email: s.contact.email,
      userid: s.contact.userid,
      tokenId: s.contact.tokenId,
      ipAddress: s.contact.ipAddress,
    }),
    ...compact({ cf: cfOf(s), applicant_id: s.applicantId }),
    kyc_result: compact({
      status: 'approved',
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      kyc_result_at: s.decidedAt,
      reviewer: s.reviewer,
      pending_at: s.pendingAt,
    }),
    age_group: s.ageGroup,
    ...compact({
      gender: s.identity.gender,
      date_of_birth: s.identity.birthDate,
      nationality: s.identity.nationality,
      duplicated_information: s.duplicateKey,
      full_name: name,
      full_name_en: name === undefined ? undefined : latinName(name),
      first_name: s.identity.firstName,
      last_name: s.identity.lastName,
      fullName: name,
      idType: s.idType ?? undefined,
      issuingCountry: s.document.issuingCountry,
      issueDate: s.document.issueDate,
      expireDate: s.document.expireDate,
      documentNumber: s.document.documentNumber,
      identityNumber: s.document.identityNumber,
    }),
    additional_list: s.additionalList,
  };
}

function rejected(s: SubmissionSnapshot) {
  const duplicate = s.reasons.some((r) => r.code === 'duplicate_user' || r.code === 'duplicated_face');
  return {
    webhook_trigger: 'rejected',
    submission_id: s.submissionId,
    kyc_result: { status: 'rejected', ...comments(s.reasons), updated_at: s.decidedAt ?? s.updatedAt },
    ...compact({
      duplicated_information: s.duplicateKey,
      applicant_id: duplicate ? s.matchedApplicantId : undefined,
      email: s.contact.email,
    }),
    ...who(s),
  };
}

export function submissionPayload(event: OutboundEvent): object {
  const data = event.data as SubmissionEventData;
  const s = 'snapshot' in data ? data.snapshot : undefined;
  switch (event.event) {
    case 'created':
      return {
        webhook_trigger: 'created',
        submission_id: s!.submissionId,
        kyc_result: { status: 'incomplete' },
        ...who(s!),
      };
    case 'retry': {
      const retry = data as { retries: string[]; attempts: number };
      return {
        webhook_trigger: 'retry',
        submission_id: s!.submissionId,
        kyc_result: { status: s!.status },
        retryCode: retry.retries,
        attempts: retry.attempts,
        ...who(s!),
      };
    }
    case 'submit':
      return {
        webhook_trigger: 'submit',
        created_at: s!.createdAt,
        submission_id: s!.submissionId,
        ...compact({ duplicated_information: s!.duplicateKey, email: s!.contact.email }),
        ...who(s!),
      };
    case 'approved':
      return approved(s!);
    case 'rejected':
      return rejected(s!);
    case 'updated': {
      const update = data as { changed: string[]; admin: string; at: string };
      const name = s!.identity.fullName;
      return {
        webhook_trigger: 'updated',
        submission_id: s!.submissionId,
        ...compact({ duplicated_information: s!.duplicateKey, email: s!.contact.email }),
        data: compact({
          update: update.changed.map((key) => UPDATE_NAMES[key] ?? key),
          kyc_result: s!.status,
          pending_at: s!.pendingAt,
          reviewer: s!.reviewer,
        }),
        admin: update.admin,
        update_time: update.at,
        age_group: s!.ageGroup,
        ...compact({
          gender: s!.identity.gender,
          date_of_birth: s!.identity.birthDate,
          full_name: name,
          full_name_en: name === undefined ? undefined : latinName(name),
          first_name: s!.identity.firstName,
          last_name: s!.identity.lastName,
          nationality: s!.identity.nationality,
          userid: s!.contact.userid,
          tokenId: s!.contact.tokenId,
        }),
      };
    }
    case 'delete': {
      const erased = data as { submissionId: string; admin: string; at: string; comment?: string };
      return {
        webhook_trigger: 'delete',
        submission_id: erased.submissionId,
        account_email: erased.admin,
        delete_time: erased.at,
        ...compact({ comment: erased.comment }),
      };
    }
    case 'injection': {
      const injection = data as { action: { type: string; at: string } };
      return {
        webhook_trigger: 'injection',
        action: { type: injection.action.type, created_at: compactTimestamp(new Date(injection.action.at)) },
        submission_id: s!.submissionId,
        ...compact({
          email: s!.contact.email,
          kyc_status: s!.status,
          applicant_id: s!.applicantId,
          userid: s!.contact.userid,
          cf1: s!.contact.cf1,
          cf2: s!.contact.cf2,
          cf3: s!.contact.cf3,
          tokenId: s!.contact.tokenId,
          duplicated_information: s!.duplicateKey,
        }),
      };
    }
    case 'aml': {
      const screening = data as { aml: { status: string; risk: string } };
      return {
        webhook_trigger: 'aml',
        submission_id: s!.submissionId,
        ...compact({ duplicated_information: s!.duplicateKey, email: s!.contact.email }),
        ...compact({ userid: s!.contact.userid, cf: cfOf(s!), tokenId: s!.contact.tokenId }),
        aml_result: { currentstatus: screening.aml.status, risk_level_summary: screening.aml.risk },
      };
    }
    case 'aml_monitor': {
      const monitor = data as {
        records: readonly { recordId: string; worklistId: string; createdAt: string }[];
      };
      return {
        webhook_trigger: 'aml_monitor',
        submission_id: s!.submissionId,
        ...compact({ email: s!.contact.email }),
        records: monitor.records.map((r) => ({
          recordId: r.recordId,
          worklistId: r.worklistId,
          created_at: r.createdAt,
        })),
        ...compact({ userid: s!.contact.userid, tokenId: s!.contact.tokenId, cf: cfOf(s!) }),
      };
    }
    case 'token_expired': {
      const expiry = data as { tokenId: string; condition: 'count' | 'time'; at: string };
      return {
        webhook_trigger: 'token_expired',
        token_id: expiry.tokenId,
        expired_condition: expiry.condition,
        ...(expiry.condition === 'count' ? { expired_at: expiry.at } : { expected_expired_at: expiry.at }),
        service: 'idCheck',
      };
    }
    default:
      throw new Error(`no ARGOS payload for submission event "${event.event}"`);
  }
}

export const submissionPayloadBuilder: PayloadBuilder = {
  build: (event) => submissionPayload(event),
  encryptable: true,
  requireHttps: true,
};
