import { VendorHttpError } from '../vendor-error.js';

// Error families of argos.md §1.4 for the submission endpoints: C ({errorCode, message}), P ({errorCode:<text>})
// and D ({message, statusCode: 400}). Each endpoint's exact texts are in its table below.

export const DECRYPTION_FAILED = 'Decryption is Failed. Please check the api-key.';

/** Family C. */
export function codeError(errorCode: string, message: string, status = 400): VendorHttpError {
  return new VendorHttpError(status, { errorCode, message });
}

/** Family P: the vendor puts the text in `errorCode`. */
export function patchError(text: string): VendorHttpError {
  return new VendorHttpError(400, { errorCode: text });
}

/** Family D. */
export function deleteError(message: string): VendorHttpError {
  return new VendorHttpError(400, { message, statusCode: 400 });
}

export const step1Errors = {
  invalid_payload: 'failed to parse the input data',
  missing_data: 'missing required parameters',
  invalid_id_type:
    'invalid id type : id type must be one of passport, government_id, drivers_license, residence_permit, visa, vehicle_registration_certificate, aadhaar, pancard, universal',
  invalid_country: 'invalid issuing country : use ISO 3166-1 alpha-3',
  invalid_email: 'invalid email address format',
  invalid_id_image: 'invalid id image',
  invalid_submission: 'invalid submission id',
  already_processed: 'this submission is already processed',
  image_processing_error: 'id image processing error',
  data_processing_error: 'data processing error',
} as const;

export const duplicateApprovedMessage = (email: string) =>
  `${email} had submitted another KYC and is already approved; therefore, this submission is not accepted to avoid duplicate submissions.`;

export const step2Errors = {
  invalid_payload: 'failed to parse the input data',
  invalid_api_key: 'invalid api key',
  invalid_face_image: 'invalid face image',
  invalid_address_image: 'invalid or missing an address image',
  missing_address_data: 'missing address data parameters',
  invalid_submission: 'invalid submission id',
  already_processed: 'this submission is already processed',
  missing_data: 'missing required parameters for identity verification',
  step1_incomplete: 'step 1 is not completed',
} as const;

export const invalidFormat = (field: string) => `invalid format: ${field}`;

export const imageReadErrors = {
  missing_data: 'Required input data is missing.',
  invalid_type: 'Invalid image type.',
  invalid_submission: 'Invalid submission.',
  image_not_found: 'Image not found.',
} as const;

export const imagePutErrors = {
  invalid_payload: 'Fail to parse the input data.',
  missing_data: 'Required input data is missing.',
  missing_id_type: 'The idType is required when submit idImage or idBackImage.',
  invalid_project: 'Invalid project.',
  invalid_admin: 'Invalid admin.',
  invalid_submission: 'Invalid submission.',
  invalid_data: 'At least one image parameter is required.',
  invalid_idType: 'Invalid IdType.',
  invalid_image: 'Invalid image.',
  processing_error: 'Failed to put image.',
} as const;

export const reviewErrors = {
  invalid_project: 'Project not found.',
  missing_admin: 'admin is required.',
  invalid_admin: 'Access denied. The admin is not registered in the project.',
  missing_submission: 'Submission Id is required.',
  invalid_submission: 'Invalid Submission Id.',
  invalid_state: 'Only submissions in pending status can be reviewed',
  review_not_allowed: 'This submission cannot be reviewed by client',
  invalid_status: 'Invalid status',
  invalid_data: 'Invalid data format.',
  missing_comment: 'Reject comment is required',
} as const;

export const migrationErrors = {
  invalid_payload: 'Invalid payload.',
  missing_data: 'Required input data is missing',
  invalid_project: 'Invalid project',
  invalid_admin: 'Invalid admin',
  processing_error: 'Failed to complete migration',
} as const;

export const patchErrors = {
  parse: 'data parsing error. please check input data.',
  submissionRequired: 'submissionId is required.',
  adminRequired: 'admin is required.',
  notAdmin: 'The admin is not registered in the project.',
  notFound: 'The submission is not found.',
  nothingToModify: 'At least one property to modify is required.',
  idType: 'Invalid idType. Please check the idType.',
  kycStatus: 'Invalid kyc status. Please check the kycStatus.',
  gender: 'Invalid gender. Please check the gender.',
  issuingCountry: 'Invalid issuingCountry. Please enter a valid ISO 3166-1 alpha-3.',
  nationality: 'Invalid nationality. Please enter a valid ISO 3166-1 alpha-3.',
  date: (field: string) => `Invalid ${field}. Please enter the date as YYYY-MM-DD`,
  processing: 'Data Processing Error.',
} as const;

export const deleteErrors = {
  missingId: 'not Exist Submission ID',
  notFound: 'not Exist Submission Data',
  noProject: 'not Exist Project Data',
  failed: 'delete Process FAIL',
  invalidAdmin: 'invalid admin_name',
} as const;
