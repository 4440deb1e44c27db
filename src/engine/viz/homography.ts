// Plane projective maps between the uploaded image and the processed (upright, cropped) document image.
import type { Point, Quad } from '../geometry/quad.js';

/** 3x3 matrix, row-major. */
export type Homography = readonly number[];

export const identity: Homography = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** The homography taking the four `from` points onto the four `to` points. */
export function homographyBetween(from: readonly Point[], to: readonly Point[]): Homography {
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

export function compose(outer: Homography, inner: Homography): Homography {
  const m: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += outer[r * 3 + k]! * inner[k * 3 + c]!;
      m.push(s);
    }
  }
  return m;
}

export function project(h: Homography, p: Point): Point {
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

export function projectQuad(h: Homography, quad: Quad): Quad {
  return quad.map((p) => project(h, p)) as unknown as Quad;
}

/**
 * The map of a clockwise quarter-turn rotation of a `width` x `height` image: a point of the input to
 * the same point of the turned image.
 */
export function rotation(turns: 0 | 90 | 180 | 270, width: number, height: number): Homography {
  switch (turns) {
    case 0:
      return identity;
    case 90:
      return [0, -1, height, 1, 0, 0, 0, 0, 1];
    case 180:
      return [-1, 0, width, 0, -1, height, 0, 0, 1];
    case 270:
      return [0, 1, 0, -1, 0, width, 0, 0, 1];
  }
}

export function invert(h: Homography): Homography {
  const [a, b, c, d, e, f, g, i, j] = h as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const det = a * (e * j - f * i) - b * (d * j - f * g) + c * (d * i - e * g);
  return [
    (e * j - f * i) / det,
    (c * i - b * j) / det,
    (b * f - c * e) / det,
    (f * g - d * j) / det,
    (a * j - c * g) / det,
    (c * d - a * f) / det,
    (d * i - e * g) / det,
    (b * g - a * i) / det,
    (a * e - b * d) / det,
  ];
}
