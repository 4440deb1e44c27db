// A line of one or two glyphs (a sex letter, a copy letter) gives the recogniser a handful of frames, and
// its reading of a lone glyph changes with the cut: a lone Z read as N in one cut is Z in most others. Such
// lines are read again from a few cuts that take in blank paper around the glyph (never a neighbour's ink),
// and the reading most cuts agree on (among those that are letters or digits) is kept; a tie keeps the
// first reading.
import type { Point, Quad } from '../geometry/quad.js';
import { distance, lerp } from '../geometry/quad.js';
import type { GrayImage } from '../image/raster.js';
import { recognizeText } from '../ocr/text-recognizer.js';
import { inkWithin } from './glyphs.js';
import type { PageLine } from './page.js';
import { fold } from './values.js';

/** The cuts besides the detected one: paper taken in along and across the line, in line heights. */
const cuts: readonly { readonly along: number; readonly across: number }[] = [
  { along: 0.5, across: 0 },
  { along: 1, across: 0 },
  { along: 0.5, across: 0.12 },
  { along: 1, across: 0.12 },
];
/** Ink this close to the glyph (in line heights) ends the paper on that side. */
const clearance = 0.25;

/** The lines, those of one or two glyphs read again from several cuts. */
export async function withLoneGlyphsReread(
  image: GrayImage,
  lines: readonly PageLine[],
): Promise<PageLine[]> {
  const lone = lines
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => isLone(line))
    .map(({ line, i }) => ({ line: onInk(image, line), i }));
  if (lone.length === 0) return [...lines];
  const spans = lone.flatMap(({ line }) => cuts.map((cut) => widened(image, line.quad, cut)));
  const read = await recognizeText(
    image,
    spans.map((s) => s.quad),
  );
  const out = [...lines];
  lone.forEach(({ line, i }, k) => {
    out[i] = line;
    const readings = [line, ...read.slice(k * cuts.length, (k + 1) * cuts.length)];
    const key = (l: { text: string }) => fold(l.text.replace(/\s/g, ''));
    const votes = new Map<string, number>();
    for (const r of readings) {
      const text = key(r);
      if (/^[A-Z0-9]{1,2}$/.test(text)) votes.set(text, (votes.get(text) ?? 0) + 1);
    }
    const own = votes.get(key(line)) ?? 0;
    const [best, count] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (count <= own) return;
    const at = readings.findIndex((r) => key(r) === best);
    const chosen = readings[at]!;
    // The detected line keeps its box; the characters' places are moved from the cut onto it.
    const { from, to } = spans[k * cuts.length + at - 1]!;
    const chars = chosen.chars.map((c) => ({
      ...c,
      position: Math.min(1, Math.max(0, from + c.position * (to - from))),
    }));
    out[i] = { ...line, text: chosen.text, chars };
  });
  return out;
}

/**
 * The line's box moved onto its glyphs' ink: the detector's box of a lone glyph can miss part of it (the
 * foot of an F), and the value's box is cut from this one. Unchanged when the ink is not clearly there.
 */
function onInk(image: GrayImage, line: PageLine): PageLine {
  const xs = line.quad.map((p) => p.x);
  const ys = line.quad.map((p) => p.y);
  const left = Math.min(...xs);
  const right = Math.max(...xs);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  const h = bottom - top;
  const ink = inkWithin(image, {
    left: left - 0.3 * h,
    right: right + 0.3 * h,
    top: top - 0.4 * h,
    bottom: bottom + 0.4 * h,
  });
  if (!ink) return line;
  // The ink must be the line's own: mostly inside the detected box, and about as tall.
  const overlapX = Math.min(ink.right, right) - Math.max(ink.left, left);
  const overlapY = Math.min(ink.bottom, bottom) - Math.max(ink.top, top);
  const inkH = ink.bottom - ink.top;
  if (overlapX < 0.6 * (ink.right - ink.left) || overlapY < 0.6 * inkH || inkH > 1.3 * h) return line;
  const quad: Quad = [
    { x: ink.left, y: ink.top },
    { x: ink.right, y: ink.top },
    { x: ink.right, y: ink.bottom },
    { x: ink.left, y: ink.bottom },
  ];
  return { ...line, quad, ink: { ...line.ink, left: 0, right: 1, top: 0, bottom: 1 } };
}

function isLone(line: PageLine): boolean {
  const [tl, tr, br, bl] = line.quad;
  const length = (distance(tl, tr) + distance(bl, br)) / 2;
  const thickness = (distance(tl, bl) + distance(tr, br)) / 2;
  return line.text.replace(/\s/g, '').length <= 2 && length < 2 * thickness;
}

/**
 * The quad stretched over the blank paper around it, by at most `cut` line heights; `from`/`to` are its
 * ends along the line as shares of the quad's length.
 */
function widened(
  image: GrayImage,
  quad: Quad,
  cut: { along: number; across: number },
): { quad: Quad; from: number; to: number } {
  const [tl, tr, br, bl] = quad;
  const thickness = (distance(tl, bl) + distance(tr, br)) / 2;
  const length = (distance(tl, tr) + distance(bl, br)) / 2;
  if (thickness < 4 || length < 1) return { quad, from: 0, to: 1 };
  const paper = paperLevel(image, quad);
  // Steps of one pixel along the line, outwards, until ink or the margin.
  const reach = (direction: -1 | 1): number => {
    const steps = Math.round(cut.along * thickness);
    const stop = Math.round(clearance * thickness);
    for (let s = 1; s <= steps; s++) {
      const t = direction < 0 ? -s / length : 1 + s / length;
      if (columnHasInk(image, lerp(tl, tr, t), lerp(bl, br, t), paper)) return Math.max(0, s - stop);
    }
    return steps;
  };
  const a = -reach(-1) / length;
  const b = 1 + reach(1) / length;
  const across = cut.across;
  const top = (t: number) => lerp(lerp(tl, tr, t), lerp(bl, br, t), -across);
  const bottom = (t: number) => lerp(lerp(tl, tr, t), lerp(bl, br, t), 1 + across);
  return { quad: [top(a), top(b), bottom(b), bottom(a)], from: a, to: b };
}

/** Midpoint between the darkest and the typical (median) gray inside the quad's box. */
function paperLevel(image: GrayImage, quad: Quad): number {
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  const values: number[] = [];
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y < Math.min(image.height, Math.max(...ys)); y++)
    for (let x = Math.max(0, Math.floor(Math.min(...xs))); x < Math.min(image.width, Math.max(...xs)); x++)
      values.push(image.data[y * image.width + x]!);
  if (values.length === 0) return 128;
  values.sort((a, b) => a - b);
  const dark = values[Math.floor(values.length * 0.02)]!;
  const median = values[Math.floor(values.length / 2)]!;
  return (dark + median) / 2;
}

function columnHasInk(image: GrayImage, top: Point, bottom: Point, level: number): boolean {
  const samples = Math.max(2, Math.round(distance(top, bottom)));
  for (let k = 0; k <= samples; k++) {
    const p = lerp(top, bottom, k / samples);
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return true;
    if (image.data[y * image.width + x]! < level) return true;
  }
  return false;
}
