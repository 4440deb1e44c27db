// PP-OCR DB text detection of a whole page: the model paints a text-probability map; connected regions
// above the binarisation threshold become line boxes (minimum-area rectangles, grown back by the DB
// "unclip" margin because the model is trained to paint a shrunken core of each line).
import { opencv, withMats } from '../geometry/opencv.js';
import type { Point, Quad } from '../geometry/quad.js';
import type { RgbImage } from '../image/raster.js';
import { ort, session } from './sessions.js';

export interface DetectedLine {
  /** The line in the input image, in reading order for horizontal text (tl, tr, br, bl). */
  readonly quad: Quad;
  /** Mean text probability inside the box, 0..1. */
  readonly score: number;
}

export interface DetectOptions {
  /** Longest side the model sees (multiple of 32); larger images are scaled down. Default 960. */
  readonly maxSide?: number;
  /** Probability above which a pixel is text. */
  readonly threshold?: number;
  /** Mean probability a box needs to be kept. */
  readonly boxThreshold?: number;
  /** How far the shrunken core is grown back: area * ratio / perimeter. */
  readonly unclipRatio?: number;
  /**
   * The part of the image to look at (image pixels), when the rest holds no text to read. The model sees it
   * on the whole image's grid, cut to whole 32-pixel blocks around it, so the lines found in it are those a
   * run on the whole image finds there; the run costs in proportion to the part.
   */
  readonly within?: {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
  };
}

// ImageNet statistics the PP-OCR detector was trained with, in its BGR channel order.
const mean = [0.406, 0.456, 0.485] as const;
const std = [0.225, 0.224, 0.229] as const;

/** Detects text lines; call `loadOpenCv()` once before. */
export async function detectTextLines(image: RgbImage, options: DetectOptions = {}): Promise<DetectedLine[]> {
  const maxSide = options.maxSide ?? 960;
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(32, Math.round((image.width * scale) / 32) * 32);
  const height = Math.max(32, Math.round((image.height * scale) / 32) * 32);
  const sx = image.width / width;
  const sy = image.height / height;
  const block = (v: number, size: number, step: number, round: (x: number) => number): number =>
    clamp(round(v / step / 32) * 32, 0, size);
  const within = options.within;
  const grid: Window = within
    ? {
        left: block(within.left, width, sx, Math.floor),
        top: block(within.top, height, sy, Math.floor),
        right: block(within.right, width, sx, Math.ceil),
        bottom: block(within.bottom, height, sy, Math.ceil),
      }
    : { left: 0, top: 0, right: width, bottom: height };
  const w = grid.right - grid.left;
  const h = grid.bottom - grid.top;
  if (w <= 0 || h <= 0) return [];
  const input = toInput(image, width, height, grid);
  const det = await session('detection');
  const tensor = new ort.Tensor('float32', input, [1, 3, h, w]);
  const output = (await det.run({ [det.inputNames[0]!]: tensor }))[det.outputNames[0]!]!;
  const probability = output.data as Float32Array;
  return boxesFromMap(probability, w, h, options).map((line) => ({
    score: line.score,
    quad: line.quad.map((p) => ({
      x: clamp((p.x + grid.left) * sx, 0, image.width),
      y: clamp((p.y + grid.top) * sy, 0, image.height),
    })) as unknown as Quad,
  }));
}

/** A window of the model's input grid (cells, right and bottom exclusive). */
interface Window {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * Area-averaged resize into the model's normalised CHW (BGR) layout: the cells of `grid` of the image
 * resized to `width` x `height`.
 */
function toInput(image: RgbImage, width: number, height: number, grid: Window): Float32Array {
  const gridWidth = grid.right - grid.left;
  const plane = gridWidth * (grid.bottom - grid.top);
  const out = new Float32Array(3 * plane);
  const fx = image.width / width;
  const fy = image.height / height;
  const src = image.data;
  // Each output column's source columns, sampled on at most 3 of them (the same for every row): fast and
  // alias-free enough for detection.
  const columnStart = new Int32Array(gridWidth);
  const columnEnd = new Int32Array(gridWidth);
  const columnStep = new Int32Array(gridWidth);
  for (let c = 0; c < gridWidth; c++) {
    const x = grid.left + c;
    const x0 = Math.floor(x * fx);
    const x1 = Math.max(x0 + 1, Math.min(image.width, Math.floor((x + 1) * fx)));
    columnStart[c] = x0;
    columnEnd[c] = x1;
    columnStep[c] = Math.max(1, Math.floor((x1 - x0) / 3));
  }
  // Each channel's normalisation of the mean of n samples, by table: sum / n / 255, less the mean, over std.
  const scale = [1 / (255 * std[0]), 1 / (255 * std[1]), 1 / (255 * std[2])] as const;
  const shift = [mean[0] / std[0], mean[1] / std[1], mean[2] / std[2]] as const;
  for (let row = grid.top; row < grid.bottom; row++) {
    const y0 = Math.floor(row * fy);
    const y1 = Math.max(y0 + 1, Math.min(image.height, Math.floor((row + 1) * fy)));
    const stepY = Math.max(1, Math.floor((y1 - y0) / 3));
    for (let c = 0; c < gridWidth; c++) {
      const x0 = columnStart[c]!;
      const x1 = columnEnd[c]!;
      const stepX = columnStep[c]!;
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let yy = y0; yy < y1; yy += stepY) {
        const row = yy * image.width;
        for (let xx = x0; xx < x1; xx += stepX) {
          const i = (row + xx) * 3;
          r += src[i]!;
          g += src[i + 1]!;
          b += src[i + 2]!;
          n++;
        }
      }
      const i = (row - grid.top) * gridWidth + c;
      out[i] = (b / n) * scale[0] - shift[0];
      out[i + plane] = (g / n) * scale[1] - shift[1];
      out[i + 2 * plane] = (r / n) * scale[2] - shift[2];
    }
  }
  return out;
}

function boxesFromMap(
  probability: Float32Array,
  width: number,
  height: number,
  options: DetectOptions,
): DetectedLine[] {
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.55;
  const unclipRatio = options.unclipRatio ?? 1.6;
  const cv = opencv();
  return withMats((track) => {
    const bitmap = track(new cv.Mat(height, width, cv.CV_8UC1));
    const bits = bitmap.data;
    for (let i = 0; i < probability.length; i++) bits[i] = probability[i]! > threshold ? 255 : 0;
    const contours = track(new cv.MatVector());
    const hierarchy = track(new cv.Mat());
    cv.findContours(bitmap, contours, hierarchy, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE);
    const lines: DetectedLine[] = [];
    for (let c = 0; c < contours.size(); c++) {
      const contour = contours.get(c);
      try {
        if (contour.rows < 3) continue;
        const rect = cv.minAreaRect(contour);
        const shortSide = Math.min(rect.size.width, rect.size.height);
        if (shortSide < 2) continue;
        const score = meanInside(probability, width, height, contour);
        if (score < boxThreshold) continue;
        const area = cv.contourArea(contour);
        const perimeter = cv.arcLength(contour, true);
        if (perimeter <= 0) continue;
        const grow = (area * unclipRatio) / perimeter;
        const w = rect.size.width + 2 * grow;
        const h = rect.size.height + 2 * grow;
        if (Math.min(w, h) < 4) continue;
        lines.push({ quad: orderedQuad(rect.center, w, h, rect.angle), score });
      } finally {
        contour.delete();
      }
    }
    return lines;
  });
}

/** Mean probability over the contour's filled polygon, approximated by its scanline spans. */
function meanInside(
  probability: Float32Array,
  width: number,
  height: number,
  contour: { data32S: Int32Array },
): number {
  const pts = contour.data32S;
  let minY = height;
  let maxY = 0;
  for (let i = 1; i < pts.length; i += 2) {
    minY = Math.min(minY, pts[i]!);
    maxY = Math.max(maxY, pts[i]!);
  }
  let sum = 0;
  let n = 0;
  const count = pts.length / 2;
  for (let y = minY; y <= maxY; y++) {
    const xs: number[] = [];
    for (let k = 0; k < count; k++) {
      const ax = pts[2 * k]!;
      const ay = pts[2 * k + 1]!;
      const bx = pts[(2 * ((k + 1) % count)) as number]!;
      const by = pts[2 * ((k + 1) % count) + 1]!;
      if (ay === by) {
        if (ay === y) xs.push(ax, bx);
        continue;
      }
      if ((y >= ay && y < by) || (y >= by && y < ay)) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
    }
    if (xs.length < 2) continue;
    const left = Math.max(0, Math.floor(Math.min(...xs)));
    const right = Math.min(width - 1, Math.ceil(Math.max(...xs)));
    const row = y * width;
    for (let x = left; x <= right; x++) {
      sum += probability[row + x]!;
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/**
 * The rectangle's corners ordered for reading: its long side is the text direction, taken left to right
 * (a vertical box reads top to bottom, as rotated text most often does after a quarter turn).
 */
function orderedQuad(center: Point, w: number, h: number, angleDegrees: number): Quad {
  const a = (angleDegrees * Math.PI) / 180;
  let ux = Math.cos(a);
  let uy = Math.sin(a);
  let length = w;
  let thickness = h;
  // The long side is the text direction; a near-square box (a lone letter) reads along the image's x axis.
  const nearSquare = Math.max(w, h) < 1.3 * Math.min(w, h);
  if (nearSquare ? Math.abs(Math.sin(a)) > Math.abs(Math.cos(a)) : h > w) {
    [ux, uy] = [-uy, ux];
    length = h;
    thickness = w;
  }
  // Reading direction: left to right for near-horizontal boxes, top to bottom for near-vertical ones.
  if (Math.abs(ux) >= Math.abs(uy) ? ux < 0 : uy < 0) {
    ux = -ux;
    uy = -uy;
  }
  // Down-the-page normal: the along vector turned clockwise by 90 degrees (y grows downwards).
  const nx = -uy;
  const ny = ux;
  const hl = length / 2;
  const ht = thickness / 2;
  const at = (s: number, t: number): Point => ({
    x: center.x + ux * s * hl + nx * t * ht,
    y: center.y + uy * s * hl + ny * t * ht,
  });
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
