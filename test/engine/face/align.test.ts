import { describe, expect, it } from 'vitest';
import {
  ARCFACE_TEMPLATE_112,
  applySimilarity,
  estimateSimilarity,
  scaledTemplate,
  warpSimilarity,
} from '../../../src/engine/face/align.js';
import { poseFromLandmarks } from '../../../src/engine/face/pose.js';
import { rotateRgb, unrotatePoint } from '../../../src/engine/face/rgb-image.js';
import type { FivePoints, Point, RgbImage } from '../../../src/engine/face/types.js';

describe('5-point similarity alignment', () => {
  it('recovers a known rotation, scale and shift exactly', () => {
    const angle = 0.4;
    const scale = 2.5;
    const move = (p: Point): Point => [
      scale * (Math.cos(angle) * p[0] - Math.sin(angle) * p[1]) + 30,
      scale * (Math.sin(angle) * p[0] + Math.cos(angle) * p[1]) - 12,
    ];
    const src = ARCFACE_TEMPLATE_112.map(move);
    const m = estimateSimilarity(src, ARCFACE_TEMPLATE_112);
    src.forEach((p, i) => {
      const q = applySimilarity(m, p);
      expect(q[0]).toBeCloseTo(ARCFACE_TEMPLATE_112[i]![0], 6);
      expect(q[1]).toBeCloseTo(ARCFACE_TEMPLATE_112[i]![1], 6);
    });
  });

  it('rejects degenerate input', () => {
    expect(() =>
      estimateSimilarity(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(/coincide/);
    expect(() => estimateSimilarity([[1, 1]], [[0, 0]])).toThrow();
  });

  it('warps pixels to where the transform sends them', () => {
    const image: RgbImage = { width: 20, height: 20, data: new Uint8Array(20 * 20 * 3) };
    image.data.set([255, 0, 0], (5 * 20 + 8) * 3); // a red pixel at (8, 5)
    const out = warpSimilarity(image, { a: 1, b: 0, tx: 2, ty: 3 }, 20);
    expect(Array.from(out.data.subarray((8 * 20 + 10) * 3, (8 * 20 + 10) * 3 + 3))).toEqual([255, 0, 0]);
  });

  it('scales the template about the eyes', () => {
    const t = scaledTemplate(150, 0.346, 0.319);
    expect(t[1][0] - t[0][0]).toBeCloseTo(0.346 * 150, 6);
    expect((t[0][1] + t[1][1]) / 2).toBeCloseTo(0.319 * 150, 6);
  });
});

describe('pose from landmarks', () => {
  it('is frontal on the template and follows a turned nose and a tilted eye line', () => {
    const frontal = poseFromLandmarks(ARCFACE_TEMPLATE_112);
    expect(Math.abs(frontal.yaw)).toBeLessThan(2);
    expect(Math.abs(frontal.roll)).toBeLessThan(1);
    const t = ARCFACE_TEMPLATE_112;
    const turned: FivePoints = [t[0], t[1], [t[2][0] + 12, t[2][1]], t[3], t[4]];
    expect(poseFromLandmarks(turned).yaw).toBeGreaterThan(20);
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const rolled = t.map(([x, y]) => [c * x - s * y, s * x + c * y] as Point) as unknown as FivePoints;
    expect(poseFromLandmarks(rolled).roll - frontal.roll).toBeCloseTo((0.3 * 180) / Math.PI, 3);
  });
});

describe('quarter-turn rotation', () => {
  it('maps points back into the original image', () => {
    const image: RgbImage = { width: 7, height: 4, data: new Uint8Array(7 * 4 * 3) };
    image.data[(1 * 7 + 5) * 3] = 200; // (5, 1)
    for (const rotation of [90, 180, 270] as const) {
      const turned = rotateRgb(image, rotation);
      let at: Point = [-1, -1];
      for (let y = 0; y < turned.height; y++)
        for (let x = 0; x < turned.width; x++)
          if (turned.data[(y * turned.width + x) * 3] === 200) at = [x, y];
      expect(unrotatePoint(at, rotation, 7, 4)).toEqual([5, 1]);
    }
  });
});
