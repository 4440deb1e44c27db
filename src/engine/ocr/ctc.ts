// CTC decoding over a small alphabet. Besides the usual greedy decoding there is a decoder that returns
// the most probable alignment with exactly N characters: MRZ lines have a fixed length, and the one error
// a CTC reader makes on long runs of identical fillers ("<<<<<<") is to drop or double one of them.

/** Per-frame probabilities: column 0 is the CTC blank, column i (1..K) is `chars[i - 1]`. */
export interface FrameProbabilities {
  readonly data: Float32Array;
  readonly frames: number;
  readonly classes: number;
  readonly chars: string;
}

export interface DecodedChar {
  readonly char: string;
  /** Peak probability of this character over the frames aligned to it. */
  readonly confidence: number;
  /** The strongest other character over the same frames, with its peak probability. */
  readonly alternative: { readonly char: string; readonly confidence: number } | null;
  /** Peak probability of the strongest few characters over the same frames, this one included. */
  readonly candidates: Readonly<Record<string, number>>;
  /** First and last frame aligned to the character (inclusive). */
  readonly firstFrame: number;
  readonly lastFrame: number;
}

export function greedyDecode(probs: FrameProbabilities): DecodedChar[] {
  const { data, frames, classes } = probs;
  const labels = new Int32Array(frames);
  for (let t = 0; t < frames; t++) {
    let best = 0;
    let bestP = -1;
    for (let c = 0; c < classes; c++) {
      const p = data[t * classes + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    labels[t] = best;
  }
  return charsFromAlignment(probs, labels);
}

/**
 * Viterbi search for the best frame alignment that emits exactly `length` characters. Returns null when
 * the line has too few frames to hold that many characters.
 */
/** Log-cost of starting a character cell that repeats the previous one without a blank frame. */
const repeatPenalty = Math.log(0.15);

export function decodeWithLength(
  probs: FrameProbabilities,
  length: number,
  pitch?: CharPitch,
): DecodedChar[] | null {
  const { data, frames, classes } = probs;
  // Log-prior of starting character k (0-based) at frame t, when the character pitch is known.
  const prior = (k: number, t: number): number => {
    if (!pitch) return 0;
    const d = t - (pitch.start + pitch.step * k);
    return (-0.5 * d * d) / (pitch.sigma * pitch.sigma);
  };
  if (length === 0 || frames < length) return null;
  const states = classes; // state 0: in a blank after k chars; state c: holding char c as the k-th char
  const width = (length + 1) * states;
  const NEG = -1e30;
  const logp = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) logp[i] = Math.log(Math.max(data[i]!, 1e-12));
  let prev = new Float64Array(width).fill(NEG);
  let next = new Float64Array(width).fill(NEG);
  // back[t][k*states+s] = previous state index (k'*states+s') at t-1
  const back = new Int32Array(frames * width).fill(-1);
  prev[0 * states + 0] = logp[0]!;
  for (let c = 1; c < classes; c++) prev[1 * states + c] = logp[c]! + prior(0, 0);
  for (let t = 1; t < frames; t++) {
    next.fill(NEG);
    const row = t * classes;
    const backRow = t * width;
    for (let k = 0; k <= length; k++) {
      const base = k * states;
      // Best and second-best char states at (t-1, k-1), so "a different char" is O(1) per target.
      let best1 = NEG;
      let best1State = -1;
      let best2 = NEG;
      let best2State = -1;
      if (k > 0) {
        const pb = (k - 1) * states;
        for (let c = 1; c < classes; c++) {
          const v = prev[pb + c]!;
          if (v > best1) {
            best2 = best1;
            best2State = best1State;
            best1 = v;
            best1State = pb + c;
          } else if (v > best2) {
            best2 = v;
            best2State = pb + c;
          }
        }
      }
      // Blank after k chars: from blank or from any char state at the same k.
      let stay = prev[base]!;
      let stayFrom = base;
      for (let c = 1; c < classes; c++) {
        if (prev[base + c]! > stay) {
          stay = prev[base + c]!;
          stayFrom = base + c;
        }
      }
      if (stay > NEG) {
        next[base] = stay + logp[row]!;
        back[backRow + base] = stayFrom;
      }
      if (k === 0) continue;
      const startPrior = prior(k - 1, t);
      const blankBefore = prev[(k - 1) * states]! + startPrior;
      for (let c = 1; c < classes; c++) {
        let value = prev[base + c]!;
        let from = base + c;
        if (blankBefore > value) {
          value = blankBefore;
          from = (k - 1) * states;
        }
        const other = (best1State === (k - 1) * states + c ? best2 : best1) + startPrior;
        const otherState = best1State === (k - 1) * states + c ? best2State : best1State;
        if (other > value) {
          value = other;
          from = otherState;
        }
        // With a known pitch a new cell may repeat the previous character without a blank in between:
        // at two or three frames per character the model often runs "<<<<" together.
        if (pitch) {
          const repeat = prev[(k - 1) * states + c]! + startPrior + repeatPenalty;
          if (repeat > value) {
            value = repeat;
            from = (k - 1) * states + c;
          }
        }
        if (value > NEG) {
          next[base + c] = value + logp[row + c]!;
          back[backRow + base + c] = from;
        }
      }
    }
    [prev, next] = [next, prev];
  }
  const end = length * states;
  let bestState = end;
  for (let c = 1; c < classes; c++) if (prev[end + c]! > prev[bestState]!) bestState = end + c;
  if (!(prev[bestState]! > NEG)) return null;
  const labels = new Int32Array(frames);
  const emitted = new Int32Array(frames);
  let state = bestState;
  for (let t = frames - 1; t >= 0; t--) {
    labels[t] = state % states;
    emitted[t] = Math.floor(state / states);
    if (t > 0) state = back[t * width + state]!;
  }
  return charsFromAlignment(probs, labels, emitted);
}

/** Where character k is expected to start: frame `start + step * k`, give or take `sigma` frames. */
export interface CharPitch {
  readonly start: number;
  readonly step: number;
  readonly sigma: number;
}

/**
 * Fits the fixed pitch of a monospaced line (OCR-B) to an alignment: least squares of start frame against
 * character index, refitted without the characters that sit far off the line.
 */
export function fitPitch(chars: readonly DecodedChar[]): CharPitch | null {
  let points = chars.map((c, k) => ({ k, t: c.firstFrame }));
  let fit: { start: number; step: number } | null = null;
  for (let round = 0; round < 3 && points.length >= 3; round++) {
    const n = points.length;
    const mk = points.reduce((s, p) => s + p.k, 0) / n;
    const mt = points.reduce((s, p) => s + p.t, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const p of points) {
      sxy += (p.k - mk) * (p.t - mt);
      sxx += (p.k - mk) * (p.k - mk);
    }
    if (sxx === 0) return null;
    const step = sxy / sxx;
    fit = { start: mt - step * mk, step };
    const current = fit;
    points = points.filter(
      (p) => Math.abs(p.t - (current.start + current.step * p.k)) <= Math.max(1, 0.5 * current.step),
    );
  }
  if (!fit || fit.step <= 0) return null;
  return { ...fit, sigma: Math.max(0.5, 0.3 * fit.step) };
}

/**
 * Pitch from the extent of the ink: the frames from the first to the last one where some character is more
 * likely than the blank hold `length` evenly spaced characters.
 */
export function pitchFromExtent(probs: FrameProbabilities, length: number): CharPitch | null {
  const { data, frames, classes } = probs;
  let first = -1;
  let last = -1;
  for (let t = 0; t < frames; t++) {
    if (data[t * classes]! < 0.5) {
      if (first < 0) first = t;
      last = t;
    }
  }
  if (first < 0 || length < 2 || last - first < length - 1) return null;
  const step = (last - first) / (length - 1);
  return { start: first, step, sigma: Math.max(0.5, 0.3 * step) };
}

/** Collapses a frame labelling into characters; `counts` (chars emitted so far) separates doubled letters. */
function charsFromAlignment(
  probs: FrameProbabilities,
  labels: Int32Array,
  counts?: Int32Array,
): DecodedChar[] {
  const { data, classes, chars, frames } = probs;
  const out: DecodedChar[] = [];
  let t = 0;
  while (t < frames) {
    const label = labels[t]!;
    if (label === 0) {
      t++;
      continue;
    }
    let end = t;
    while (
      end + 1 < frames &&
      labels[end + 1] === label &&
      (counts === undefined || counts[end + 1] === counts[t])
    ) {
      end++;
    }
    let confidence = 0;
    let altConfidence = 0;
    let altClass = -1;
    const peaks = new Float32Array(classes);
    for (let f = t; f <= end; f++) {
      const row = f * classes;
      confidence = Math.max(confidence, data[row + label]!);
      for (let c = 1; c < classes; c++) {
        peaks[c] = Math.max(peaks[c]!, data[row + c]!);
        if (c !== label && data[row + c]! > altConfidence) {
          altConfidence = data[row + c]!;
          altClass = c;
        }
      }
    }
    const candidates: Record<string, number> = {};
    const ranked = [...peaks.keys()].filter((c) => c > 0).sort((a, b) => peaks[b]! - peaks[a]!);
    for (const c of ranked.slice(0, 5)) candidates[chars[c - 1]!] = peaks[c]!;
    out.push({
      char: chars[label - 1]!,
      confidence,
      alternative: altClass > 0 ? { char: chars[altClass - 1]!, confidence: altConfidence } : null,
      candidates,
      firstFrame: t,
      lastFrame: end,
    });
    t = end + 1;
  }
  return out;
}
