// Classical MRZ locator. An MRZ is two or three long, parallel, equally long lines of dense characters
// at a fixed spacing. Dark fine detail is isolated with a black-hat filter, characters are joined into line
// blobs by a closing along the line direction (horizontal and vertical are both tried, which covers the
// four right-angle rotations with +-20 degrees of tilt), and the blobs are grouped into 2-3-line stacks.
// The result only proposes regions; the recogniser and the check digits decide.
import { type GrayImage, shrinkGray } from '../image/raster.js';
import { type Cv, opencv, withMats } from './opencv.js';
import type { Point, Quad } from './quad.js';

export interface LineBlob {
  readonly center: Point;
  /** Unit vector along the line, pointing to +x (or +y for vertical lines); reading direction is unknown. */
  readonly axis: Point;
  readonly length: number;
  readonly thickness: number;
}

export interface MrzRegion {
  /** Lines in stack order along the axis normal (not yet reading order), in full-resolution coordinates. */
  readonly lines: readonly LineBlob[];
  readonly score: number;
}

/** Longest side of the coarse search image; `locateMrzRegions(image, 'fine')` works at twice that. */
const coarseSide = 800;
const minAspect = 7;
/** Closing length that joins neighbouring characters (and a broken '1' or '<') into one line blob. */
const joinLength = 17;

/** Integer shrink factor of each search pass; the fine pass exists only for large images. */
export function searchFactors(width: number, height: number): { coarse: number; fine: number | null } {
  const coarse = Math.max(1, Math.ceil(Math.max(width, height) / coarseSide));
  const fine = Math.floor(coarse / 2);
  return { coarse, fine: fine >= 1 && fine < coarse ? fine : null };
}

/** Candidate MRZ regions, best first, searched on the image shrunk by `factor`. */
export function locateMrzRegions(gray: GrayImage, factor: number): MrzRegion[] {
  const cv = opencv();
  const small = shrinkGray(gray, factor);
  const blobs = findLineBlobs(cv, small).map((blob) => scaleBlob(blob, gray.width / small.width));
  return dedupeRegions(groupIntoRegions(mergeCollinear(blobs))).sort((a, b) => b.score - a.score);
}

function findLineBlobs(cv: Cv, gray: GrayImage): LineBlob[] {
  return withMats((track) => {
    const work = track(new cv.Mat(gray.height, gray.width, cv.CV_8UC1));
    work.data.set(gray.data);
    const hat = track(new cv.Mat());
    const hatKernel = track(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(15, 15)));
    cv.morphologyEx(work, hat, cv.MORPH_BLACKHAT, hatKernel);
    const mask = track(new cv.Mat());
    cv.threshold(hat, mask, 0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);
    const minLength = 0.12 * Math.max(work.cols, work.rows);
    const blobs: LineBlob[] = [];
    for (const vertical of [false, true]) {
      const closed = track(new cv.Mat());
      const joinKernel = track(
        cv.getStructuringElement(
          cv.MORPH_RECT,
          vertical ? new cv.Size(1, joinLength) : new cv.Size(joinLength, 1),
        ),
      );
      cv.morphologyEx(mask, closed, cv.MORPH_CLOSE, joinKernel);
      const openKernel = track(
        cv.getStructuringElement(cv.MORPH_RECT, vertical ? new cv.Size(3, 1) : new cv.Size(1, 3)),
      );
      cv.morphologyEx(closed, closed, cv.MORPH_OPEN, openKernel);
      const contours = track(new cv.MatVector());
      const hierarchy = track(new cv.Mat());
      cv.findContours(closed, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
      for (let i = 0; i < contours.size(); i++) {
        const contour = contours.get(i);
        try {
          const blob = blobFromContour(cv, contour, minLength, vertical);
          if (blob) blobs.push(blob);
        } finally {
          contour.delete();
        }
      }
    }
    return blobs;
  });
}

function blobFromContour(
  cv: Cv,
  contour: InstanceType<Cv['Mat']>,
  minLength: number,
  vertical: boolean,
): LineBlob | null {
  const bounds = cv.boundingRect(contour);
  if (Math.max(bounds.width, bounds.height) < minLength) return null;
  const rect = cv.minAreaRect(contour);
  const theta = (rect.angle * Math.PI) / 180;
  const wAxis = { x: Math.cos(theta), y: Math.sin(theta) };
  const hAxis = { x: -Math.sin(theta), y: Math.cos(theta) };
  const wide = rect.size.width >= rect.size.height;
  let axis = wide ? wAxis : hAxis;
  const length = Math.max(rect.size.width, rect.size.height);
  const thickness = Math.max(1, Math.min(rect.size.width, rect.size.height));
  if (length < minLength || length / thickness < minAspect) return null;
  // A line joined by a horizontal kernel must run roughly horizontally, and likewise for vertical.
  if (vertical ? Math.abs(axis.y) < 0.85 : Math.abs(axis.x) < 0.85) return null;
  const fill = cv.contourArea(contour) / (rect.size.width * rect.size.height);
  if (fill < 0.45) return null;
  if (vertical ? axis.y < 0 : axis.x < 0) axis = { x: -axis.x, y: -axis.y };
  return { center: { x: rect.center.x, y: rect.center.y }, axis, length, thickness };
}

function scaleBlob(blob: LineBlob, factor: number): LineBlob {
  return {
    center: { x: blob.center.x * factor, y: blob.center.y * factor },
    axis: blob.axis,
    length: blob.length * factor,
    thickness: blob.thickness * factor,
  };
}

/** Pieces of one text line broken at a wide gap are joined back into one blob. */
function mergeCollinear(input: readonly LineBlob[]): LineBlob[] {
  const blobs = [...input];
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < blobs.length; i++) {
      for (let j = i + 1; j < blobs.length; j++) {
        const joined = joinIfCollinear(blobs[i]!, blobs[j]!);
        if (joined) {
          blobs.splice(j, 1);
          blobs[i] = joined;
          merged = true;
          break outer;
        }
      }
    }
  }
  return blobs;
}

function joinIfCollinear(a: LineBlob, b: LineBlob): LineBlob | null {
  const cos = Math.abs(a.axis.x * b.axis.x + a.axis.y * b.axis.y);
  if (cos < Math.cos((4 * Math.PI) / 180)) return null;
  const thick = Math.max(a.thickness, b.thickness);
  if (Math.min(a.thickness, b.thickness) < 0.5 * thick) return null;
  const dx = b.center.x - a.center.x;
  const dy = b.center.y - a.center.y;
  const across = Math.abs(dx * -a.axis.y + dy * a.axis.x);
  if (across > 0.45 * thick) return null;
  const along = dx * a.axis.x + dy * a.axis.y;
  const start = Math.min(-a.length / 2, along - b.length / 2);
  const end = Math.max(a.length / 2, along + b.length / 2);
  const gap = Math.abs(along) - (a.length + b.length) / 2;
  if (gap > 2.5 * thick) return null;
  const mid = (start + end) / 2;
  return {
    center: { x: a.center.x + a.axis.x * mid, y: a.center.y + a.axis.y * mid },
    axis: a.axis,
    length: end - start,
    thickness: (a.thickness * a.length + b.thickness * b.length) / (a.length + b.length),
  };
}

/** Stacks of 2 or 3 parallel lines of similar length, overlapping along the axis, evenly spaced. */
function groupIntoRegions(blobs: readonly LineBlob[]): MrzRegion[] {
  const regions: MrzRegion[] = [];
  const ordered = [...blobs].sort((a, b) => b.length - a.length);
  for (let i = 0; i < ordered.length; i++) {
    const base = ordered[i]!;
    const normal = { x: -base.axis.y, y: base.axis.x };
    const mates = ordered.filter((other) => other !== base && compatible(base, other));
    const offset = (b: LineBlob): number =>
      (b.center.x - base.center.x) * normal.x + (b.center.y - base.center.y) * normal.y;
    const stack = [base, ...mates].sort((a, b) => offset(a) - offset(b));
    for (const count of [3, 2]) {
      for (let start = 0; start + count <= stack.length; start++) {
        const lines = stack.slice(start, start + count);
        if (!lines.includes(base)) continue;
        const score = stackScore(lines, offset);
        if (score > 0) regions.push({ lines, score });
      }
    }
  }
  return regions;
}

function compatible(a: LineBlob, b: LineBlob): boolean {
  const cos = Math.abs(a.axis.x * b.axis.x + a.axis.y * b.axis.y);
  if (cos < Math.cos((6 * Math.PI) / 180)) return false;
  const ratio = Math.min(a.length, b.length) / Math.max(a.length, b.length);
  if (ratio < 0.6) return false;
  const along = (b.center.x - a.center.x) * a.axis.x + (b.center.y - a.center.y) * a.axis.y;
  const overlap =
    Math.min(a.length / 2, along + b.length / 2) - Math.max(-a.length / 2, along - b.length / 2);
  if (overlap < 0.6 * Math.min(a.length, b.length)) return false;
  const across = Math.abs((b.center.x - a.center.x) * -a.axis.y + (b.center.y - a.center.y) * a.axis.x);
  const thick = Math.max(a.thickness, b.thickness);
  return across > 1.1 * thick && across < 6 * thick;
}

function stackScore(lines: readonly LineBlob[], offset: (b: LineBlob) => number): number {
  const gaps: number[] = [];
  for (let k = 1; k < lines.length; k++) gaps.push(offset(lines[k]!) - offset(lines[k - 1]!));
  const thickness = Math.max(...lines.map((l) => l.thickness));
  for (const gap of gaps) if (gap < 1.1 * thickness || gap > 4 * thickness) return 0;
  if (gaps.length === 2) {
    const even = Math.min(gaps[0]!, gaps[1]!) / Math.max(gaps[0]!, gaps[1]!);
    if (even < 0.75) return 0;
  }
  const lengths = lines.map((l) => l.length);
  const evenLength = Math.min(...lengths) / Math.max(...lengths);
  const aspect = Math.min(...lines.map((l) => l.length / l.thickness));
  return lengths.reduce((s, v) => s + v, 0) * evenLength * Math.min(1, aspect / 20);
}

function dedupeRegions(regions: readonly MrzRegion[]): MrzRegion[] {
  const kept: MrzRegion[] = [];
  for (const region of [...regions].sort((a, b) => b.score - a.score)) {
    const same = kept.some(
      (k) =>
        k.lines.length === region.lines.length &&
        k.lines.every((line, i) => nearSameLine(line, region.lines[i]!)),
    );
    if (!same) kept.push(region);
  }
  return kept;
}

function nearSameLine(a: LineBlob, b: LineBlob): boolean {
  return (
    Math.hypot(a.center.x - b.center.x, a.center.y - b.center.y) < 0.5 * Math.max(a.thickness, b.thickness)
  );
}

/** Quad of a line blob, padded, in the blob's axis direction (reading direction still unresolved). */
export function blobQuad(blob: LineBlob, padAlong: number, padAcross: number): Quad {
  const { center, axis } = blob;
  const normal = { x: -axis.y, y: axis.x };
  const h = blob.length / 2 + padAlong;
  const v = blob.thickness / 2 + padAcross;
  const at = (sa: number, sn: number): Point => ({
    x: center.x + axis.x * sa * h + normal.x * sn * v,
    y: center.y + axis.y * sa * h + normal.y * sn * v,
  });
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}
