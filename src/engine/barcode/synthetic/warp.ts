import type { Point } from '../types.js';

// Projective warp of a raster, to imitate a card photographed at an angle.

/** 3x3 homography, row-major, h[8] = 1. */
export type Homography = readonly number[];

/** The homography taking the four `from` points onto the four `to` points. */
export function homography(from: readonly Point[], to: readonly Point[]): Homography {
  // Solve the 8x8 system A h = b by Gaussian elimination.
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-12) throw new RangeError('degenerate quadrilateral');
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      for (let c = col; c < 9; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return [...a.map((row, i) => row[8]! / row[i]!), 1];
}

export function project(h: Homography, p: Point): Point {
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

/**
 * Warps an interleaved 8-bit raster so that its corners land on `corners` (TL, TR, BR, BL) of an
 * output of the given size; uncovered pixels get `fill`. Bilinear sampling.
 */
export function warpPerspective(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  corners: readonly Point[],
  outWidth: number,
  outHeight: number,
  fill: readonly number[],
): Uint8Array {
  const srcCorners = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
  const inverse = homography(corners, srcCorners);
  const out = new Uint8Array(outWidth * outHeight * channels);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const s = project(inverse, { x: x + 0.5, y: y + 0.5 });
      const sx = s.x - 0.5;
      const sy = s.y - 0.5;
      const o = (y * outWidth + x) * channels;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1) {
        for (let c = 0; c < channels; c++) out[o + c] = fill[c] ?? 0;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i00 = (y0 * width + x0) * channels;
      const i10 = i00 + channels;
      const i01 = i00 + width * channels;
      const i11 = i01 + channels;
      for (let c = 0; c < channels; c++) {
        const top = src[i00 + c]! * (1 - fx) + src[i10 + c]! * fx;
        const bottom = src[i01 + c]! * (1 - fx) + src[i11 + c]! * fx;
        out[o + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return out;
}
