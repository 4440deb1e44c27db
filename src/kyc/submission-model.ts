import { ID_TYPES, type IdType } from '../engine/documents/types.js';
import type { AmlScreening } from './aml/aml-result.js';

// The domain's own model of a KYC submission. Vendor spellings (submission_id, kyc_result, ocr_…) live only at
// the HTTP edge, which maps to and from these types.

export const KYC_STATUSES = ['incomplete', 'pending', 'approved', 'rejected'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];
export type FinalStatus = Exclude<KycStatus, 'incomplete'>;

/** The document types (argos.md idType): one list, the engine's, shared with the capture page. */
export { ID_TYPES, type IdType };
/** Step 1 also takes `universal`: any document, the applicant types what OCR cannot read. */
export type RequestedIdType = IdType | 'universal';

export function idTypeOf(input: unknown, allowUniversal = false): RequestedIdType | undefined {
  if (typeof input !== 'string') return undefined;
  const value = input.trim().toLowerCase();
  if ((ID_TYPES as readonly string[]).includes(value)) return value as IdType;
  return allowUniversal && value === 'universal' ? 'universal' : undefined;
}

export type Gender = 'male' | 'female';
export type Origin = 'api' | 'liveform' | 'migration';
export type ImageKind = 'idFront' | 'idBack' | 'selfie' | 'address';
export const IMAGE_KINDS: readonly ImageKind[] = ['idFront', 'idBack', 'selfie', 'address'];

/** Who the applicant is to the client, and where the request came from. */
export interface ContactData {
  email?: string;
  userid?: string;
  cf1?: string;
  cf2?: string;
  cf3?: string;
  ipAddress?: string;
  tokenId?: string;
}

export interface IdentityData {
  fullName?: string;
  firstName?: string;
  lastName?: string;
  gender?: Gender;
  nationality?: string;
  birthDate?: string;
}

export interface DocumentData {
  issuingCountry?: string;
  issueDate?: string;
  expireDate?: string;
  identityNumber?: string;
  documentNumber?: string;
  serialNumber?: string;
  typeOfPermit?: string;
  curpNumber?: string;
  version?: string;
  licenseNumber?: string;
}

export const ADDRESS_KEYS = [
  'city',
  'country',
  'state',
  'street',
  'street2',
  'zipcode',
  'globalCode',
  'compoundCode',
  'formatted',
  'input',
  'detail',
] as const;
export type AddressKey = (typeof ADDRESS_KEYS)[number];
export type AddressData = Partial<Record<AddressKey, string>>;

/** Values that belong to pipelines openkyc v1 does not run; kept only if a migration brought them. */
export interface OtherData {
  ssnNumber?: string;
  phoneNumber?: string;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Corners clockwise from top-left, integer pixels. */
export type Quad = readonly [Point, Point, Point, Point];

export const OCR_FIELDS = [
  'fullName',
  'firstName',
  'middleName',
  'lastName',
  'gender',
  'nationality',
  'birthDate',
  'identityNumber',
  'issueDate',
  'expireDate',
  'version',
  'documentNumber',
  'licenseNumber',
  'address',
  'authority',
  'mrz',
] as const;
export type OcrFieldName = (typeof OCR_FIELDS)[number];

/** One value read from the document, with how sure the engine is and where it was read. */
export interface OcrField {
  value: string;
  /** 0..100 */
  score: number;
  /** Confidence at or above the threshold, and the value passed format and check-digit validation. */
  accepted: boolean;
  /** Whether a check (check digit, date validity) exists for this field; `accepted` then also says it passed. */
  checked: boolean;
  side: 'front' | 'back';
  /** In the processed (upright) image, and in the uploaded one. */
  quad?: Quad;
  originalQuad?: Quad;
}

export interface OcrResult {
  fields: Partial<Record<OcrFieldName, OcrField>>;
  /** Clockwise rotation applied to the front image. */
  rotation: 0 | 90 | 180 | 270;
  mrzLines: string[];
  /** What the engine recognised the document as, when it could tell. */
  detectedType?: IdType;
  detectedCountry?: string;
}

/** What the applicant typed or confirmed at Step 2. */
export interface ReviewData {
  name?: string;
  birthDate?: string;
  gender?: Gender;
  nationality?: string;
  issueDate?: string;
  expireDate?: string;
  identityNumber?: string;
  licenseNumber?: string;
  documentNumber?: string;
  serialNumber?: string;
}

/** Per-submission switches of the project policies (argos.md §4.2 customOptions). */
export interface PolicyOverrides {
  blacklistCountries?: false;
  approvePeriod?: false;
  rejectPeriod?: false;
  ageLimit?: false;
  rejectDuplicateUser?: boolean;
}

export const REJECT_CODES = [
  'id_image_invalidImage',
  'id_image_invalidId',
  'id_image_error',
  'id_image_badImage',
  'id_info_dataMismatch',
  'id_info_blacklist',
  'id_info_notOfAge',
  'duplicate_user',
  'duplicated_user_PII_exact',
  'duplicated_face',
  'too_many_retry',
  'blacklistCountry',
  'under_ageLimit',
  'invalid_acceptedID',
  'no-date-of-birth',
  'expired_id',
  'automatic_verification_fail',
  'address_image_invalidImage',
  'address_image_error',
  'address_image_badImage',
  'address_info_expiredDocument',
  'address_info_dataMismatch',
  'timeout',
  'other',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

/** Why a submission was rejected: a code, its parameters, or a reviewer's own words (`other`). */
export interface DecisionReason {
  code: RejectCode;
  country?: string;
  ageLimit?: number;
  text?: string;
}

export const RETRY_CODES = [
  'id_image_invalidImage',
  'id_image_invalidId',
  'id_image_badImage',
  'id_image_error',
  'face_not_detected',
  'multiple_faces',
  'liveness_error',
  'face_compare_underscore',
] as const;
export type RetryCode = (typeof RETRY_CODES)[number];

/** A failed attempt's reason; liveness failures say which of the vendor's three messages applies. */
export interface RetryReason {
  code: RetryCode;
  detail?: 'too_close' | 'too_small';
}

/** One step call that ended in a failure or in the final decision (GET `kyc.attempts`). */
export interface Attempt {
  number: number;
  step: 1 | 2;
  retries: RetryReason[];
  livenessScore?: number;
  at: string;
}

export interface Scores {
  recognition?: number;
  faceSimilarity?: number;
  liveness?: number;
}

/** A stored record of an injection (argos.md §12, §14.5): kept until erased. */
export interface InjectionAction {
  type: 'migration' | 'address';
  at: string;
}

/** Everything personal about a submission: sealed as one value at rest, erased as a whole on delete. */
export interface SubmissionRecord {
  contact: ContactData;
  identity: IdentityData;
  document: DocumentData;
  address: AddressData;
  other: OtherData;
  ocr?: OcrResult;
  review?: ReviewData;
  overrides: PolicyOverrides;
  reasons: DecisionReason[];
  additionalList: unknown[];
  injection?: InjectionAction;
  privacyShield?: boolean;
  /** The applicant a duplicate rejection matched (reported in the `rejected` event). */
  matchedApplicantId?: string;
  /** Which fields a partial delete erased, so views can tell "erased" from "never known". */
  erased?: string[];
}

export function emptyRecord(): SubmissionRecord {
  return {
    contact: {},
    identity: {},
    document: {},
    address: {},
    other: {},
    overrides: {},
    reasons: [],
    additionalList: [],
  };
}

export interface Submission {
  readonly id: string;
  readonly projectId: string;
  readonly status: KycStatus;
  readonly origin: Origin;
  readonly idType: RequestedIdType | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly decidedAt: Date | null;
  readonly pendingAt: Date | null;
  readonly deletedAt: Date | null;
  readonly deletedBy: string | null;
  readonly reviewer: string | null;
  readonly retryCount: number;
  readonly step1Done: boolean;
  readonly step2Started: boolean;
  readonly duplicateKey: string | null;
  readonly duplicateChecksOff: boolean;
  readonly applicantId: string | null;
  readonly scores: Scores;
  readonly attempts: readonly Attempt[];
  /** null once the submission is deleted (§7). */
  readonly record: SubmissionRecord | null;
  readonly images: readonly ImageKind[];
  readonly revision: number;
  /** The AML screening (argos.md §15.5), once one ran. */
  readonly aml?: AmlScreening;
}
