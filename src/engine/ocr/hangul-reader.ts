// Korean (Hangul) line reading. The PP-OCR recogniser's dictionary has no Hangul, so Korean words come back
// empty; these lines are read by Tesseract's Korean LSTM model instead (tesseract.js, WASM, in a worker
// thread). Everything is local: the core comes from tesseract.js-core and the traineddata from
// @tesseract.js-data/kor in node_modules; tesseract.js fetches only when its langPath is a URL, and it is not.
// One worker per process (or engine thread), created on first use and kept: loading costs about a second.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Tesseract from 'tesseract.js';
import { distance, padQuad, type Quad } from '../geometry/quad.js';
import { warpQuad } from '../geometry/warp.js';
import { EngineError } from '../image/errors.js';
import type { GrayImage } from '../image/raster.js';

export interface HangulLine {
  /** The line's text, spaces between words kept; '' when nothing was read. */
  readonly text: string;
  /** Tesseract's mean word confidence, 0..1. */
  readonly confidence: number;
}

/** Height of the line image given to Tesseract (its LSTM models read text about 30-40 px tall best). */
const lineHeight = 48;
/** White margin around the line image, in pixels: Tesseract finds no text touching the border. */
const margin = 12;
const maxWidth = 2400;

let worker: Promise<Tesseract.Worker> | null = null;
/** The last read asked for: the next one starts after it. */
let queue: Promise<unknown> = Promise.resolve();

/** Directory of the Korean traineddata: tessdata_best converted to integers (LSTM only, 1.6 MB gzipped). */
export function koreanDataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/kor/package.json')), '4.0.0_best_int');
}

function hangulWorker(): Promise<Tesseract.Worker> {
  if (!worker) {
    worker = (async () => {
      const created = await Tesseract.createWorker('kor', Tesseract.OEM.LSTM_ONLY, {
        langPath: koreanDataDirectory(),
        gzip: true,
        // The default writes kor.traineddata into the working directory as a cache.
        cacheMethod: 'none',
        logger: () => {},
        errorHandler: () => {},
      });
      await created.setParameters({
        tessedit_pageseg_mode: Tesseract.PSM.SINGLE_LINE,
        preserve_interword_spaces: '1',
      });
      return created;
    })().catch((error: unknown) => {
      worker = null;
      throw new EngineError('MODEL_LOAD_FAILED', 'could not load the Korean text model', { cause: error });
    });
  }
  return worker;
}

/** Reads each quad of `image` (tl, tr, br, bl in reading order) as one line of Korean text. */
export function readHangulLines(image: GrayImage, quads: readonly Quad[]): Promise<HangulLine[]> {
  if (quads.length === 0) return Promise.resolve([]);
  // One worker, one image at a time: callers of the same process queue here.
  const run = queue.then(() => readLines(image, quads));
  queue = run.catch(() => undefined);
  return run;
}

async function readLines(image: GrayImage, quads: readonly Quad[]): Promise<HangulLine[]> {
  const reader = await hangulWorker();
  const out: HangulLine[] = [];
  for (const quad of quads) {
    const { data } = await reader.recognize(Buffer.from(portableGraymap(lineImage(image, quad))));
    const text = data.text.replace(/\s+/g, ' ').trim();
    out.push({ text, confidence: text === '' ? 0 : Math.max(0, Math.min(1, data.confidence / 100)) });
  }
  return out;
}

/** Ends the reader's worker thread once the reads asked for are done (the next read starts a new one). */
export async function closeHangulReader(): Promise<void> {
  await queue;
  const pending = worker;
  worker = null;
  if (!pending) return;
  const reader = await pending.catch(() => null);
  await reader?.terminate();
}

/** The quad grown by a fifth of its thickness across and along, straightened to `lineHeight`, on white. */
function lineImage(image: GrayImage, quad: Quad): GrayImage {
  const grown = grownBy(quad, 0.2);
  const [tl, tr, br, bl] = grown;
  const length = (distance(tl, tr) + distance(bl, br)) / 2;
  const thickness = Math.max(1, (distance(tl, bl) + distance(tr, br)) / 2);
  const width = Math.max(lineHeight, Math.min(maxWidth, Math.round((length / thickness) * lineHeight)));
  const line = warpQuad(image, grown, width, lineHeight);
  const padded = new Uint8Array((width + 2 * margin) * (lineHeight + 2 * margin)).fill(255);
  for (let y = 0; y < lineHeight; y++) {
    padded.set(line.data.subarray(y * width, (y + 1) * width), (y + margin) * (width + 2 * margin) + margin);
  }
  return { data: padded, width: width + 2 * margin, height: lineHeight + 2 * margin };
}

/** The quad grown by `share` of its thickness on every side. */
function grownBy(quad: Quad, share: number): Quad {
  const [tl, tr, br, bl] = quad;
  const thickness = (distance(tl, bl) + distance(tr, br)) / 2;
  const length = Math.max(1e-9, (distance(tl, tr) + distance(bl, br)) / 2);
  return padQuad(quad, (share * thickness) / length, share);
}

/** A binary PGM (P5) file, a format Tesseract's image library reads without a codec. */
function portableGraymap(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const file = new Uint8Array(header.length + image.data.length);
  file.set(header, 0);
  file.set(image.data, header.length);
  return file;
}
