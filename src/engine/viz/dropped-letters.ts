// The recogniser sees a line at ~48 px height, a few CTC frames per character, and between two wide
// slanted letters a thin one can fall between frames: "VIA" comes back "VA". Its ink is still there: the
// letter's blob goes to a neighbour, which then owns two upright bodies apart along the line, something no
// Latin letter or digit has. Only such lines are read again, stretched along the line (more frames per
// letter; measured on the MRZ pieces, 1.45-2x restores dropped characters), and the stretched reading
// replaces the first when it leaves fewer glyphs unexplained.
import { distance, lerp, type Quad } from '../geometry/quad.js';
import { warpQuad } from '../geometry/warp.js';
import type { GrayImage } from '../image/raster.js';
import { type RecognizedLine, recognizeText } from '../ocr/text-recognizer.js';
import { type LineShapes, lineShapes } from './glyphs.js';
import type { PageLine } from './page.js';

/**
 * The stretched reading: the recogniser's own input height; its widest line image (wider ones are squeezed,
 * so a stretch that would end below `least` is not tried).
 */
const stretching = { height: 48, widest: 1600, factor: 1.7, least: 1.25 } as const;

export interface ShapedLine {
  readonly line: PageLine;
  /** The line's glyph shapes, null when it has too little ink to measure. */
  readonly shapes: LineShapes | null;
}

/** Each line with its shapes, read again stretched where a letter's ink has no character of its own. */
export async function withDroppedLettersReread(
  image: GrayImage,
  lines: readonly PageLine[],
): Promise<ShapedLine[]> {
  const out: ShapedLine[] = lines.map((line) => ({ line, shapes: shapedIfLatin(image, line) }));
  const letters = (l: PageLine) => l.text.replace(/\s/g, '').length;
  for (let i = 0; i < out.length; i++) {
    const { line, shapes } = out[i]!;
    if (line.chars.length <= 2 || !shapes || orphans(line, shapes).length === 0) continue;
    // The whole line stretched first; where that still passes over the letter (or is too long to
    // stretch), the words holding the orphaned bodies alone.
    for (const read of [readStretched, wordsReadStretched]) {
      const again = await read(image, line, shapes);
      if (!again) continue;
      const againShapes = lineShapes(image, again);
      if (letters(again) > letters(line) && unexplained(again, againShapes) < unexplained(line, shapes)) {
        out[i] = { line: again, shapes: againShapes };
        break;
      }
    }
  }
  return out;
}

/** Only lines of Latin letters and digits are judged by their blobs (a Han character has several). */
function shapedIfLatin(image: GrayImage, line: PageLine): LineShapes | null {
  if (!/^[\p{Script=Latin}\p{N}\s.,'’/:\-()]*$/u.test(line.text)) return null;
  return lineShapes(image, line);
}

/** Indexes of the letters and digits whose glyph holds the body of another letter. */
function orphans(line: PageLine, shapes: LineShapes): number[] {
  return line.chars.flatMap((c, i) =>
    /[\p{L}\p{N}]/u.test(c.char) && (shapes.glyphs[i]?.parts ?? 0) >= 2 ? [i] : [],
  );
}

/** Glyphs holding another letter's body, and letters or digits without ink of their own. */
function unexplained(line: PageLine, shapes: LineShapes | null): number {
  if (!shapes) return Number.POSITIVE_INFINITY;
  const inkless = line.chars.filter((c, i) => /[\p{L}\p{N}]/u.test(c.char) && !shapes.glyphs[i]).length;
  return orphans(line, shapes).length + inkless;
}

/** The line read from an image of it stretched along its length; its quad and shares stay the line's. */
async function readStretched(image: GrayImage, line: PageLine, _: LineShapes): Promise<PageLine | null> {
  const read = await readSpanStretched(image, line.quad, 0, 1);
  return read ? { ...read, quad: line.quad, detection: line.detection } : null;
}

/**
 * A line too long to stretch whole: the words holding an orphaned body read again stretched, one by one,
 * their characters put in place of the word's first reading. Null when no word reads differently.
 */
async function wordsReadStretched(
  image: GrayImage,
  line: PageLine,
  shapes: LineShapes,
): Promise<PageLine | null> {
  let chars = [...line.chars];
  let changed = false;
  const spans = new Map<number, { a: number; b: number }>();
  for (const k of orphans(line, shapes)) {
    let a = k;
    while (a > 0 && chars[a - 1]!.char !== ' ') a--;
    let b = k + 1;
    while (b < chars.length && chars[b]!.char !== ' ') b++;
    spans.set(a, { a, b });
  }
  // Right to left, so the earlier words' indexes hold while later ones are replaced.
  for (const { a, b } of [...spans.values()].sort((x, y) => y.a - x.a)) {
    const from = a > 0 ? chars[a - 1]!.position : 0;
    const to = b < chars.length ? chars[b]!.position : 1;
    const read = await readSpanStretched(image, line.quad, from, to);
    const word = read?.chars.filter((c) => c.char !== ' ') ?? [];
    if (word.length <= b - a) continue;
    // Alone and stretched, a capital may read as its small letter ("VIa"): a word first read in
    // capitals keeps them.
    const capitals = chars.slice(a, b).every((c) => c.char === c.char.toUpperCase());
    const placed = word.map((c) => ({
      ...c,
      char: capitals ? c.char.toUpperCase() : c.char,
      position: from + c.position * (to - from),
    }));
    chars = [...chars.slice(0, a), ...placed, ...chars.slice(b)];
    changed = true;
  }
  if (!changed) return null;
  return { ...line, chars, text: chars.map((c) => c.char).join('') };
}

/** The part [from, to] of a quad along its length, read from an image of it stretched along the line. */
async function readSpanStretched(
  image: GrayImage,
  quad: Quad,
  from: number,
  to: number,
): Promise<RecognizedLine | null> {
  const [tl, tr, br, bl] = quad;
  const span: Quad = [lerp(tl, tr, from), lerp(tl, tr, to), lerp(bl, br, to), lerp(bl, br, from)];
  const length = ((distance(tl, tr) + distance(bl, br)) / 2) * (to - from);
  const thickness = Math.max(1, (distance(tl, bl) + distance(tr, br)) / 2);
  const natural = (length / thickness) * stretching.height;
  const factor = Math.min(stretching.factor, stretching.widest / natural);
  if (factor < stretching.least) return null;
  const width = Math.round(natural * factor);
  const stretched = warpQuad(image, span, width, stretching.height);
  const whole: Quad = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: stretching.height },
    { x: 0, y: stretching.height },
  ];
  const [read] = await recognizeText(stretched, [whole]);
  return read && read.text.trim() !== '' ? read : null;
}
