import type { DecisionReason, RejectCode, RetryReason } from '../../kyc/submission-model.js';

// The reference texts of argos.md §16: wire values, reproduced exactly, because clients display or match them.

const COMMENTS: Readonly<Record<RejectCode, string>> = {
  id_image_invalidImage: 'ID document not detected. Please take a clear picture of your ID document.',
  id_image_invalidId: 'Invalid ID document. Please resubmit with a valid ID document.',
  id_image_error: 'Failed to upload the ID image. Please retry the KYC process.',
  id_image_badImage: 'Unable to read the ID image. Please ensure the image is clear and resubmit.',
  id_info_dataMismatch: 'Entered information does not match the ID document.',
  id_info_blacklist: 'KYC is not accepted from {country} as per policy.',
  id_info_notOfAge: 'KYC is not accepted for individuals under {N} years old.',
  duplicate_user: 'A user has been duplicated as a result of identification.',
  duplicated_user_PII_exact:
    "A user's personal identity information has been duplicated as a result of identification.",
  duplicated_face: 'A duplicate user has been identified through face matching.',
  too_many_retry: 'Multiple invalid KYC attempts detected.',
  blacklistCountry: 'KYC is not accepted from {country} as per policy.',
  under_ageLimit: 'KYC is not accepted for individuals under {N} years old.',
  invalid_acceptedID:
    'Invalid ID type. Please resubmit with a valid ID document. Refer to the submission page for accepted IDs.',
  'no-date-of-birth': 'There is no date of birth information on the ID.',
  expired_id: 'ID cards have already expired.',
  automatic_verification_fail:
    "Verification failed - submitted data didn't meet quality requirements. Try again with clear, well-lit shots, and contact support if issues continue.",
  address_image_invalidImage:
    'Invalid proof of address. It must include your full name and address. Examples: utility bill, bank statement, residency certificate.',
  address_image_error: 'Failed to upload the proof of address image. Please retry.',
  address_image_badImage:
    'Unable to read the proof of address image. Please ensure the image is clear and resubmit.',
  address_info_expiredDocument: 'Proof of address is expired. It must be issued within the last 6 months.',
  address_info_dataMismatch: 'Entered information does not match the proof of address.',
  timeout: 'KYC rejected due to timeout.',
  other: '',
};

export function commentOf(reason: DecisionReason): string {
  if (reason.code === 'other') return reason.text ?? '';
  return COMMENTS[reason.code]
    .replace('{country}', reason.country ?? '')
    .replace('{N}', reason.ageLimit === undefined ? '' : String(reason.ageLimit));
}

/** `commentCode` and `comment`, parallel arrays (argos.md §5, §16.1). */
export function comments(reasons: readonly DecisionReason[]): { commentCode: string[]; comment: string[] } {
  return { commentCode: reasons.map((r) => r.code), comment: reasons.map(commentOf) };
}

const RETRY_MESSAGES: Readonly<Record<RetryReason['code'], string>> = {
  id_image_invalidImage: 'ID document not detected. Please take a clear picture of your ID document.',
  id_image_invalidId: 'Invalid ID document. Please resubmit with a valid ID document.',
  id_image_badImage: 'Unable to read the ID image. Please ensure the image is clear and resubmit.',
  id_image_error: 'Failed to upload the ID image. Please retry the KYC process.',
  face_not_detected: 'No face detected. Please retry with a clear face image.',
  multiple_faces: 'More than one face detected. Please retry with only one face in the image.',
  liveness_error: 'Liveness fail: Please retry.',
  face_compare_underscore: "The face doesn't match. Please retry with another face image.",
};

export function retryMessage(reason: RetryReason): string {
  if (reason.code === 'liveness_error' && reason.detail === 'too_close') {
    return 'Liveness fail: Face is too close to one or more borders. Please retry.';
  }
  if (reason.code === 'liveness_error' && reason.detail === 'too_small') {
    return 'Liveness fail: Absolute face size is too small. Please retry.';
  }
  return RETRY_MESSAGES[reason.code];
}

/** The `retry` array of the step responses. */
export function retryList(reasons: readonly RetryReason[]): { retryCode: string; retryMsg: string }[] {
  return reasons.map((reason) => ({ retryCode: reason.code, retryMsg: retryMessage(reason) }));
}
