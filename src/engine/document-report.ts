// The document stage of the pipeline: both sides read as pages, the barcode of the back decoded, the
// document classified against the catalogue, its fields read with the chosen model and merged with the
// MRZ and the barcode, and the consistency and validity checks run. Input: the decoded images, the MRZ
// reading the MRZ stage already made and how to search a side it did not search; output: everything the
// API edges need, with every field's value, confidence, acceptance and box in the processed and in the
// uploaded image.
import { type AamvaFields, type LicenceBarcodeReading, readLicenceBarcode } from './barcode/index.js';
import {
  type CheckResult,
  consistencyChecks,
  dateChecks,
  type Reading,
  type Readings,
} from './checks/document-checks.js';
import { documentFieldsOf } from './documents/catalogue.js';
import { verifyChecksum } from './documents/checksums.js';
import {
  type Classification,
  classifyDocument,
  type MrzEvidence,
  printedWords,
  printedWordsFound,
} from './documents/classify.js';
import { looksLikeMrz, plausibleMrz } from './documents/mrz-evidence.js';
import type { DocumentFields, DocumentModel, FieldName, IdType, Side } from './documents/types.js';
import type { Point, Quad } from './geometry/quad.js';
import type { DecodedImage } from './image/decode.js';
import type { MrzReading } from './mrz/reader.js';
import { isoOfIcaoState } from './mrz/states.js';
import type { ExtractedField } from './viz/extract.js';
import { withHangulFields } from './viz/hangul-fields.js';
import { unreadLinesAsHangul } from './viz/hangul-lines.js';
import { type Homography, invert, projectQuad } from './viz/homography.js';
import { insideQuad, type Page, type QuarterTurn, quadCentre, readPage } from './viz/page.js';
import { extractWithRegionReread } from './viz/region-reread.js';
import { fold } from './viz/values.js';

export type FieldSourceKind = 'viz' | 'mrz' | 'barcode';

export interface DocumentField {
  readonly name: FieldName;
  readonly value: string;
  /** 0..1 */
  readonly confidence: number;
  /** Check digit, national checksum or date validity passed; null where no such check exists. */
  readonly accepted: boolean | null;
  readonly source: FieldSourceKind;
  readonly side: Side;
  /** Box in the processed image of its side (upright, cut to the document). */
  readonly quad: Quad | null;
  /** Box in the uploaded image of its side. */
  readonly originalQuad: Quad | null;
}

export interface SideFacts {
  /** Clockwise turn applied to the upload to make the side upright. */
  readonly rotation: QuarterTurn;
  /** The document's outline in the upload, null when it fills the image. */
  readonly outline: Quad | null;
  readonly width: number;
  readonly height: number;
  readonly lines: number;
  /** Fields the side yielded (any source). */
  readonly fields: number;
}

/** What the document stage found besides the fields and checks (which join the report's own). */
export interface DocumentRecognition {
  readonly classification: {
    readonly modelId: string | null;
    readonly description: string | null;
    readonly country: string | null;
    readonly idType: IdType | null;
    readonly score: number;
    readonly evidence: readonly string[];
    readonly mismatch: string | null;
    readonly ranking: Classification['ranking'];
  };
  /** argos.md §4.2 `document_fields` of the recognised model. */
  readonly documentFields: DocumentFields;
  readonly mrz: {
    readonly lines: readonly string[];
    readonly format: string;
    readonly valid: boolean;
    readonly side: Side;
    readonly confidence: number;
    readonly quad: Quad | null;
    readonly originalQuad: Quad;
  } | null;
  readonly barcode: {
    readonly decoded: boolean;
    readonly aamva: boolean;
    readonly country: string | null;
    readonly jurisdiction: string | null;
    readonly version: number | null;
  } | null;
  readonly front: SideFacts;
  readonly back: SideFacts | null;
  /** Whether each side reads as the requested document (argos.md §3 errors 1011/1012). */
  readonly recognised: {
    readonly front: boolean;
    readonly back: boolean | null;
    readonly reason: string | null;
  };
  readonly timings: Readonly<Record<string, number>>;
}

export interface DocumentStage extends DocumentRecognition {
  readonly fields: Readonly<Partial<Record<FieldName, DocumentField>>>;
  readonly checks: readonly CheckResult[];
  /** The MRZ the fields were merged with (the MRZ stage's, or one found on a side it had not searched). */
  readonly mrzReading: MrzReading | null;
  readonly mrzSide: Side;
  /** The barcode's AAMVA fields, when it held any. */
  readonly aamva: AamvaFields | null;
  /** Per side read as a page: uploaded-image point to processed-image point. */
  readonly toProcessed: Readonly<Partial<Record<Side, Homography>>>;
}

export interface DocumentStageInput {
  readonly front: DecodedImage;
  readonly back?: DecodedImage;
  /** The MRZ stage's reading (only a plausible one is used), and the side it came from. */
  readonly mrz: MrzReading | null;
  readonly mrzSide: Side;
  /** Sides the MRZ stage searched already. */
  readonly searched: readonly Side[];
  /** Searches one side for an MRZ: called for a side not searched yet whose page shows MRZ-like text. */
  readonly searchMrz?: (side: Side) => Promise<MrzReading | null>;
  /** The back's barcode (see readBackBarcode); null when it was not read or nothing was found. */
  readonly barcode: LicenceBarcodeReading | null;
  readonly requested?: { readonly country: string; readonly idType: IdType };
  readonly today?: Date;
}

/** Decodes the PDF417 of a licence back and parses its AAMVA payload; null when none could be read. */
export function readBackBarcode(back: DecodedImage): Promise<LicenceBarcodeReading | null> {
  const { data, width, height } = back.rgb;
  return readLicenceBarcode({ data, width, height, channels: 3 }, { budgetMs: 2500 }).catch(() => null);
}

/** The AAMVA document a barcode reading holds, when it holds one. */
function aamvaOf(barcode: LicenceBarcodeReading | null) {
  return barcode?.aamva?.ok ? barcode.aamva.document : null;
}

/** Call `loadOpenCv()` once before (the pipeline does). */
export async function readDocumentSides(input: DocumentStageInput): Promise<DocumentStage> {
  const today = input.today ?? new Date();
  const timings: Record<string, number> = {};
  const started = performance.now();
  let mrz = plausibleMrz(input.mrz);
  let mrzSide: Side = input.mrzSide;
  const searched = new Set<Side>(input.searched);

  /**
   * Reads one side as a page. The MRZ lines already read are not read again; a side the MRZ stage did not
   * search is searched when its page shows MRZ-like text, and the MRZ's lines then leave the page.
   */
  const readSide = async (side: Side, image: DecodedImage): Promise<Page> => {
    const own = mrz && mrzSide === side ? mrz : null;
    const zone = own ? padZone(own.lines.map((l) => l.quad)) : null;
    let page = await readPage(image.rgb, image.gray, {
      ...(own ? { rotation: own.rotation } : {}),
      ...(zone ? { skip: [zone] } : {}),
    });
    if (!searched.has(side) && input.searchMrz && !mrz?.parsed.valid && looksLikeMrz(page.lines)) {
      searched.add(side);
      const t = performance.now();
      const found = plausibleMrz(await input.searchMrz(side));
      timings[`mrz_${side}`] = ms(t);
      if (found && (!mrz || found.parsed.valid)) {
        mrz = found;
        mrzSide = side;
        page = withoutZone(page, padZone(found.lines.map((l) => l.quad)));
      }
    }
    return page;
  };

  let frontPage = await readSide('front', input.front);
  timings.front = ms(started);
  const barcode = input.barcode;
  const aamva = aamvaOf(barcode);
  // A back whose barcode holds the data needs no page reading; any other back is read.
  let backPage: Page | null = null;
  if (input.back && !aamva) {
    const t = performance.now();
    backPage = await readSide('back', input.back);
    timings.back = ms(t);
    // An MRZ found on the back that turns the document: the front was read before it was known.
  }
  if (mrz && mrzSide === 'front' && frontPage.rotation !== mrz.rotation && !mrz.mirrored) {
    frontPage = await readSide('front', input.front);
  }

  const mrzEvidence: MrzEvidence | null = mrz
    ? {
        documentCode: mrz.parsed.fields.documentCode.replace(/<+$/, ''),
        issuingCountry: isoOfIcaoState(mrz.parsed.fields.issuingState),
        format: mrz.parsed.format,
        valid: mrz.parsed.valid,
      }
    : null;
  // Lines the recogniser returned empty may be printed in Hangul (a Korean card's title): read as Hangul,
  // they count as words for classification (a side with one such line, a logo or the name, is not read).
  const hangulRead = new Map<Page, Promise<string[]>>();
  const hangulOf = (page: Page): Promise<string[]> => {
    let pending = hangulRead.get(page);
    if (!pending) {
      pending = unreadLinesAsHangul(page).then((lines) => lines.flatMap((l) => [l, l.replace(/\s+/g, '')]));
      hangulRead.set(page, pending);
    }
    return pending;
  };
  const frontHangul = frontPage.unread.length >= 2 ? await hangulOf(frontPage) : [];
  const backHangulWords = backPage && backPage.unread.length >= 2 ? await hangulOf(backPage) : [];
  const classification = classifyDocument({
    ...(input.requested ? { requested: input.requested } : {}),
    mrz: mrzEvidence,
    barcode: aamva
      ? {
          country: aamva.issuer.country,
          subfile:
            aamva.documentKind === 'driver_licence' ? 'DL' : aamva.documentKind === 'id_card' ? 'ID' : null,
        }
      : null,
    text: {
      front: [...frontPage.lines.map((l) => fold(l.text)), ...frontHangul.map(fold)],
      ...(backPage
        ? { back: [...backPage.lines.map((l) => fold(l.text)), ...backHangulWords.map(fold)] }
        : {}),
    },
    frontAspect: frontPage.outline ? frontPage.rgb.width / frontPage.rgb.height : null,
  });
  const model = classification.model;

  const viz: ExtractedField[] = [];
  const readFields = async (page: Page, docModel: DocumentModel, side: Side): Promise<ExtractedField[]> => {
    const options = { today, width: page.rgb.width, height: page.rgb.height };
    const found = await extractWithRegionReread(page, docModel, side, options);
    return withHangulFields(page, docModel, side, found, options);
  };
  if (model) {
    viz.push(...(await readFields(frontPage, model, 'front')));
    if (backPage) viz.push(...(await readFields(backPage, model, 'back')));
  }
  const pages: Partial<Record<Side, Page>> = { front: frontPage, ...(backPage ? { back: backPage } : {}) };
  const merged = mergeFields({ viz, mrz, mrzSide, aamva, barcode, pages, model, today });
  const checks = [...consistencyChecks(merged.readings), ...dateChecks(dateFacts(merged.fields), today)];
  if (classification.mismatch)
    checks.push({
      id: 'classification.requested',
      status: 'fail',
      message: classification.mismatch,
      inputs: ['document'],
    });

  const count = (side: Side): number => Object.values(merged.fields).filter((f) => f?.side === side).length;
  const frontFields = count('front');
  const backFields = count('back');
  const recognisedFront =
    !classification.mismatch &&
    ((mrz !== null && mrzSide === 'front') || frontFields >= 2 || (aamva !== null && frontFields >= 1));
  // A back whose model prints only Hangul there: its unread lines read as Hangul.
  const backHangul =
    model && backPage && printedWords(model, 'back').some(isHangul) ? await hangulOf(backPage) : [];
  const recognisedBack = input.back
    ? !classification.mismatch &&
      ((mrz !== null && mrzSide === 'back') ||
        aamva !== null ||
        backFields >= 1 ||
        backTextFits(model, backPage, backHangul))
    : null;
  const mrzQuad = mrz ? unionQuads(mrz.lines.map((l) => l.quad)) : null;
  const mrzPage = pages[mrzSide];
  timings.total = ms(started);
  return {
    classification: {
      modelId: model?.id ?? null,
      description: model?.description ?? null,
      country: classification.country,
      idType: classification.idType,
      score: Math.round(classification.score * 100) / 100,
      evidence: classification.evidence,
      mismatch: classification.mismatch,
      ranking: classification.ranking,
    },
    documentFields: documentFieldsOf(model ?? undefined),
    fields: merged.fields,
    mrz:
      mrz && mrzQuad
        ? {
            lines: mrz.parsed.lines,
            format: mrz.parsed.format,
            valid: mrz.parsed.valid,
            side: mrzSide,
            confidence: mrz.confidence,
            quad: mrzPage ? toProcessed(mrzPage, mrzQuad) : null,
            originalQuad: mrzQuad,
          }
        : null,
    barcode: input.back
      ? {
          decoded: (barcode?.decode.barcodes.length ?? 0) > 0,
          aamva: aamva !== null,
          country: aamva?.issuer.country ?? null,
          jurisdiction: aamva?.issuer.jurisdiction ?? null,
          version: aamva?.version.number ?? null,
        }
      : null,
    checks,
    front: sideFacts(frontPage, frontFields),
    back: backPage ? sideFacts(backPage, backFields) : input.back ? blankSide(input.back, backFields) : null,
    recognised: {
      front: recognisedFront,
      back: recognisedBack,
      reason:
        classification.mismatch ??
        (!recognisedFront
          ? 'no document data was read from the front'
          : recognisedBack === false
            ? 'no document data was read from the back'
            : null),
    },
    timings,
    mrzReading: mrz,
    mrzSide,
    aamva: aamva?.fields ?? null,
    toProcessed: {
      front: invert(frontPage.toOriginal),
      ...(backPage ? { back: invert(backPage.toOriginal) } : {}),
    },
  };
}

/**
 * Whether the back's printed text reads as the model's back. A model that lists printed words for its back
 * in a script the recogniser reads (the EU licence's category table, captions) needs two of its back's
 * words; one whose words are Hangul needs two of them among `hangulLines` (its unread lines read as
 * Hangul, each also without its spaces); one whose back carries an AAMVA barcode needs the barcode; any other needs three lines of text.
 * A blank back has none of these.
 */
function backTextFits(
  model: DocumentModel | null,
  backPage: Page | null,
  hangulLines: readonly string[],
): boolean {
  if (!backPage) return false;
  // An AAMVA back's data is its barcode: without it, printed text (another licence's back) proves nothing.
  if (model?.barcode?.side === 'back') return false;
  const words = model ? printedWords(model, 'back') : [];
  const readable = words.filter((w) => /[A-Za-z]/.test(w));
  if (model && readable.length > 0)
    return (
      printedWordsFound(
        model,
        'back',
        backPage.lines.map((l) => fold(l.text)),
      ) >= 2
    );
  // Printed words all in Hangul, which the recogniser cannot read: their lines come back empty, were
  // read as Hangul, and count with or without the spaces the reader may put between syllables.
  if (model && words.some(isHangul))
    return backPage.detectedLines >= 3 && printedWordsFound(model, 'back', hangulLines.map(fold)) >= 2;
  return backPage.lines.length >= 3;
}

function isHangul(word: string): boolean {
  return /\p{Script=Hangul}/u.test(word);
}

/** The page without the lines inside `zone` (uploaded-image coordinates). */
function withoutZone(page: Page, zone: Quad | null): Page {
  if (!zone) return page;
  const local = toProcessed(page, zone);
  return { ...page, lines: page.lines.filter((l) => !insideQuad(quadCentre(l.quad), local)) };
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}

function sideFacts(page: Page, fields: number): SideFacts {
  return {
    rotation: page.rotation,
    outline: page.outline,
    width: page.rgb.width,
    height: page.rgb.height,
    lines: page.lines.length,
    fields,
  };
}

function blankSide(image: DecodedImage, fields: number): SideFacts {
  return { rotation: 0, outline: null, width: image.rgb.width, height: image.rgb.height, lines: 0, fields };
}

function toProcessed(page: Page, quad: Quad): Quad {
  return projectQuad(invert(page.toOriginal), quad);
}

/** The MRZ lines' zone grown by half a line on every side. */
function padZone(quads: readonly Quad[]): Quad | null {
  const zone = unionQuads(quads);
  if (!zone) return null;
  const [tl, tr, br, bl] = zone;
  const lineHeight = Math.hypot(bl.x - tl.x, bl.y - tl.y) / Math.max(1, quads.length);
  const ux = (tr.x - tl.x) / Math.max(1, Math.hypot(tr.x - tl.x, tr.y - tl.y));
  const uy = (tr.y - tl.y) / Math.max(1, Math.hypot(tr.x - tl.x, tr.y - tl.y));
  const d = lineHeight * 0.5;
  const move = (p: Point, sx: number, sy: number): Point => ({
    x: p.x + (ux * sx - uy * sy) * d,
    y: p.y + (uy * sx + ux * sy) * d,
  });
  return [move(tl, -1, -1), move(tr, 1, -1), move(br, 1, 1), move(bl, -1, 1)];
}

function unionQuads(quads: readonly Quad[]): Quad | null {
  if (quads.length === 0) return null;
  // MRZ lines share one reading direction: the zone spans the first line's top and the last line's bottom.
  const first = quads[0]!;
  const last = quads[quads.length - 1]!;
  return [first[0], first[1], last[2], last[3]];
}

interface MergeInput {
  readonly viz: readonly ExtractedField[];
  readonly mrz: MrzReading | null;
  readonly mrzSide: Side;
  readonly aamva: { readonly fields: AamvaFields } | null;
  readonly barcode: LicenceBarcodeReading | null;
  readonly pages: Partial<Record<Side, Page>>;
  readonly model: DocumentModel | null;
  readonly today: Date;
}

interface Candidate {
  readonly value: string;
  readonly confidence: number;
  readonly source: FieldSourceKind;
  readonly side: Side;
  readonly quad: Quad | null;
  readonly originalQuad: Quad | null;
  /** The source's own check of this value (MRZ check digit), when it has one. */
  readonly checked?: boolean;
}

/** MRZ field -> character span (line, start, end) per format. */
function mrzSpans(format: string): Partial<Record<FieldName, readonly [number, number, number]>> {
  if (format === 'TD1')
    return {
      documentNumber: [0, 5, 14],
      birthDate: [1, 0, 6],
      sex: [1, 7, 8],
      expiryDate: [1, 8, 14],
      nationality: [1, 15, 18],
      surname: [2, 0, 30],
      givenNames: [2, 0, 30],
    };
  const length = format === 'TD3' || format === 'MRVA' ? 44 : 36;
  return {
    surname: [0, 5, length],
    givenNames: [0, 5, length],
    documentNumber: [1, 0, 9],
    nationality: [1, 10, 13],
    birthDate: [1, 13, 19],
    sex: [1, 20, 21],
    expiryDate: [1, 21, 27],
    ...(format === 'TD3' ? { personalNumber: [1, 28, 42] as const } : {}),
  };
}

function mrzCandidates(
  mrz: MrzReading,
  side: Side,
  page: Page | undefined,
): Partial<Record<FieldName, Candidate>> {
  const f = mrz.parsed.fields;
  const spans = mrzSpans(mrz.parsed.format);
  const checkOf = (name: string): boolean | undefined =>
    mrz.parsed.checks.find((c) => c.name === name)?.valid;
  const out: Partial<Record<FieldName, Candidate>> = {};
  const put = (field: FieldName, value: string | null | undefined, checked?: boolean): void => {
    if (!value) return;
    const span = spans[field];
    const chars = span ? (mrz.lines[span[0]]?.chars.slice(span[1], span[2]) ?? []) : [];
    const originalQuad: Quad | null =
      chars.length > 0
        ? [chars[0]!.quad[0], chars.at(-1)!.quad[1], chars.at(-1)!.quad[2], chars[0]!.quad[3]]
        : null;
    const confidence =
      chars.length > 0 ? chars.reduce((s, c) => s + c.confidence, 0) / chars.length : mrz.confidence;
    out[field] = {
      value,
      confidence,
      source: 'mrz',
      side,
      originalQuad,
      quad: originalQuad && page ? toProcessed(page, originalQuad) : originalQuad,
      ...(checked === undefined ? {} : { checked }),
    };
  };
  put('surname', f.surname.trim());
  put('givenNames', f.givenNames.trim());
  put('documentNumber', f.documentNumber.replace(/<+$/, ''), checkOf('documentNumber'));
  put('nationality', isoOfIcaoState(f.nationality));
  put('birthDate', f.birthDate, checkOf('birthDate'));
  put('sex', f.sex === 'M' || f.sex === 'F' ? f.sex : null);
  put('expiryDate', f.expiryDate, checkOf('expiryDate'));
  const personal = f.personalNumber?.replace(/</g, '').trim();
  if (personal) put('personalNumber', personal, checkOf('personalNumber'));
  return out;
}

function barcodeCandidates(
  fields: AamvaFields,
  reading: LicenceBarcodeReading,
  page: Page | undefined,
): Partial<Record<FieldName, Candidate>> {
  const q = reading.barcode?.quad;
  const originalQuad: Quad | null = q
    ? ([q.topLeft, q.topRight, q.bottomRight, q.bottomLeft].map(
        (p): Point => ({ x: p.x, y: p.y }),
      ) as unknown as Quad)
    : null;
  const quad = originalQuad && page ? toProcessed(page, originalQuad) : originalQuad;
  const out: Partial<Record<FieldName, Candidate>> = {};
  const put = (field: FieldName, value: string | undefined): void => {
    if (!value || value.trim() === '') return;
    out[field] = {
      value: value.trim(),
      confidence: 0.99,
      source: 'barcode',
      side: 'back',
      quad,
      originalQuad,
    };
  };
  put('surname', fields.lastName?.value);
  put('givenNames', [fields.firstName?.value, fields.middleName?.value].filter(Boolean).join(' '));
  put('middleName', fields.middleName?.value);
  put('birthDate', fields.dateOfBirth?.value);
  put('sex', fields.sex?.value === 'male' ? 'M' : fields.sex?.value === 'female' ? 'F' : undefined);
  put('documentNumber', fields.documentNumber?.value);
  put('issueDate', fields.issueDate?.value);
  put('expiryDate', fields.expiryDate?.value);
  const address = [
    fields.street1?.value,
    fields.street2?.value,
    fields.city?.value,
    [fields.jurisdictionCode?.value, fields.postalCode?.value].filter(Boolean).join(' '),
  ]
    .map((s) => s?.trim())
    .filter((s): s is string => Boolean(s));
  if (address.length > 0) put('address', address.join(', '));
  put('placeOfBirth', fields.placeOfBirth?.value);
  return out;
}

/** Values a national number itself carries (Korean RRN, Chinese resident ID): birth date and sex. */
function derivedFromNumber(field: ExtractedField, model: DocumentModel | null): ExtractedField[] {
  const kind = model?.fields.find((f) => f.field === field.field)?.checksum;
  const digits = field.value.replace(/[^0-9X]/g, '');
  const derived = (name: FieldName, value: string): ExtractedField => ({
    ...field,
    field: name,
    value,
    method: 'label',
  });
  if (kind === 'kor-rrn' && digits.length === 13) {
    const code = Number(digits[6]);
    const century = [1, 2, 5, 6].includes(code) ? 1900 : [3, 4, 7, 8].includes(code) ? 2000 : 1800;
    const iso = `${century + Number(digits.slice(0, 2))}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
    return [derived('birthDate', iso), derived('sex', code % 2 === 1 ? 'M' : 'F')];
  }
  if (kind === 'chn-resident-id' && digits.length === 18) {
    const iso = `${digits.slice(6, 10)}-${digits.slice(10, 12)}-${digits.slice(12, 14)}`;
    return [derived('birthDate', iso), derived('sex', Number(digits[16]) % 2 === 1 ? 'M' : 'F')];
  }
  return [];
}

const nameFields: readonly FieldName[] = ['surname', 'givenNames', 'fullName', 'middleName', 'nameHan'];
const dataFields: readonly FieldName[] = [
  'documentNumber',
  'personalNumber',
  'birthDate',
  'expiryDate',
  'issueDate',
  'sex',
  'nationality',
];

function mergeFields(input: MergeInput): {
  fields: Partial<Record<FieldName, DocumentField>>;
  readings: Readings;
} {
  const { pages, model, today } = input;
  const vizCandidates = new Map<FieldName, Candidate>();
  const derived = new Map<FieldName, Candidate>();
  for (const f of input.viz) {
    const page = pages[f.side];
    const originalQuad = page ? projectQuad(page.toOriginal, f.quad) : null;
    vizCandidates.set(f.field, {
      value: f.value,
      confidence: f.confidence,
      source: 'viz',
      side: f.side,
      quad: f.quad,
      originalQuad,
    });
    for (const d of derivedFromNumber(f, model)) {
      derived.set(d.field, {
        value: d.value,
        confidence: f.confidence,
        source: 'viz',
        side: f.side,
        quad: f.quad,
        originalQuad,
      });
    }
  }
  const mrz = input.mrz ? mrzCandidates(input.mrz, input.mrzSide, pages[input.mrzSide]) : {};
  const bar =
    input.aamva && input.barcode ? barcodeCandidates(input.aamva.fields, input.barcode, pages.back) : {};

  const names = new Set<FieldName>([
    ...vizCandidates.keys(),
    ...derived.keys(),
    ...(Object.keys(mrz) as FieldName[]),
    ...(Object.keys(bar) as FieldName[]),
  ]);
  const fields: Partial<Record<FieldName, DocumentField>> = {};
  const readings: Partial<Record<FieldName, Reading[]>> = {};
  for (const name of names) {
    const v = vizCandidates.get(name) ?? derived.get(name);
    const m = mrz[name];
    const b = bar[name];
    const list = [v, m, b].filter((c): c is Candidate => c !== undefined);
    if (list.length > 1)
      readings[name] = list.map((c) => ({ value: c.value, source: c.source, side: c.side }));
    // The value: digital data first, a check-digit-verified MRZ next (a name keeps the printed spelling
    // when it agrees), the visual zone otherwise.
    let chosen: Candidate;
    if (b) chosen = b;
    else if (
      m &&
      (m.checked !== false || !v) &&
      (dataFields.includes(name) || !v || !namesAgreeLoose(v.value, m.value))
    )
      chosen = m;
    else chosen = v ?? m!;
    // The box: where the value is printed in the visual zone when it was read there.
    const box = v ?? chosen;
    const agreeing = list.filter((c) => c !== chosen && sameValue(name, c.value, chosen.value));
    const confidence = Math.min(1, Math.max(chosen.confidence, ...agreeing.map((c) => c.confidence)));
    fields[name] = {
      name,
      value: chosen.value,
      confidence,
      accepted: acceptance(name, chosen, list, model, today),
      source: chosen.source,
      side: box.side,
      quad: box.quad,
      originalQuad: box.originalQuad,
    };
  }
  if (!fields.fullName && (fields.givenNames || fields.surname)) {
    const g = fields.givenNames;
    const s = fields.surname;
    const value = [g?.value, s?.value].filter(Boolean).join(' ');
    const base = (g ?? s)!;
    fields.fullName = { ...base, name: 'fullName', value, accepted: null };
  }
  return { fields, readings };
}

function namesAgreeLoose(a: string, b: string): boolean {
  const c = (s: string): string => fold(s).replace(/[^A-Z]/g, '');
  return c(a) === c(b);
}

function sameValue(name: FieldName, a: string, b: string): boolean {
  const c = (s: string): string =>
    fold(s).replace(nameFields.includes(name) ? /[^A-Z\u4e00-\u9fff]/g : /[^A-Z0-9-]/g, '');
  return c(a) === c(b);
}

function acceptance(
  name: FieldName,
  chosen: Candidate,
  all: readonly Candidate[],
  model: DocumentModel | null,
  today: Date,
): boolean | null {
  const now = today.toISOString().slice(0, 10);
  if (name === 'documentNumber' || name === 'personalNumber') {
    if (chosen.source === 'barcode') return true;
    if (chosen.source === 'mrz') return chosen.checked === true;
    const mrz = all.find((c) => c.source === 'mrz');
    if (mrz?.checked && sameValue(name, mrz.value, chosen.value)) return true;
    const checksum = model?.fields.find((f) => f.field === name)?.checksum;
    if (checksum) return verifyChecksum(checksum, chosen.value);
    return all.some((c) => c !== chosen && sameValue(name, c.value, chosen.value));
  }
  if (name === 'birthDate' || name === 'expiryDate' || name === 'issueDate') {
    if (chosen.checked === false) return false;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(chosen.value)) return false;
    if (name === 'birthDate') return chosen.value <= now && chosen.value >= `${today.getUTCFullYear() - 130}`;
    if (name === 'issueDate') return chosen.value <= now;
    return true;
  }
  return null;
}

function dateFacts(fields: Partial<Record<FieldName, DocumentField>>): {
  birthDate?: string;
  issueDate?: string;
  expiryDate?: string;
} {
  return {
    ...(fields.birthDate ? { birthDate: fields.birthDate.value } : {}),
    ...(fields.issueDate ? { issueDate: fields.issueDate.value } : {}),
    ...(fields.expiryDate ? { expiryDate: fields.expiryDate.value } : {}),
  };
}
