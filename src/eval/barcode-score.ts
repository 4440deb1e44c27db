// Scores the barcode engine on the two ground-truth layouts of ../shared/data (README.md there):
//   * PDF417 sets (records with expected_text / expected_bytes_hex): exact decode of each image;
//     structured-append symbols are merged across the images of the folder, as a scanner would.
//   * AAMVA sets (records with payload files and expected_fields_csharp): every expected field of every
//     payload parsed, and the rendered PDF417 of each payload decoded and parsed back to the same fields.
// The expectations are C# source literals from the upstream unit tests; translateCSharp() turns them
// into our model's values.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAamva } from '../engine/barcode/aamva/parse.js';
import type { AamvaDocument, AamvaFields } from '../engine/barcode/aamva/types.js';
import { decodePdf417, mergeStructuredAppend } from '../engine/barcode/decode.js';
import type { Pdf417Symbol } from '../engine/barcode/types.js';

type Comparable = string | number | boolean | null | { unit: string; value: number };

export interface FieldMismatch {
  file: string;
  field: string;
  expected: Comparable;
  actual: Comparable;
  /** 'wrong': we produced another value; 'label_not_in_payload': no element the field could come from is in the payload. */
  kind: 'wrong' | 'label_not_in_payload' | 'untranslatable';
}

export interface AamvaScore {
  kind: 'aamva';
  payloads: number;
  payloadsWithTests: number;
  /** Payloads whose every (derivable) expected field matched. */
  payloadsExact: number;
  fields: number;
  fieldsCorrect: number;
  mismatches: FieldMismatch[];
  parseErrors: { file: string; error: string }[];
  rendered: {
    attempted: number;
    decodedExact: number;
    parsedExact: number;
    /** Records the data set marks rendered_roundtrip_ok: false, with how we did on them. */
    roundtripFlagged: { file: string; decodedExact: boolean; parsedExact: boolean }[];
    failures: string[];
  } | null;
  ms: { p50: number; p95: number } | null;
}

export interface Pdf417Score {
  kind: 'pdf417';
  images: number;
  exact: number;
  /** Exact only once symbols from several images of the folder were merged (structured append). */
  exactViaCrossImageMerge: number;
  failures: { file: string; got: string | null }[];
  ms: { p50: number; p95: number };
}

export type BarcodeScore = AamvaScore | Pdf417Score;

// ---------------------------------------------------------------------------------------------------
// C# expectation literals

const ENUM_VALUES: Record<string, Comparable> = {
  'Country.USA': 'USA',
  'Country.Usa': 'USA',
  'Country.Canada': 'CAN',
  'Country.Mexico': 'MEX',
  'Sex.Male': 'male',
  'Sex.Female': 'female',
  'Sex.NotSpecified': 'unspecified',
  'ComplianceType.FullyCompliant': 'fully_compliant',
  'ComplianceType.MateriallyCompliant': 'materially_compliant',
  'ComplianceType.NonCompliant': 'non_compliant',
  'Ethnicity.AlaskanAmericanIndian': 'alaskan_or_american_indian',
  'Ethnicity.AsianPacificIslander': 'asian_or_pacific_islander',
  'Ethnicity.Black': 'black',
  'Ethnicity.HispanicOrigin': 'hispanic',
  'Ethnicity.NonHispanic': 'non_hispanic',
  'Ethnicity.Unknown': 'unknown',
  'Ethnicity.White': 'white',
};

/** Translates one C# literal of expected_fields_csharp; undefined when the form is not known. */
export function translateCSharp(literal: string): Comparable | undefined {
  const s = literal.trim();
  if (s === 'null') return null;
  if (s === 'true' || s === 'false') return s === 'true';
  if (s.startsWith('"') && s.endsWith('"')) return JSON.parse(s) as string;
  const date = /^new DateTime\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(s);
  if (date) return `${date[1]!.padStart(4, '0')}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}`;
  const args = /^new (Height|Weight)\((.*)\)$/.exec(s);
  if (args) {
    const named = Object.fromEntries(
      args[2]!.split(',').map((a) => {
        const [k, v] = a.split(':').map((x) => x.trim());
        return [k, Number(v)];
      }),
    ) as Record<string, number>;
    if (named.totalInches !== undefined) return { unit: 'in', value: named.totalInches };
    if (named.feet !== undefined) return { unit: 'in', value: named.feet * 12 + (named.inches ?? 0) };
    if (named.centimeters !== undefined) return { unit: 'cm', value: named.centimeters };
    if (named.pounds !== undefined) return { unit: 'lb', value: named.pounds };
    if (named.kilograms !== undefined) return { unit: 'kg', value: named.kilograms };
    return undefined;
  }
  if (s in ENUM_VALUES) return ENUM_VALUES[s]!;
  const colour = /^(EyeColor|HairColor)\.(\w+)$/.exec(s);
  if (colour) return colour[2] === 'Gray' ? 'grey' : colour[2]!.toLowerCase();
  const range = /^WeightRange\.Lbs(\d+)To(\d+)$/.exec(s);
  if (range) return Number(range[1]);
  const version = /^AAMVAVersion\.(AAMVA\d{4})$/.exec(s);
  if (version) return version[1]!;
  return undefined;
}

/** Our value for a C# field name, and the elements it can come from (for label_not_in_payload). */
const FIELD_MAP: Record<string, { get: (d: AamvaDocument) => Comparable; elements: string[] }> = {
  FirstName: { get: (d) => str(d.fields.firstName), elements: ['DAC', 'DCT', 'DAA'] },
  MiddleName: { get: (d) => str(d.fields.middleName), elements: ['DAD', 'DCT', 'DAA', 'DAC'] },
  LastName: { get: (d) => str(d.fields.lastName), elements: ['DCS', 'DAB', 'DAA'] },
  Suffix: { get: (d) => str(d.fields.suffix), elements: ['DCU', 'DAE', 'DAA'] },
  WasFirstNameTruncated: { get: (d) => d.fields.firstNameTruncated?.value ?? null, elements: ['DDF'] },
  WasMiddleNameTruncated: { get: (d) => d.fields.middleNameTruncated?.value ?? null, elements: ['DDG'] },
  WasLastNameTruncated: { get: (d) => d.fields.lastNameTruncated?.value ?? null, elements: ['DDE'] },
  StreetLine1: { get: (d) => str(d.fields.street1), elements: ['DAG', 'DAL'] },
  StreetLine2: { get: (d) => str(d.fields.street2), elements: ['DAH', 'DAM'] },
  City: { get: (d) => str(d.fields.city), elements: ['DAI', 'DAN'] },
  JurisdictionCode: { get: (d) => str(d.fields.jurisdictionCode), elements: ['DAJ', 'DAO'] },
  PostalCode: { get: (d) => str(d.fields.postalCode), elements: ['DAK', 'DAP'] },
  Country: { get: (d) => d.fields.country?.value ?? null, elements: [] },
  DateOfBirth: { get: (d) => str(d.fields.dateOfBirth), elements: ['DBB'] },
  PlaceOfBirth: { get: (d) => str(d.fields.placeOfBirth), elements: ['DCI'] },
  Sex: { get: (d) => d.fields.sex?.value ?? null, elements: ['DBC'] },
  EyeColor: { get: (d) => d.fields.eyeColor?.value ?? null, elements: ['DAY'] },
  HairColor: { get: (d) => d.fields.hairColor?.value ?? null, elements: ['DAZ'] },
  Ethnicity: { get: (d) => d.fields.ethnicity?.value ?? null, elements: ['DCL'] },
  Height: { get: (d) => d.fields.height?.value ?? null, elements: ['DAU', 'DAV'] },
  Weight: { get: (d) => d.fields.weight?.value ?? null, elements: ['DAW', 'DAX'] },
  WeightRange: { get: (d) => d.fields.weightRange?.value.minPounds ?? null, elements: ['DCE'] },
  IdNumber: { get: (d) => str(d.fields.documentNumber), elements: ['DAQ'] },
  DocumentDiscriminator: { get: (d) => str(d.fields.documentDiscriminator), elements: ['DCF'] },
  InventoryControlNumber: { get: (d) => str(d.fields.inventoryControlNumber), elements: ['DCK'] },
  AuditInformation: { get: (d) => str(d.fields.auditInformation), elements: ['DCJ'] },
  IssueDate: { get: (d) => str(d.fields.issueDate), elements: ['DBD'] },
  ExpirationDate: { get: (d) => str(d.fields.expiryDate), elements: ['DBA'] },
  RevisionDate: { get: (d) => str(d.fields.revisionDate), elements: ['DDB'] },
  Under18Until: { get: (d) => str(d.fields.under18Until), elements: ['DDH'] },
  Under19Until: { get: (d) => str(d.fields.under19Until), elements: ['DDI'] },
  Under21Until: { get: (d) => str(d.fields.under21Until), elements: ['DDJ'] },
  IsOrganDonor: { get: (d) => d.fields.organDonor?.value ?? null, elements: ['DDK', 'DBH'] },
  IsVeteran: { get: (d) => d.fields.veteran?.value ?? null, elements: ['DDL'] },
  HasTemporaryLawfulStatus: { get: (d) => d.fields.limitedDuration?.value ?? null, elements: ['DDD'] },
  ComplianceType: { get: (d) => d.fields.complianceType?.value ?? null, elements: ['DDA'] },
  VehicleClass: { get: (d) => str(d.fields.vehicleClass), elements: ['DCA', 'DAR'] },
  RestrictionCodes: { get: (d) => str(d.fields.restrictions), elements: ['DCB', 'DAS'] },
  EndorsementCodes: { get: (d) => str(d.fields.endorsements), elements: ['DCD', 'DAT'] },
  AAMVAVersionNumber: { get: (d) => d.version.standard, elements: [] },
};

function str(field: AamvaFields[keyof AamvaFields] | undefined): string | null {
  return field && typeof field.value === 'string' ? field.value : null;
}

function same(a: Comparable, b: Comparable): boolean {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    return a.unit === b.unit && a.value === b.value;
  }
  return a === b;
}

/** Compares one parsed document with the C# expectations of its test. */
export function compareAamvaFields(
  file: string,
  document: AamvaDocument,
  expected: Record<string, string>,
  payloadText: string,
): { fields: number; correct: number; mismatches: FieldMismatch[] } {
  let fields = 0;
  let correct = 0;
  const mismatches: FieldMismatch[] = [];
  for (const [name, literal] of Object.entries(expected)) {
    fields++;
    const want = translateCSharp(literal);
    const mapping = FIELD_MAP[name];
    if (want === undefined || !mapping) {
      mismatches.push({ file, field: name, expected: literal, actual: null, kind: 'untranslatable' });
      continue;
    }
    const got = mapping.get(document);
    if (same(want, got)) {
      correct++;
      continue;
    }
    const derivable =
      mapping.elements.length === 0 || mapping.elements.some((id) => payloadText.includes(id));
    mismatches.push({
      file,
      field: name,
      expected: want,
      actual: got,
      kind: derivable ? 'wrong' : 'label_not_in_payload',
    });
  }
  return { fields, correct, mismatches };
}

// ---------------------------------------------------------------------------------------------------
// Data set runners

interface AamvaGtRecord {
  file: string;
  tests: { test: string; expected_fields_csharp: Record<string, string> }[];
  rendered_png?: string;
  rendered_roundtrip_ok?: boolean;
}

interface Pdf417GtRecord {
  file: string;
  expected_text?: string;
  expected_bytes_hex?: string;
}

export async function scoreBarcodeDataset(
  dir: string,
  options: { rendered?: boolean } = {},
): Promise<BarcodeScore> {
  const gt = JSON.parse(await readFile(path.join(dir, 'gt.json'), 'utf8')) as { records: unknown[] };
  const records = gt.records as Record<string, unknown>[];
  if (records.some((r) => 'tests' in r))
    return scoreAamvaDataset(dir, records as unknown as AamvaGtRecord[], options);
  if (records.some((r) => 'expected_text' in r || 'expected_bytes_hex' in r)) {
    return scorePdf417Dataset(dir, records as unknown as Pdf417GtRecord[]);
  }
  throw new Error(`${dir}: gt.json has neither AAMVA nor PDF417 records`);
}

/** True when DIR's gt.json is one of the barcode layouts (for the eval dispatcher). */
export async function isBarcodeDataset(dir: string): Promise<boolean> {
  try {
    const gt = JSON.parse(await readFile(path.join(dir, 'gt.json'), 'utf8')) as {
      records?: Record<string, unknown>[];
    };
    return (gt.records ?? []).some((r) => 'tests' in r || 'expected_text' in r || 'expected_bytes_hex' in r);
  } catch {
    return false;
  }
}

async function scoreAamvaDataset(
  dir: string,
  records: AamvaGtRecord[],
  options: { rendered?: boolean },
): Promise<AamvaScore> {
  const score: AamvaScore = {
    kind: 'aamva',
    payloads: records.length,
    payloadsWithTests: 0,
    payloadsExact: 0,
    fields: 0,
    fieldsCorrect: 0,
    mismatches: [],
    parseErrors: [],
    rendered: null,
    ms: null,
  };
  const renderedScore: NonNullable<AamvaScore['rendered']> = {
    attempted: 0,
    decodedExact: 0,
    parsedExact: 0,
    roundtripFlagged: [],
    failures: [],
  };
  const times: number[] = [];
  for (const record of records) {
    const payload = new Uint8Array(await readFile(path.join(dir, record.file)));
    const payloadText = Buffer.from(payload).toString('latin1');
    const parsed = parseAamva(payload);
    const expected = record.tests[0]?.expected_fields_csharp;
    if (!parsed.ok) {
      score.parseErrors.push({ file: record.file, error: `${parsed.error}: ${parsed.message}` });
    }
    if (expected) {
      score.payloadsWithTests++;
      if (parsed.ok) {
        const result = compareAamvaFields(record.file, parsed.document, expected, payloadText);
        score.fields += result.fields;
        score.fieldsCorrect += result.correct;
        score.mismatches.push(...result.mismatches);
        if (result.mismatches.every((m) => m.kind === 'label_not_in_payload')) score.payloadsExact++;
      } else score.fields += Object.keys(expected).length;
    }

    if (options.rendered !== false && record.rendered_png) {
      renderedScore.attempted++;
      const image = await readFile(path.join(dir, record.rendered_png));
      const started = performance.now();
      const decoded = await decodePdf417(image);
      times.push(performance.now() - started);
      const bytes = decoded.barcodes[0]?.bytes;
      const withoutBom =
        payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf ? payload.subarray(3) : payload;
      const decodedExact = bytes !== undefined && Buffer.from(bytes).equals(Buffer.from(withoutBom));
      let parsedExact = false;
      if (bytes && expected) {
        const reparsed = parseAamva(bytes);
        parsedExact =
          reparsed.ok &&
          compareAamvaFields(record.file, reparsed.document, expected, payloadText).mismatches.every(
            (m) => m.kind === 'label_not_in_payload',
          );
      } else if (bytes) parsedExact = parseAamva(bytes).ok;
      if (decodedExact) renderedScore.decodedExact++;
      if (parsedExact) renderedScore.parsedExact++;
      if (record.rendered_roundtrip_ok === false) {
        renderedScore.roundtripFlagged.push({ file: record.rendered_png, decodedExact, parsedExact });
      } else if (!decodedExact || !parsedExact) {
        renderedScore.failures.push(
          `${record.rendered_png}: ${decodedExact ? 'parse mismatch' : 'decode mismatch'}`,
        );
      }
    }
  }
  if (renderedScore.attempted > 0) {
    score.rendered = renderedScore;
    score.ms = percentiles(times);
  }
  return score;
}

async function scorePdf417Dataset(dir: string, records: Pdf417GtRecord[]): Promise<Pdf417Score> {
  const times: number[] = [];
  const perImage: {
    record: Pdf417GtRecord;
    expected: Buffer;
    symbols: Pdf417Symbol[];
    bytes: Uint8Array[];
  }[] = [];
  for (const record of records) {
    const image = await readFile(path.join(dir, record.file));
    const started = performance.now();
    const decoded = await decodePdf417(image);
    times.push(performance.now() - started);
    const expected =
      record.expected_bytes_hex !== undefined
        ? Buffer.from(record.expected_bytes_hex, 'hex')
        : Buffer.from(record.expected_text ?? '', 'utf8');
    perImage.push({
      record,
      expected,
      symbols: decoded.symbols,
      bytes: decoded.barcodes.flatMap((b) => [b.bytes, Buffer.from(b.text, 'utf8')]),
    });
  }
  // A scanner collects the symbols of a structured-append sequence across captures.
  const crossImage = mergeStructuredAppend(perImage.flatMap((p) => p.symbols)).filter(
    (b) => b.complete && b.symbolCount > 1,
  );

  const score: Pdf417Score = {
    kind: 'pdf417',
    images: records.length,
    exact: 0,
    exactViaCrossImageMerge: 0,
    failures: [],
    ms: percentiles(times),
  };
  for (const item of perImage) {
    const matches = (candidate: Uint8Array) => Buffer.from(candidate).equals(item.expected);
    if (item.bytes.some(matches)) {
      score.exact++;
      continue;
    }
    const ids = new Set(item.symbols.filter((s) => (s.sequence?.size ?? 0) > 1).map((s) => s.sequence?.id));
    const merged = crossImage.find((b) => b.sequenceId !== null && ids.has(b.sequenceId));
    if (merged && (matches(merged.bytes) || matches(Buffer.from(merged.text, 'utf8')))) {
      score.exact++;
      score.exactViaCrossImageMerge++;
      continue;
    }
    const first = item.bytes[0];
    score.failures.push({
      file: item.record.file,
      got: first ? Buffer.from(first).toString('latin1').slice(0, 60) : null,
    });
  }
  return score;
}

function percentiles(values: number[]): { p50: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Human-readable summary (stdout of `openkyc eval DIR`). */
export function formatBarcodeScore(score: BarcodeScore): string {
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
  if (score.kind === 'pdf417') {
    const lines = [
      `PDF417 exact decodes   ${score.exact}/${score.images} (${pct(score.exact, score.images)})`,
      `  via cross-image structured-append merge: ${score.exactViaCrossImageMerge}`,
      `decode ms              p50 ${score.ms.p50}  p95 ${score.ms.p95}`,
    ];
    for (const f of score.failures)
      lines.push(`  miss ${f.file}${f.got === null ? ' (nothing decoded)' : ''}`);
    return lines.join('\n');
  }
  const wrong = score.mismatches.filter((m) => m.kind !== 'label_not_in_payload');
  const lines = [
    `AAMVA payloads parsed exactly  ${score.payloadsExact}/${score.payloadsWithTests} (${pct(score.payloadsExact, score.payloadsWithTests)})`,
    `AAMVA fields correct           ${score.fieldsCorrect}/${score.fields} (${pct(score.fieldsCorrect, score.fields)})`,
    `parse errors                   ${score.parseErrors.length}`,
  ];
  for (const m of wrong)
    lines.push(
      `  wrong ${m.file} ${m.field}: expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.actual)}`,
    );
  for (const m of score.mismatches.filter((x) => x.kind === 'label_not_in_payload')) {
    lines.push(
      `  label not derivable from payload ${m.file} ${m.field}: expected ${JSON.stringify(m.expected)}`,
    );
  }
  if (score.rendered) {
    const r = score.rendered;
    lines.push(
      `rendered PDF417 decoded exactly ${r.decodedExact}/${r.attempted}, decoded+parsed ${r.parsedExact}/${r.attempted}`,
    );
    for (const f of r.roundtripFlagged) {
      lines.push(
        `  flagged rendered_roundtrip_ok:false ${f.file}: decoded exact ${f.decodedExact}, parsed ${f.parsedExact}`,
      );
    }
    for (const f of r.failures) lines.push(`  miss ${f}`);
  }
  if (score.ms) lines.push(`decode ms                      p50 ${score.ms.p50}  p95 ${score.ms.p95}`);
  return lines.join('\n');
}
