import type { Box, Point, RgbImage } from './types.js';

export type Rotation = 0 | 90 | 180 | 270;

/** Rotates clockwise by a multiple of 90 degrees. */
export function rotateRgb(image: RgbImage, rotation: Rotation): RgbImage {
  if (rotation === 0) return image;
  const { width: w, height: h, data } = image;
  const ow = rotation === 180 ? w : h;
  const oh = rotation === 180 ? h : w;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let nx: number;
      let ny: number;
      if (rotation === 90) {
        nx = h - 1 - y;
        ny = x;
      } else if (rotation === 180) {
        nx = w - 1 - x;
        ny = h - 1 - y;
      } else {
        nx = y;
        ny = w - 1 - x;
      }
      const s = (y * w + x) * 3;
      const d = (ny * ow + nx) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { width: ow, height: oh, data: out };
}

/** Maps a point of the image rotated by `rotation` back into the original image of size w x h. */
export function unrotatePoint(p: Point, rotation: Rotation, w: number, h: number): Point {
  const [x, y] = p;
  if (rotation === 90) return [y, h - 1 - x];
  if (rotation === 180) return [w - 1 - x, h - 1 - y];
  if (rotation === 270) return [w - 1 - y, x];
  return p;
}

export function unrotateBox(box: Box, rotation: Rotation, w: number, h: number): Box {
  const a = unrotatePoint([box.x, box.y], rotation, w, h);
  const b = unrotatePoint([box.x + box.width, box.y + box.height], rotation, w, h);
  return {
    x: Math.min(a[0], b[0]),
    y: Math.min(a[1], b[1]),
    width: Math.abs(b[0] - a[0]),
    height: Math.abs(b[1] - a[1]),
  };
}

/** Adds a uniform grey border: detectors miss faces that fill the whole frame (tight crops). */
export function padRgb(image: RgbImage, pad: number, value = 128): RgbImage {
  const w = image.width + 2 * pad;
  const h = image.height + 2 * pad;
  const out = new Uint8Array(w * h * 3).fill(value);
  for (let y = 0; y < image.height; y++) {
    out.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((y + pad) * w + pad) * 3);
  }
  return { width: w, height: h, data: out };
}

/** Copies a rectangle (clamped to the image). */
export function cropRgb(image: RgbImage, box: Box): RgbImage {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    out.set(
      image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3),
      y * w * 3,
    );
  }
  return { width: w, height: h, data: out };
}

/** Luma (BT.601) of every pixel. */
export function toGrey(image: RgbImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const d = image.data;
  for (let i = 0; i < n; i++) out[i] = 0.299 * d[i * 3]! + 0.587 * d[i * 3 + 1]! + 0.114 * d[i * 3 + 2]!;
  return out;
}
