import type { FieldName } from '../engine/documents/types.js';
import type { DocumentReport, FieldValue } from '../engine/report.js';
import { issuerFromMrz, nationalityFromMrz } from './countries.js';
import { isCalendarDate } from './dates.js';
import type { DecisionThresholds } from './decision-thresholds.js';
import { answerShape, type DocumentFields } from './document-catalogue.js';
import type {
  IdType,
  OcrField,
  OcrFieldName,
  OcrResult,
  Quad,
  RequestedIdType,
  RetryCode,
} from './submission-model.js';

// The document engine's report in the domain's words: which values were read, how sure, whether they
// passed their checks, what the document is and which fields its model carries. The engine's field names are
// mapped here, in one table.

const FIELDS: Readonly<Partial<Record<FieldName, OcrFieldName>>> = {
  fullName: 'fullName',
  givenNames: 'firstName',
  middleName: 'middleName',
  surname: 'lastName',
  sex: 'gender',
  nationality: 'nationality',
  birthDate: 'birthDate',
  personalNumber: 'identityNumber',
  issueDate: 'issueDate',
  expiryDate: 'expireDate',
  version: 'version',
  documentNumber: 'documentNumber',
  address: 'address',
  authority: 'authority',
};

const DATES = new Set<OcrFieldName>(['birthDate', 'issueDate', 'expireDate']);

/** Requested types a detected type may stand for (an ICAO ID card can be a national ID or a residence permit). */
const COMPATIBLE: Readonly<Record<IdType, readonly IdType[]>> = {
  passport: ['passport'],
  government_id: ['government_id', 'residence_permit'],
  residence_permit: ['residence_permit', 'government_id'],
  drivers_license: ['drivers_license'],
  visa: ['visa'],
  vehicle_registration_certificate: ['vehicle_registration_certificate'],
  aadhaar: ['aadhaar'],
  pancard: ['pancard'],
};

function normalise(name: OcrFieldName, value: string): string | undefined {
  const text = value.trim();
  if (text.length === 0) return undefined;
  if (name === 'gender') {
    const g = text.toUpperCase();
    return g === 'M' || g === 'MALE' ? 'male' : g === 'F' || g === 'FEMALE' ? 'female' : undefined;
  }
  if (name === 'nationality') return nationalityFromMrz(text);
  return text;
}

const rounded = (quad: FieldValue['quad'] | null): Quad | undefined =>
  quad ? (quad.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })) as unknown as Quad) : undefined;

function field(name: OcrFieldName, read: FieldValue, thresholds: DecisionThresholds): OcrField | undefined {
  const value = normalise(name, read.value);
  if (value === undefined) return undefined;
  const score = Math.round(Math.max(0, Math.min(1, read.confidence)) * 100);
  const formatOk = DATES.has(name) ? isCalendarDate(value) : true;
  const out: OcrField = {
    value,
    score,
    accepted: score >= thresholds.ocrAccepted && formatOk && read.accepted !== false,
    checked: read.accepted !== null,
    side: read.side,
  };
  const quad = rounded(read.processedQuad);
  const originalQuad = rounded(read.quad);
  if (quad) out.quad = quad;
  if (originalQuad) out.originalQuad = originalQuad;
  return out;
}

export interface DocumentReading {
  readonly ocr: OcrResult;
  /** The fields the recognised document model carries, when a model was recognised. */
  readonly documentFields?: DocumentFields;
  /** Why the document is not the one asked for, when the engine says so. */
  readonly mismatch?: string;
  /** A document outline was found on the front (a card is there, readable or not). */
  readonly outlined: boolean;
}

/** The values read from a document (front and back), mapped to the domain's fields. */
export function readingOf(report: DocumentReport, thresholds: DecisionThresholds): DocumentReading {
  const recognition = report.recognition;
  if (!recognition) throw new Error('the document stage did not run');
  const fields: OcrResult['fields'] = {};
  for (const [engineName, read] of Object.entries(report.fields)) {
    const name = FIELDS[engineName as FieldName];
    if (!name || !read) continue;
    const value = field(name, read, thresholds);
    if (value) fields[name] = value;
  }
  // An MRZ has no printed full name: given names, a space, the surname (argos.md §3 ocr_fullName).
  if (!fields.fullName && (fields.firstName || fields.lastName)) {
    const parts = [fields.firstName, fields.lastName].filter((f): f is OcrField => f !== undefined);
    fields.fullName = {
      value: parts.map((p) => p.value).join(' '),
      score: Math.min(...parts.map((p) => p.score)),
      accepted: parts.every((p) => p.accepted),
      checked: false,
      side: parts[0]!.side,
    };
  }
  const mrz = recognition.mrz;
  if (mrz && mrz.lines.length > 0) {
    fields.mrz = {
      value: mrz.lines.join('\n'),
      score: Math.round(mrz.confidence * 100),
      accepted: mrz.valid,
      checked: true,
      side: mrz.side,
      ...(rounded(mrz.quad) ? { quad: rounded(mrz.quad)! } : {}),
      ...(rounded(mrz.originalQuad) ? { originalQuad: rounded(mrz.originalQuad)! } : {}),
    };
  }
  const { classification } = recognition;
  const detectedCountry = classification.country ? issuerFromMrz(classification.country) : undefined;
  const ocr: OcrResult = {
    fields,
    rotation: recognition.front.rotation,
    mrzLines: mrz ? [...mrz.lines] : [],
    ...(classification.idType ? { detectedType: classification.idType } : {}),
    ...(detectedCountry ? { detectedCountry } : {}),
  };
  return {
    ocr,
    ...(classification.modelId ? { documentFields: answerShape(recognition.documentFields) } : {}),
    ...(classification.mismatch ? { mismatch: classification.mismatch } : {}),
    outlined: recognition.front.outline !== null,
  };
}

/** The fields that carry data (everything but the raw MRZ text). */
export function readFieldNames(ocr: OcrResult): Set<OcrFieldName> {
  return new Set((Object.keys(ocr.fields) as OcrFieldName[]).filter((name) => name !== 'mrz'));
}

/** Mean score of the read fields (`recognition_score`), when any was read. */
export function recognitionScore(ocr: OcrResult): number | undefined {
  const scores = Object.values(ocr.fields).map((f) => f.score);
  return scores.length === 0 ? undefined : Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
}

/**
 * Whether the document read is not the one asked for (`id_image_invalidId`): another issuing country, or a
 * type that cannot be the requested one. `universal` accepts any document.
 */
export function contradictsRequest(
  reading: DocumentReading,
  issuingCountry: string,
  idType: RequestedIdType,
): boolean {
  if (idType === 'universal') return false;
  if (reading.mismatch) return true;
  const { ocr } = reading;
  if (ocr.detectedCountry && ocr.detectedCountry !== issuingCountry) return true;
  if (ocr.detectedType && !COMPATIBLE[ocr.detectedType].includes(idType)) return true;
  return false;
}

/**
 * Why nothing could be read: a document outline, or a face that fills a small part of the image (a document's
 * portrait), says a card is there but unreadable; otherwise no document was photographed.
 */
export function unreadableReason(portrait: { heightShare: number } | null, outlined: boolean): RetryCode {
  if (outlined) return 'id_image_badImage';
  if (portrait && portrait.heightShare < 0.6) return 'id_image_badImage';
  return 'id_image_invalidImage';
}
