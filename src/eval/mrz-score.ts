// MRZ reading scored exactly as ../shared/data/README.md "How MRZ reading is scored" says: whitespace
// removed and empty lines dropped, nothing else normalised; document exact, per-line exact (same
// position), per-field exact at the ICAO positions of the expected format, character accuracy
// 1 - Levenshtein / length on the lines joined by newlines (floored at 0, no MRZ counts 0), the share of
// exact reads reported valid, MRZs reported on negatives (mrz_lines: null), and p50/p95 time.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../engine/image/errors.js';
import { fieldSpans, type Span } from '../engine/mrz/formats.js';
import { levenshtein } from './levenshtein.js';
import type { EvalContext, GroundTruth, ScoreReport, Scorer } from './types.js';

const fieldNames = [
  'documentCode',
  'issuingState',
  'surname',
  'givenNames',
  'documentNumber',
  'nationality',
  'birthDate',
  'sex',
  'expiryDate',
] as const;
type FieldName = (typeof fieldNames)[number];

export function normaliseLines(lines: readonly string[]): string[] {
  return lines.map((line) => line.replace(/\s+/g, '')).filter((line) => line.length > 0);
}

/** The scored fields, cut at the expected format's positions. */
export function cutFields(lines: readonly string[], format: string): Record<FieldName, string> | null {
  const spans = fieldSpans(format);
  if (!spans.names) return null;
  const cut = (span: Span | undefined): string =>
    span ? (lines[span[0]] ?? '').slice(span[1], span[2]) : '';
  const names = cut(spans.names);
  const split = names.indexOf('<<');
  const person = (s: string): string => s.replace(/</g, ' ').trim().replace(/\s+/g, ' ');
  return {
    documentCode: cut(spans.documentCode),
    issuingState: cut(spans.issuingState),
    surname: person(split >= 0 ? names.slice(0, split) : names),
    givenNames: person(split >= 0 ? names.slice(split + 2) : ''),
    documentNumber: cut(spans.documentNumber),
    nationality: cut(spans.nationality),
    birthDate: cut(spans.birthDate),
    sex: cut(spans.sex),
    expiryDate: cut(spans.expiryDate),
  };
}

export interface MrzReadOutcome {
  readonly lines: readonly string[] | null;
  readonly valid: boolean;
  readonly ms: number;
  readonly error?: string;
}

export interface MrzItemScore {
  readonly file: string;
  readonly exact: boolean;
  readonly linesExact: number;
  readonly lineCount: number;
  readonly characterAccuracy: number;
  readonly fieldsExact: number;
  readonly fieldCount: number;
}

export function scoreRead(
  file: string,
  expected: readonly string[],
  format: string,
  read: readonly string[] | null,
): MrzItemScore {
  const want = normaliseLines(expected);
  const got = read ? normaliseLines(read) : [];
  const exact = read !== null && got.length === want.length && got.every((line, i) => line === want[i]);
  const linesExact = want.filter((line, i) => got[i] === line).length;
  const joinedWant = want.join('\n');
  const characterAccuracy =
    read === null ? 0 : Math.max(0, 1 - levenshtein(got.join('\n'), joinedWant) / joinedWant.length);
  const wantFields = cutFields(want, format);
  const gotFields = cutFields(got, format);
  let fieldsExact = 0;
  if (wantFields && gotFields && read !== null) {
    for (const name of fieldNames) if (wantFields[name] === gotFields[name]) fieldsExact++;
  }
  return {
    file,
    exact,
    linesExact,
    lineCount: want.length,
    characterAccuracy,
    fieldsExact,
    fieldCount: wantFields ? fieldNames.length : 0,
  };
}

function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const pct = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(2)}%`);

export const mrzScorer: Scorer = {
  kind: 'mrz',
  applies(gt: GroundTruth): boolean {
    return gt.records.some((r) => 'mrz_lines' in r);
  },
  async score(context: EvalContext): Promise<ScoreReport> {
    const records = context.gt.records.filter((r) => 'mrz_lines' in r);
    const pool = context.documentPool();
    // Model loading is start-up cost, not per-document time.
    await pool.warm();
    const outcomes = await Promise.all(
      records.map(async (record): Promise<MrzReadOutcome> => {
        const started = performance.now();
        try {
          const bytes = await readFile(join(context.dir, record.file));
          const { report, ms } = await pool.analyze(bytes);
          return { lines: report.mrz ? report.mrz.lines : null, valid: report.mrz?.valid ?? false, ms };
        } catch (error) {
          const code = error instanceof EngineError ? error.code : 'READ_FAILED';
          return { lines: null, valid: false, ms: performance.now() - started, error: code };
        }
      }),
    );
    const positives: MrzItemScore[] = [];
    const details: unknown[] = [];
    let validExact = 0;
    let negatives = 0;
    let falseMrz = 0;
    records.forEach((record, i) => {
      const outcome = outcomes[i]!;
      const expected = record.mrz_lines as readonly string[] | null;
      if (expected === null) {
        negatives++;
        if (outcome.lines !== null) {
          falseMrz++;
          details.push({ file: record.file, negative: true, read: outcome.lines });
        }
        return;
      }
      const format = String(
        record.mrz_format ?? (expected.length === 3 ? 'TD1' : expected[0]?.length === 36 ? 'TD2' : 'TD3'),
      );
      const item = scoreRead(record.file, expected, format, outcome.lines);
      positives.push(item);
      if (item.exact && outcome.valid) validExact++;
      if (!item.exact) {
        details.push({
          file: record.file,
          expected,
          read: outcome.lines,
          valid: outcome.valid,
          ...(outcome.error ? { error: outcome.error } : {}),
        });
      }
    });
    const documents = positives.length;
    const exact = positives.filter((p) => p.exact).length;
    const lineTotal = positives.reduce((s, p) => s + p.lineCount, 0);
    const linesExact = positives.reduce((s, p) => s + p.linesExact, 0);
    const fieldTotal = positives.reduce((s, p) => s + p.fieldCount, 0);
    const fieldsExact = positives.reduce((s, p) => s + p.fieldsExact, 0);
    const charAccuracy =
      documents > 0 ? positives.reduce((s, p) => s + p.characterAccuracy, 0) / documents : null;
    const times = outcomes.map((o) => o.ms);
    const metrics = {
      documents,
      documents_exact: exact,
      documents_exact_rate: documents > 0 ? exact / documents : null,
      lines: lineTotal,
      lines_exact: linesExact,
      lines_exact_rate: lineTotal > 0 ? linesExact / lineTotal : null,
      character_accuracy: charAccuracy,
      fields: fieldTotal,
      fields_exact: fieldsExact,
      field_accuracy: fieldTotal > 0 ? fieldsExact / fieldTotal : null,
      exact_reported_valid: exact > 0 ? validExact / exact : null,
      negatives,
      false_mrz_on_negatives: falseMrz,
      errors: outcomes.filter((o) => o.error).length,
      ms_p50: percentile(times, 0.5),
      ms_p95: percentile(times, 0.95),
    };
    const table: [string, string][] = [
      ['documents with MRZ', String(documents)],
      ['documents exact', `${exact}/${documents} (${pct(metrics.documents_exact_rate)})`],
      ['lines exact', `${linesExact}/${lineTotal} (${pct(metrics.lines_exact_rate)})`],
      ['character accuracy', pct(charAccuracy)],
      ['field accuracy', `${fieldsExact}/${fieldTotal} (${pct(metrics.field_accuracy)})`],
      ['exact reads reported valid', pct(metrics.exact_reported_valid)],
      ['negatives / false MRZs', `${negatives} / ${falseMrz}`],
      ['read errors', String(metrics.errors)],
      ['time p50 / p95 (ms)', `${metrics.ms_p50?.toFixed(0) ?? '-'} / ${metrics.ms_p95?.toFixed(0) ?? '-'}`],
    ];
    return { kind: 'mrz', metrics, table, details };
  },
};
