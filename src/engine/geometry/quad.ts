// Points and quadrilaterals. A line quad is ordered in reading direction: top-left, top-right,
// bottom-right, bottom-left of the text as a reader sees it (so for upside-down text, top-left is the
// image's bottom-right corner).

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type Quad = readonly [Point, Point, Point, Point];

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function lerp(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

export function scaleQuad(quad: Quad, factor: number): Quad {
  return quad.map((p) => ({ x: p.x * factor, y: p.y * factor })) as unknown as Quad;
}

/** Same region seen from the other side: reading direction turned by 180 degrees. */
export function turnQuad(quad: Quad): Quad {
  return [quad[2], quad[3], quad[0], quad[1]];
}

/** Reading direction reversed left-right (a mirrored scan). */
export function mirrorQuad(quad: Quad): Quad {
  return [quad[1], quad[0], quad[3], quad[2]];
}

/** Grows a quad along its own axes: `dx` of its length at each end, `dy` of its height above and below. */
export function padQuad(quad: Quad, dx: number, dy: number): Quad {
  const [tl, tr, br, bl] = quad;
  const along = { x: (tr.x - tl.x + br.x - bl.x) / 2, y: (tr.y - tl.y + br.y - bl.y) / 2 };
  const across = { x: (bl.x - tl.x + br.x - tr.x) / 2, y: (bl.y - tl.y + br.y - tr.y) / 2 };
  const shift = (p: Point, sx: number, sy: number): Point => ({
    x: p.x + along.x * sx + across.x * sy,
    y: p.y + along.y * sx + across.y * sy,
  });
  return [shift(tl, -dx, -dy), shift(tr, dx, -dy), shift(br, dx, dy), shift(bl, -dx, dy)];
}

/** Reading-direction angle of a quad in degrees, 0 = left to right, counter-clockwise positive (y down). */
export function quadAngle(quad: Quad): number {
  const [tl, tr, br, bl] = quad;
  const dx = tr.x - tl.x + br.x - bl.x;
  const dy = tr.y - tl.y + br.y - bl.y;
  return (-Math.atan2(dy, dx) * 180) / Math.PI;
}

export function roundQuad(quad: Quad): Quad {
  return quad.map((p) => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 })) as unknown as Quad;
}
