import type { DocumentRecognition } from '../../engine/document-report.js';
import type { FieldName } from '../../engine/documents/types.js';
import type { Quad } from '../../engine/geometry/quad.js';
import type { DocumentReport, FieldValue } from '../../engine/report.js';

// The engine's report in the vendor's shape (argos.md §3 "Sync 200 response" and "Result rules").

interface VendorPoint {
  x: number;
  y: number;
}
interface VendorQuad {
  first: VendorPoint;
  second: VendorPoint;
  third: VendorPoint;
  fourth: VendorPoint;
}
interface RawField {
  value: string;
  score: number;
  accepted?: boolean;
  coordinates?: VendorQuad;
  original_coordinates?: VendorQuad;
}

const OCR_KEYS = [
  'ocr_fullName',
  'ocr_firstName',
  'ocr_middleName',
  'ocr_lastName',
  'ocr_gender',
  'ocr_nationality',
  'ocr_birthDate',
  'ocr_identityNumber',
  'ocr_issueDate',
  'ocr_expireDate',
  'ocr_version',
  'ocr_number',
  'full_mrz',
  'mrz_line1',
  'mrz_line2',
] as const;

/** `accepted` appears only on these raw keys. */
const withAcceptance = new Set(['number', 'identity_number', 'birth_date', 'expire_date']);

function vendorQuad(quad: Quad): VendorQuad {
  const p = (i: number): VendorPoint => ({ x: Math.round(quad[i]!.x), y: Math.round(quad[i]!.y) });
  return { first: p(0), second: p(1), third: p(2), fourth: p(3) };
}

function score(confidence: number): number {
  return Math.max(0, Math.min(100, Math.round(confidence * 100)));
}

function gender(value: string | undefined): string {
  return value === 'M' ? 'male' : value === 'F' ? 'female' : '';
}

interface NameParts {
  readonly first: string;
  readonly middle: string;
}

type Fields = Readonly<Partial<Record<FieldName, FieldValue>>>;

/** First and middle names: as read when the source separates them, else split on North-American cards. */
function nameParts(fields: Fields, recognition: DocumentRecognition): NameParts {
  const given = fields.givenNames?.value ?? '';
  const middle = fields.middleName?.value;
  if (middle && given.endsWith(middle))
    return { first: given.slice(0, given.length - middle.length).trim(), middle };
  const northAmerican =
    recognition.classification.country === 'USA' || recognition.classification.country === 'CAN';
  if (northAmerican && !middle) {
    const [first = '', ...rest] = given.split(' ');
    return { first, middle: rest.join(' ') };
  }
  return { first: given, middle: middle ?? '' };
}

/** The report of an analysis that ran the document stage (as every API analysis does). */
export function recognitionResult(report: DocumentReport, requestedType: string) {
  const recognition = report.recognition;
  if (!recognition) throw new Error('the document stage did not run');
  const f: Fields = report.fields;
  const raw: Record<string, RawField | { value: string }> = {};
  const put = (key: string, field: FieldValue | undefined, value = field?.value): void => {
    if (!field || value === undefined || value === '') return;
    const entry: RawField = { value, score: score(field.confidence) };
    if (withAcceptance.has(key)) entry.accepted = field.accepted === true;
    if (field.processedQuad) entry.coordinates = vendorQuad(field.processedQuad);
    if (field.quad) entry.original_coordinates = vendorQuad(field.quad);
    raw[key] = entry;
  };
  const parts = nameParts(f, recognition);
  put('name', f.fullName);
  put('name_chn', f.nameHan);
  put('first_name', f.givenNames, parts.first);
  put('middle_name', f.middleName ?? (parts.middle ? f.givenNames : undefined), parts.middle);
  put('last_name', f.surname);
  put('gender', f.sex, gender(f.sex?.value));
  put('nationality', f.nationality);
  put('birth_date', f.birthDate);
  put('identity_number', f.personalNumber);
  put('number', f.documentNumber);
  put('issue_date', f.issueDate);
  put('expire_date', f.expiryDate);
  put('version', f.version);
  put('address', f.address);
  put('authority', f.authority);
  const mrz = recognition.mrz;
  if (mrz) {
    raw.mrz = {
      value: mrz.lines.join('\n'),
      score: score(mrz.confidence),
      ...(mrz.quad ? { coordinates: vendorQuad(mrz.quad) } : {}),
      original_coordinates: vendorQuad(mrz.originalQuad),
    };
  }
  raw.rotate = { value: String(recognition.front.rotation) };

  const text = (name: FieldName): string => f[name]?.value ?? '';
  const ocr: Record<string, string> = Object.fromEntries(OCR_KEYS.map((k) => [k, '']));
  Object.assign(ocr, {
    ocr_fullName: text('fullName') || text('nameHan'),
    ocr_firstName: parts.first,
    ocr_middleName: parts.middle,
    ocr_lastName: text('surname'),
    ocr_gender: gender(f.sex?.value),
    ocr_nationality: text('nationality'),
    ocr_birthDate: text('birthDate'),
    ocr_identityNumber: text('personalNumber'),
    ocr_issueDate: text('issueDate'),
    ocr_expireDate: text('expiryDate'),
    ocr_version: text('version'),
    ocr_number: text('documentNumber'),
    full_mrz: mrz ? mrz.lines.join('') : '',
    mrz_line1: mrz?.lines[0] ?? '',
    mrz_line2: mrz?.lines[1] ?? '',
    ...(mrz && mrz.lines.length === 3 ? { mrz_line3: mrz.lines[2] } : {}),
  });
  const fields = Object.values(report.fields);
  return {
    data: { raw, ocr },
    review_front: fields.some((x) => x.side === 'front'),
    review_back: recognition.back !== null && fields.some((x) => x.side === 'back'),
    document_type: recognition.classification.idType ?? requestedType,
  };
}
