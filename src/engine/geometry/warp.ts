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

/** Samples the region `map` describes into a `width` x `height` image (box prefilter when shrinking). */
export function warpMap(image: GrayImage, map: FrameMap, width: number, height: number): GrayImage {
  const out = new Uint8Array(width * height);
  const a = map(0, 0);
  const b = map(1, 0);
  const c = map(0, 1);
  const spanX = Math.hypot(b.x - a.x, b.y - a.y) / width;
  const spanY = Math.hypot(c.x - a.x, c.y - a.y) / height;
  const taps = Math.min(4, Math.max(1, Math.ceil(Math.max(spanX, spanY) - 0.25)));
  const inv = 1 / (taps * taps);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let sy = 0; sy < taps; sy++) {
        const t = (y + (sy + 0.5) / taps) / height;
        for (let sx = 0; sx < taps; sx++) {
          const p = map((x + (sx + 0.5) / taps) / width, t);
          sum += bilinear(image, p.x - 0.5, p.y - 0.5);
        }
      }
      out[y * width + x] = Math.round(sum * inv);
    }
  }
  return { data: out, width, height };
}

/**
 * Samples `quad` (tl, tr, br, bl) into a `width` x `height` image. The mapping is bilinear in the quad's
 * corners, which is exact for parallelograms and close for the mild perspective of a single text line.
 */
export function warpQuad(image: GrayImage, quad: Quad, width: number, height: number): GrayImage {
  const [tl, tr, br, bl] = quad;
  const out = new Uint8Array(width * height);
  const spanX = Math.max(Math.hypot(tr.x - tl.x, tr.y - tl.y), Math.hypot(br.x - bl.x, br.y - bl.y)) / width;
  const spanY = Math.max(Math.hypot(bl.x - tl.x, bl.y - tl.y), Math.hypot(br.x - tr.x, br.y - tr.y)) / height;
  const taps = Math.min(4, Math.max(1, Math.ceil(Math.max(spanX, spanY) - 0.25)));
  const inv = 1 / (taps * taps);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let sy = 0; sy < taps; sy++) {
        const v = (y + (sy + 0.5) / taps) / height;
        const left = mix(tl, bl, v);
        const right = mix(tr, br, v);
        for (let sx = 0; sx < taps; sx++) {
          const u = (x + (sx + 0.5) / taps) / width;
          sum += bilinear(
            image,
            left.x + (right.x - left.x) * u - 0.5,
            left.y + (right.y - left.y) * u - 0.5,
          );
        }
      }
      out[y * width + x] = Math.round(sum * inv);
    }
  }
  return { data: out, width, height };
}

function mix(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** Bilinear read with edge replication outside the image. */
function bilinear(image: GrayImage, x: number, y: number): number {
  const { width, height, data } = image;
  const cx = Math.min(Math.max(x, 0), width - 1);
  const cy = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const r0 = y0 * width;
  const r1 = y1 * width;
  const top = data[r0 + x0]! + (data[r0 + x1]! - data[r0 + x0]!) * fx;
  const bottom = data[r1 + x0]! + (data[r1 + x1]! - data[r1 + x0]!) * fx;
  return top + (bottom - top) * fy;
}
