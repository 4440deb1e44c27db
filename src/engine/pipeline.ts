// The one orchestration of document analysis: decode -> quality -> MRZ (front, then back) -> report.
import { loadOpenCv } from './geometry/opencv.js';
import type { Quad } from './geometry/quad.js';
import { type DecodedImage, decodeImage } from './image/decode.js';
import type { ImageLimits } from './image/limits.js';
import { measureQuality } from './image/quality.js';
import { type MrzReading, readMrz } from './mrz/reader.js';
import { session } from './ocr/sessions.js';
import type { CheckResult, DocumentReport, FieldValue, MrzReport } from './report.js';

export interface AnalyzeOptions {
  /** The other side of the document (ID cards carry their MRZ on the back). */
  readonly back?: Uint8Array;
  readonly limits?: ImageLimits;
  /** Reference date for date checks and century inference (default: now). */
  readonly today?: Date;
}

/** Loads what the engine needs (opencv, OCR models) so that the first analysis is not the slow one. */
export async function prepareEngine(): Promise<void> {
  await loadOpenCv();
  await Promise.all([session('recognition'), session('orientation')]);
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
  let reading = await readMrz(front.gray, readOptions);
  let side: 'front' | 'back' = 'front';
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
    checks: checksOf(mrz, quality, reading?.mirrored ?? false),
    timings,
    extensions: {},
  };
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

/** ICAO codes that are not ISO 3166-1 alpha-3 but name one ISO country. */
const isoCountry: Readonly<Record<string, string>> = {
  D: 'DEU',
  GBD: 'GBR',
  GBN: 'GBR',
  GBO: 'GBR',
  GBP: 'GBR',
  GBS: 'GBR',
};

function documentOf(mrz: MrzReport): { type: string; country: string } {
  const code = mrz.fields.documentCode;
  const state = mrz.fields.issuingState;
  return { type: documentTypes[code[0] ?? ''] ?? 'other', country: isoCountry[state] ?? state };
}

/** Field values taken from the MRZ, each with the mean confidence and the outline of its characters. */
function fieldsOf(mrz: MrzReport): Record<string, FieldValue> {
  const f = mrz.fields;
  const spans = fieldSpans(mrz.format);
  const out: Record<string, FieldValue> = {};
  const put = (
    name: string,
    value: string | null | undefined,
    span?: readonly [number, number, number],
  ): void => {
    if (value === null || value === undefined || value === '') return;
    const located = span ? locate(mrz, span) : null;
    out[name] = {
      value,
      confidence: located?.confidence ?? mrz.confidence,
      source: 'mrz',
      ...(located?.quad ? { quad: located.quad } : {}),
    };
  };
  put('documentType', f.documentCode, spans.documentCode);
  put('issuingState', f.issuingState, spans.issuingState);
  put('surname', f.surname, spans.names);
  put('givenNames', f.givenNames, spans.names);
  put('documentNumber', f.documentNumber, spans.documentNumber);
  put('nationality', f.nationality, spans.nationality);
  put('birthDate', f.birthDate, spans.birthDate);
  put('sex', f.sex, spans.sex);
  put('expiryDate', f.expiryDate, spans.expiryDate);
  put('personalNumber', f.personalNumber, spans.personalNumber);
  put('optionalData', f.optional1, spans.optional1);
  put('optionalData2', f.optional2, spans.optional2);
  return out;
}

type Span = readonly [line: number, start: number, end: number];

function fieldSpans(format: string): Partial<Record<string, Span>> {
  if (format === 'TD1') {
    return {
      documentCode: [0, 0, 2],
      issuingState: [0, 2, 5],
      documentNumber: [0, 5, 14],
      optional1: [0, 15, 30],
      birthDate: [1, 0, 6],
      sex: [1, 7, 8],
      expiryDate: [1, 8, 14],
      nationality: [1, 15, 18],
      optional2: [1, 18, 29],
      names: [2, 0, 30],
    };
  }
  const length = format === 'TD3' || format === 'MRVA' ? 44 : 36;
  return {
    documentCode: [0, 0, 2],
    issuingState: [0, 2, 5],
    names: [0, 5, length],
    documentNumber: [1, 0, 9],
    nationality: [1, 10, 13],
    birthDate: [1, 13, 19],
    sex: [1, 20, 21],
    expiryDate: [1, 21, 27],
    ...(format === 'TD3'
      ? { personalNumber: [1, 28, 42] as const }
      : { optional1: [1, 28, length - (format === 'TD2' ? 1 : 0)] as const }),
  };
}

function locate(mrz: MrzReport, [line, start, end]: Span): { confidence: number; quad?: Quad } | null {
  const chars = mrz.recognised[line]?.chars.slice(start, end) ?? [];
  if (chars.length === 0) return null;
  const confidence = Math.round((chars.reduce((s, c) => s + c.confidence, 0) / chars.length) * 1000) / 1000;
  const first = chars[0]!.quad;
  const last = chars.at(-1)!.quad;
  return { confidence, quad: [first[0], last[1], last[2], first[3]] };
}

function checksOf(
  mrz: MrzReport | null,
  quality: DocumentReport['quality'],
  mirrored: boolean,
): CheckResult[] {
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
