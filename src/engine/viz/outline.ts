// The document's outline in a photo: the largest convex four-cornered contour of the edge map that
// covers a sensible share of the image. A scan or a tight crop has no visible outline; then the whole
// image is the document.
import { opencv, withMats } from '../geometry/opencv.js';
import type { Point, Quad } from '../geometry/quad.js';
import { type GrayImage, shrinkGray } from '../image/raster.js';

/** Side of the analysis copy. */
const workSide = 640;

export interface Outline {
  /** Corners in the input image: top-left, top-right, bottom-right, bottom-left as they appear there. */
  readonly quad: Quad;
  /** Share of the image area inside the outline. */
  readonly coverage: number;
}

/** Call `loadOpenCv()` once before. Returns null when no plausible outline is visible. */
export function findDocumentOutline(gray: GrayImage): Outline | null {
  const factor = Math.max(1, Math.floor(Math.max(gray.width, gray.height) / workSide));
  const small = shrinkGray(gray, factor);
  const scale = gray.width / small.width;
  const cv = opencv();
  const quad = withMats((track) => {
    const src = track(new cv.Mat(small.height, small.width, cv.CV_8UC1));
    src.data.set(small.data);
    const blurred = track(new cv.Mat());
    cv.GaussianBlur(src, blurred, new cv.Size(5, 5), 0);
    const edges = track(new cv.Mat());
    cv.Canny(blurred, edges, 30, 90);
    const kernel = track(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3)));
    cv.dilate(edges, edges, kernel);
    const contours = track(new cv.MatVector());
    const hierarchy = track(new cv.Mat());
    cv.findContours(edges, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
    const imageArea = small.width * small.height;
    let best: { points: Point[]; area: number } | null = null;
    for (let i = 0; i < contours.size(); i++) {
      const contour = contours.get(i);
      const hull = new cv.Mat();
      const approx = new cv.Mat();
      try {
        cv.convexHull(contour, hull, false, true);
        const perimeter = cv.arcLength(hull, true);
        cv.approxPolyDP(hull, approx, 0.02 * perimeter, true);
        if (approx.rows !== 4) continue;
        const area = cv.contourArea(approx);
        if (area < 0.2 * imageArea || area > 0.97 * imageArea) continue;
        if (best && area <= best.area) continue;
        const d = approx.data32S;
        const points = [0, 1, 2, 3].map((k) => ({ x: d[2 * k]!, y: d[2 * k + 1]! }));
        if (!plausibleCard(points)) continue;
        best = { points, area };
      } finally {
        contour.delete();
        hull.delete();
        approx.delete();
      }
    }
    if (!best) return null;
    return {
      quad: orderCorners(best.points.map((p) => ({ x: p.x * scale, y: p.y * scale }))),
      area: best.area,
    };
  });
  if (!quad) return null;
  return { quad: quad.quad, coverage: quad.area / (small.width * small.height) };
}

/** Opposite sides of similar length and corners not far from right angles: a card seen at an angle. */
function plausibleCard(points: readonly Point[]): boolean {
  const side = (i: number): number => {
    const a = points[i]!;
    const b = points[(i + 1) % 4]!;
    return Math.hypot(a.x - b.x, a.y - b.y);
  };
  const s = [0, 1, 2, 3].map(side);
  const ratio = (a: number, b: number): number => Math.min(a, b) / Math.max(a, b);
  if (ratio(s[0]!, s[2]!) < 0.6 || ratio(s[1]!, s[3]!) < 0.6) return false;
  const aspect = (s[0]! + s[2]!) / (s[1]! + s[3]!);
  return aspect > 0.45 && aspect < 2.3;
}

/** Orders four corners as they appear in the image: top-left first, then clockwise. */
export function orderCorners(points: readonly Point[]): Quad {
  const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
  const sorted = [...points].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
  // atan2 order from -pi: the top-left corner has the angle nearest -3pi/4.
  let start = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  sorted.forEach((p, i) => {
    const d = p.x + p.y;
    if (d < bestDistance) {
      bestDistance = d;
      start = i;
    }
  });
  return [0, 1, 2, 3].map((k) => sorted[(start + k) % 4]!) as unknown as Quad;
}
