import type { FaceComparison, FaceEmbedding, FaceMetric, FaceModelInfo } from './types.js';

/** Every model's decision threshold maps to this similarity, the default of LINK's TEST_FACE_RECOGNITION_VALUE. */
export const MATCH_SIMILARITY = 0.7;
const OFFSET = Math.log(MATCH_SIMILARITY / (1 - MATCH_SIMILARITY));

export function rawScore(a: Float32Array, b: Float32Array, metric: FaceMetric): number {
  if (a.length !== b.length) throw new Error(`embedding sizes differ (${a.length} vs ${b.length})`);
  let s = 0;
  if (metric === 'euclidean') {
    for (let i = 0; i < a.length; i++) {
      const d = a[i]! - b[i]!;
      s += d * d;
    }
    return Math.sqrt(s);
  }
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : s / Math.sqrt(na * nb);
}

/** Signed margin in raw units: > 0 on the "same person" side of the threshold. */
export function margin(raw: number, model: FaceModelInfo): number {
  return model.metric === 'euclidean' ? model.threshold - raw : raw - model.threshold;
}

export function isMatch(raw: number, model: FaceModelInfo): boolean {
  return margin(raw, model) >= 0;
}

/**
 * A 0..1 similarity: a logistic curve of the margin, placed so that the model's calibrated threshold lands on
 * 0.70 for every model. Higher means more alike; it is monotonic in the raw score, so ROC figures are unchanged.
 */
export function toSimilarity(raw: number, model: FaceModelInfo): number {
  return 1 / (1 + Math.exp(-(model.slope * margin(raw, model) + OFFSET)));
}

export function compareEmbeddings(a: FaceEmbedding, b: FaceEmbedding, model: FaceModelInfo): FaceComparison {
  if (a.model !== model.id || b.model !== model.id) {
    throw new Error(`embeddings of model ${a.model} / ${b.model} cannot be compared with ${model.id}`);
  }
  const raw = rawScore(a.vector, b.vector, model.metric);
  return { similarity: toSimilarity(raw, model), match: isMatch(raw, model), raw, model: model.id };
}
