import type { OcrFieldName, RequestedIdType } from './submission-model.js';

// Which fields a document carries (argos.md §4.2 `document_fields`), as data: per issuing country and type,
// falling back to per type, then to the default set. Adding a document is a line here.

export const DOCUMENT_FIELD_KEYS = [
  'name',
  'birthDate',
  'gender',
  'nationality',
  'issueDate',
  'expireDate',
  'documentNumber',
  'identityNumber',
  'idNumber',
  'number',
  'serialNumber',
] as const;
export type DocumentFieldKey = (typeof DOCUMENT_FIELD_KEYS)[number];
export type DocumentFields = Partial<Record<DocumentFieldKey, boolean>>;

const DEFAULT_FIELDS: DocumentFields = {
  name: true,
  birthDate: true,
  gender: true,
  nationality: true,
  issueDate: true,
  expireDate: true,
  documentNumber: true,
  identityNumber: false,
};

const BY_TYPE: Partial<Record<RequestedIdType, DocumentFields>> = {
  drivers_license: { ...DEFAULT_FIELDS, nationality: false },
  vehicle_registration_certificate: {
    name: true,
    birthDate: false,
    gender: false,
    nationality: false,
    issueDate: true,
    expireDate: false,
    documentNumber: true,
    identityNumber: false,
  },
  aadhaar: {
    ...DEFAULT_FIELDS,
    nationality: false,
    issueDate: false,
    expireDate: false,
    documentNumber: false,
    idNumber: true,
  },
  pancard: {
    ...DEFAULT_FIELDS,
    gender: false,
    nationality: false,
    issueDate: false,
    expireDate: false,
    documentNumber: false,
    number: true,
  },
};

const BY_COUNTRY_AND_TYPE: Readonly<Record<string, DocumentFields>> = {
  'KOR:government_id': {
    name: true,
    birthDate: true,
    gender: false,
    nationality: false,
    issueDate: true,
    expireDate: false,
    documentNumber: false,
    identityNumber: true,
  },
  'KOR:drivers_license': {
    name: true,
    birthDate: true,
    gender: false,
    nationality: false,
    issueDate: true,
    expireDate: true,
    documentNumber: false,
    identityNumber: true,
    number: true,
    serialNumber: true,
  },
};

/** The fields the applicant must type at Step 2 when a `universal` document could not be read (our choice). */
export const UNIVERSAL_MANUAL_FIELDS = [
  'name',
  'birthDate',
  'gender',
  'nationality',
  'expireDate',
  'documentNumber',
] as const;

export function documentFieldsFor(country: string, idType: RequestedIdType): DocumentFields {
  return BY_COUNTRY_AND_TYPE[`${country}:${idType}`] ?? BY_TYPE[idType] ?? DEFAULT_FIELDS;
}

/** The OCR value that answers a document field. */
export const OCR_FIELD_OF: Readonly<Record<DocumentFieldKey, readonly OcrFieldName[]>> = {
  name: ['fullName', 'lastName'],
  birthDate: ['birthDate'],
  gender: ['gender'],
  nationality: ['nationality'],
  issueDate: ['issueDate'],
  expireDate: ['expireDate'],
  documentNumber: ['documentNumber'],
  identityNumber: ['identityNumber'],
  idNumber: ['identityNumber'],
  number: ['licenseNumber', 'documentNumber'],
  serialNumber: [],
};

/** Fields the document carries that were not read. */
export function missingFields(fields: DocumentFields, read: ReadonlySet<OcrFieldName>): DocumentFieldKey[] {
  return DOCUMENT_FIELD_KEYS.filter(
    (key) => fields[key] === true && !OCR_FIELD_OF[key].some((name) => read.has(name)),
  );
}
