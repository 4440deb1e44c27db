import { describe, expect, it } from 'vitest';
import { type GrayImage, rgbToGray, shrinkGray } from '../../../src/engine/image/raster.js';

/** Deterministic noise with some structure (a gradient and stripes), so that box sums differ. */
function pattern(width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const x = i % width;
    data[i] = ((seed >>> 24) + x * 3 + (Math.floor(i / width) % 7) * 20) & 255;
  }
  return { data, width, height };
}

/** The definition: each output pixel is the rounded mean of its f x f source box. */
function boxMean(image: GrayImage, f: number): GrayImage {
  const width = Math.floor(image.width / f);
  const height = Math.floor(image.height / f);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        for (let dx = 0; dx < f; dx++) sum += image.data[(y * f + dy) * image.width + x * f + dx]!;
      }
      data[y * width + x] = Math.round(sum / (f * f));
    }
  }
  return { data, width, height };
}

describe('shrinkGray', () => {
  it('is the rounded box mean for every factor, including sizes that do not divide', () => {
    for (const [w, h] of [
      [97, 61],
      [640, 480],
      [33, 100],
    ] as const) {
      const image = pattern(w, h);
      for (const f of [2, 3, 4, 5, 7]) {
        const shrunk = shrinkGray(image, f);
        const expected = boxMean(image, f);
        expect([shrunk.width, shrunk.height]).toEqual([expected.width, expected.height]);
        expect(Buffer.from(shrunk.data).equals(Buffer.from(expected.data))).toBe(true);
      }
    }
  });

  it('returns the image itself for factor 1 and below', () => {
    const image = pattern(10, 10);
    expect(shrinkGray(image, 1)).toBe(image);
    expect(shrinkGray(image, 0.5)).toBe(image);
  });
});

describe('rgbToGray', () => {
  it('weighs red, green and blue as BT.601 luma', () => {
    const rgb = {
      data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]),
      width: 4,
      height: 1,
    };
    expect([...rgbToGray(rgb).data]).toEqual([76, 149, 28, 255]);
  });
});

describe('rgbToGray on whole images', () => {
  it('gives every pixel its luma, at aligned and unaligned offsets and sizes not divisible by 4', () => {
    for (const [w, h, offset] of [
      [7, 5, 0],
      [64, 3, 0],
      [13, 11, 1],
      [9, 9, 4],
    ] as const) {
      const backing = new Uint8Array(offset + w * h * 3);
      let seed = 99;
      for (let i = 0; i < backing.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        backing[i] = seed >>> 24;
      }
      const data = backing.subarray(offset);
      const gray = rgbToGray({ data, width: w, height: h });
      for (let p = 0; p < w * h; p++) {
        const expected = (77 * data[3 * p]! + 150 * data[3 * p + 1]! + 29 * data[3 * p + 2]!) >> 8;
        expect(gray.data[p]).toBe(expected);
      }
    }
  });
});
