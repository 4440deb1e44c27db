// The one orchestration of document analysis: decode -> quality -> MRZ (the side the requested document
// carries it on first) -> the document stage (both sides read as pages, the back's barcode, classification,
// visual-zone fields merged with the MRZ and the barcode, checks) -> one report.
import type { LicenceBarcodeReading } from './barcode/index.js';
import type { DocumentStage } from './document-report.js';
import { plausibleMrz } from './documents/mrz-evidence.js';
import type { IdType, Side } from './documents/types.js';
import { loadOpenCv } from './geometry/opencv.js';
import type { Quad } from './geometry/quad.js';
import { type DecodedImage, decodeImage } from './image/decode.js';
import type { ImageLimits } from './image/limits.js';
import { measureQuality } from './image/quality.js';
import { fieldSpans, type Span } from './mrz/formats.js';
import { type MrzReading, readMrz } from './mrz/reader.js';
import { isoOfIcaoState } from './mrz/states.js';
import { session } from './ocr/sessions.js';
import type { CheckResult, DocumentReport, FieldValue, MrzReport } from './report.js';
import { projectQuad } from './viz/homography.js';

export interface AnalyzeOptions {
  /** The other side of the document (ID cards carry their MRZ or barcode on the back). */
  readonly back?: Uint8Array;
  readonly limits?: ImageLimits;
  /** Reference date for date checks and century inference (default: now). */
  readonly today?: Date;
  /**
   * The document the caller expects (issuing country, ARGOS idType). Its models decide which side's MRZ
   * is searched first and whether the back's barcode is read; evidence against it is reported
   * (`recognition.classification.mismatch`, check `classification.requested`).
   */
  readonly requested?: { readonly country: string; readonly idType: IdType };
  /** false: the MRZ stage only (decode, quality, MRZ), for measurements of the MRZ reader. Default true. */
  readonly documentStage?: boolean;
}

/**
 * The document stage (page reading, classification, fields, checks) and the catalogue, loaded on the first
 * analysis that needs them: a process that only reads MRZs does not pay for importing them.
 */
let documentStageModules:
  | Promise<[typeof import('./document-report.js'), typeof import('./documents/catalogue.js')]>
  | undefined;
function documentStageCode() {
  documentStageModules ??= Promise.all([import('./document-report.js'), import('./documents/catalogue.js')]);
  return documentStageModules;
}

/**
 * Loads what the engine needs (opencv, OCR models, the document stage's code) so that the first analysis is
 * not the slow one. `documentStage: false`: only what the MRZ stage uses (no text detection model).
 */
export async function prepareEngine(options: { readonly documentStage?: boolean } = {}): Promise<void> {
  await loadOpenCv();
  const documents = options.documentStage ?? true;
  await Promise.all([
    session('recognition'),
    session('orientation'),
    ...(documents ? [session('detection'), documentStageCode()] : []),
  ]);
}

/**
 * Ends the threads the engine starts on demand (the Hangul reader's worker), so that a process that ran
 * analyses on its own thread (a bench, a script) can exit; the next analysis starts them again.
 */
export async function releaseEngine(): Promise<void> {
  // Only the document stage starts the Hangul reader.
  if (!documentStageModules) return;
  const { closeHangulReader } = await import('./ocr/hangul-reader.js');
  await closeHangulReader();
}

export async function analyzeDocument(
  image: Uint8Array,
  options: AnalyzeOptions = {},
): Promise<DocumentReport> {
  const timings: Record<string, number> = {};
  const started = performance.now();
  let mark = started;
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  await loadOpenCv();
  const front = await decodeImage(image, options.limits);
  lap('decode');
  const quality = measureQuality(front.gray);
  lap('quality');
  const readOptions = options.today ? { today: options.today } : {};
  if (options.documentStage === false) {
    let reading = await readMrz(front.gray, readOptions);
    let side: Side = 'front';
    lap('mrz');
    if (!reading && options.back) {
      const back = await decodeImage(options.back, options.limits);
      reading = await readMrz(back.gray, readOptions);
      side = 'back';
      lap('mrz_back');
    }
    const mrz = reading ? mrzReport(reading, side) : null;
    timings.total = Math.round((performance.now() - started) * 10) / 10;
    return {
      image: imageFacts(front),
      quality,
      rotation: reading && side === 'front' ? reading.rotation : null,
      angle: reading && side === 'front' ? reading.angle : null,
      mirrored: reading?.mirrored ?? false,
      mrz,
      document: mrz ? documentOf(mrz) : null,
      fields: mrz ? fieldsOf(mrz) : {},
      checks: [...mrzChecks(mrz), ...imageChecks(quality, reading?.mirrored ?? false)],
      recognition: null,
      timings,
      extensions: {},
    };
  }

  const [{ readBackBarcode, readDocumentSides }, { expectedLayout }] = await documentStageCode();
  const back = options.back ? await decodeImage(options.back, options.limits) : undefined;
  if (back) lap('decode_back');
  const images: Partial<Record<Side, DecodedImage>> = { front, ...(back ? { back } : {}) };
  const searchMrz = (side: Side): Promise<MrzReading | null> => readMrz(images[side]!.gray, readOptions);
  const layout = options.requested
    ? expectedLayout(options.requested.country, options.requested.idType)
    : null;

  // The MRZ stage. A requested document's MRZ side is searched first; a side its models give no MRZ is
  // searched only when its page shows MRZ-like text (a search of a side without an MRZ is the slowest thing
  // the MRZ reader does). Without a request the front is searched, and the back when the front has none.
  let raw: MrzReading | null = null;
  let rawSide: Side = 'front';
  const searched: Side[] = [];
  const search = async (side: Side): Promise<void> => {
    const reading = await searchMrz(side);
    searched.push(side);
    lap(side === 'front' ? 'mrz' : 'mrz_back');
    if (reading && (!raw || better(reading, raw))) {
      raw = reading;
      rawSide = side;
    }
  };
  for (const side of layout ? layout.mrzSides : ['front' as const]) {
    if (!images[side] || (raw as MrzReading | null)?.parsed.valid) continue;
    await search(side);
  }
  const barcode: LicenceBarcodeReading | null =
    back && (!layout || layout.barcode) ? await readBackBarcode(back) : null;
  if (barcode) lap('barcode');
  const aamva = barcode?.aamva?.ok === true;
  if (!layout && back && !aamva && !plausibleMrz(raw)) await search('back');

  const stage = await readDocumentSides({
    front,
    ...(back ? { back } : {}),
    mrz: raw,
    mrzSide: rawSide,
    searched,
    searchMrz,
    barcode,
    ...(options.requested ? { requested: options.requested } : {}),
    ...(options.today ? { today: options.today } : {}),
  });
  lap('document');
  const reading: MrzReading | null = stage.mrzReading ?? raw;
  const side: Side = stage.mrzReading ? stage.mrzSide : rawSide;
  const mrz = reading ? mrzReport(reading, side) : null;
  const mrzOnFront = reading !== null && side === 'front';
  const { classification, recognised } = stage;
  const recognisable = recognised.front || classification.mismatch !== null || stage.mrzReading !== null;
  timings.total = Math.round((performance.now() - started) * 10) / 10;
  return {
    image: imageFacts(front),
    quality,
    rotation: mrzOnFront ? reading.rotation : stage.front.lines > 0 ? stage.front.rotation : null,
    angle: mrzOnFront ? reading.angle : null,
    mirrored: reading?.mirrored ?? false,
    mrz,
    document:
      recognisable && classification.idType && classification.country
        ? { type: classification.idType, country: classification.country }
        : null,
    fields: stageFields(stage, barcode),
    checks: [...mrzChecks(mrz), ...stage.checks, ...imageChecks(quality, reading?.mirrored ?? false)],
    recognition: {
      classification,
      documentFields: stage.documentFields,
      mrz: stage.mrz,
      barcode: stage.barcode,
      front: stage.front,
      back: stage.back,
      recognised,
      timings: stage.timings,
    },
    timings,
    extensions: {},
  };
}

/** A valid reading beats an invalid one; a plausible one beats one that is not. */
function better(candidate: MrzReading, current: MrzReading): boolean {
  if (candidate.parsed.valid !== current.parsed.valid) return candidate.parsed.valid;
  return plausibleMrz(candidate) !== null && plausibleMrz(current) === null;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * Every field the document stage read (visual zone, MRZ, barcode, merged), then what only the MRZ or the
 * barcode carries (document code, issuing state, optional data; AAMVA physical descriptors, classes, ...).
 */
function stageFields(
  stage: DocumentStage,
  barcode: LicenceBarcodeReading | null,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, f] of Object.entries(stage.fields)) {
    if (!f) continue;
    out[name] = {
      value: f.value,
      confidence: round3(f.confidence),
      source: f.source,
      accepted: f.accepted,
      side: f.side,
      ...(f.originalQuad ? { quad: f.originalQuad } : {}),
      ...(f.quad ? { processedQuad: f.quad } : {}),
    };
  }
  const reading = stage.mrzReading;
  if (reading) {
    const report = mrzReport(reading, stage.mrzSide);
    const toProcessed = stage.toProcessed[stage.mrzSide];
    for (const [name, value] of Object.entries(fieldsOf(report))) {
      if (name in out || !mrzOnly.has(name)) continue;
      out[name] = {
        ...value,
        ...(value.quad && toProcessed ? { processedQuad: projectQuad(toProcessed, value.quad) } : {}),
      };
    }
  }
  if (stage.aamva && barcode?.barcode) {
    const q = barcode.barcode.quad;
    const quad: Quad = [q.topLeft, q.topRight, q.bottomRight, q.bottomLeft];
    const toProcessed = stage.toProcessed.back;
    for (const [name, field] of Object.entries(stage.aamva)) {
      if (name in out || consumedAamva.has(name) || !field) continue;
      const value = aamvaText(field.value);
      if (value === '') continue;
      out[name] = {
        value,
        confidence: 0.99,
        source: 'barcode',
        accepted: null,
        side: 'back',
        quad,
        ...(toProcessed ? { processedQuad: projectQuad(toProcessed, quad) } : {}),
      };
    }
  }
  return out;
}

/** MRZ fields the merged document fields do not already hold. */
const mrzOnly = new Set(['documentType', 'issuingState', 'optionalData', 'optionalData2']);

/** AAMVA fields the document stage merges into the document fields (names, dates, address, number). */
const consumedAamva = new Set([
  'lastName',
  'firstName',
  'middleName',
  'dateOfBirth',
  'sex',
  'documentNumber',
  'issueDate',
  'expiryDate',
  'street1',
  'street2',
  'city',
  'jurisdictionCode',
  'postalCode',
  'placeOfBirth',
]);

/** An AAMVA value as text: measures with their unit, weight ranges as their bounds, flags as yes/no. */
function aamvaText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const v = value as { unit?: string; value?: number; minPounds?: number; maxPounds?: number | null };
    if (v.unit !== undefined && v.value !== undefined) return `${v.value} ${v.unit}`;
    if (v.minPounds !== undefined) return `${v.minPounds}-${v.maxPounds ?? ''} lb`;
  }
  return '';
}

function imageFacts(image: DecodedImage): DocumentReport['image'] {
  return {
    format: image.format,
    bytes: image.bytes,
    width: image.rgb.width,
    height: image.rgb.height,
    storedWidth: image.storedWidth,
    storedHeight: image.storedHeight,
    exifOrientation: image.exifOrientation,
  };
}

function mrzReport(reading: MrzReading, side: 'front' | 'back'): MrzReport {
  const { parsed } = reading;
  return {
    format: parsed.format,
    lines: parsed.lines,
    valid: parsed.valid,
    fields: parsed.fields,
    checks: parsed.checks,
    repairs: parsed.repairs,
    problems: parsed.problems,
    confidence: Math.round(reading.confidence * 1000) / 1000,
    recognised: reading.lines,
    side,
  };
}

const documentTypes: Readonly<Record<string, string>> = {
  P: 'passport',
  V: 'visa',
  I: 'id_card',
  A: 'id_card',
  C: 'id_card',
};

function documentOf(mrz: MrzReport): { type: string; country: string } {
  const code = mrz.fields.documentCode;
  const state = mrz.fields.issuingState;
  return { type: documentTypes[code[0] ?? ''] ?? 'other', country: isoOfIcaoState(state) };
}

/** Field values taken from the MRZ, each with the mean confidence and the outline of its characters. */
function fieldsOf(mrz: MrzReport): Record<string, FieldValue> {
  const f = mrz.fields;
  const spans = fieldSpans(mrz.format);
  const out: Record<string, FieldValue> = {};
  const checked = (name: MrzReport['checks'][number]['name']): boolean | null =>
    mrz.checks.find((c) => c.name === name)?.valid ?? null;
  const put = (
    name: string,
    value: string | null | undefined,
    span?: readonly [number, number, number],
    accepted: boolean | null = null,
  ): void => {
    if (value === null || value === undefined || value === '') return;
    const located = span ? locate(mrz, span) : null;
    out[name] = {
      value,
      confidence: located?.confidence ?? mrz.confidence,
      source: 'mrz',
      accepted,
      side: mrz.side,
      ...(located?.quad ? { quad: located.quad } : {}),
    };
  };
  put('documentType', f.documentCode, spans.documentCode);
  put('issuingState', f.issuingState, spans.issuingState);
  put('surname', f.surname, spans.names);
  put('givenNames', f.givenNames, spans.names);
  put('documentNumber', f.documentNumber, spans.documentNumber, checked('documentNumber'));
  put('nationality', f.nationality, spans.nationality);
  put('birthDate', f.birthDate, spans.birthDate, checked('birthDate'));
  put('sex', f.sex, spans.sex);
  put('expiryDate', f.expiryDate, spans.expiryDate, checked('expiryDate'));
  put('personalNumber', f.personalNumber, spans.personalNumber, checked('personalNumber'));
  put('optionalData', f.optional1, spans.optional1);
  put('optionalData2', f.optional2, spans.optional2);
  return out;
}

function locate(mrz: MrzReport, [line, start, end]: Span): { confidence: number; quad?: Quad } | null {
  const chars = mrz.recognised[line]?.chars.slice(start, end) ?? [];
  if (chars.length === 0) return null;
  const confidence = Math.round((chars.reduce((s, c) => s + c.confidence, 0) / chars.length) * 1000) / 1000;
  const first = chars[0]!.quad;
  const last = chars.at(-1)!.quad;
  return { confidence, quad: [first[0], last[1], last[2], first[3]] };
}

function mrzChecks(mrz: MrzReport | null): CheckResult[] {
  const checks: CheckResult[] = [];
  const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (mrz) {
    for (const check of mrz.checks) {
      checks.push({
        id: `mrz.check_digit.${snake(check.name)}`,
        status: check.valid ? 'pass' : 'fail',
        message: check.valid
          ? `check digit ${check.found} verifies`
          : `check digit is ${check.found}, the data give ${check.expected}`,
      });
    }
    for (const problem of mrz.problems) checks.push({ id: 'mrz.format', status: 'fail', message: problem });
    if (mrz.repairs.length > 0) {
      checks.push({
        id: 'mrz.repaired',
        status: 'warn',
        message: mrz.repairs
          .map((r) => `line ${r.line + 1} column ${r.column + 1}: ${r.from} -> ${r.to} (${r.reason})`)
          .join('; '),
      });
    }
  }
  return checks;
}

function imageChecks(quality: DocumentReport['quality'], mirrored: boolean): CheckResult[] {
  const checks: CheckResult[] = [];
  if (mirrored)
    checks.push({
      id: 'image.mirrored',
      status: 'warn',
      message: 'the image is a mirror image of the document',
    });
  if (quality.blurry)
    checks.push({
      id: 'image.blur',
      status: 'warn',
      message: `image looks blurred (sharpness ${quality.sharpness})`,
    });
  if (quality.glareDetected)
    checks.push({
      id: 'image.glare',
      status: 'warn',
      message: `glare on ${(quality.glare * 100).toFixed(1)}% of the image`,
    });
  if (quality.underexposed)
    checks.push({ id: 'image.exposure', status: 'warn', message: 'image is underexposed' });
  if (quality.overexposed)
    checks.push({ id: 'image.exposure', status: 'warn', message: 'image is overexposed' });
  if (quality.lowResolution)
    checks.push({
      id: 'image.resolution',
      status: 'warn',
      message: `image is only ${quality.width}x${quality.height}`,
    });
  return checks;
}
