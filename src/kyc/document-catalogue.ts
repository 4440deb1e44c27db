import { documentFieldsFor as carriedBy, documentFieldsOf } from '../engine/documents/catalogue.js';
import { DOCUMENT_FIELD_KEYS, type DocumentFieldKey } from '../engine/documents/types.js';
import type { OcrFieldName, RequestedIdType } from './submission-model.js';

// Which fields a document carries (argos.md §4.2 `document_fields`): the engine's document models say it
// (per issuing country and type, then per type); this module gives it the answer's shape and says which
// read values answer each key.

export { DOCUMENT_FIELD_KEYS, type DocumentFieldKey };
export type DocumentFields = Partial<Record<DocumentFieldKey, boolean>>;

/** The fields the applicant must type at Step 2 when a `universal` document could not be read (our choice). */
export const UNIVERSAL_MANUAL_FIELDS = [
  'name',
  'birthDate',
  'gender',
  'nationality',
  'expireDate',
  'documentNumber',
] as const;

/** The keys every answer shows (the §4.2 example); the others appear only where the document carries them. */
const ALWAYS_SHOWN = new Set<DocumentFieldKey>([
  'name',
  'birthDate',
  'gender',
  'nationality',
  'issueDate',
  'expireDate',
  'documentNumber',
  'identityNumber',
]);

/** The eight keys of the default set always, the other keys only where the document carries them. */
export function answerShape(fields: Readonly<Record<DocumentFieldKey, boolean>>): DocumentFields {
  return Object.fromEntries(
    DOCUMENT_FIELD_KEYS.filter((key) => fields[key] || ALWAYS_SHOWN.has(key)).map((key) => [
      key,
      fields[key],
    ]),
  );
}

/** `document_fields` for a requested document (`universal`: the default set of any document). */
export function documentFieldsFor(country: string, idType: RequestedIdType): DocumentFields {
  return answerShape(idType === 'universal' ? documentFieldsOf(undefined) : carriedBy(country, idType));
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
