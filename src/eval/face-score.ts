// Scores face verification on a folder whose gt.json has `pairs` (../shared/data/README.md): the engine's own
// same/different decision (accuracy at the calibrated threshold) and, from the similarity scores, the EER and
// the share of genuine pairs accepted (TAR) at a false-accept rate (FAR) of 1% and 0.1%.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { comparePairs, type PairLine } from '../cli/face-compare.js';
import type { FaceService } from '../engine/face/face-service.js';

export interface ScoredPair {
  readonly same: boolean;
  readonly similarity: number;
  readonly match: boolean;
}

export interface FaceScore {
  kind: 'face';
  pairs: number;
  genuine: number;
  impostor: number;
  /** Pairs where a face was missing or the image failed (scored as similarity 0, no match). */
  failures: number;
  /** Share of pairs where the engine's match decision equals the label. */
  accuracy: number;
  /** Genuine pairs rejected / impostor pairs accepted at the engine's threshold. */
  falseNonMatchRate: number;
  falseMatchRate: number;
  eer: number;
  tarAtFar1: number;
  tarAtFar01: number;
  msP50: number;
  model?: string;
}

const rate = (n: number, d: number): number => (d === 0 ? 0 : n / d);

/** ROC figures from scores alone (higher = more alike). */
export function rocFigures(
  pairs: readonly ScoredPair[],
): Pick<FaceScore, 'eer' | 'tarAtFar1' | 'tarAtFar01'> {
  const pos = pairs.filter((p) => p.same).map((p) => p.similarity);
  const neg = pairs.filter((p) => !p.same).map((p) => p.similarity);
  if (pos.length === 0 || neg.length === 0) return { eer: 0, tarAtFar1: 0, tarAtFar01: 0 };
  const thresholds = [...new Set([...pos, ...neg, Number.POSITIVE_INFINITY])].sort((a, b) => a - b);
  let eer = 1;
  let gap = Number.POSITIVE_INFINITY;
  let tar1 = 0;
  let tar01 = 0;
  for (const t of thresholds) {
    const far = rate(neg.filter((s) => s >= t).length, neg.length);
    const tar = rate(pos.filter((s) => s >= t).length, pos.length);
    const frr = 1 - tar;
    if (Math.abs(far - frr) < gap) {
      gap = Math.abs(far - frr);
      eer = (far + frr) / 2;
    }
    if (far <= 0.01) tar1 = Math.max(tar1, tar);
    if (far <= 0.001) tar01 = Math.max(tar01, tar);
  }
  return { eer, tarAtFar1: tar1, tarAtFar01: tar01 };
}

export function scoreFacePairs(pairs: readonly ScoredPair[], failures = 0, msP50 = 0): FaceScore {
  const genuine = pairs.filter((p) => p.same);
  const impostor = pairs.filter((p) => !p.same);
  const correct = pairs.filter((p) => p.match === p.same).length;
  return {
    kind: 'face',
    pairs: pairs.length,
    genuine: genuine.length,
    impostor: impostor.length,
    failures,
    accuracy: rate(correct, pairs.length),
    falseNonMatchRate: rate(genuine.filter((p) => !p.match).length, genuine.length),
    falseMatchRate: rate(impostor.filter((p) => p.match).length, impostor.length),
    ...rocFigures(pairs),
    msP50,
  };
}

interface PairsGt {
  pairs?: { file_a: string; file_b: string; label: 'same' | 'different' }[];
}

/** True when a gt.json describes face verification pairs. */
export function hasFacePairs(gt: unknown): boolean {
  const pairs = (gt as PairsGt | null)?.pairs;
  return Array.isArray(pairs) && pairs.length > 0;
}

/** Runs every pair of `dir/gt.json` through the face engine and scores it. */
export async function scoreFaceSet(dir: string, service: FaceService): Promise<FaceScore> {
  const gt = JSON.parse(await readFile(path.join(dir, 'gt.json'), 'utf8')) as PairsGt;
  if (!hasFacePairs(gt)) throw new Error(`${dir}/gt.json has no face pairs`);
  const labels = new Map<string, boolean>();
  const specs = gt.pairs!.map((p) => {
    const spec = `${path.join(dir, p.file_a)}:${path.join(dir, p.file_b)}`;
    labels.set(spec, p.label === 'same');
    return spec;
  });
  const lines: PairLine[] = [];
  await comparePairs(service, specs, (line) => lines.push(line));
  const scored = lines.map((l) => ({
    same: labels.get(`${l.a}:${l.b}`) ?? false,
    similarity: l.similarity,
    match: l.match,
  }));
  const failures = lines.filter((l) => l.error || l.reasons).length;
  const ms = lines.map((l) => l.ms).sort((a, b) => a - b);
  const model = await service.model();
  return { ...scoreFacePairs(scored, failures, ms[ms.length >> 1] ?? 0), model: model.id };
}

/** Rows for the summary table of `openkyc eval`. */
export function faceSummaryRows(score: FaceScore): [string, string][] {
  const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
  return [
    ['face model', score.model ?? ''],
    ['pairs (genuine / impostor)', `${score.pairs} (${score.genuine} / ${score.impostor})`],
    ['accuracy at threshold', pct(score.accuracy)],
    ['false non-match / false match', `${pct(score.falseNonMatchRate)} / ${pct(score.falseMatchRate)}`],
    ['EER', pct(score.eer)],
    ['TAR @ FAR 1%', pct(score.tarAtFar1)],
    ['TAR @ FAR 0.1%', pct(score.tarAtFar01)],
    ['pairs without a face / failed', String(score.failures)],
  ];
}
