import sharp, { type Sharp } from 'sharp';
import { BarcodeImageError } from './errors.js';
import type { Point, Quad } from './types.js';
import type { RgbaImage } from './zxing-reader.js';

// Greyscale rasters and the few geometric/photometric transforms the decoder retries with. Every
// transformed raster carries the affine map back to the input image's pixel grid, so symbol corners
// are always reported in input coordinates.

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** x_src = a*x + b*y + c, y_src = d*x + e*y + f */
export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 0, 1, 0];

export interface Derived {
  image: GreyImage;
  toSource: Affine;
}

const MAX_INPUT_PIXELS = 64_000_000;

/** Decodes any image sharp reads (JPEG, PNG, WebP, TIFF, GIF, AVIF...), applying EXIF orientation. */
export async function loadGreyImage(input: Uint8Array): Promise<GreyImage> {
  if (input.byteLength === 0) throw new BarcodeImageError('IMAGE_EMPTY', 'image is empty (0 bytes)');
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: firstChannel(data, info.channels), width: info.width, height: info.height };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) {
      throw new BarcodeImageError('IMAGE_TOO_LARGE', `image exceeds ${MAX_INPUT_PIXELS} pixels`);
    }
    throw new BarcodeImageError('IMAGE_UNREADABLE', `image could not be decoded: ${message}`);
  }
}

function firstChannel(data: Buffer, channels: number): Uint8Array {
  if (channels === 1) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels]!;
  return out;
}

async function fromSharp(pipeline: Sharp): Promise<GreyImage> {
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: firstChannel(data, info.channels), width: info.width, height: info.height };
}

function pipelineOf(image: GreyImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

/** Rotates clockwise by `degrees` about the centre onto an enlarged white canvas. */
export async function rotate(image: GreyImage, degrees: number): Promise<Derived> {
  const rotated = await fromSharp(pipelineOf(image).rotate(degrees, { background: '#ffffff' }));
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const [cx, cy] = [image.width / 2, image.height / 2];
  const [ox, oy] = [rotated.width / 2, rotated.height / 2];
  // Inverse of p' = R (p - c) + o with R the clockwise rotation in y-down coordinates.
  return {
    image: rotated,
    toSource: [cos, sin, cx - cos * ox - sin * oy, -sin, cos, cy + sin * ox - cos * oy],
  };
}

export async function scale(image: GreyImage, factor: number): Promise<Derived> {
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const resized = await fromSharp(
    pipelineOf(image).resize(width, height, { kernel: factor > 1 ? 'cubic' : 'lanczos3' }),
  );
  return {
    image: resized,
    toSource: [image.width / resized.width, 0, 0, 0, image.height / resized.height, 0],
  };
}

/** Stretches contrast and sharpens: helps with soft, low-contrast photos of printed codes. */
export async function enhance(image: GreyImage): Promise<Derived> {
  const enhanced = await fromSharp(pipelineOf(image).normalise().sharpen({ sigma: 1.2 }));
  return { image: enhanced, toSource: IDENTITY };
}

export function compose(outer: Affine, inner: Affine): Affine {
  // outer(inner(p)): inner maps derived -> intermediate, outer maps intermediate -> source.
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [
    a1 * a2 + b1 * d2,
    a1 * b2 + b1 * e2,
    a1 * c2 + b1 * f2 + c1,
    d1 * a2 + e1 * d2,
    d1 * b2 + e1 * e2,
    d1 * c2 + e1 * f2 + f1,
  ];
}

export function mapPoint(t: Affine, p: Point): Point {
  return { x: t[0] * p.x + t[1] * p.y + t[2], y: t[3] * p.x + t[4] * p.y + t[5] };
}

export function mapQuad(t: Affine, q: Quad): Quad {
  return {
    topLeft: mapPoint(t, q.topLeft),
    topRight: mapPoint(t, q.topRight),
    bottomRight: mapPoint(t, q.bottomRight),
    bottomLeft: mapPoint(t, q.bottomLeft),
  };
}

export function toRgba(image: GreyImage): RgbaImage {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i++, j += 4) {
    const v = image.data[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  return { data: rgba, width: image.width, height: image.height };
}
