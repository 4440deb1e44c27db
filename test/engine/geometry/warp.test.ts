import { describe, expect, it } from 'vitest';
import { applyHomography, solveHomography } from '../../../src/engine/geometry/homography.js';
import type { Point, Quad } from '../../../src/engine/geometry/quad.js';
import { type FrameMap, quadMap, warpMap, warpQuad } from '../../../src/engine/geometry/warp.js';
import type { GrayImage } from '../../../src/engine/image/raster.js';

/** A textured test image: smooth gradients plus hard-edged blocks, so sampling errors show. */
function texture(width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const block = ((x >> 3) + (y >> 4)) % 2 === 0 ? 90 : 0;
      data[y * width + x] = (block + ((x * 7 + y * 3) % 120) + 20) & 255;
    }
  }
  return { data, width, height };
}

/** The box prefilter by its definition: every tap of every output pixel mapped and sampled on its own. */
function reference(image: GrayImage, map: FrameMap, width: number, height: number, taps: number): GrayImage {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let sy = 0; sy < taps; sy++) {
        for (let sx = 0; sx < taps; sx++) {
          const p = map((x + (sx + 0.5) / taps) / width, (y + (sy + 0.5) / taps) / height);
          sum += bilinear(image, p.x - 0.5, p.y - 0.5);
        }
      }
      out[y * width + x] = Math.round(sum / (taps * taps));
    }
  }
  return { data: out, width, height };
}

function bilinear(image: GrayImage, x: number, y: number): number {
  const cx = Math.min(Math.max(x, 0), image.width - 1);
  const cy = Math.min(Math.max(y, 0), image.height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, image.width - 1);
  const y1 = Math.min(y0 + 1, image.height - 1);
  const at = (px: number, py: number): number => image.data[py * image.width + px]!;
  const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * (cx - x0);
  const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * (cx - x0);
  return top + (bottom - top) * (cy - y0);
}

function maxDifference(a: GrayImage, b: GrayImage): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
  return max;
}

describe('warp', () => {
  const image = texture(900, 600);

  it('samples a tilted quad as the per-tap definition does, shrinking (3x3 taps) and not (1 tap)', () => {
    const quad: Quad = [
      { x: 40.3, y: 80.1 },
      { x: 860.7, y: 130.4 },
      { x: 857.2, y: 245.9 },
      { x: 36.8, y: 195.6 },
    ];
    const shrunk = warpQuad(image, quad, 300, 40);
    expect(maxDifference(shrunk, reference(image, quadMap(quad), 300, 40, 3))).toBeLessThanOrEqual(1);
    const enlarged = warpQuad(image, quad, 1200, 160);
    expect(maxDifference(enlarged, reference(image, quadMap(quad), 1200, 160, 1))).toBeLessThanOrEqual(1);
  });

  it('samples a perspective frame (homography) within one gray level of the per-tap definition', () => {
    const target: [Point, Point, Point, Point] = [
      { x: 30, y: 60 },
      { x: 880, y: 20 },
      { x: 870, y: 300 },
      { x: 50, y: 230 },
    ];
    const h = solveHomography(
      [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 1, y: 1 },
        { x: 0, y: 1 },
      ],
      target,
    );
    const map: FrameMap = (s, t) => applyHomography(h, { x: s, y: t });
    const crop = warpMap(image, map, 420, 48);
    expect(maxDifference(crop, reference(image, map, 420, 48, 4))).toBeLessThanOrEqual(1);
  });

  it('replicates the edge outside the image', () => {
    const quad: Quad = [
      { x: -50, y: -50 },
      { x: 950, y: -50 },
      { x: 950, y: 650 },
      { x: -50, y: 650 },
    ];
    const crop = warpQuad(image, quad, 100, 70);
    expect(maxDifference(crop, reference(image, quadMap(quad), 100, 70, 4))).toBeLessThanOrEqual(1);
  });
});
