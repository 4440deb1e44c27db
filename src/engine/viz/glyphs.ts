// The ink of one read line, looked at glyph by glyph: the line is cut out at a fixed height, its ink split
// into connected blobs, and each blob given to the recognised character nearest to it. Word gaps and
// lookalike characters (I/1, O/0) are judged from these shapes, which the recogniser's text alone does not
// carry.
import { distance, type Quad } from '../geometry/quad.js';
import { warpQuad } from '../geometry/warp.js';
import type { GrayImage } from '../image/raster.js';
import { inkPaperLevels } from '../ocr/contrast.js';
import type { RecognizedLine } from '../ocr/text-recognizer.js';

/** Height of the line image the shapes are measured on (cap height ~40 px, strokes ~5 px). */
const lineHeight = 64;
const maxWidth = 2400;
/** A blob this share of the text height tall is a letter's body, not an accent, a dot or a speck. */
const tallShare = 0.6;

export interface Glyph {
  /** Ink box in line-image pixels (right and bottom exclusive). */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** Typical length of a horizontal ink run through the glyph: its vertical stroke width. */
  readonly stroke: number;
  /** The glyph's ink mask, `right - left` columns by `bottom - top` rows. */
  readonly mask: Uint8Array;
  /** Its blobs are its own (none reaches into a neighbour's cell). */
  readonly alone: boolean;
  /**
   * Its blobs standing most of the text height, apart along the line. One for any Latin letter or digit
   * (accents and dots are short); two where the recogniser passed over a letter between two others.
   */
  readonly parts: number;
}

export interface LineShapes {
  readonly width: number;
  readonly height: number;
  /** Height of the band holding the line's ink (accents and specks aside), in pixels. */
  readonly textHeight: number;
  /** One entry per recognised character (null for spaces and characters without ink of their own). */
  readonly glyphs: readonly (Glyph | null)[];
  /** Ink-free columns between characters `i` and `i + 1` (the longest such run), for each `i`. */
  readonly columnGaps: readonly number[];
}

/** Cuts the line out of `image` and measures the ink of each of its recognised characters. */
export function lineShapes(image: GrayImage, line: RecognizedLine): LineShapes | null {
  const [tl, tr, br, bl] = line.quad;
  const length = (distance(tl, tr) + distance(bl, br)) / 2;
  const thickness = (distance(tl, bl) + distance(tr, br)) / 2;
  if (thickness < 4 || length < 4 || line.chars.length === 0) return null;
  const width = Math.max(8, Math.min(maxWidth, Math.round((length / thickness) * lineHeight)));
  const crop = warpQuad(image, line.quad as Quad, width, lineHeight);
  const ink = binarise(crop);
  const textHeight = inkBand(ink, width, lineHeight);
  if (textHeight === 0) return null;
  const { labels, blobs } = connectedBlobs(ink, width, lineHeight);
  const centres = line.chars.map((c) => c.position * width);
  // Each blob belongs to the character whose centre is nearest to the blob's centre.
  const owner = blobs.map((b) => {
    const middle = (b.left + b.right) / 2;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    line.chars.forEach((c, i) => {
      if (c.char === ' ') return;
      const d = Math.abs(centres[i]! - middle);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    return best;
  });
  const glyphs = line.chars.map((c, i): Glyph | null => {
    if (c.char === ' ') return null;
    const own = blobs.map((_, k) => k).filter((k) => owner[k] === i && blobs[k]!.area >= 4);
    if (own.length === 0) return null;
    const left = Math.min(...own.map((k) => blobs[k]!.left));
    const right = Math.max(...own.map((k) => blobs[k]!.right));
    const top = Math.min(...own.map((k) => blobs[k]!.top));
    const bottom = Math.max(...own.map((k) => blobs[k]!.bottom));
    const cellLeft = i > 0 ? (centres[i - 1]! + centres[i]!) / 2 : 0;
    const cellRight = i + 1 < centres.length ? (centres[i]! + centres[i + 1]!) / 2 : width;
    const mask = new Uint8Array((right - left) * (bottom - top));
    const ownSet = new Set(own.map((k) => k + 1));
    for (let y = top; y < bottom; y++)
      for (let x = left; x < right; x++)
        if (ownSet.has(labels[y * width + x]!)) mask[(y - top) * (right - left) + (x - left)] = 1;
    return {
      left,
      right,
      top,
      bottom,
      stroke: strokeWidth(mask, right - left, bottom - top),
      mask,
      parts: uprightParts(
        own.map((k) => blobs[k]!),
        textHeight,
      ),
      alone: left >= cellLeft - 0.25 * textHeight && right <= cellRight + 0.25 * textHeight,
    };
  });
  const columns = new Uint8Array(width);
  for (let y = 0; y < lineHeight; y++) for (let x = 0; x < width; x++) if (ink[y * width + x]) columns[x] = 1;
  const columnGaps = centres.slice(1).map((to, i) => {
    let run = 0;
    let longest = 0;
    for (let x = Math.round(centres[i]!); x < Math.round(to); x++) {
      run = columns[x] ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
    return longest;
  });
  return { width, height: lineHeight, textHeight, glyphs, columnGaps };
}

/**
 * The box of the ink inside an upright box of `image` that no blob crossing the box's border belongs to
 * (those are parts of text beside it, such as a caption above); null when there is none. With `reach`, a
 * blob may cross the border by up to that share of the box's height (a descender below a region's edge)
 * when its centre lies inside the box.
 */
export function inkWithin(
  image: GrayImage,
  box: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number },
  reach = 0,
): { left: number; top: number; right: number; bottom: number } | null {
  const margin = reach * (box.bottom - box.top);
  const left = Math.max(0, Math.floor(box.left - margin));
  const top = Math.max(0, Math.floor(box.top - margin));
  const width = Math.min(image.width, Math.ceil(box.right + margin)) - left;
  const height = Math.min(image.height, Math.ceil(box.bottom + margin)) - top;
  if (width < 4 || height < 4) return null;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data[y * width + x] = image.data[(top + y) * image.width + left + x]!;
  const ink = binarise({ data, width, height });
  const { blobs } = connectedBlobs(ink, width, height);
  const inside = (x: number, y: number) => x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
  const inner = blobs.filter(
    (b) =>
      b.left > 0 &&
      b.top > 0 &&
      b.right < width &&
      b.bottom < height &&
      b.bottom - b.top >= 0.15 * (box.bottom - box.top) &&
      inside(left + (b.left + b.right) / 2, top + (b.top + b.bottom) / 2),
  );
  if (inner.length === 0) return null;
  return {
    left: left + Math.min(...inner.map((b) => b.left)),
    top: top + Math.min(...inner.map((b) => b.top)),
    right: left + Math.max(...inner.map((b) => b.right)),
    bottom: top + Math.max(...inner.map((b) => b.bottom)),
  };
}

/** Ink where darker than the midpoint of ink (2nd percentile) and paper (90th percentile). */
function binarise(image: GrayImage): Uint8Array {
  const { low, span } = inkPaperLevels(image);
  const n = image.data.length;
  const cut = low + span * 0.5;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (image.data[i]! < cut) out[i] = 1;
  return out;
}

/** Rows holding the middle 94% of the ink. */
function inkBand(ink: Uint8Array, width: number, height: number): number {
  const rows = new Uint32Array(height);
  let total = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (ink[y * width + x]) {
        rows[y]!++;
        total++;
      }
  if (total === 0) return 0;
  let seen = 0;
  let top = 0;
  let bottom = height;
  for (let y = 0; y < height; y++) {
    seen += rows[y]!;
    if (seen < total * 0.03) top = y + 1;
    if (seen <= total * 0.97) bottom = y + 1;
  }
  return Math.max(0, bottom - top);
}

interface Blob {
  left: number;
  right: number;
  top: number;
  bottom: number;
  area: number;
}

/** 8-connected ink blobs; `labels` holds blob index + 1 per pixel (0 for paper). */
function connectedBlobs(
  ink: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; blobs: Blob[] } {
  const labels = new Int32Array(width * height);
  const blobs: Blob[] = [];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || labels[start]) continue;
    const label = blobs.length + 1;
    const blob: Blob = { left: width, right: 0, top: height, bottom: 0, area: 0 };
    labels[start] = label;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      blob.area++;
      blob.left = Math.min(blob.left, x);
      blob.right = Math.max(blob.right, x + 1);
      blob.top = Math.min(blob.top, y);
      blob.bottom = Math.max(blob.bottom, y + 1);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (ink[q] && !labels[q]) {
            labels[q] = label;
            stack.push(q);
          }
        }
      }
    }
    blobs.push(blob);
  }
  return { labels, blobs };
}

/** Blobs at least `tallShare` of the text height tall, counted once per stretch of columns they cover. */
function uprightParts(blobs: readonly Blob[], textHeight: number): number {
  const tall = blobs
    .filter((b) => b.bottom - b.top >= tallShare * textHeight)
    .sort((a, b) => a.left - b.left);
  let parts = 0;
  let reach = -1;
  for (const b of tall) {
    if (b.left >= reach) parts++;
    reach = Math.max(reach, b.right);
  }
  return parts;
}

/** Median length of the horizontal ink runs of a mask. */
function strokeWidth(mask: Uint8Array, width: number, height: number): number {
  const runs: number[] = [];
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && mask[y * width + x]) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
  }
  if (runs.length === 0) return 1;
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}
