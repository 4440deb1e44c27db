// Free-text line recognition with the PP-OCR CTC model over its whole vocabulary (Latin, digits,
// punctuation, Han): quads of a page in, text with per-character confidences and positions out. The MRZ
// reader uses the same model through recognizer.ts with a restricted alphabet; this is the general path.
import { lerp, type Point, type Quad } from '../geometry/quad.js';
import { warpQuad } from '../geometry/warp.js';
import type { GrayImage } from '../image/raster.js';
import { inkPaperLevels } from './contrast.js';
import { ort, recognitionDictionary, session } from './sessions.js';

const height = 48;
/** The model's frames are 8 input pixels wide. */
const frameWidth = 8;
/** Widest line image the model sees; longer lines are squeezed (a 1,600 px line holds ~70 characters). */
const maxWidth = 1600;
/**
 * Lines per model run. Measured on CPU (onnxruntime-node, 1 thread): a batch of 4 lines of 48x1280 costs 1.5x
 * four single runs, and batches pad every line to the widest, so each line runs alone.
 */
const batchSize = 1;

export interface RecognizedChar {
  readonly char: string;
  readonly confidence: number;
  /** Centre of the character along the line, 0..1 of the line's length. */
  readonly position: number;
}

export interface RecognizedLine {
  readonly text: string;
  /** Mean character confidence, 0..1 (0 for an empty line). */
  readonly confidence: number;
  readonly chars: readonly RecognizedChar[];
  /** The quad that was read (tl, tr, br, bl in reading order). */
  readonly quad: Quad;
  /** Where the ink lies inside the quad, as shares of its length (left, right) and height (top, bottom). */
  readonly ink: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
    /** Inked columns of the line image, and the ink-free run (in columns) that separates words. */
    readonly columns: Uint8Array;
    readonly wordGap: number;
  };
}

/** Recognises each quad of `image` as one line of text. */
export async function recognizeText(image: GrayImage, quads: readonly Quad[]): Promise<RecognizedLine[]> {
  const crops = quads.map((quad) => cropLine(image, quad));
  const order = crops.map((_, i) => i).sort((a, b) => crops[a]!.width - crops[b]!.width);
  const results = new Array<RecognizedLine>(quads.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    const decoded = await runBatch(batch.map((i) => crops[i]!));
    batch.forEach((index, k) => {
      results[index] = { ...decoded[k]!, quad: quads[index]! };
    });
  }
  return results;
}

/** The part of a read line's quad covering characters [from, to) (inclusive of half a character around). */
export function subQuad(line: RecognizedLine, from: number, to: number): Quad {
  const chars = line.chars;
  if (chars.length === 0 || from >= to) return line.quad;
  const first = chars[Math.max(0, from)]!;
  const last = chars[Math.min(chars.length - 1, to - 1)]!;
  const pitch = characterPitch(line);
  const { ink } = line;
  const start =
    from === 0
      ? ink.left
      : Math.max(ink.left, wordEdge(ink, first.position, -1) ?? first.position - pitch * 0.55);
  const end =
    to >= chars.length
      ? ink.right
      : Math.min(ink.right, wordEdge(ink, last.position, 1) ?? last.position + pitch * 0.55);
  const [tl, tr, br, bl] = line.quad;
  const top = [lerp(tl, bl, ink.top), lerp(tr, br, ink.top)] as const;
  const bottom = [lerp(tl, bl, ink.bottom), lerp(tr, br, ink.bottom)] as const;
  return [
    lerp(top[0], top[1], start),
    lerp(top[0], top[1], end),
    lerp(bottom[0], bottom[1], end),
    lerp(bottom[0], bottom[1], start),
  ];
}

/**
 * From a character's centre, the edge of its word in `direction` (-1 left, +1 right): where the next
 * ink-free run at least a word gap wide begins. Null when the line image has no column profile.
 */
function wordEdge(ink: RecognizedLine['ink'], position: number, direction: -1 | 1): number | null {
  const n = ink.columns.length;
  if (n === 0) return null;
  let x = Math.min(n - 1, Math.max(0, Math.round(position * n)));
  let lastInk = x;
  let run = 0;
  while (x >= 0 && x < n) {
    if (ink.columns[x]) {
      lastInk = x;
      run = 0;
    } else if (++run >= ink.wordGap) break;
    x += direction;
  }
  return direction < 0 ? lastInk / n : (lastInk + 1) / n;
}

/** Typical distance between neighbouring characters, as a share of the line length. */
function characterPitch(line: RecognizedLine): number {
  const c = line.chars;
  if (c.length < 2) return 0.5;
  const gaps: number[] = [];
  for (let i = 1; i < c.length; i++) {
    if (c[i]!.char !== ' ' && c[i - 1]!.char !== ' ') gaps.push(c[i]!.position - c[i - 1]!.position);
  }
  if (gaps.length === 0) return (c.at(-1)!.position - c[0]!.position) / (c.length - 1);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

function cropLine(image: GrayImage, quad: Quad): GrayImage {
  const [tl, tr, br, bl] = quad;
  const length = (dist(tl, tr) + dist(bl, br)) / 2;
  const thickness = Math.max(1, (dist(tl, bl) + dist(tr, br)) / 2);
  const width = Math.max(frameWidth * 2, Math.min(maxWidth, Math.round((length / thickness) * height)));
  return warpQuad(image, quad, width, height);
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

async function runBatch(lines: readonly GrayImage[]): Promise<Omit<RecognizedLine, 'quad'>[]> {
  const dictionary = recognitionDictionary();
  const width = Math.max(...lines.map((l) => l.width));
  const plane = width * height;
  // Padding is 0 in the normalised space, as in PP-OCR's own batching.
  const input = new Float32Array(lines.length * 3 * plane);
  const inks = lines.map(lineInk);
  lines.forEach((line, n) => {
    const { low, span } = inks[n]!;
    // The contrast stretch to [-1, 1] of each grey level, looked up rather than computed per pixel.
    const level = new Float32Array(256);
    for (let g = 0; g < 256; g++) level[g] = Math.min(1, Math.max(0, (g - low) / span)) * 2 - 1;
    const offset = n * 3 * plane;
    for (let y = 0; y < height; y++) {
      const from = y * line.width;
      const to = offset + y * width;
      for (let x = 0; x < line.width; x++) input[to + x] = level[line.data[from + x]!]!;
    }
    // The model takes three identical channels.
    input.copyWithin(offset + plane, offset, offset + plane);
    input.copyWithin(offset + 2 * plane, offset, offset + plane);
  });
  const rec = await session('recognition');
  const tensor = new ort.Tensor('float32', input, [lines.length, 3, height, width]);
  const output = (await rec.run({ [rec.inputNames[0]!]: tensor }))[rec.outputNames[0]!]!;
  const [, frames, vocabulary] = output.dims as [number, number, number];
  const scores = output.data as Float32Array;
  return lines.map((line, n) => {
    const own = Math.max(1, Math.min(frames, Math.ceil(line.width / frameWidth)));
    const base = n * frames * vocabulary;
    const chars: RecognizedChar[] = [];
    let previous = 0;
    for (let t = 0; t < own; t++) {
      let best = 0;
      let bestP = -1;
      const row = base + t * vocabulary;
      for (let c = 0; c < vocabulary; c++) {
        const p = scores[row + c]!;
        if (p > bestP) {
          bestP = p;
          best = c;
        }
      }
      if (best !== 0 && best !== previous) {
        chars.push({
          char: dictionary[best] ?? '',
          confidence: bestP,
          position: Math.min(1, ((t + 0.5) * frameWidth) / line.width),
        });
      } else if (best !== 0 && best === previous && chars.length > 0) {
        const last = chars[chars.length - 1]!;
        if (bestP > last.confidence) chars[chars.length - 1] = { ...last, confidence: bestP };
      }
      previous = best;
    }
    const ink = inks[n]!;
    const trimmed = trimSpaces(withWordGaps(line.width, ink, chars));
    const text = trimmed.map((c) => c.char).join('');
    const confidence =
      trimmed.length > 0 ? trimmed.reduce((s, c) => s + c.confidence, 0) / trimmed.length : 0;
    return { text, confidence, chars: trimmed, ink: inkExtent(line, ink) };
  });
}

/** One look at a line image's ink: its contrast levels, inked columns, ink per row and the text's height. */
interface LineInk {
  readonly low: number;
  readonly span: number;
  /** 1 where a column holds ink (darker than the midpoint of ink and paper). */
  readonly columns: Uint8Array;
  /** Inked pixels per row. */
  readonly rows: Uint32Array;
  /** Height of the band of rows holding the middle 94% of the ink (specks near the edges aside). */
  readonly textHeight: number;
}

function lineInk(line: GrayImage): LineInk {
  const { low, span } = inkPaperLevels(line);
  const cut = low + span * 0.5;
  const columns = new Uint8Array(line.width);
  const rows = new Uint32Array(line.height);
  let total = 0;
  for (let y = 0; y < line.height; y++) {
    const row = y * line.width;
    let inked = 0;
    for (let x = 0; x < line.width; x++) {
      if (line.data[row + x]! < cut) {
        columns[x] = 1;
        inked++;
      }
    }
    rows[y] = inked;
    total += inked;
  }
  let textHeight = 0;
  if (total > 0) {
    let seen = 0;
    let top = 0;
    let bottom = line.height - 1;
    for (let y = 0; y < line.height; y++) {
      seen += rows[y]!;
      if (seen < total * 0.03) top = y + 1;
      if (seen <= total * 0.97) bottom = y + 1;
    }
    textHeight = Math.max(0, bottom - top);
  }
  return { low, span, columns, rows, textHeight };
}

/**
 * The Chinese-trained model seldom emits spaces between Latin words, so word gaps are found in the image:
 * a run of ink-free columns between two characters wider than a quarter of the text height is a space.
 */
function withWordGaps(width: number, ink: LineInk, chars: readonly RecognizedChar[]): RecognizedChar[] {
  if (chars.length < 2) return [...chars];
  const { columns, textHeight } = ink;
  if (textHeight === 0) return [...chars];
  // Gap between each pair of neighbouring characters: the longest ink-free run between their centres.
  const gaps = chars.slice(1).map((b, i) => {
    const a = chars[i]!;
    const from = Math.round(a.position * width);
    const to = Math.round(b.position * width);
    let run = 0;
    let longest = 0;
    let at = from;
    for (let x = from; x < to; x++) {
      run = columns[x] ? 0 : run + 1;
      if (run > longest) {
        longest = run;
        at = x - run / 2;
      }
    }
    return { longest, at, real: a.char !== ' ' && b.char !== ' ' };
  });
  const sorted = gaps.map((g) => g.longest).sort((x, y) => x - y);
  const typical = sorted[Math.floor(sorted.length / 2)] ?? 0;
  // A word gap is wide against the text height and against the line's own letter spacing (monospaced
  // digits have wide letter gaps and no word gaps).
  const minGap = Math.max(3, textHeight * 0.33, typical * 2.2);
  const out: RecognizedChar[] = [chars[0]!];
  gaps.forEach((gap, i) => {
    const b = chars[i + 1]!;
    if (gap.real && gap.longest >= minGap)
      out.push({ char: ' ', confidence: b.confidence, position: gap.at / width });
    out.push(b);
  });
  return out;
}

/** The ink's extent in a line image, as shares of its width and height (the whole line when blank). */
function inkExtent(line: GrayImage, ink: LineInk): RecognizedLine['ink'] {
  const { columns, rows, textHeight } = ink;
  let left = -1;
  let right = -1;
  for (let x = 0; x < line.width; x++) {
    if (!columns[x]) continue;
    if (left < 0) left = x;
    right = x;
  }
  // Rows count as ink when they hold a fair share of the darkest row's ink (specks of the neighbours do not).
  let most = 0;
  for (const v of rows) most = Math.max(most, v);
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < line.height; y++) {
    if (rows[y]! <= most * 0.08) continue;
    if (top < 0) top = y;
    bottom = y;
  }
  const wordGap = Math.max(3, Math.round(textHeight * 0.33));
  if (left < 0 || top < 0) return { left: 0, right: 1, top: 0, bottom: 1, columns, wordGap };
  return {
    columns,
    wordGap,
    left: left / line.width,
    right: (right + 1) / line.width,
    top: top / line.height,
    bottom: (bottom + 1) / line.height,
  };
}

function trimSpaces(chars: RecognizedChar[]): RecognizedChar[] {
  let a = 0;
  let b = chars.length;
  while (a < b && chars[a]!.char === ' ') a++;
  while (b > a && chars[b - 1]!.char === ' ') b--;
  return chars.slice(a, b);
}
