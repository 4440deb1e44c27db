// Scores the document engine on synthetic documents rendered from every model of the catalogue: a field
// counts as right when its value equals the printed truth exactly and its box overlaps the printed
// value's box with IoU >= 0.5 (boxes compared in the uploaded image of the field's side).
import { documentModels } from '../engine/documents/catalogue.js';
import { recognizeDocument } from '../engine/documents/recognize.js';
import type { Quad } from '../engine/geometry/quad.js';
import { renderSyntheticDocument } from '../fixtures/documents/render.js';
import { seededRandom } from '../fixtures/random.js';

export interface ModelScore {
  readonly model: string;
  readonly documents: number;
  readonly fields: number;
  readonly valueRight: number;
  readonly boxRight: number;
  readonly bothRight: number;
  readonly misses: readonly string[];
  readonly msP50: number;
}

export interface DocumentsScore {
  readonly models: readonly ModelScore[];
  readonly fields: number;
  readonly bothRight: number;
  readonly share: number;
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

export async function scoreSyntheticDocuments(
  options: { perModel?: number; seed?: number; models?: readonly string[] } = {},
): Promise<DocumentsScore> {
  const perModel = options.perModel ?? 2;
  const models = documentModels.filter((m) => !options.models || options.models.includes(m.id));
  const scores: ModelScore[] = [];
  for (const model of models) {
    let fields = 0;
    let valueRight = 0;
    let boxRight = 0;
    let bothRight = 0;
    const misses: string[] = [];
    const times: number[] = [];
    for (let k = 0; k < perModel; k++) {
      const doc = await renderSyntheticDocument(model, seededRandom((options.seed ?? 1) * 1000 + k));
      const country = model.country === '*' ? 'UTO' : model.country;
      const started = performance.now();
      const result = await recognizeDocument(doc.front.image, doc.back?.image, {
        requested: { country, idType: model.idType },
      });
      times.push(performance.now() - started);
      for (const truth of doc.truth) {
        fields++;
        const read = result.fields[truth.field];
        const valueOk = read?.value === truth.expected;
        const boxOk =
          read?.originalQuad != null &&
          read.side === truth.side &&
          quadIou(read.originalQuad, truth.quad) >= 0.5;
        if (valueOk) valueRight++;
        if (boxOk) boxRight++;
        if (valueOk && boxOk) bothRight++;
        else
          misses.push(
            `${truth.field}: "${truth.expected}" read "${read?.value ?? ''}"${valueOk ? ' (box)' : ''}`,
          );
      }
    }
    times.sort((a, b) => a - b);
    scores.push({
      model: model.id,
      documents: perModel,
      fields,
      valueRight,
      boxRight,
      bothRight,
      misses,
      msP50: Math.round(times[Math.floor(times.length / 2)] ?? 0),
    });
  }
  const fields = scores.reduce((s, m) => s + m.fields, 0);
  const bothRight = scores.reduce((s, m) => s + m.bothRight, 0);
  return { models: scores, fields, bothRight, share: fields > 0 ? bothRight / fields : 0 };
}

export function documentsSummaryRows(score: DocumentsScore): string[][] {
  return [
    ['model', 'fields', 'value', 'box', 'both', 'p50 ms'],
    ...score.models.map((m) => [
      m.model,
      String(m.fields),
      String(m.valueRight),
      String(m.boxRight),
      `${((100 * m.bothRight) / Math.max(1, m.fields)).toFixed(1)}%`,
      String(m.msP50),
    ]),
    ['all', String(score.fields), '', '', `${(100 * score.share).toFixed(1)}%`, ''],
  ];
}
