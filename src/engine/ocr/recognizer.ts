// Text-line recognition with the PP-OCR CTC model: 48-pixel-high line images in, per-frame probabilities
// over a chosen alphabet out.
import type { GrayImage } from '../image/raster.js';
import { buildCharset, type Charset } from './charset.js';
import type { FrameProbabilities } from './ctc.js';
import { ort, recognitionDictionary, session } from './sessions.js';

export const recognitionHeight = 48;

const charsets = new Map<string, Charset>();

function charsetFor(chars: string): Charset {
  let charset = charsets.get(chars);
  if (!charset) {
    charset = buildCharset(chars, recognitionDictionary());
    charsets.set(chars, charset);
  }
  return charset;
}

/**
 * Recognises line images (all `recognitionHeight` high; widths may differ, narrower ones are padded with
 * their own background on the right to the widest, so that every line has the same frames), restricted to
 * `chars`. Each line is its own model run: on CPU a batch of four 48x480 lines measured ~1.2x the time of
 * four single runs (1 thread), and the lines of a batch are independent of each other anyway.
 */
export async function recognizeLines(
  lines: readonly GrayImage[],
  chars: string,
): Promise<FrameProbabilities[]> {
  if (lines.length === 0) return [];
  if (lines.some((l) => l.height !== recognitionHeight))
    throw new Error(`line image must be ${recognitionHeight} pixels high`);
  const charset = charsetFor(chars);
  const width = Math.max(...lines.map((l) => l.width));
  const rec = await session('recognition');
  const results: FrameProbabilities[] = [];
  for (const line of lines) {
    const tensor = new ort.Tensor('float32', lineInput(line, width), [1, 3, recognitionHeight, width]);
    const output = (await rec.run({ [rec.inputNames[0]!]: tensor }))[rec.outputNames[0]!]!;
    const [, frames, vocabulary] = output.dims as [number, number, number];
    // Frames past the line's own width only see padding.
    const ownFrames = Math.max(1, Math.min(frames, Math.ceil((line.width / width) * frames)));
    results.push(restrict(output.data as Float32Array, ownFrames, vocabulary, charset));
  }
  return results;
}

/** The model's input for one line: contrast-stretched, padded to `width`, scaled to -1..1 in 3 planes. */
function lineInput(line: GrayImage, width: number): Float32Array {
  const height = recognitionHeight;
  const plane = width * height;
  const input = new Float32Array(3 * plane);
  const pad = backgroundLevel(line);
  const stretch = contrastRange(line);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = x < line.width ? line.data[y * line.width + x]! : pad;
      v = Math.min(255, Math.max(0, ((v - stretch.low) * 255) / stretch.span));
      const normalised = v / 127.5 - 1;
      const i = y * width + x;
      input[i] = normalised;
      input[i + plane] = normalised;
      input[i + 2 * plane] = normalised;
    }
  }
  return input;
}

function restrict(
  scores: Float32Array,
  frames: number,
  vocabulary: number,
  charset: Charset,
): FrameProbabilities {
  const classes = charset.chars.length + 1;
  const data = new Float32Array(frames * classes);
  for (let t = 0; t < frames; t++) {
    const row = t * vocabulary;
    let kept = 0;
    for (let c = 0; c < charset.sources.length; c++) {
      let p = 0;
      for (const source of charset.sources[c]!) p += scores[row + source]!;
      data[t * classes + c + 1] = p;
      kept += p;
    }
    data[t * classes] = Math.max(0, 1 - kept);
  }
  return { data, frames, classes, chars: charset.chars };
}

/** The brightest decile of a line image: its paper. */
function backgroundLevel(line: GrayImage): number {
  const histogram = new Uint32Array(256);
  for (const v of line.data) histogram[v]!++;
  let seen = 0;
  const target = line.data.length * 0.9;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= target) return v;
  }
  return 255;
}

/**
 * Contrast stretch from the ink (2nd percentile) to the paper (the level most of the line is brighter
 * than: text covers well under half of a line image). Background print such as guilloches is lighter than
 * the ink and fades out.
 */
function contrastRange(line: GrayImage): { low: number; span: number } {
  const histogram = new Uint32Array(256);
  for (const v of line.data) histogram[v]!++;
  const n = line.data.length;
  let seen = 0;
  let low = 0;
  let high = 255;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen <= n * 0.02) low = v;
    if (seen >= n * 0.6) {
      high = v;
      break;
    }
  }
  return { low, span: Math.max(16, high - low) };
}
