// Monospaced lines (OCR-B in an MRZ) have a character pitch that can be measured from the image alone:
// the column profile of the ink repeats every pitch. Knowing the pitch and the ink's extent gives every
// character cell before anything is recognised.
import type { GrayImage } from '../image/raster.js';

export interface LineCells {
  /** Left edge of the first cell, in pixels of the line image. */
  readonly start: number;
  /** Right edge of the last ink. */
  readonly end: number;
  /** Measured pitch in pixels (autocorrelation peak), or null when the profile shows no period. */
  readonly pitch: number | null;
  /** Ink per column. */
  readonly profile: Float64Array;
}

export function measureCells(line: GrayImage): LineCells {
  const { width, height, data } = line;
  const paper = percentile(data, 0.9);
  const profile = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    let ink = 0;
    for (let y = 0; y < height; y++) ink += Math.max(0, paper - data[y * width + x]! - 12);
    profile[x] = ink;
  }
  let peak = 0;
  for (const v of profile) peak = Math.max(peak, v);
  const floor = peak * 0.12;
  let start = 0;
  while (start < width - 1 && profile[start]! <= floor) start++;
  let end = width - 1;
  while (end > start && profile[end]! <= floor) end--;
  const pitch = autocorrelationPeriod(profile, start, end + 1);
  // Ink separated from the text by more than a couple of cells (a page edge, a frame line, a neighbouring
  // field) is not part of the line: keep the longest stretch of ink without such a gap.
  const maxGap = Math.max(4, 1.6 * (pitch ?? line.height / 2));
  const segments: { start: number; end: number }[] = [];
  for (let x = start; x <= end; x++) {
    if (profile[x]! <= floor) continue;
    const last = segments.at(-1);
    if (last && x - last.end <= maxGap) last.end = x + 1;
    else segments.push({ start: x, end: x + 1 });
  }
  const best = segments.reduce(
    (a, b) => (b.end - b.start > a.end - a.start ? b : a),
    segments[0] ?? { start, end: end + 1 },
  );
  return { start: best.start, end: best.end, pitch, profile };
}

/**
 * How well the ink repeats at `pitch` pixels (normalised autocorrelation, -1..1). Compares line-length
 * hypotheses directly instead of trusting one autocorrelation peak, which can land on a text rhythm.
 */
export function periodicity(cells: LineCells, pitch: number): number {
  const { profile, start, end } = cells;
  const span = end - start;
  const lag = Math.round(pitch);
  if (span <= lag + 4) return 0;
  let mean = 0;
  for (let x = start; x < end; x++) mean += profile[x]!;
  mean /= span;
  let cross = 0;
  let energy = 0;
  for (let x = start; x < end; x++) {
    const a = profile[x]! - mean;
    energy += a * a;
    if (x + lag < end) cross += a * (profile[x + lag]! - mean);
  }
  return energy > 0 ? (cross / (span - lag)) * (span / energy) : 0;
}

function autocorrelationPeriod(profile: Float64Array, start: number, end: number): number | null {
  const span = end - start;
  if (span < 40) return null;
  let mean = 0;
  for (let x = start; x < end; x++) mean += profile[x]!;
  mean /= span;
  const centred = new Float64Array(span);
  for (let x = 0; x < span; x++) centred[x] = profile[start + x]! - mean;
  const minLag = Math.max(3, Math.floor(span / 70));
  const maxLag = Math.max(minLag + 1, Math.floor(span / 12));
  const scores = new Float64Array(maxLag + 2);
  for (let lag = minLag; lag <= maxLag + 1; lag++) {
    let s = 0;
    for (let x = 0; x + lag < span; x++) s += centred[x]! * centred[x + lag]!;
    scores[lag] = s / (span - lag);
  }
  let best = -1;
  let bestScore = 0;
  for (let lag = minLag + 1; lag <= maxLag; lag++) {
    const s = scores[lag]!;
    if (s > bestScore && s >= scores[lag - 1]! && s >= scores[lag + 1]!) {
      best = lag;
      bestScore = s;
    }
  }
  if (best < 0) return null;
  // Parabolic refinement of the peak.
  const a = scores[best - 1]!;
  const b = scores[best]!;
  const c = scores[best + 1]!;
  const denominator = a - 2 * b + c;
  return denominator < 0 ? best + (0.5 * (a - c)) / denominator : best;
}

function percentile(data: Uint8Array, q: number): number {
  const histogram = new Uint32Array(256);
  for (const v of data) histogram[v]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= data.length * q) return v;
  }
  return 255;
}

/**
 * The pitch of the ink between columns `from` and `to` of a measured line: the strongest autocorrelation
 * peak with a lag in [minLag, maxLag], refined to a fraction of a pixel. Null without a clear peak.
 */
export function localPitch(
  cells: LineCells,
  from: number,
  to: number,
  minLag: number,
  maxLag: number,
): number | null {
  const { profile } = cells;
  const start = Math.max(0, Math.floor(from));
  const end = Math.min(profile.length, Math.ceil(to));
  const span = end - start;
  const low = Math.max(2, Math.floor(minLag));
  const high = Math.ceil(maxLag);
  if (span < 3 * high) return null;
  let mean = 0;
  for (let x = start; x < end; x++) mean += profile[x]!;
  mean /= span;
  let energy = 0;
  for (let x = start; x < end; x++) energy += (profile[x]! - mean) ** 2;
  if (energy <= 0) return null;
  const score = (lag: number): number => {
    let s = 0;
    for (let x = start; x + lag < end; x++) s += (profile[x]! - mean) * (profile[x + lag]! - mean);
    return (s / (span - lag)) * (span / energy);
  };
  const scores = new Map<number, number>();
  for (let lag = low - 1; lag <= high + 1; lag++) scores.set(lag, score(lag));
  let best = -1;
  let bestScore = 0.2;
  for (let lag = low; lag <= high; lag++) {
    const s = scores.get(lag)!;
    if (s > bestScore && s >= scores.get(lag - 1)! && s >= scores.get(lag + 1)!) {
      best = lag;
      bestScore = s;
    }
  }
  if (best < 0) return null;
  const a = scores.get(best - 1)!;
  const b = scores.get(best)!;
  const c = scores.get(best + 1)!;
  const denominator = a - 2 * b + c;
  return denominator < 0 ? best + (0.5 * (a - c)) / denominator : best;
}
