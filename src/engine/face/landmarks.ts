import type { FivePoints, Point } from './types.js';

/** A face mesh as Human returns it: 468 points, or 478 with the two irises (centres at 468 and 473). */
export type Mesh = ReadonlyArray<readonly number[]>;

// MediaPipe face-mesh indices. Side names are the image's side for an upright, unmirrored face.
const LEFT_EYE_CORNERS = [33, 133] as const;
const RIGHT_EYE_CORNERS = [362, 263] as const;
const NOSE_TIP = 4;
const MOUTH_LEFT = 61;
const MOUTH_RIGHT = 291;
// Upper/lower lid pairs and the corners used for the eye aspect ratio.
const LEFT_EYE_LIDS = [
  [159, 145],
  [158, 153],
  [160, 144],
] as const;
const RIGHT_EYE_LIDS = [
  [386, 374],
  [385, 380],
  [387, 373],
] as const;

function at(mesh: Mesh, index: number): Point {
  const p = mesh[index];
  if (!p || p.length < 2) throw new Error(`face mesh has no point ${index}`);
  return [p[0]!, p[1]!];
}

function mean(points: Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p[0];
    y += p[1];
  }
  return [x / points.length, y / points.length];
}

const distance = (p: Point, q: Point): number => Math.hypot(p[0] - q[0], p[1] - q[1]);

/**
 * The five alignment points from a mesh, chosen by anatomy rather than by image position so that they stay
 * correct on faces upside down or turned 90 degrees. Iris centres are used when present: they are what the
 * ArcFace template calls the eye.
 */
export function fivePointsFromMesh(mesh: Mesh): FivePoints {
  let left = mean(LEFT_EYE_CORNERS.map((i) => at(mesh, i)));
  let right = mean(RIGHT_EYE_CORNERS.map((i) => at(mesh, i)));
  if (mesh.length >= 478) {
    const irisA = at(mesh, 468);
    const irisB = at(mesh, 473);
    const aIsLeft = distance(irisA, left) < distance(irisB, left);
    left = aIsLeft ? irisA : irisB;
    right = aIsLeft ? irisB : irisA;
  }
  return [left, right, at(mesh, NOSE_TIP), at(mesh, MOUTH_LEFT), at(mesh, MOUTH_RIGHT)];
}

function aspectRatio(
  mesh: Mesh,
  lids: readonly (readonly [number, number])[],
  corners: readonly number[],
): number {
  const width = distance(at(mesh, corners[0]!), at(mesh, corners[1]!));
  if (width === 0) return 0;
  let gap = 0;
  for (const [upper, lower] of lids) gap += distance(at(mesh, upper), at(mesh, lower));
  return gap / lids.length / width;
}

/** Eye aspect ratios (lid gap over eye width) of both eyes: the blink signal. */
export function eyeOpenness(mesh: Mesh): { left: number; right: number } {
  return {
    left: aspectRatio(mesh, LEFT_EYE_LIDS, LEFT_EYE_CORNERS),
    right: aspectRatio(mesh, RIGHT_EYE_LIDS, RIGHT_EYE_CORNERS),
  };
}

/** Inter-ocular distance in pixels. */
export function eyeDistance(points: FivePoints): number {
  return distance(points[0], points[1]);
}
