import { detectFacesRaw, type RawFace } from './human-detector.js';
import { cropRgb, padRgb, type Rotation, rotateRgb } from './rgb-image.js';
import type { RgbImage } from './types.js';

export type FaceSource = 'document' | 'selfie';

/** Faces under this detector score are not counted (background noise, patterns). */
export const MIN_FACE_SCORE = 0.5;
/** A second face smaller than this share of the main face's area, on a document, is its ghost image. */
const GHOST_AREA_RATIO = 0.35;

const area = (f: RawFace): number => f.detection.box.width * f.detection.box.height;

function confident(faces: RawFace[]): RawFace[] {
  return faces.filter((f) => f.detection.score >= MIN_FACE_SCORE);
}

async function detectPadded(image: RgbImage, passive: boolean): Promise<RawFace[]> {
  const pad = Math.round(Math.max(image.width, image.height) * 0.25);
  return confident(
    await detectFacesRaw(padRgb(image, pad), {
      passive,
      offset: [-pad, -pad],
      origW: image.width,
      origH: image.height,
    }),
  );
}

/** Overlapping tiles let the detector see a small portrait on a large page at a usable scale. */
async function detectTiles(image: RgbImage): Promise<RawFace[]> {
  const tw = Math.round(image.width * 0.6);
  const th = Math.round(image.height * 0.6);
  for (const [fx, fy] of [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ] as const) {
    const x = fx === 0 ? 0 : image.width - tw;
    const y = fy === 0 ? 0 : image.height - th;
    const tile = cropRgb(image, { x, y, width: tw, height: th });
    const found = confident(
      await detectFacesRaw(tile, { passive: false, offset: [x, y], origW: image.width, origH: image.height }),
    );
    if (found.length > 0) return found;
  }
  return [];
}

/** A face whose box reaches the image edge: its mesh is more accurate found again with a margin around it. */
function touchesEdge(faces: RawFace[], image: RgbImage): boolean {
  const m = 0.02 * Math.max(image.width, image.height);
  return faces.some(
    ({ detection: { box } }) =>
      box.x < m || box.y < m || box.x + box.width > image.width - m || box.y + box.height > image.height - m,
  );
}

async function detectDocument(image: RgbImage): Promise<RawFace[]> {
  const upright = confident(await detectFacesRaw(image, { passive: false }));
  if (upright.length > 0 && !touchesEdge(upright, image)) return upright;
  const padded = await detectPadded(image, false);
  if (padded.length > 0) return padded;
  if (upright.length > 0) return upright;
  // Scans and photos of documents come in any quarter turn; the detector only tolerates moderate roll.
  for (const rotation of [90, 270, 180] as Rotation[]) {
    const turned = rotateRgb(image, rotation);
    const found = confident(
      await detectFacesRaw(turned, { passive: false, rotation, origW: image.width, origH: image.height }),
    );
    if (found.length > 0) return found;
  }
  return detectTiles(image);
}

async function detectSelfie(image: RgbImage): Promise<RawFace[]> {
  const found = confident(await detectFacesRaw(image, { passive: true }));
  if (found.length > 0 && !touchesEdge(found, image)) return found;
  // A face filling the whole frame is only found (well) with a margin around it, and is then "too close".
  const padded = await detectPadded(image, true);
  return padded.length > 0 ? padded : found;
}

export interface FoundFaces {
  /** Every confident face, largest first. */
  readonly faces: RawFace[];
  /** The face to compare: the document's portrait (not its ghost image) or the selfie's largest face. */
  readonly primary: RawFace | null;
}

export async function findFaces(image: RgbImage, source: FaceSource): Promise<FoundFaces> {
  const faces = (source === 'document' ? await detectDocument(image) : await detectSelfie(image)).sort(
    (a, b) => area(b) * b.detection.score - area(a) * a.detection.score,
  );
  const primary = faces[0] ?? null;
  if (source === 'document' && primary) {
    const kept = faces.filter((f) => f === primary || area(f) >= GHOST_AREA_RATIO * area(primary));
    return { faces: kept, primary };
  }
  return { faces, primary };
}
