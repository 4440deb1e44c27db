// The processed image of one document side: the uploaded image cut to the document's outline, turned
// upright, and read line by line. Every coordinate the visual zone reports refers to this image, and
// `toOriginal` maps it back to the uploaded one.
import type { Point, Quad } from '../geometry/quad.js';
import { warpQuad } from '../geometry/warp.js';
import { type GrayImage, type RgbImage, rgbToGray } from '../image/raster.js';
import { type DetectedLine, detectTextLines } from '../ocr/detector.js';
import { upsideDownProbability } from '../ocr/orientation.js';
import { type RecognizedLine, recognizeText } from '../ocr/text-recognizer.js';
import {
  compose,
  type Homography,
  homographyBetween,
  identity,
  invert,
  projectQuad,
  rotation,
} from './homography.js';
import { findDocumentOutline } from './outline.js';
import { warpQuadImage } from './warp-image.js';

export type QuarterTurn = 0 | 90 | 180 | 270;

export interface PageLine extends RecognizedLine {
  /** Detection score, 0..1. */
  readonly detection: number;
}

export interface Page {
  readonly rgb: RgbImage;
  readonly gray: GrayImage;
  /** Clockwise turn applied to the uploaded image to make the document upright. */
  readonly rotation: QuarterTurn;
  /** The document outline in the uploaded image, null when the document fills the image. */
  readonly outline: Quad | null;
  /** Processed-image point to uploaded-image point. */
  readonly toOriginal: Homography;
  readonly lines: readonly PageLine[];
  /**
   * Lines the detector found (outside the skipped zones), read or not. More than `lines` when some came
   * back empty: printed in a script the recogniser cannot read (Hangul).
   */
  readonly detectedLines: number;
  /** The detected lines whose recognised text came back empty, for a reader of another script. */
  readonly unread: readonly PageLine[];
}

export interface PageOptions {
  /** A rotation already known (from the MRZ); skips the orientation vote. */
  readonly rotation?: QuarterTurn;
  /** Longest side of the processed image. */
  readonly maxSide?: number;
  /** Zones of the upload already read (the MRZ): detected lines inside them are not recognised again. */
  readonly skip?: readonly Quad[];
}

const defaultMaxSide = 1400;

/** Cuts, turns and reads one side. Call `loadOpenCv()` once before. */
export async function readPage(rgb: RgbImage, gray: GrayImage, options: PageOptions = {}): Promise<Page> {
  const outline = findDocumentOutline(gray)?.quad ?? null;
  const maxSide = options.maxSide ?? defaultMaxSide;
  // Upright-but-unturned document image and its map to the upload.
  let flat: RgbImage;
  let flatToOriginal: Homography;
  if (outline) {
    const [tl, tr, br, bl] = outline;
    const w = (dist(tl, tr) + dist(bl, br)) / 2;
    const h = (dist(tl, bl) + dist(tr, br)) / 2;
    const s = Math.min(1, maxSide / Math.max(w, h));
    const width = Math.max(32, Math.round(w * s));
    const height = Math.max(32, Math.round(h * s));
    const target: Quad = [
      { x: 0, y: 0 },
      { x: width, y: 0 },
      { x: width, y: height },
      { x: 0, y: height },
    ];
    flat = warpQuadImage(rgb, outline, width, height);
    flatToOriginal = homographyBetween(target, outline);
  } else {
    const s = Math.min(1, maxSide / Math.max(rgb.width, rgb.height));
    if (s < 1) {
      const width = Math.round(rgb.width * s);
      const height = Math.round(rgb.height * s);
      flat = warpQuadImage(rgb, corners(rgb.width, rgb.height), width, height);
      flatToOriginal = [1 / s, 0, 0, 0, 1 / s, 0, 0, 0, 1];
    } else {
      flat = rgb;
      flatToOriginal = identity;
    }
  }
  const toFlatFromOriginal = invert(flatToOriginal);
  const skipZones = (options.skip ?? []).map((q) => projectQuad(toFlatFromOriginal, q));
  const detected = (await detectOutside(flat, skipZones)).filter(
    (line) => !skipZones.some((zone) => insideQuad(quadCentre(line.quad), zone)),
  );
  let turn: QuarterTurn;
  // The image turned for the orientation vote, kept when the vote leaves the turn as it is.
  let voted: { turn: QuarterTurn; rgb: RgbImage; gray: GrayImage } | null = null;
  if (options.rotation !== undefined) {
    turn = options.rotation;
  } else {
    turn = mostlyVertical(detected) ? 90 : 0;
    const turned = turnLines(detected, turn, flat.width, flat.height);
    const upright = turnRgb(flat, turn);
    voted = { turn, rgb: upright, gray: rgbToGray(upright) };
    if (await upsideDown(voted.gray, turned)) turn = turn === 90 ? 270 : 180;
  }
  const image = voted?.turn === turn ? voted.rgb : turnRgb(flat, turn);
  const toFlat = invert(rotation(turn, flat.width, flat.height));
  const lines = turnLines(detected, turn, flat.width, flat.height);
  const imageGray = voted?.turn === turn ? voted.gray : rgbToGray(image);
  const read = await recognizeText(
    imageGray,
    lines.map((l) => l.quad),
  );
  const all: PageLine[] = read.map((r, i) => ({ ...r, detection: lines[i]!.score }));
  const pageLines = all.filter((l) => l.text.trim().length > 0);
  pageLines.sort(
    (a, b) => quadCentre(a.quad).y - quadCentre(b.quad).y || quadCentre(a.quad).x - quadCentre(b.quad).x,
  );
  return {
    rgb: image,
    gray: imageGray,
    rotation: turn,
    outline,
    toOriginal: compose(flatToOriginal, toFlat),
    lines: pageLines,
    detectedLines: all.length,
    unread: all.filter((l) => l.text.trim().length === 0),
  };
}

/**
 * Detects the text lines of `image` outside the zones already read. A zone that spans the image across at
 * one of its edges (an MRZ at the foot of a card's back or of a passport page, in any quarter turn) is left
 * out of the detector's view, which costs in proportion to the pixels it looks at; the rest is seen on the
 * whole image's grid, so the lines found there are the same.
 */
function detectOutside(image: RgbImage, zones: readonly Quad[]): Promise<DetectedLine[]> {
  let left = 0;
  let top = 0;
  let right = image.width;
  let bottom = image.height;
  for (const zone of zones) {
    const xs = zone.map((p) => p.x);
    const ys = zone.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (x1 - x0 >= edgeZoneSpan * image.width) {
      if (y0 + y1 > image.height) bottom = Math.min(bottom, y0);
      else top = Math.max(top, y1);
    } else if (y1 - y0 >= edgeZoneSpan * image.height) {
      if (x0 + x1 > image.width) right = Math.min(right, x0);
      else left = Math.max(left, x1);
    }
  }
  // A zone covering most of the image leaves too little to cut; the whole image is looked at as before.
  if (right - left < 0.3 * image.width || bottom - top < 0.3 * image.height) return detectTextLines(image);
  return detectTextLines(image, { within: { left, top, right, bottom } });
}

/** Share of the image's width (or height) a zone must span to be left out at an edge. */
const edgeZoneSpan = 0.7;

/** Maps a processed-image quad to the uploaded image. */
export function toOriginalQuad(page: Page, quad: Quad): Quad {
  return projectQuad(page.toOriginal, quad);
}

/** Whether `p` lies inside the convex quad `q`. */
export function insideQuad(p: Point, q: Quad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    const cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (cross === 0) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}

function corners(width: number, height: number): Quad {
  return [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function quadCentre(q: Quad): Point {
  return { x: (q[0].x + q[1].x + q[2].x + q[3].x) / 4, y: (q[0].y + q[1].y + q[2].y + q[3].y) / 4 };
}

/** Text runs along the image's y axis on most of the detected length. */
function mostlyVertical(lines: readonly DetectedLine[]): boolean {
  let horizontal = 0;
  let vertical = 0;
  for (const { quad } of lines) {
    const along = dist(quad[0], quad[1]);
    const across = dist(quad[0], quad[3]);
    if (along < 2 * across) continue; // short boxes (single letters, digits) say little
    const dx = Math.abs(quad[1].x - quad[0].x);
    const dy = Math.abs(quad[1].y - quad[0].y);
    if (dy > dx) vertical += along;
    else horizontal += along;
  }
  return vertical > horizontal;
}

/** Detected lines as seen in the image turned by `turn`, reordered to read left to right. */
function turnLines(
  lines: readonly DetectedLine[],
  turn: QuarterTurn,
  width: number,
  height: number,
): DetectedLine[] {
  const h = rotation(turn, width, height);
  return lines.map((line) => ({ score: line.score, quad: readingOrder(projectQuad(h, line.quad)) }));
}

/** A rectangle's corners ordered tl, tr, br, bl for horizontal left-to-right reading. */
export function readingOrder(quad: Quad): Quad {
  const [a, b, , d] = quad;
  // Make the first edge the long one (for a near-square box, the one nearer the image's x axis).
  const along = dist(a, b);
  const across = dist(a, d);
  const nearSquare = Math.max(along, across) < 1.3 * Math.min(along, across);
  const firstIsText = nearSquare ? Math.abs(b.x - a.x) >= Math.abs(b.y - a.y) : along >= across;
  let q: Quad = firstIsText ? quad : [quad[3], quad[0], quad[1], quad[2]];
  // Then make it point to +x.
  if (q[1].x < q[0].x) q = [q[2], q[3], q[0], q[1]];
  return q;
}

async function upsideDown(gray: GrayImage, lines: readonly DetectedLine[]): Promise<boolean> {
  const longest = [...lines]
    .filter((l) => dist(l.quad[0], l.quad[1]) > 2.5 * dist(l.quad[0], l.quad[3]))
    .sort((a, b) => dist(b.quad[0], b.quad[1]) - dist(a.quad[0], a.quad[1]))
    .slice(0, 9);
  if (longest.length === 0) return false;
  const crops = longest.map((l) => {
    const length = dist(l.quad[0], l.quad[1]);
    const thickness = Math.max(1, dist(l.quad[0], l.quad[3]));
    const width = Math.max(48, Math.min(480, Math.round((length / thickness) * 48)));
    return warpQuad(gray, l.quad, width, 48);
  });
  const probabilities = await upsideDownProbability(crops);
  const votes = probabilities.filter((p) => p > 0.5).length;
  return votes * 2 > probabilities.length;
}

/** Turns an RGB image clockwise by a quarter-turn multiple. */
export function turnRgb(image: RgbImage, turn: QuarterTurn): RgbImage {
  if (turn === 0) return image;
  const { width, height, data } = image;
  const outWidth = turn === 180 ? width : height;
  const outHeight = turn === 180 ? height : width;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let nx: number;
      let ny: number;
      if (turn === 90) {
        nx = height - 1 - y;
        ny = x;
      } else if (turn === 180) {
        nx = width - 1 - x;
        ny = height - 1 - y;
      } else {
        nx = y;
        ny = width - 1 - x;
      }
      const from = (y * width + x) * 3;
      const to = (ny * outWidth + nx) * 3;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}
