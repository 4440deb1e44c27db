// Scores the document engine: per expected field, the value must equal the truth exactly and (where the
// truth has a box) the read box must overlap it with IoU >= 0.5 in the uploaded image of the same side;
// per document, the reported type and country must be the true ones. Two ways in: a gt.json folder
// (`openkyc document-fixtures` writes one; records with `expected_fields`, see the README), scored on the
// engine pool as `openkyc eval` runs it, or synthetic documents rendered in-process (test, bench).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IdType } from '../engine/documents/types.js';
import type { Point, Quad } from '../engine/geometry/quad.js';
import { EngineError } from '../engine/image/errors.js';
import { analyzeDocument } from '../engine/pipeline.js';
import type { DocumentReport } from '../engine/report.js';
import {
  type DocumentRecord,
  type DocumentSetOptions,
  recordOf,
  syntheticDocuments,
} from '../fixtures/documents/write-set.js';
import type { EvalContext, GroundTruth, ScoreReport, Scorer } from './types.js';

export interface ModelScore {
  readonly model: string;
  readonly documents: number;
  readonly fields: number;
  readonly valueRight: number;
  /** Fields whose truth has a box, and those read with a box overlapping it (IoU >= 0.5). */
  readonly boxed: number;
  readonly boxRight: number;
  readonly bothRight: number;
  readonly classified: number;
  readonly misses: readonly string[];
  readonly msP50: number;
}

export interface DocumentsScore {
  readonly models: readonly ModelScore[];
  readonly documents: number;
  readonly fields: number;
  readonly valueRight: number;
  readonly bothRight: number;
  /** Share of fields with the exact value and (where boxed) the box right. */
  readonly share: number;
  readonly classified: number;
  /** Documents reported as not the requested one although they are. */
  readonly refused: number;
  readonly errors: number;
  readonly msP50: number;
  readonly msP95: number;
}

/** Intersection over union of the axis-aligned boxes around two quads. */
export function quadIou(a: Quad, b: Quad): number {
  const box = (q: Quad) => ({
    l: Math.min(...q.map((p) => p.x)),
    r: Math.max(...q.map((p) => p.x)),
    t: Math.min(...q.map((p) => p.y)),
    b: Math.max(...q.map((p) => p.y)),
  });
  const x = box(a);
  const y = box(b);
  const w = Math.max(0, Math.min(x.r, y.r) - Math.max(x.l, y.l));
  const h = Math.max(0, Math.min(x.b, y.b) - Math.max(x.t, y.t));
  const inter = w * h;
  const union = (x.r - x.l) * (x.b - x.t) + (y.r - y.l) * (y.b - y.t) - inter;
  return union > 0 ? inter / union : 0;
}

interface DocumentOutcome {
  readonly model: string;
  readonly fields: number;
  readonly valueRight: number;
  readonly boxed: number;
  readonly boxRight: number;
  readonly bothRight: number;
  readonly classified: boolean;
  /** The engine reported a side as not the requested document (the Recognition API's 1011/1012). */
  readonly refused: boolean;
  readonly misses: readonly string[];
  readonly ms: number;
  readonly error?: string;
}

function asQuad(points: readonly (readonly [number, number])[]): Quad | null {
  if (points.length !== 4) return null;
  return points.map(([x, y]): Point => ({ x, y })) as unknown as Quad;
}

/** One document's report against its record. */
export function scoreDocument(
  record: DocumentRecord,
  report: DocumentReport | null,
  ms: number,
  error?: string,
) {
  let fields = 0;
  let valueRight = 0;
  let boxed = 0;
  let boxRight = 0;
  let bothRight = 0;
  const misses: string[] = [];
  for (const [name, truth] of Object.entries(record.expected_fields)) {
    fields++;
    const read = report?.fields[name];
    const valueOk = read?.value === truth.value;
    const truthQuad = truth.quad ? asQuad(truth.quad) : null;
    let boxOk = true;
    if (truthQuad) {
      boxed++;
      boxOk = read?.quad !== undefined && read.side === truth.side && quadIou(read.quad, truthQuad) >= 0.5;
      if (boxOk) boxRight++;
    }
    if (valueOk) valueRight++;
    if (valueOk && boxOk) bothRight++;
    else misses.push(`${name}: "${truth.value}" read "${read?.value ?? ''}"${valueOk ? ' (box)' : ''}`);
  }
  const doc = report?.document;
  const classified = doc?.type === record.document.type && doc?.country === record.document.country;
  const recognised = report?.recognition?.recognised;
  const refused = recognised !== undefined && (!recognised.front || recognised.back === false);
  if (refused) misses.push(`refused: ${recognised?.reason ?? ''}`);
  if (!classified)
    misses.push(
      `document: ${record.document.type} ${record.document.country} read ${doc ? `${doc.type} ${doc.country}` : 'none'}`,
    );
  return {
    model: record.document.model ?? `${record.document.country}.${record.document.type}`,
    fields,
    valueRight,
    boxed,
    boxRight,
    bothRight,
    classified,
    refused,
    misses,
    ms,
    ...(error ? { error } : {}),
  } satisfies DocumentOutcome;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

export function summarise(outcomes: readonly DocumentOutcome[]): DocumentsScore {
  const byModel = new Map<string, DocumentOutcome[]>();
  for (const o of outcomes) byModel.set(o.model, [...(byModel.get(o.model) ?? []), o]);
  const sum = (
    list: readonly DocumentOutcome[],
    key: 'fields' | 'valueRight' | 'boxed' | 'boxRight' | 'bothRight',
  ) => list.reduce((s, o) => s + o[key], 0);
  const models = [...byModel].map(
    ([model, list]): ModelScore => ({
      model,
      documents: list.length,
      fields: sum(list, 'fields'),
      valueRight: sum(list, 'valueRight'),
      boxed: sum(list, 'boxed'),
      boxRight: sum(list, 'boxRight'),
      bothRight: sum(list, 'bothRight'),
      classified: list.filter((o) => o.classified).length,
      misses: list.flatMap((o) => (o.error ? [`error ${o.error}`] : o.misses)),
      msP50: quantile(
        list.map((o) => o.ms),
        0.5,
      ),
    }),
  );
  const fields = sum(outcomes, 'fields');
  const bothRight = sum(outcomes, 'bothRight');
  const times = outcomes.map((o) => o.ms);
  return {
    models,
    documents: outcomes.length,
    fields,
    valueRight: sum(outcomes, 'valueRight'),
    bothRight,
    share: fields > 0 ? bothRight / fields : 0,
    classified: outcomes.filter((o) => o.classified).length,
    refused: outcomes.filter((o) => o.refused).length,
    errors: outcomes.filter((o) => o.error).length,
    msP50: quantile(times, 0.5),
    msP95: quantile(times, 0.95),
  };
}

function requestOf(record: DocumentRecord): { country: string; idType: IdType } | undefined {
  return record.requested
    ? { country: record.requested.country, idType: record.requested.id_type as IdType }
    : undefined;
}

/** Synthetic documents rendered in this process and read with analyzeDocument (tests, bench). */
export async function scoreSyntheticDocuments(options: DocumentSetOptions = {}): Promise<DocumentsScore> {
  const outcomes: DocumentOutcome[] = [];
  for await (const { doc } of syntheticDocuments(options)) {
    const record = recordOf(doc, 'front', doc.back ? 'back' : undefined);
    const requested = requestOf(record);
    const started = performance.now();
    const report = await analyzeDocument(doc.front.image, {
      ...(doc.back ? { back: doc.back.image } : {}),
      ...(requested ? { requested } : {}),
    });
    outcomes.push(scoreDocument(record, report, performance.now() - started));
  }
  return summarise(outcomes);
}

export function isDocumentRecord(record: GroundTruth['records'][number]): boolean {
  return 'expected_fields' in record && typeof record.expected_fields === 'object';
}

/** Every document record of a gt.json folder, read on the evaluation's engine pool. */
export async function scoreDocumentSet(context: EvalContext): Promise<DocumentsScore> {
  const records = context.gt.records.filter(isDocumentRecord) as unknown as DocumentRecord[];
  const pool = context.documentPool();
  await pool.warm();
  const outcomes = await Promise.all(
    records.map(async (record): Promise<DocumentOutcome> => {
      const started = performance.now();
      try {
        const front = await readFile(join(context.dir, record.file));
        const back = record.back ? await readFile(join(context.dir, record.back)) : undefined;
        const requested = requestOf(record);
        const { report, ms } = await pool.analyze(front, {
          ...(back ? { back } : {}),
          ...(requested ? { requested } : {}),
        });
        return scoreDocument(record, report, ms);
      } catch (error) {
        const code = error instanceof EngineError ? error.code : 'READ_FAILED';
        return scoreDocument(record, null, performance.now() - started, code);
      }
    }),
  );
  return summarise(outcomes);
}

const pct = (part: number, whole: number): string =>
  whole > 0 ? `${part}/${whole} (${((100 * part) / whole).toFixed(1)}%)` : '-';

/** Per-model table: fields, exact values, boxes, both, documents classified, p50 ms. */
export function documentsSummaryRows(score: DocumentsScore): string[][] {
  return [
    ['model', 'fields', 'value', 'box', 'both', 'classified', 'p50 ms'],
    ...score.models.map((m) => [
      m.model,
      String(m.fields),
      String(m.valueRight),
      `${m.boxRight}/${m.boxed}`,
      `${((100 * m.bothRight) / Math.max(1, m.fields)).toFixed(1)}%`,
      `${m.classified}/${m.documents}`,
      String(m.msP50),
    ]),
    [
      'all',
      String(score.fields),
      String(score.valueRight),
      '',
      `${(100 * score.share).toFixed(1)}%`,
      `${score.classified}/${score.documents}`,
      String(score.msP50),
    ],
  ];
}

export const documentsScorer: Scorer = {
  kind: 'documents',
  applies: (gt) => gt.records.some(isDocumentRecord),
  async score(context: EvalContext): Promise<ScoreReport> {
    const score = await scoreDocumentSet(context);
    const rows = documentsSummaryRows(score);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    const text = rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
    const metrics = {
      documents: score.documents,
      fields: score.fields,
      fields_value_exact: score.valueRight,
      fields_right: score.bothRight,
      field_accuracy: score.share,
      documents_classified: score.classified,
      classification_accuracy: score.documents > 0 ? score.classified / score.documents : null,
      documents_refused: score.refused,
      errors: score.errors,
      ms_p50: score.msP50,
      ms_p95: score.msP95,
      fields_boxed: score.models.reduce((n, m) => n + m.boxed, 0),
      boxes_right: score.models.reduce((n, m) => n + m.boxRight, 0),
      min_model_accuracy: Math.min(...score.models.map((m) => m.bothRight / Math.max(1, m.fields))),
      models: Object.fromEntries(
        score.models.map((m) => [
          m.model,
          {
            documents: m.documents,
            fields: m.fields,
            value_exact: m.valueRight,
            boxed: m.boxed,
            box_right: m.boxRight,
            right: m.bothRight,
            classified: m.classified,
          },
        ]),
      ),
    };
    return {
      kind: 'documents',
      metrics,
      text,
      table: [
        ['fields right (exact value, box IoU >= 0.5)', pct(score.bothRight, score.fields)],
        ['fields with the exact value', pct(score.valueRight, score.fields)],
        ['documents classified (type and country)', pct(score.classified, score.documents)],
        ['documents refused as not the requested one (1011/1012)', pct(score.refused, score.documents)],
        ['read errors', String(score.errors)],
        ['time p50 / p95 (ms)', `${score.msP50} / ${score.msP95}`],
      ],
      details: score.models
        .filter((m) => m.misses.length > 0)
        .map((m) => ({ model: m.model, misses: m.misses })),
    };
  },
};
