import type { DocumentReport, FieldValue } from '../engine/report.js';
import { issuerFromMrz, nationalityFromMrz } from './countries.js';
import { isCalendarDate } from './dates.js';
import type { DecisionThresholds } from './decision-thresholds.js';
import type {
  IdType,
  OcrField,
  OcrFieldName,
  OcrResult,
  Point,
  Quad,
  RequestedIdType,
  RetryCode,
} from './submission-model.js';

// The engine's DocumentReport in the domain's words: which values were read, how sure, whether they passed
// their checks, and what the document is. Field names of the engine (MRZ today; barcode and visual zone as they
// land) are mapped here, in one table.

type CheckName = 'documentNumber' | 'birthDate' | 'expiryDate' | 'personalNumber';

interface FieldSource {
  readonly engine: readonly string[];
  readonly check?: CheckName;
  readonly kind?: 'date' | 'gender' | 'nationality';
}

const SOURCES: Partial<Record<OcrFieldName, FieldSource>> = {
  fullName: { engine: ['fullName'] },
  firstName: { engine: ['firstName', 'givenNames'] },
  middleName: { engine: ['middleName'] },
  lastName: { engine: ['lastName', 'surname'] },
  gender: { engine: ['sex', 'gender'], kind: 'gender' },
  nationality: { engine: ['nationality'], kind: 'nationality' },
  birthDate: { engine: ['birthDate'], check: 'birthDate', kind: 'date' },
  identityNumber: { engine: ['identityNumber', 'personalNumber'], check: 'personalNumber' },
  issueDate: { engine: ['issueDate'], kind: 'date' },
  expireDate: { engine: ['expiryDate', 'expireDate'], check: 'expiryDate', kind: 'date' },
  version: { engine: ['version'] },
  documentNumber: { engine: ['documentNumber'], check: 'documentNumber' },
  licenseNumber: { engine: ['licenseNumber'] },
  address: { engine: ['address'] },
  authority: { engine: ['authority'] },
};

const DOCUMENT_TYPES: Readonly<Record<string, IdType>> = {
  passport: 'passport',
  visa: 'visa',
  id_card: 'government_id',
  government_id: 'government_id',
  drivers_license: 'drivers_license',
  residence_permit: 'residence_permit',
  vehicle_registration_certificate: 'vehicle_registration_certificate',
  aadhaar: 'aadhaar',
  pancard: 'pancard',
};

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

function normalise(kind: FieldSource['kind'], value: string): string | undefined {
  const text = value.trim();
  if (text.length === 0) return undefined;
  if (kind === 'gender') {
    const g = text.toUpperCase();
    return g === 'M' || g === 'MALE' ? 'male' : g === 'F' || g === 'FEMALE' ? 'female' : undefined;
  }
  if (kind === 'nationality') return nationalityFromMrz(text);
  return text;
}

/** A quad of the original image in the upright image (the front turned clockwise by `rotation`). */
function uprightQuad(quad: Quad, rotation: number, width: number, height: number): Quad {
  const turn = (p: Point): Point => {
    if (rotation === 90) return { x: height - 1 - p.y, y: p.x };
    if (rotation === 180) return { x: width - 1 - p.x, y: height - 1 - p.y };
    if (rotation === 270) return { x: p.y, y: width - 1 - p.x };
    return p;
  };
  const turned = quad.map(turn);
  // Keep the corners in reading order of the upright image: the one nearest its top-left first.
  const start = turned.reduce((best, p, i) => (p.x + p.y < turned[best]!.x + turned[best]!.y ? i : best), 0);
  return [0, 1, 2, 3].map((k) => round(turned[(start + k) % 4]!)) as unknown as Quad;
}

const round = (p: Point): Point => ({ x: Math.round(p.x), y: Math.round(p.y) });

function checkPassed(report: DocumentReport, check: CheckName): boolean | undefined {
  const found = report.mrz?.checks.find((c) => c.name === check);
  return found ? found.valid : undefined;
}

function field(
  report: DocumentReport,
  source: FieldSource,
  name: OcrFieldName,
  thresholds: DecisionThresholds,
): OcrField | undefined {
  let picked: FieldValue | undefined;
  for (const engineName of source.engine) {
    picked = report.fields[engineName];
    if (picked) break;
  }
  if (!picked) return undefined;
  const value = normalise(source.kind, picked.value);
  if (value === undefined) return undefined;
  const score = Math.round(Math.max(0, Math.min(1, picked.confidence)) * 100);
  const side = picked.source === 'mrz' && report.mrz?.side === 'back' ? 'back' : 'front';
  const checkResult = source.check && picked.source === 'mrz' ? checkPassed(report, source.check) : undefined;
  const formatOk = source.kind === 'date' ? isCalendarDate(value) : true;
  const checked = checkResult !== undefined || source.kind === 'date' || name === 'documentNumber';
  const accepted = score >= thresholds.ocrAccepted && formatOk && checkResult !== false;
  const out: OcrField = { value, score, accepted, checked, side };
  if (picked.quad) {
    const original = picked.quad.map(round) as unknown as Quad;
    out.originalQuad = original;
    out.quad =
      side === 'front' && report.rotation
        ? uprightQuad(original, report.rotation, report.image.width, report.image.height)
        : original;
  }
  return out;
}

/** The values read from a document (front and back), mapped to the domain's fields. */
export function ocrResultOf(report: DocumentReport, thresholds: DecisionThresholds): OcrResult {
  const fields: OcrResult['fields'] = {};
  for (const [name, source] of Object.entries(SOURCES) as [OcrFieldName, FieldSource][]) {
    const value = field(report, source, name, thresholds);
    if (value) fields[name] = value;
  }
  // The MRZ has no printed full name: given names, a space, the surname (argos.md §3 ocr_fullName).
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
  const mrzLines = report.mrz ? [...report.mrz.lines] : [];
  if (report.mrz && mrzLines.length > 0) {
    fields.mrz = {
      value: mrzLines.join('\n'),
      score: Math.round(report.mrz.confidence * 100),
      accepted: report.mrz.valid,
      checked: true,
      side: report.mrz.side,
    };
  }
  const detectedType = report.document ? DOCUMENT_TYPES[report.document.type] : undefined;
  const detectedCountry = report.document ? issuerFromMrz(report.document.country) : undefined;
  return {
    fields,
    rotation: report.rotation ?? 0,
    mrzLines,
    ...(detectedType ? { detectedType } : {}),
    ...(detectedCountry ? { detectedCountry } : {}),
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
export function contradictsRequest(ocr: OcrResult, issuingCountry: string, idType: RequestedIdType): boolean {
  if (idType === 'universal') return false;
  if (ocr.detectedCountry && ocr.detectedCountry !== issuingCountry) return true;
  if (ocr.detectedType && !COMPATIBLE[ocr.detectedType].includes(idType)) return true;
  return false;
}

/**
 * Why nothing could be read. Until the documents engine can outline a card, the presence of a document is
 * judged from its portrait: a face that fills a small part of the image is a document's portrait (the card is
 * there but unreadable); no face, or one that fills the frame, means no document was photographed.
 */
export function unreadableReason(portrait: { heightShare: number } | null, blurry: boolean): RetryCode {
  if (blurry) return 'id_image_badImage';
  if (portrait && portrait.heightShare < 0.6) return 'id_image_badImage';
  return 'id_image_invalidImage';
}
