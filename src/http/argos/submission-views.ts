import type { AmlScreening } from '../../kyc/aml/aml-result.js';
import { ageGroup } from '../../kyc/dates.js';
import { overallScore } from '../../kyc/decision.js';
import type { DocumentFieldKey, DocumentFields } from '../../kyc/document-catalogue.js';
import type { Step1Result } from '../../kyc/step1.js';
import type { Step2Result } from '../../kyc/step2.js';
import type { ImageKind, OcrResult, Submission, SubmissionRecord } from '../../kyc/submission-model.js';
import { comments, retryList, retryMessage } from './reference-codes.js';
import { ACCEPTED_RAW_KEYS, compact, compactTimestamp, coordinates, RAW_KEYS } from './wire-format.js';

// The domain's submissions in the ARGOS shapes of argos.md §4 (step responses) and §5 (GET items).

export const IMAGE_TYPES: Readonly<Record<ImageKind, string>> = {
  idFront: 'idImage',
  idBack: 'idBackImage',
  selfie: 'selfieImage',
  address: 'addressImage',
};

export const KIND_OF_IMAGE_TYPE: Readonly<Record<string, ImageKind>> = {
  idImage: 'idFront',
  idBackImage: 'idBack',
  selfieImage: 'selfie',
  addressImage: 'address',
};

export function imageUrl(baseUrl: string, submissionId: string, kind: ImageKind): string {
  return `${baseUrl}/v3/image?submission_id=${submissionId}&type=${IMAGE_TYPES[kind]}`;
}

/** `9*****-1******`: the first character of each `-`-separated group (privacy shield, argos.md §4.2). */
export function shieldNumber(value: string): string {
  return value
    .split('-')
    .map((group) => (group.length === 0 ? group : group[0] + '*'.repeat(group.length - 1)))
    .join('-');
}

const REVIEW_KEYS = [
  ['ocr_name', 'fullName'],
  ['ocr_firstName', 'firstName'],
  ['ocr_lastName', 'lastName'],
  ['ocr_birthDate', 'birthDate'],
  ['ocr_issueDate', 'issueDate'],
  ['ocr_expireDate', 'expireDate'],
  ['ocr_gender', 'gender'],
  ['ocr_nationality', 'nationality'],
  ['ocr_identityNumber', 'identityNumber'],
  ['ocr_licenseNumber', 'licenseNumber'],
] as const;

function reviewOcrData(ocr: OcrResult, options: { shield: boolean; koreanLicence: boolean }) {
  const out: Record<string, string | boolean> = {};
  for (const [key, name] of REVIEW_KEYS) {
    if (name === 'licenseNumber' && !options.koreanLicence) continue;
    const field = ocr.fields[name];
    if (!field) continue;
    out[key] = name === 'identityNumber' && options.shield ? shieldNumber(field.value) : field.value;
    out[`accepted_${key}`] = field.accepted;
  }
  return out;
}

export function step1Body(result: Step1Result, baseUrl: string, privacyShield: boolean) {
  const { submission } = result;
  const hasBack = submission.images.includes('idBack');
  const head = {
    submissionId: submission.id,
    kycStatus: submission.status,
    retryCount: submission.retryCount,
  };
  const files = {
    file_upload: true,
    file_back_upload: hasBack,
    idImage: imageUrl(baseUrl, submission.id, 'idFront'),
    ...(hasBack ? { idBackImage: imageUrl(baseUrl, submission.id, 'idBack') } : {}),
  };
  if (result.outcome === 'failed') return { ...head, retry: retryList(result.retries), ...files };
  const record = submission.record;
  const country = record?.document.issuingCountry ?? '';
  return {
    ...head,
    ...files,
    document_fields: result.documentFields as DocumentFields | readonly string[],
    missing_fields: result.missing as DocumentFieldKey[],
    ...(result.ocr
      ? {
          reviewOCRData: reviewOcrData(result.ocr, {
            shield: privacyShield,
            koreanLicence: country === 'KOR' && submission.idType === 'drivers_license',
          }),
        }
      : {}),
  };
}

export function step2Body(result: Step2Result) {
  const { submission } = result;
  if (result.retries.length > 0) {
    return {
      submissionId: submission.id,
      retry: retryList(result.retries),
      kycStatus: submission.status,
      retryCount: submission.retryCount,
    };
  }
  const reasons = submission.record?.reasons ?? [];
  return {
    submissionId: submission.id,
    verificationResult: 'success',
    ...compact({ faceSimilarityScore: result.scores.faceSimilarity, livenessScore: result.scores.liveness }),
    kycStatus: submission.status,
    retryCount: submission.retryCount,
    ...(submission.status === 'rejected' ? comments(reasons) : {}),
  };
}

function dataOf(submission: Submission, record: SubmissionRecord, now: Date) {
  const { identity, document, contact, address, other } = record;
  const erased = new Set(record.erased ?? []);
  return compact({
    age_group: erased.has('age_group') ? undefined : ageGroup(identity.birthDate, now),
    full_name: identity.fullName,
    first_name: identity.firstName,
    last_name: identity.lastName,
    gender: identity.gender,
    nationality: identity.nationality,
    date_of_birth: identity.birthDate,
    ip_address: contact.ipAddress,
    idType: submission.idType ?? undefined,
    idcard_issuingCountry: document.issuingCountry,
    idcard_issueDate: document.issueDate,
    idcard_expireDate: document.expireDate,
    identityNumber: document.identityNumber,
    documentNumber: document.documentNumber,
    serialNumber: document.serialNumber,
    typeOfPermit: document.typeOfPermit,
    curpNumber: document.curpNumber,
    version: document.version,
    address_city: address.city,
    address_country: address.country,
    address_state: address.state,
    address_street: address.street,
    address_street2: address.street2,
    address_zipcode: address.zipcode,
    address_globalCode: address.globalCode,
    address_compoundCode: address.compoundCode,
    address_formatted: address.formatted,
    address_input: address.input,
    address_detail: address.detail,
    ssnNumber: other.ssnNumber,
    phoneNumber: other.phoneNumber,
    cf1: contact.cf1,
    cf2: contact.cf2,
    cf3: contact.cf3,
  });
}

function rawOf(ocr: OcrResult) {
  const raw: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(ocr.fields)) {
    const key = RAW_KEYS[name as keyof typeof RAW_KEYS];
    if (!key || !field) continue;
    raw[key] = {
      value: field.value,
      score: field.score,
      ...(ACCEPTED_RAW_KEYS.has(key) ? { accepted: field.accepted } : {}),
      ...(field.quad ? { coordinates: coordinates(field.quad) } : {}),
      ...(field.originalQuad ? { original_coordinates: coordinates(field.originalQuad) } : {}),
    };
  }
  raw.rotate = { value: String(ocr.rotation) };
  return raw;
}

/** The `aml` item (our shape: the webhook's two values, when, what matched, and the monitoring records). */
function amlOf(aml: AmlScreening) {
  return {
    currentstatus: aml.status,
    risk_level_summary: aml.risk,
    screened_at: compactTimestamp(new Date(aml.screenedAt)),
    ...(aml.matches.length > 0
      ? {
          matches: aml.matches.map((m) => ({
            list: m.list,
            entity_id: m.entityId,
            name: m.caption,
            list_type: m.kind,
            score: Math.round(m.score * 100),
            name_score: Math.round(m.nameScore * 100),
            date_of_birth: m.birthDate,
            nationality: m.country,
            risk_level: m.risk,
          })),
        }
      : {}),
    ...(aml.monitoring.length > 0
      ? {
          records: aml.monitoring.map((r) => ({
            recordId: r.recordId,
            worklistId: r.worklistId,
            created_at: r.createdAt,
          })),
        }
      : {}),
  };
}

export type RequestType = 'kyc' | 'aml' | 'data' | 'others';

/** One item of GET /v3/submission. */
export function submissionItem(
  submission: Submission,
  options: { baseUrl: string; single: boolean; requestType?: RequestType | undefined; now: Date },
): Record<string, unknown> {
  const record = submission.record;
  if (!record || submission.deletedAt) {
    return {
      submission_id: submission.id,
      created_at: compactTimestamp(submission.createdAt),
      data: compact({ idType: submission.idType ?? undefined }),
      kyc: { result: submission.status },
      deleted: true,
      deleted_at: compactTimestamp(submission.deletedAt ?? submission.updatedAt),
    };
  }
  const { contact } = record;
  const images: Record<string, string> = {};
  for (const kind of ['idFront', 'idBack', 'selfie', 'address'] as const) {
    if (submission.images.includes(kind))
      images[IMAGE_TYPES[kind]] = imageUrl(options.baseUrl, submission.id, kind);
  }
  const item: Record<string, unknown> = {
    submission_id: submission.id,
    ...compact({
      email: contact.email,
      userid: contact.userid,
      tokenId: contact.tokenId,
    }),
    created_at: compactTimestamp(submission.createdAt),
    updated_at: compactTimestamp(submission.updatedAt),
    ...compact({
      kyc_result_at: submission.decidedAt ? compactTimestamp(submission.decidedAt) : undefined,
      pending_at: submission.pendingAt ? compactTimestamp(submission.pendingAt) : undefined,
      reviewer: submission.reviewer ?? undefined,
      recognition_score: submission.scores.recognition,
      argos_score: overallScore(submission.scores),
      duplicated_information: submission.duplicateKey ?? undefined,
      applicant_id: submission.applicantId ?? undefined,
    }),
    data: dataOf(submission, record, options.now),
    image: images,
    kyc: {
      result: submission.status,
      ...comments(submission.status === 'approved' ? [] : record.reasons),
      attempts: submission.attempts.map((attempt) => ({
        attemptCnt: attempt.number,
        retryCode: attempt.retries.map((r) => r.code),
        retryMsg: attempt.retries.map(retryMessage),
        ...(attempt.livenessScore !== undefined ? { livenessScore: attempt.livenessScore } : {}),
      })),
    },
    ...(submission.aml ? { aml: amlOf(submission.aml) } : {}),
    ...(options.single && record.ocr ? { OCR_raw: rawOf(record.ocr) } : {}),
    additional_list: record.additionalList,
  };
  return trim(item, options.requestType);
}

/** `request_type` keeps `submission_id` and one part, or (`others`) everything but kyc, aml and data. */
function trim(item: Record<string, unknown>, requestType: RequestType | undefined): Record<string, unknown> {
  if (!requestType) return item;
  if (requestType === 'others') {
    const { kyc: _kyc, aml: _aml, data: _data, ...rest } = item;
    return rest;
  }
  return {
    submission_id: item.submission_id,
    ...(item[requestType] !== undefined ? { [requestType]: item[requestType] } : {}),
  };
}
