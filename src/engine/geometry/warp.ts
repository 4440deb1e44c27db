// Cuts a quadrilateral out of a gray image into an upright rectangle of a chosen size. Plain bilinear
// sampling with a box prefilter when shrinking, so small crops of large photos do not alias.
import type { GrayImage } from '../image/raster.js';
import type { Point, Quad } from './quad.js';

/** Maps unit coordinates (s along the line, t across it, both 0..1) to image coordinates. */
export type FrameMap = (s: number, t: number) => Point;

/** The bilinear map of a quad (tl, tr, br, bl): exact for parallelograms. */
export function quadMap(quad: Quad): FrameMap {
  const [tl, tr, br, bl] = quad;
  return (s, t) => {
    const top = mix(tl, tr, s);
    const bottom = mix(bl, br, s);
    return mix(top, bottom, t);
  };
}

/**
 * Tap columns between two exact evaluations of a frame map. Frame maps are smooth (a homography, a
 * one-dimensional projective stretch): over a few pixels of the photo a straight line between two exact
 * points is off by far less than a hundredth of a pixel, and calling the map for every tap of the
 * prefilter was most of the cost of a line crop.
 */
const knotSpacing = 8;

/** Samples the region `map` describes into a `width` x `height` image (box prefilter when shrinking). */
export function warpMap(image: GrayImage, map: FrameMap, width: number, height: number): GrayImage {
  const a = map(0, 0);
  const b = map(1, 0);
  const c = map(0, 1);
  const spanX = Math.hypot(b.x - a.x, b.y - a.y) / width;
  const spanY = Math.hypot(c.x - a.x, c.y - a.y) / height;
  const taps = tapsFor(spanX, spanY);
  const columns = width * taps;
  return sampleGrid(image, width, height, taps, (t, xs, ys) => {
    let previous = map(0.5 / columns, t);
    xs[0] = previous.x;
    ys[0] = previous.y;
    for (let knot = 0; knot < columns - 1; knot += knotSpacing) {
      const next = Math.min(knot + knotSpacing, columns - 1);
      const point = map((next + 0.5) / columns, t);
      const steps = next - knot;
      for (let k = 1; k <= steps; k++) {
        const f = k / steps;
        xs[knot + k] = previous.x + (point.x - previous.x) * f;
        ys[knot + k] = previous.y + (point.y - previous.y) * f;
      }
      previous = point;
    }
  });
}

/**
 * Samples `quad` (tl, tr, br, bl) into a `width` x `height` image. The mapping is bilinear in the quad's
 * corners, which is exact for parallelograms and close for the mild perspective of a single text line.
 */
export function warpQuad(image: GrayImage, quad: Quad, width: number, height: number): GrayImage {
  const [tl, tr, br, bl] = quad;
  const spanX = Math.max(Math.hypot(tr.x - tl.x, tr.y - tl.y), Math.hypot(br.x - bl.x, br.y - bl.y)) / width;
  const spanY = Math.max(Math.hypot(bl.x - tl.x, bl.y - tl.y), Math.hypot(br.x - tr.x, br.y - tr.y)) / height;
  const taps = tapsFor(spanX, spanY);
  const columns = width * taps;
  // Along one row of taps the bilinear map is linear: its points are spaced evenly between the row's ends.
  return sampleGrid(image, width, height, taps, (t, xs, ys) => {
    const left = mix(tl, bl, t);
    const right = mix(tr, br, t);
    const dx = (right.x - left.x) / columns;
    const dy = (right.y - left.y) / columns;
    for (let k = 0; k < columns; k++) {
      xs[k] = left.x + dx * (k + 0.5);
      ys[k] = left.y + dy * (k + 0.5);
    }
  });
}

/** Prefilter taps per output pixel and axis: one when not shrinking, at most four. */
function tapsFor(spanX: number, spanY: number): number {
  return Math.min(4, Math.max(1, Math.ceil(Math.max(spanX, spanY) - 0.25)));
}

/** Fills the image coordinates of one row of taps at cross coordinate `t` (tap k is at s = (k + 0.5) / n). */
type TapRow = (t: number, xs: Float64Array, ys: Float64Array) => void;

/**
 * The box prefilter over a grid of `taps` x `taps` bilinear samples per output pixel. Tap rows are
 * filled one at a time, so the source coordinates of a tap are computed once and never allocated.
 */
function sampleGrid(image: GrayImage, width: number, height: number, taps: number, row: TapRow): GrayImage {
  const out = new Uint8Array(width * height);
  const columns = width * taps;
  const rows = height * taps;
  const xs = new Float64Array(columns);
  const ys = new Float64Array(columns);
  const sums = new Float64Array(width);
  const inv = 1 / (taps * taps);
  const { data, width: sourceWidth, height: sourceHeight } = image;
  const maxX = sourceWidth - 1;
  const maxY = sourceHeight - 1;
  for (let r = 0; r < rows; r++) {
    row((r + 0.5) / rows, xs, ys);
    for (let k = 0; k < columns; k++) {
      // Bilinear read with edge replication outside the image (pixel centres at +0.5).
      const x = Math.min(Math.max(xs[k]! - 0.5, 0), maxX);
      const y = Math.min(Math.max(ys[k]! - 0.5, 0), maxY);
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = x0 < maxX ? x0 + 1 : x0;
      const r0 = y0 * sourceWidth;
      const r1 = y0 < maxY ? r0 + sourceWidth : r0;
      const fx = x - x0;
      const top = data[r0 + x0]! + (data[r0 + x1]! - data[r0 + x0]!) * fx;
      const bottom = data[r1 + x0]! + (data[r1 + x1]! - data[r1 + x0]!) * fx;
      sums[(k / taps) | 0]! += top + (bottom - top) * (y - y0);
    }
    if ((r + 1) % taps === 0) {
      const base = ((r + 1) / taps - 1) * width;
      for (let x = 0; x < width; x++) {
        out[base + x] = Math.round(sums[x]! * inv);
        sums[x] = 0;
      }
    }
  }
  return { data: out, width, height };
}

function mix(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}
